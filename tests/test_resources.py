"""Shipped resources: every named icon renders, and the sample library is well formed."""

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from PySide6.QtGui import QImage

from curator.qt.icons import ICON_NAMES, app_icon, icon
from curator.resources import RESOURCES_DIR, icon_path, resource_path, sample_library_dir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLE = sample_library_dir()
CACHE = SAMPLE / ".curator" / "images"
RECORDS = sorted(SAMPLE.rglob("*.md"))


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path.name
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, f"{path.name}: no closing fence"
    assert body.startswith("\n"), f"{path.name}: closing fence not followed by an empty line"
    data = yaml.load(head, Loader=yaml.CSafeLoader)
    assert isinstance(data, dict), path.name
    return data


def images_of(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from data.get("images") or []
    for item in data.get("related") or []:
        yield from item.get("images") or []


def visible(image: QImage) -> bool:
    return any(
        image.pixelColor(x, y).alpha() > 0
        for y in range(image.height())
        for x in range(image.width())
    )


def test_paths_point_into_the_repository() -> None:
    assert RESOURCES_DIR.is_dir()
    assert resource_path("icons") == RESOURCES_DIR / "icons"
    assert icon_path("save") == RESOURCES_DIR / "icons" / "save.svg"
    assert SAMPLE == RESOURCES_DIR / "sample"


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_renders(qapp: Any, name: str) -> None:
    assert icon_path(name).is_file()
    result = icon(name)
    assert not result.isNull()
    pixmap = result.pixmap(24, 24)
    assert not pixmap.isNull()
    assert visible(pixmap.toImage())


def test_icons_are_cached_and_names_checked(qapp: Any) -> None:
    assert icon("save") is icon("save")
    with pytest.raises(KeyError):
        icon("no-such-icon")


def test_every_svg_is_named() -> None:
    assert {p.stem for p in (RESOURCES_DIR / "icons").glob("*.svg")} == set(ICON_NAMES)


def test_app_icon_has_png_and_renders_large(qapp: Any) -> None:
    png = QImage(str(resource_path("icons", "app.png")))
    assert (png.width(), png.height()) == (256, 256)
    pixmap = app_icon().pixmap(256, 256)
    assert not pixmap.isNull() and visible(pixmap.toImage())


def test_sample_library_is_big_enough() -> None:
    assert len(RECORDS) >= 25


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.name)
def test_sample_record_parses(path: Path) -> None:
    data = front_matter(path)
    assert isinstance(data["title"], str) and data["title"]
    assert isinstance(data["quality"], int) and 0 <= data["quality"] <= 100
    assert isinstance(data["heat"], int) and 0 <= data["heat"] <= 100
    assert isinstance(data["published"], bool)
    assert set(data["provider"]) == {"name", "domain"}
    assert all(isinstance(v, str) for v in data["provider"].values())


def test_sample_images_are_cached_or_flagged() -> None:
    checked = 0
    for path in RECORDS:
        for image in images_of(front_matter(path)):
            url = image["url"]
            if url.startswith("https://"):
                cached = (CACHE / hashlib.sha256(url.encode("utf-8")).hexdigest()).is_file()
                assert cached == image["isCached"], (path.name, url)
            else:
                assert (path.parent / url).is_file(), (path.name, url)
            checked += 1
    assert checked >= 30


def test_sample_related_items_link_other_records() -> None:
    records = {front_matter(p)["webUrl"]: front_matter(p) for p in RECORDS}
    links = [
        (item, records[item["webUrl"]])
        for data in records.values()
        for item in data.get("related") or []
        if item["webUrl"] in records
    ]
    assert len(links) >= 3
    for item, target in links:
        assert (item["title"], item["excerpt"]) == (target["title"], target["excerpt"])
        assert item["provider"] == target["provider"]
