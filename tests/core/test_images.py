"""Tests for curator.core.images: locating, downloading, caching and decoding images."""

from __future__ import annotations

import hashlib
import io
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from image_server import CountingServer, Route, send
from PIL import Image

from curator.core.images import (
    DecodedImage,
    ImageError,
    ImageSettings,
    cache_dir_for,
    cache_path,
    decode,
    load_image,
    locate,
)

BOMB_REASON = "image too large to decode safely (decompression-bomb guard)"
THUMB = (320, 200)
RED, BLUE = (255, 0, 0), (0, 0, 255)


# --- image factories ------------------------------------------------------------------------


def make_image(size: tuple[int, int], fmt: str, **save: Any) -> bytes:
    """Encode a left-red / right-blue picture, so orientation is checkable."""
    im = Image.new("RGB", size, RED)
    im.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    buf = io.BytesIO()
    im.save(buf, fmt, **save)
    return buf.getvalue()


def make_gif() -> bytes:
    """Encode a two-frame animated GIF: red, then blue."""
    frames = [Image.new("RGB", (30, 20), colour) for colour in (RED, BLUE)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buf.getvalue()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """Frame one PNG chunk with its length and CRC."""
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def bilevel_png(width: int, height: int, *, with_pixels: bool = True) -> bytes:
    """Build an all-black 1-bit PNG by hand: tiny on disk, huge in pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte + packed bits
    data = b"".join(packer.compress(row) for _ in range(height)) if with_pixels else b""
    data += packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def pixel(img: DecodedImage, x: int, y: int) -> tuple[int, ...]:
    """Return the RGBA value at (x, y) of a decoded thumbnail."""
    at = (y * img.thumb_width + x) * 4
    return tuple(img.data[at : at + 4])


def near(actual: tuple[int, ...], expected: tuple[int, ...], tol: int = 40) -> bool:
    """Compare colours loosely (JPEG is lossy)."""
    return all(abs(a - e) <= tol for a, e in zip(actual, expected, strict=False))


@pytest.fixture(scope="session")
def bomb_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid 12000x12000 1-bit PNG: over MAX_IMAGE_PIXELS (the warning case), ~20 KB."""
    assert Image.MAX_IMAGE_PIXELS is not None
    assert Image.MAX_IMAGE_PIXELS < 12000 * 12000 < 2 * Image.MAX_IMAGE_PIXELS
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    path.write_bytes(bilevel_png(12000, 12000))
    return path


JPEG = make_image((1200, 720), "JPEG", quality=85)
WEBP = make_image((300, 200), "WEBP")


# --- local HTTP server ----------------------------------------------------------------------


def redirect(location: str) -> Route:
    return send(b"", "text/plain", status=302, headers={"Location": location})


def trickle_body(h: BaseHTTPRequestHandler) -> None:
    """Route: proper headers, then one byte every 0.1 s until the client hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "image/jpeg")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    trickle(h, b"\xff" * 100)


def trickle_headers(h: BaseHTTPRequestHandler) -> None:
    """Route: a status line, then header bytes dribbled out one by one."""
    trickle(h, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"z" * 100)


def trickle(h: BaseHTTPRequestHandler, data: bytes) -> None:
    """Write ``data`` a byte at a time, 0.1 s apart; ``trickled_out`` says all of it went.

    The flag is set before the handler returns and the connection closes, so a client still
    waiting for the end of the response cannot give up before it is set.
    """
    assert isinstance(h.server, CountingServer)
    try:
        for i in range(len(data)):
            h.wfile.write(data[i : i + 1])
            time.sleep(0.1)
    except OSError:  # client disconnected: stop
        return
    h.server.trickled_out.set()


@pytest.fixture
def server(bomb_png: Path) -> Iterator[CountingServer]:
    routes: dict[str, Route] = {
        "/good.jpg": send(JPEG),
        "/good.webp": send(WEBP, "image/webp"),
        "/page.html": send(b"<html><body>Oops</body></html>", "text/html; charset=utf-8"),
        "/corrupt.jpg": send(b"\xff\xd8\xff\xe0" + b"garbage" * 200),
        "/truncated.jpg": send(JPEG[: len(JPEG) // 2]),
        "/nolength.jpg": send(JPEG, length=None),
        "/huge.jpg": send(JPEG[:1000], length=10**12),
        "/bomb.png": send(bomb_png.read_bytes(), "image/png"),
        "/slow.jpg": trickle_body,
        "/slow-headers.jpg": trickle_headers,
        "/redirect": redirect("/good.jpg"),
        "/redirect-ftp": redirect("ftp://127.0.0.1/good.jpg"),
        "/loop": redirect("/loop"),
    }
    httpd = CountingServer(routes)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, Path]:
    """(record_dir, cache_dir) inside a fresh library."""
    record_dir = tmp_path / "records" / "2022"
    record_dir.mkdir(parents=True)
    return record_dir, cache_dir_for(tmp_path)


def load(
    url: str, library: tuple[Path, Path], settings: ImageSettings | None = None
) -> DecodedImage:
    record_dir, cache_dir = library
    return load_image(
        url,
        record_dir=record_dir,
        cache_dir=cache_dir,
        settings=settings or ImageSettings(),
        max_size=THUMB,
    )


def cache_files(cache_dir: Path) -> list[str]:
    """Every entry in the cache folder, temp files included."""
    return sorted(p.name for p in cache_dir.iterdir()) if cache_dir.exists() else []


# --- cache and download ---------------------------------------------------------------------


def test_cache_layout(tmp_path: Path) -> None:
    url = "https://example.com/a.jpg"
    cache_dir = cache_dir_for(tmp_path)
    assert cache_dir == tmp_path / ".curator" / "images"
    assert cache_path(cache_dir, url) == cache_dir / hashlib.sha256(url.encode()).hexdigest()


def test_cached_image_decodes_without_request(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    url = server.url("/good.jpg")
    target = cache_path(library[1], url)
    target.parent.mkdir(parents=True)
    target.write_bytes(JPEG)
    img = load(url, library)
    assert (img.width, img.height, img.format) == (1200, 720, "JPEG")
    assert server.total() == 0


def test_missing_image_is_downloaded_once_and_cached(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    url = server.url("/good.jpg")
    first = load(url, library)
    assert (first.width, first.height) == (1200, 720)
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    assert cache_files(library[1]) == [digest]  # no temp files left behind
    assert (library[1] / digest).read_bytes() == JPEG
    second = load(url, library)
    assert second == first
    assert server.counts["/good.jpg"] == 1


def test_webp_download(server: CountingServer, library: tuple[Path, Path]) -> None:
    img = load(server.url("/good.webp"), library)
    assert (img.width, img.height, img.format) == (300, 200, "WEBP")
    assert near(pixel(img, 10, 10), (*RED, 255))


def test_offline_makes_no_request(server: CountingServer, library: tuple[Path, Path]) -> None:
    with pytest.raises(ImageError) as info:
        load(server.url("/good.jpg"), library, ImageSettings(offline=True))
    assert info.value.reason == "not in the cache and downloads are off"
    assert server.total() == 0
    assert cache_files(library[1]) == []


BAD_DOWNLOADS = [
    ("/missing.jpg", ImageSettings(), "server answered 404 Not Found"),
    ("/page.html", ImageSettings(), "not an image (text/html)"),
    ("/corrupt.jpg", ImageSettings(), "downloaded file is corrupt or not an image"),
    ("/truncated.jpg", ImageSettings(), "downloaded file is corrupt or not an image"),
    ("/huge.jpg", ImageSettings(), "download larger than 25 MiB"),
    ("/nolength.jpg", ImageSettings(max_bytes=1000), "download larger than 1000 bytes"),
    ("/bomb.png", ImageSettings(), BOMB_REASON),
    ("/redirect-ftp", ImageSettings(), "unsupported URL scheme 'ftp'"),
    ("/loop", ImageSettings(), "too many redirects (more than 5)"),
    ("/slow.jpg", ImageSettings(timeout=0.5), "download timed out after 0.5 s"),
    ("/slow-headers.jpg", ImageSettings(timeout=0.5), "download timed out after 0.5 s"),
]


@pytest.mark.parametrize(
    ("path", "settings", "reason"), BAD_DOWNLOADS, ids=[b[0] for b in BAD_DOWNLOADS]
)
def test_bad_download_raises_and_caches_nothing(
    server: CountingServer,
    library: tuple[Path, Path],
    path: str,
    settings: ImageSettings,
    reason: str,
) -> None:
    start = time.monotonic()
    with pytest.raises(ImageError) as info:
        load(server.url(path), library, settings)
    assert time.monotonic() - start < 30  # a hang guard, not a figure
    assert info.value.reason == reason
    assert cache_files(library[1]) == []
    assert not server.trickled_out.is_set()  # a trickle is cut short, never waited out


def test_slow_server_is_cut_off_at_the_deadline(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    start = time.monotonic()
    with pytest.raises(ImageError, match="timed out"):
        load(server.url("/slow.jpg"), library, ImageSettings(timeout=0.5))
    assert time.monotonic() - start < 30  # a hang guard, not a figure
    # Every byte arrives well within a socket timeout, so only the whole-download deadline
    # can stop it: the client gave up while the 10 s trickle was still going.
    assert server.counts["/slow.jpg"] == 1
    assert not server.trickled_out.is_set()


def test_redirect_is_followed_and_cached_under_original_url(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    url = server.url("/redirect")
    assert load(url, library).format == "JPEG"
    assert cache_files(library[1]) == [cache_path(library[1], url).name]
    assert (server.counts["/redirect"], server.counts["/good.jpg"]) == (1, 1)


def test_unsupported_scheme_refused_without_request(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    url = f"ftp://127.0.0.1:{server.server_address[1]}/good.jpg"
    with pytest.raises(ImageError) as info:
        load(url, library)
    assert info.value.reason == "unsupported URL scheme 'ftp'"
    assert server.total() == 0


def test_connection_refused(library: tuple[Path, Path]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ImageError, match="download failed"):
        load(f"http://127.0.0.1:{port}/x.jpg", library)
    assert cache_files(library[1]) == []


def test_concurrent_loads_share_one_download(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    url = server.url("/good.jpg")
    barrier = threading.Barrier(8)
    results: list[DecodedImage | BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(load(url, library))
        except BaseException as exc:
            results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert all(isinstance(r, DecodedImage) and r.width == 1200 for r in results), results
    assert len(results) == 8
    assert cache_files(library[1]) == [cache_path(library[1], url).name]
    assert cache_path(library[1], url).read_bytes() == JPEG
    assert server.counts["/good.jpg"] == 1


@pytest.mark.parametrize(
    "url",
    ["../../etc/passwd", "http://h/../../../x", "/abs/path", "a/../../b", "..", "\\..\\x", ""],
)
def test_cache_name_is_a_hash_inside_the_cache(tmp_path: Path, url: str) -> None:
    cache_dir = cache_dir_for(tmp_path)
    target = cache_path(cache_dir, url)
    assert target.parent == cache_dir
    assert len(target.name) == 64
    assert set(target.name) <= set("0123456789abcdef")


def test_dotdot_url_download_stays_in_cache(
    server: CountingServer, library: tuple[Path, Path], tmp_path: Path
) -> None:
    before = sorted(tmp_path.rglob("*"))
    url = server.url("/good.jpg?next=../../../../escape.jpg")
    load(url, library)
    created = sorted(set(tmp_path.rglob("*")) - set(before))
    assert created == [library[1].parent, library[1], cache_path(library[1], url)]


def test_precached_corrupt_file_is_reported_and_kept(
    server: CountingServer, library: tuple[Path, Path]
) -> None:
    url = server.url("/good.jpg")
    target = cache_path(library[1], url)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not an image at all")
    with pytest.raises(ImageError) as info:
        load(url, library)
    assert info.value.reason == f"cached file is corrupt: {target.name}"
    assert target.read_bytes() == b"not an image at all"
    assert server.total() == 0


# --- local files ----------------------------------------------------------------------------


def test_blank_url(library: tuple[Path, Path]) -> None:
    with pytest.raises(ImageError) as info:
        load("   ", library)
    assert info.value.reason == "no image URL"


def test_local_paths_resolve_relative_to_record_dir(library: tuple[Path, Path]) -> None:
    record_dir, cache_dir = library
    (record_dir / "images").mkdir()
    picture = record_dir / "images" / "a b.png"
    picture.write_bytes(make_image((40, 20), "PNG"))
    for url in ("images/a b.png", "file:images/a%20b.png", picture.as_uri(), str(picture)):
        found = locate(url, record_dir=record_dir, cache_dir=cache_dir, settings=ImageSettings())
        assert found == picture, url
    assert load("file:images/a%20b.png", library).format == "PNG"
    assert not cache_dir.exists()


def test_missing_local_file(library: tuple[Path, Path]) -> None:
    with pytest.raises(ImageError) as info:
        load("images/x.png", library)
    assert info.value.reason == "file not found: images/x.png"


def test_corrupt_local_file(library: tuple[Path, Path]) -> None:
    (library[0] / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nnope")
    with pytest.raises(ImageError) as info:
        load("bad.png", library)
    assert info.value.reason == "file is corrupt or not an image: bad.png"
    assert (library[0] / "bad.png").exists()


# --- decoding -------------------------------------------------------------------------------


def test_exif_orientation_gives_real_size_and_upright_pixels(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90° clockwise to display
    path = tmp_path / "rotated.jpg"
    path.write_bytes(make_image((60, 40), "JPEG", exif=exif, quality=95))
    img = decode(path, THUMB)
    assert (img.width, img.height) == (40, 60)
    assert (img.thumb_width, img.thumb_height) == (40, 60)
    assert near(pixel(img, 20, 5), (*RED, 255))  # the stored left half is now on top
    assert near(pixel(img, 20, 55), (*BLUE, 255))


@pytest.mark.parametrize(
    ("size", "max_size", "expected"),
    [
        ((1200, 720), (320, 200), (320, 192)),
        ((720, 1200), (320, 200), (120, 200)),
        ((1200, 720), (50, 50), (50, 30)),
        ((60, 40), (320, 200), (60, 40)),  # never upscaled
    ],
)
def test_thumbnail_fits_and_keeps_aspect(
    tmp_path: Path, size: tuple[int, int], max_size: tuple[int, int], expected: tuple[int, int]
) -> None:
    path = tmp_path / "pic.jpg"
    path.write_bytes(make_image(size, "JPEG"))
    img = decode(path, max_size)
    assert (img.width, img.height) == size
    assert (img.thumb_width, img.thumb_height) == expected
    assert len(img.data) == 4 * img.thumb_width * img.thumb_height
    assert abs(img.thumb_width / img.thumb_height - size[0] / size[1]) < 0.05


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (make_image((64, 32), "PNG"), "PNG"),
        (make_image((64, 32), "JPEG"), "JPEG"),
        (make_image((64, 32), "WEBP", lossless=True), "WEBP"),
        (make_gif(), "GIF"),
    ],
)
def test_formats_decode_first_frame_to_rgba(tmp_path: Path, data: bytes, fmt: str) -> None:
    path = tmp_path / "pic"  # no extension, like the cache: the format is sniffed
    path.write_bytes(data)
    img = decode(path, THUMB)
    assert img.format == fmt
    assert near(pixel(img, 2, 2), (*RED, 255))  # for the GIF: frame one, not frame two


def test_transparent_png_keeps_alpha(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    Image.new("RGBA", (10, 10), (0, 255, 0, 0)).save(path)
    assert pixel(decode(path, THUMB), 5, 5)[3] == 0


def test_bomb_over_the_limit_is_refused(bomb_png: Path) -> None:
    with pytest.raises(ImageError) as info:
        decode(bomb_png, THUMB)
    assert info.value.reason == BOMB_REASON


def test_bomb_over_twice_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(bilevel_png(20000, 20000, with_pixels=False))
    with pytest.raises(ImageError) as info:
        decode(path, THUMB)
    assert info.value.reason == BOMB_REASON


def test_decode_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImageError) as info:
        decode(tmp_path / "nope.jpg", THUMB)
    assert info.value.reason == "file not found: nope.jpg"


def test_module_does_not_import_qt() -> None:
    code = "import sys, curator.core.images; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
