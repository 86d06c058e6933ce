"""Large PNGs are shrunk while they are decoded, a band at a time, never held whole."""

from __future__ import annotations

import io
import struct
import threading
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, PngImagePlugin

from curator.core import images as images_module
from curator.core import png_bands
from curator.core.images import DecodedImage, decode
from curator.core.png_bands import reduce_png

RED, BLUE, GREEN = (255, 0, 0), (0, 0, 255), (0, 200, 0)


def noise(size: tuple[int, int], mode: str) -> Image.Image:
    """A picture whose rows differ, so every PNG row filter gets used."""
    im = Image.effect_noise(size, 64).convert("RGB")
    return im.quantize(40) if mode == "P" else im.convert(mode)


def png_bytes(im: Image.Image, **save: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **save)
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA", "P"])
@pytest.mark.parametrize("factor", [2, 5])
def test_banded_pixels_equal_a_whole_decode_reduced(
    monkeypatch: pytest.MonkeyPatch, mode: str, factor: int
) -> None:
    monkeypatch.setattr(png_bands, "BAND_BYTES", 3000)  # many bands, and a short last one
    data = png_bytes(noise((203, 157), mode), optimize=True)
    whole = Image.open(io.BytesIO(data))
    expected = (whole.convert("RGBA") if mode == "P" else whole).reduce(factor)
    buf = io.BytesIO(data)
    banded = reduce_png(Image.open(buf), buf, factor)
    assert banded is not None
    assert (banded.mode, banded.size) == (expected.mode, expected.size)
    assert ImageChops.difference(banded, expected).getbbox() is None


def test_a_transparent_palette_colour_stays_transparent() -> None:
    im = Image.new("P", (40, 40), 1)
    im.putpalette([*RED, *BLUE] + [0, 0, 0] * 254)  # 256 colours: 8-bit palette data
    data = png_bytes(im, transparency=1)
    buf = io.BytesIO(data)
    banded = reduce_png(Image.open(buf), buf, 4)
    assert banded is not None and banded.getpixel((3, 3))[3] == 0
    whole = Image.open(io.BytesIO(data)).convert("RGBA").reduce(4)
    assert ImageChops.difference(banded, whole).getbbox() is None


def with_interlace_flag(data: bytes) -> bytes:
    """The PNG with its IHDR saying Adam7 (Pillow writes no interlaced PNGs)."""
    ihdr = bytearray(data[12:29])  # type + 13 bytes of fields
    ihdr[-1] = 1
    return data[:12] + bytes(ihdr) + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]


def test_interlaced_and_16_bit_pngs_are_left_to_a_whole_decode() -> None:
    for data in (
        with_interlace_flag(png_bytes(noise((64, 64), "RGB"))),
        png_bytes(Image.new("I;16", (64, 64), 300)),
    ):
        buf = io.BytesIO(data)
        opened = Image.open(buf)
        assert opened.size == (64, 64)
        assert reduce_png(opened, buf, 4) is None


def big_png(path: Path, size: tuple[int, int], **save: object) -> Path:
    """Left half red, right half blue, a green band across the top: cheap to write."""
    im = Image.new("RGB", size, RED)
    im.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    im.paste(GREEN, (0, 0, size[0], size[1] // 10))
    im.save(path, "PNG", compress_level=1, **save)
    return path


def pixel(img: DecodedImage, x: int, y: int) -> tuple[int, ...]:
    at = (y * img.thumb_width + x) * 4
    return tuple(img.data[at : at + 4])


def test_a_large_png_is_decoded_at_the_size_shown_without_loading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big_png(tmp_path / "big.png", (3000, 2000))

    def whole_decode(self: Image.Image) -> None:
        raise AssertionError("the whole picture was decoded")

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", whole_decode)
    img = decode(path, (96, 64))
    assert (img.width, img.height) == (3000, 2000)
    assert (img.thumb_width, img.thumb_height) == (96, 64)
    assert pixel(img, 10, 40) == (*RED, 255)
    assert pixel(img, 85, 40) == (*BLUE, 255)
    assert pixel(img, 48, 2)[:3] == GREEN


def test_a_png_stored_sideways_is_banded_and_turned_upright(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = big_png(tmp_path / "turned.png", (1200, 800), exif=exif.tobytes())
    img = decode(path, (60, 90))
    assert (img.width, img.height) == (800, 1200)
    assert (img.thumb_width, img.thumb_height) == (60, 90)
    assert pixel(img, 30, 10)[:3] == RED  # the stored left half is now on top
    assert pixel(img, 30, 80)[:3] == BLUE
    assert pixel(img, 58, 45)[:3] == GREEN  # the stored top band is now on the right


def test_at_most_two_decodes_run_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = big_png(tmp_path / "p.png", (20, 20))
    inside, most = 0, 0
    lock, release = threading.Lock(), threading.Event()
    real_render = images_module._render

    def slow_render(*args: object) -> DecodedImage:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        release.wait(10)
        with lock:
            inside -= 1
        return real_render(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(images_module, "_render", slow_render)
    threads = [threading.Thread(target=decode, args=(path, (8, 8))) for _ in range(5)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while inside < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # room for a third decode to get in, if the bound let it
    assert (inside, most) == (2, 2)
    release.set()
    for thread in threads:
        thread.join(10)
    assert most == 2
