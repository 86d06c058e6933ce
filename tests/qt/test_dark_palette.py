"""With a dark palette, curator's own colours (placeholder, review diff, warnings, errors)
turn dark too instead of staying light cards with dark text on a dark window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from curator.core.edits import SetValue
from curator.core.record import Record, load_record
from curator.qt.binders import Notice
from curator.qt.images import placeholder_image
from curator.qt.query_line import QueryLine
from curator.qt.review import ReviewDialog


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    before = qapp.palette()
    if request.param == "dark":
        qapp.setPalette(_dark())
    yield request.param
    qapp.setPalette(before)


def _dark_enough(colour: QColor, theme: str) -> bool:
    return (colour.lightness() < 100) is (theme == "dark")


def test_the_image_placeholder_follows_the_palette(theme: str) -> None:
    image = placeholder_image("not in the cache", (200, 150))
    assert _dark_enough(image.pixelColor(5, 5), theme)


def test_the_review_diff_follows_the_palette(theme: str, seed_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = load_record(seed_copy)
    assert isinstance(record, Record)
    record.apply(SetValue(("quality",), 7))
    dialog = ReviewDialog([record], None)
    qtbot.addWidget(dialog)
    block = dialog.diff.document().begin()
    while block.isValid() and not block.text().startswith("+quality"):
        block = block.next()
    assert block.isValid()
    backgrounds = [r.format.background().color() for r in block.layout().formats()]
    assert backgrounds and all(_dark_enough(c, theme) for c in backgrounds)


def test_warnings_and_errors_follow_the_palette(theme: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    banner = Notice("banner", "This file is read-only", kind="warning")
    qtbot.addWidget(banner)
    banner.resize(300, 40)
    banner.show()
    qtbot.waitExposed(banner)
    assert _dark_enough(banner.grab().toImage().pixelColor(3, 3), theme)
    line = QueryLine("", ("qEdit", "qError"))
    qtbot.addWidget(line)
    line.edit.setText("quality:>>")
    expected = "#ff8a80" if theme == "dark" else "#c62828"
    assert line.error.styleSheet() == f"color: {expected};"


def test_icons_are_inked_for_the_palette(theme: str) -> None:
    from curator.qt.icons import icon

    image = icon("reload").pixmap(24, 24).toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert inked
    lightest = max(c.lightness() for c in inked)
    assert (lightest > 150) is (theme == "dark")


def test_topic_chips_follow_a_palette_change(theme: str, qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    from curator.qt.tags import TagEdit

    qapp.setPalette(QPalette())  # built light ...
    tags = TagEdit()
    qtbot.addWidget(tags)
    tags.set_tags(["Climate"])
    tags.resize(300, 60)
    tags.show()
    qtbot.waitExposed(tags)
    if theme == "dark":
        qapp.setPalette(_dark())  # ... then the desktop turns dark
    chips = [w for w in tags.findChildren(QWidget) if type(w).__name__ == "_Chip"]
    assert chips
    shot = chips[0].grab().toImage()
    assert _dark_enough(shot.pixelColor(shot.width() // 2, 2), theme)


def test_error_lines_and_banners_follow_a_palette_change(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    before = qapp.palette()
    qapp.setPalette(QPalette())
    try:
        line = QueryLine("", ("qEdit", "qError"))
        banner = Notice("banner", "This file is read-only", kind="warning")
        for widget in (line, banner):
            qtbot.addWidget(widget)
        assert line.error.styleSheet() == "color: #c62828;"
        qapp.setPalette(_dark())
        assert line.error.styleSheet() == "color: #ff8a80;"
        assert "#4a3b10" in banner.styleSheet()
    finally:
        qapp.setPalette(before)
