"""Tests for the image loader and panel: background decoding, caching, placeholders and edits."""

from __future__ import annotations

import io
import os
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from image_server import CountingServer, Route, send
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage, QUndoStack
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot
from qt_helpers import records_of

from curator.core.images import (
    DecodedImage,
    ImageSettings,
    cache_dir_for,
    cache_path,
    load_image,
)
from curator.core.record import Record
from curator.qt import images as qt_images
from curator.qt.commands import RecordEditor
from curator.qt.image_panel import PREVIEW_MAX, ImagePanel
from curator.qt.images import ImageLoader, placeholder_image
from curator.qt.store import RecordStore

MAX_SIZE = (PREVIEW_MAX.width(), PREVIEW_MAX.height())
RED, BLUE = (220, 30, 30), (30, 30, 220)


# --- pictures -------------------------------------------------------------------------------


def encode(size: tuple[int, int], fmt: str, colour: tuple[int, int, int], **save: Any) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, fmt, **save)
    return buf.getvalue()


def rotated_jpeg() -> bytes:
    """A 300x200 JPEG whose EXIF says 'rotate 90° clockwise': upright it is 200x300."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return encode((300, 200), "JPEG", RED, exif=exif.tobytes())


def bomb_png(width: int = 12000, height: int = 12000) -> bytes:
    """A valid all-black 1-bit PNG, ~20 KB on disk, over Pillow's pixel limit."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


JPEG_1200 = encode((1200, 720), "JPEG", BLUE, quality=85)
PNG_A = encode((200, 200), "PNG", RED)
PNG_B = encode((300, 150), "PNG", BLUE)


def to_qimage(decoded: DecodedImage) -> QImage:
    w, h = decoded.thumb_width, decoded.thumb_height
    return QImage(decoded.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def colour_at_centre(image: QImage) -> tuple[int, int, int]:
    colour = QColor(image.pixel(image.width() // 2, image.height() // 2))
    return colour.red(), colour.green(), colour.blue()


# --- a local HTTP server --------------------------------------------------------------------


def gated(body: bytes, content_type: str) -> Route:
    """Answer only once the test sets `server.release`."""

    def route(h: BaseHTTPRequestHandler) -> None:
        assert isinstance(h.server, CountingServer)
        h.server.release.wait(10)
        send(body, content_type)(h)

    return route


def stalled(h: BaseHTTPRequestHandler) -> None:
    """Promise a body, send a few bytes, then say nothing until the test ends."""
    assert isinstance(h.server, CountingServer)
    h.send_response(200)
    h.send_header("Content-Type", "image/jpeg")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"\xff\xd8\xff")
    h.wfile.flush()
    h.server.stalled.set()
    h.server.release.wait(10)


@pytest.fixture
def server() -> Iterator[CountingServer]:
    routes: dict[str, Route] = {
        "/good.jpg": send(JPEG_1200),
        "/cached.jpg": send(JPEG_1200),
        "/a.png": gated(PNG_A, "image/png"),
        "/b.png": send(PNG_B, "image/png"),
        "/corrupt.jpg": send(b"\xff\xd8\xff\xe0" + b"garbage" * 200),
        "/page.html": send(b"<html><body>Oops</body></html>", "text/html; charset=utf-8"),
        "/bomb.png": send(bomb_png(), "image/png"),
        "/slow.jpg": stalled,
    }
    httpd = CountingServer(routes)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


# --- the panel and its collaborators --------------------------------------------------------


@pytest.fixture
def store() -> RecordStore:
    return RecordStore()


@pytest.fixture
def editor(store: RecordStore) -> RecordEditor:
    return RecordEditor(store, QUndoStack())


@pytest.fixture
def loader() -> Iterator[ImageLoader]:
    loader = ImageLoader()
    yield loader
    loader.settings = ImageSettings(offline=True)
    assert loader.wait(10_000)


@pytest.fixture
def panel(
    qtbot: QtBot, editor: RecordEditor, store: RecordStore, loader: ImageLoader
) -> ImagePanel:
    panel = ImagePanel(editor, store, loader)
    qtbot.addWidget(panel)
    panel.resize(520, 640)
    panel.show()
    return panel


def open_library(
    store: RecordStore, library: Path, extra: dict[str, list[str]]
) -> dict[str, Record]:
    """Add records named `extra` (with these image URLs) to `library`, open it, index by stem."""
    for name, urls in extra.items():
        lines = ["---", f'title: "Test record {name}"', "images:"]
        for url in urls:
            lines += [f'  - url: "{url}"', "    width: 10", "    height: 10", "    isCached: false"]
        (library / f"{name}.md").write_text("\n".join([*lines, "---", "Body.", ""]), "utf-8")
    store.open([library], background=False)
    assert not store.problems
    return {
        record.path.stem[:3] if record.path.stem[:3].isdigit() else record.path.stem: record
        for record in records_of(store)
    }


def find(panel: ImagePanel, kind: type, name: str) -> Any:
    widget = panel.findChild(kind, name)
    assert widget is not None, name
    return widget


def status(panel: ImagePanel) -> str:
    return str(find(panel, QLabel, "imageStatusLabel").text())


def preview_shows_something(panel: ImagePanel) -> bool:
    return not find(panel, QLabel, "imagePreview").pixmap().isNull()


def settled(panel: ImagePanel) -> bool:
    return status(panel) != "Loading…"


def decoded(record: Record, store: RecordStore, index: int = 0) -> DecodedImage:
    """Decode a record's image the way the panel asks for it, straight from the core."""
    cache_dir = store.image_cache_dir()
    assert cache_dir is not None
    return load_image(
        record.data["images"][index]["url"],
        record_dir=record.path.parent,
        cache_dir=cache_dir,
        settings=ImageSettings(offline=True),
        max_size=MAX_SIZE,
    )


# --- showing --------------------------------------------------------------------------------


def test_cached_image_shows_without_any_request(
    qtbot: QtBot,
    panel: ImagePanel,
    store: RecordStore,
    server: CountingServer,
    sample_library: Path,
) -> None:
    url = server.url("/cached.jpg")
    target = cache_path(cache_dir_for(sample_library), url)
    target.write_bytes(JPEG_1200)
    records = open_library(store, sample_library, {"cached": [url]})

    panel.set_record(records["cached"])
    qtbot.waitUntil(lambda: panel.real_size() == (1200, 720))
    assert preview_shows_something(panel)
    assert "1200×720" in status(panel)
    assert server.total() == 0
    assert find(panel, QLabel, "sizeMismatchLabel").isVisible()  # the record says 10×10


def test_missing_image_is_downloaded_once_and_cached(
    qtbot: QtBot,
    panel: ImagePanel,
    editor: RecordEditor,
    store: RecordStore,
    server: CountingServer,
    sample_library: Path,
) -> None:
    url = server.url("/good.jpg")
    records = open_library(store, sample_library, {"remote": [url]})
    target = cache_path(cache_dir_for(sample_library), url)
    assert not target.exists()

    panel.set_record(records["remote"])
    qtbot.waitUntil(lambda: panel.real_size() == (1200, 720))
    assert target.read_bytes() == JPEG_1200
    assert server.counts["/good.jpg"] == 1

    panel.set_record(records["001"])
    panel.set_record(records["remote"])
    assert panel.real_size() == (1200, 720)  # from the loader's memory: at once
    fresh = ImagePanel(editor, store, ImageLoader())  # an empty memory cache: the disk one
    qtbot.addWidget(fresh)
    fresh.set_record(records["remote"])
    qtbot.waitUntil(lambda: fresh.real_size() == (1200, 720))
    assert server.counts["/good.jpg"] == 1


def test_offline_makes_no_request_and_says_why(
    qtbot: QtBot,
    panel: ImagePanel,
    loader: ImageLoader,
    store: RecordStore,
    server: CountingServer,
    sample_library: Path,
) -> None:
    loader.settings = ImageSettings(offline=True)
    records = open_library(store, sample_library, {"remote": [server.url("/good.jpg")]})
    for key in ("016", "remote"):  # 016: the sample's uncached URL
        panel.set_record(records[key])
        qtbot.waitUntil(lambda: settled(panel))
        assert "downloads are off" in status(panel)
        assert preview_shows_something(panel)  # the placeholder
        assert panel.current_image() is None
    assert server.total() == 0

    loader.settings = ImageSettings()  # downloads switched back on: failures are not remembered
    panel.set_record(records["remote"])  # showing it again retries what failed
    qtbot.waitUntil(lambda: panel.real_size() == (1200, 720))
    assert server.total() == 1
    panel.reload()  # asks again, answered from memory
    assert panel.real_size() == (1200, 720) and server.total() == 1


@pytest.mark.parametrize(
    ("path", "body", "reason"),
    [
        ("/corrupt.jpg", None, "downloaded file is corrupt or not an image"),
        ("/page.html", None, "not an image (text/html)"),
        ("/bomb.png", None, "decompression-bomb guard"),
        ("/slow.jpg", None, "download timed out after 0.5 s"),
        ("/nowhere.jpg", None, "server answered 404"),
        ("/cached-junk.jpg", b"not a picture at all", "cached file is corrupt"),
    ],
)
def test_bad_images_give_a_placeholder_while_the_window_stays_responsive(
    qtbot: QtBot,
    panel: ImagePanel,
    loader: ImageLoader,
    store: RecordStore,
    server: CountingServer,
    sample_library: Path,
    path: str,
    body: bytes | None,
    reason: str,
) -> None:
    loader.settings = ImageSettings(timeout=0.5)
    url = server.url(path)
    if body is not None:
        cache_path(cache_dir_for(sample_library), url).write_bytes(body)
    records = open_library(store, sample_library, {"bad": [url]})
    # timer ticks that came while the server held the picture back and the panel waited
    ticks_while_stalled: list[bool] = []
    timer = QTimer()
    timer.timeout.connect(
        lambda: ticks_while_stalled.append(server.stalled.is_set() and not settled(panel))
    )
    timer.start(10)

    panel.set_record(records["bad"])
    qtbot.waitUntil(lambda: settled(panel), timeout=30_000)  # a hang guard
    timer.stop()
    assert reason.lower() in status(panel).lower()
    assert preview_shows_something(panel)
    assert panel.current_image() is None and panel.real_size() is None
    if path == "/slow.jpg":  # waiting on the stalled download, the event loop kept running
        assert server.stalled.is_set() and not server.release.is_set()
        assert any(ticks_while_stalled)


def test_webp_and_local_samples_decode(
    qtbot: QtBot, panel: ImagePanel, store: RecordStore, sample_library: Path
) -> None:
    records = open_library(store, sample_library, {})
    for key in ("011", "014"):  # a cached WebP; a path relative to the record
        expected = decoded(records[key], store)
        panel.set_record(records[key])
        qtbot.waitUntil(lambda: settled(panel))
        assert panel.real_size() == (expected.width, expected.height)
        assert panel.current_image() == to_qimage(expected)


def test_exif_rotated_jpeg_is_shown_upright(
    qtbot: QtBot, panel: ImagePanel, store: RecordStore, sample_library: Path
) -> None:
    url = "https://example.org/rotated.jpg"
    cache_path(cache_dir_for(sample_library), url).write_bytes(rotated_jpeg())
    records = open_library(store, sample_library, {"rotated": [url]})
    panel.set_record(records["rotated"])
    qtbot.waitUntil(lambda: settled(panel))
    assert panel.real_size() == (200, 300)
    image = panel.current_image()
    assert image is not None and (image.width(), image.height()) == (200, 300)


def test_no_record_and_no_images(
    qtbot: QtBot, panel: ImagePanel, store: RecordStore, sample_library: Path
) -> None:
    assert status(panel) == "No record selected"
    records = open_library(store, sample_library, {})
    for key in ("010", "024"):  # images: [] and no images key
        panel.set_record(records[key])
        assert status(panel) == "This record has no images"
        assert preview_shows_something(panel)
        assert not find(panel, QSpinBox, "imageWidthSpin").isEnabled()
        assert not find(panel, QPushButton, "useRealSizeButton").isEnabled()
    panel.set_record(records["001"])
    store.open([sample_library], background=False)  # a new library: old records are gone
    assert panel.record() is None and status(panel) == "No record selected"


# --- stale results --------------------------------------------------------------------------


def test_a_record_no_longer_selected_never_shows_its_picture(
    qtbot: QtBot,
    panel: ImagePanel,
    loader: ImageLoader,
    store: RecordStore,
    server: CountingServer,
    sample_library: Path,
) -> None:
    records = open_library(
        store, sample_library, {"rec_a": [server.url("/a.png")], "rec_b": [server.url("/b.png")]}
    )
    panel.set_record(records["rec_a"])  # its server holds the answer back
    panel.set_record(records["rec_b"])
    qtbot.waitUntil(lambda: panel.real_size() == (300, 150))
    expected = to_qimage(decoded(records["rec_b"], store))

    server.release.set()  # now A's picture arrives, late
    qtbot.waitUntil(lambda: loader.pending_count() == 0)
    assert server.counts["/a.png"] == 1
    assert panel.record() is records["rec_b"]
    assert panel.current_image() == expected
    assert colour_at_centre(find(panel, QLabel, "imagePreview").pixmap().toImage()) == BLUE


def test_scrolling_through_the_library_ends_on_the_last_record(
    qtbot: QtBot, panel: ImagePanel, loader: ImageLoader, store: RecordStore, sample_library: Path
) -> None:
    records = open_library(store, sample_library, {})
    for record in records_of(store):
        panel.set_record(record)
    last = records_of(store)[-1]
    qtbot.waitUntil(lambda: settled(panel))
    qtbot.waitUntil(lambda: loader.pending_count() == 0)
    assert panel.record() is last is records["030"]
    assert panel.current_image() == to_qimage(decoded(last, store))


# --- editing --------------------------------------------------------------------------------


def test_use_real_size_writes_both_values_as_one_undo_step(
    qtbot: QtBot, panel: ImagePanel, editor: RecordEditor, store: RecordStore, sample_library: Path
) -> None:
    record = open_library(store, sample_library, {})["007"]
    panel.set_record(record)
    button = find(panel, QPushButton, "useRealSizeButton")
    mismatch = find(panel, QLabel, "sizeMismatchLabel")
    qtbot.waitUntil(button.isEnabled)
    assert mismatch.isVisible() and mismatch.text() == "Stored 800×600, image is 600×400"

    button.click()
    image = record.data["images"][0]
    assert (image["width"], image["height"]) == (600, 400)
    assert editor.stack.count() == 1
    old = record.disk_bytes.decode().splitlines()
    new = record.current_bytes().decode().splitlines()
    assert len(old) == len(new)
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("    width: 800", "    width: 600"),
        ("    height: 600", "    height: 400"),
    ]
    assert not mismatch.isVisible() and not button.isEnabled()
    assert find(panel, QSpinBox, "imageWidthSpin").value() == 600

    editor.stack.undo()
    assert record.current_bytes() == record.disk_bytes
    assert find(panel, QSpinBox, "imageHeightSpin").value() == 600
    assert mismatch.isVisible() and button.isEnabled()


def test_fields_edit_the_selected_image_and_follow_undo(
    qtbot: QtBot, panel: ImagePanel, editor: RecordEditor, store: RecordStore, sample_library: Path
) -> None:
    record = open_library(store, sample_library, {})["003"]  # two images
    panel.set_record(record)
    find(panel, QListWidget, "imageStrip").setCurrentRow(1)
    width = find(panel, QSpinBox, "imageWidthSpin")
    assert width.value() == 640

    width.setValue(700)
    width.setValue(701)  # arrow steps merge into one undo step
    assert record.data["images"][1]["width"] == 701
    assert record.data["images"][0]["width"] == 800
    assert editor.stack.count() == 1
    find(panel, QCheckBox, "imageCachedCheck").setChecked(False)
    assert record.data["images"][1]["isCached"] is False
    assert editor.stack.count() == 2

    editor.stack.undo()
    editor.stack.undo()
    assert width.value() == 640 and find(panel, QCheckBox, "imageCachedCheck").isChecked()
    assert panel.current_index() == 1  # the refresh kept the selected thumbnail
    assert record.current_bytes() == record.disk_bytes

    editor.set_value(record, ("images", 1, "height"), 123)  # an edit from elsewhere
    assert find(panel, QSpinBox, "imageHeightSpin").value() == 123


# --- the loader on its own ------------------------------------------------------------------


def test_loader_decodes_each_picture_once_and_drops_cancelled_results(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, server: CountingServer, tmp_path: Path
) -> None:
    calls: Counter[str] = Counter()
    real_load = qt_images.load_image

    def counting_load(url: str, **kwargs: Any) -> DecodedImage:
        calls[url] += 1
        return real_load(url, **kwargs)

    monkeypatch.setattr(qt_images, "load_image", counting_load)
    loader = ImageLoader()
    got: list[tuple[object, Any]] = []
    loader.ready.connect(lambda token, image, w, h: got.append((token, (w, h))))
    loader.failed.connect(lambda token, reason: got.append((token, reason)))
    where: dict[str, Any] = {"record_dir": tmp_path, "cache_dir": None, "max_size": (64, 64)}

    good, gate = server.url("/good.jpg"), server.url("/a.png")
    loader.request("one", good, **where)
    loader.request("two", good, **where)  # in flight already: no second decode
    loader.request("late", gate, **where)
    loader.cancel("late")
    loader.request("newer", gate, **where)
    loader.request("newer", server.url("/b.png"), **where)  # replaces its gated request
    qtbot.waitUntil(lambda: len(got) == 3, timeout=30_000)  # a hang guard, not a figure
    assert sorted(got, key=str) == [
        ("newer", (300, 150)),
        ("one", (1200, 720)),
        ("two", (1200, 720)),
    ]
    assert calls[good] == 1

    loader.request("three", good, **where)  # from memory, before request returns
    assert got[-1] == ("three", (1200, 720)) and calls[good] == 1
    server.release.set()
    qtbot.waitUntil(lambda: loader.pending_count() == 0, timeout=30_000)
    assert len(got) == 4  # the gated picture came, but nobody wanted it any more
    assert loader.wait(5000)


def test_placeholder_is_grey_with_the_reason(qapp: Any) -> None:
    image = placeholder_image("not in the cache and downloads are off", (480, 320))
    assert (image.width(), image.height()) == (480, 320)
    corner = QColor(image.pixel(5, 5))
    assert min(corner.red(), corner.green(), corner.blue()) > 200  # light grey
    assert max(corner.red(), corner.green(), corner.blue()) - corner.red() < 10
    assert len({image.pixel(x, 215) for x in range(0, 480, 2)}) > 2  # text was drawn
    assert not placeholder_image("", (1, 1)).isNull()


def test_screenshots(
    qtbot: QtBot,
    panel: ImagePanel,
    loader: ImageLoader,
    store: RecordStore,
    sample_library: Path,
    tmp_path: Path,
) -> None:
    """Render the panel as a person sees it (CURATOR_SCREENSHOT_DIR keeps the pictures)."""
    folder = Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or tmp_path)
    records = open_library(store, sample_library, {})
    panel.set_record(records["007"])
    qtbot.waitUntil(lambda: panel.real_size() is not None)
    shot = panel.grab()
    assert shot.save(str(folder / "image_panel.png"))
    loader.settings = ImageSettings(offline=True)
    panel.set_record(records["016"])
    qtbot.waitUntil(lambda: settled(panel))
    assert panel.grab().save(str(folder / "image_panel_placeholder.png"))
    assert shot.width() >= 400 and shot.height() >= 400


def test_read_only_record_shows_its_image_but_cannot_be_edited(
    qtbot: QtBot, panel: ImagePanel, store: RecordStore, sample_library: Path
) -> None:
    url = "https://example.org/toml.jpg"
    cache_path(cache_dir_for(sample_library), url).write_bytes(JPEG_1200)
    toml = f'+++\ntitle = "TOML"\n[[images]]\nurl = "{url}"\nwidth = 1\nheight = 1\n+++\nBody.\n'
    (sample_library / "toml.md").write_text(toml, "utf-8")
    record = open_library(store, sample_library, {})["toml"]
    assert record.readonly
    panel.set_record(record)
    qtbot.waitUntil(lambda: panel.real_size() == (1200, 720))
    assert find(panel, QLabel, "sizeMismatchLabel").isVisible()
    for kind, name in (
        (QSpinBox, "imageWidthSpin"),
        (QSpinBox, "imageHeightSpin"),
        (QCheckBox, "imageCachedCheck"),
        (QPushButton, "useRealSizeButton"),
    ):
        assert not find(panel, kind, name).isEnabled(), name


def test_cached_box_shows_the_field_and_a_label_shows_where_the_image_really_is(
    qtbot: QtBot,
    panel: ImagePanel,
    loader: ImageLoader,
    store: RecordStore,
    server: CountingServer,
    sample_library: Path,
) -> None:
    loader.settings = ImageSettings(offline=True)
    url = server.url("/later.jpg")
    records = open_library(store, sample_library, {"remote": [url]})  # isCached: false
    box = find(panel, QCheckBox, "imageCachedCheck")
    where = find(panel, QLabel, "imageStoredLabel")
    panel.set_record(records["remote"])
    qtbot.waitUntil(lambda: settled(panel))
    assert not box.isChecked() and where.text() == "Not in this library's image cache"
    cache_path(cache_dir_for(sample_library), url).write_bytes(JPEG_1200)  # fetched elsewhere
    panel.reload()
    qtbot.waitUntil(lambda: panel.real_size() == (1200, 720))
    assert where.text() == "In this library's image cache"
    assert not box.isChecked()  # the record still says isCached: false: shown as it is
    panel.set_record(records["014"])  # a picture beside the record, isCached: true
    qtbot.waitUntil(lambda: settled(panel))
    assert box.isChecked() and where.text() == "A file on this computer"
    assert server.total() == 0
