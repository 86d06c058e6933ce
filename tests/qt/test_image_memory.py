"""Image memory: pictures are decoded at the size shown and the cache is bounded by bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from curator.core.images import ImageSettings
from curator.qt.images import ImageLoader


def write_png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> str:
    Image.new("RGB", size, colour).save(path, compress_level=1)
    return path.name


def ask(qtbot: QtBot, loader: ImageLoader, name: str, folder: Path, size: tuple[int, int]) -> Any:
    """Request ``name`` and wait for the answer: (QImage, real width, real height) or a reason."""
    got: list[Any] = []
    loader.ready.connect(lambda token, image, w, h: got.append((QImage(image), w, h)))
    loader.failed.connect(lambda token, reason: got.append(reason))
    loader.request(name, name, record_dir=folder, cache_dir=None, max_size=size)
    qtbot.waitUntil(lambda: bool(got), timeout=30_000)  # a hang guard, not a figure
    loader.ready.disconnect()
    loader.failed.disconnect()
    return got[0]


def test_a_large_png_arrives_at_the_size_asked_for(qtbot: QtBot, tmp_path: Path) -> None:
    loader = ImageLoader(ImageSettings(offline=True))
    name = write_png(tmp_path / "big.png", (6000, 4000), (10, 120, 200))
    image, width, height = ask(qtbot, loader, name, tmp_path, (480, 320))
    assert (width, height) == (6000, 4000)  # the real size, for "use real size"
    assert (image.width(), image.height()) == (480, 320)
    assert image.pixelColor(240, 160).getRgb()[:3] == (10, 120, 200)
    assert loader.cached_bytes() == 480 * 320 * 4
    assert loader.wait(10_000)


def test_the_memory_cache_drops_the_oldest_pictures_past_its_byte_cap(
    qtbot: QtBot, tmp_path: Path
) -> None:
    picture = 100 * 100 * 4
    loader = ImageLoader(ImageSettings(offline=True), max_cache_bytes=2 * picture + 10)
    names = [write_png(tmp_path / f"{n}.png", (300, 300), (n * 40, 0, 0)) for n in range(4)]
    for name in names:
        ask(qtbot, loader, name, tmp_path, (100, 100))
    assert (loader.cached_count(), loader.cached_bytes()) == (2, 2 * picture)
    answered: list[object] = []
    loader.ready.connect(lambda token, *_: answered.append(token))
    where: dict[str, Any] = {"record_dir": tmp_path, "cache_dir": None, "max_size": (100, 100)}
    loader.request("last", names[-1], **where)  # still cached: answered before request returns
    loader.request("first", names[0], **where)  # dropped: decoded again
    assert answered == ["last"] and loader.pending_count() == 1
    qtbot.waitUntil(lambda: answered == ["last", "first"], timeout=30_000)
    assert loader.cached_count() == 2 and loader.cached_bytes() <= 2 * picture + 10
    assert loader.wait(10_000)
