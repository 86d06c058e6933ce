"""Help menu (Filter Language, About, a place for Keyboard Shortcuts) and File → Open Recent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMenu, QTextBrowser

from curator.qt.app import Curator
from curator.qt.settings import Settings


def _menu(curator: Curator, title: str) -> QMenu:
    for action in curator.window.menuBar().actions():
        if action.text().replace("&", "") == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(title)


def _texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_help_menu_opens_the_filter_language_and_about(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    help_menu = _menu(curator, "Help")
    assert _texts(help_menu) == ["Filter Language", "Keyboard Shortcuts", "About curator"]
    filter_help = next(a for a in help_menu.actions() if "Filter" in a.text())
    filter_help.trigger()
    window = curator.window.findChild(QDialog, "filterHelp")
    assert window is not None and window.isVisible() and not window.isModal()
    text = window.findChild(QTextBrowser, "filterHelpText")
    assert text is not None
    plain = text.toPlainText()
    assert "quality:>=30" in plain and "published:true or published:false" in plain
    filter_help.trigger()  # again: the same window, not a second one
    assert len(curator.window.findChildren(QDialog, "filterHelp")) == 1
    curator.window.acts.about.trigger()
    about = curator.window.findChild(QDialog, "aboutCurator")
    assert about is not None and about.isVisible()
    about_text = about.findChild(QTextBrowser, "aboutCuratorText")
    assert about_text is not None and "curator 0.1.0" in about_text.toPlainText()


def test_open_recent_lists_libraries_newest_first_and_greys_missing_ones(
    curator: Curator, tmp_path: Path, sample_library: Path, settings: Settings, qtbot
) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other"
    shutil.copytree(sample_library, other)
    gone = tmp_path / "gone"
    gone.mkdir()
    for path in (gone, other):
        with qtbot.waitSignal(curator.window.table_model.order_applied, timeout=10_000):
            curator.window.open_library([path], ask=False, background=False)
    shutil.rmtree(gone)
    assert settings.recent_libraries() == [other, gone, sample_library]
    menu = curator.window.recent_menu
    menu.rebuild()
    entries = [a for a in menu.actions() if a.data()]
    assert [a.data() for a in entries] == [str(other), str(gone), str(sample_library)]
    assert [a.isEnabled() for a in entries] == [True, False, True]
    assert entries[1].text().endswith("(missing)")
    with qtbot.waitSignal(curator.window.table_model.order_applied, timeout=10_000):
        entries[2].trigger()
    assert curator.store.library.roots == [sample_library]
    assert settings.recent_libraries()[0] == sample_library
    menu.rebuild()
    next(a for a in menu.actions() if a.text() == "Remove &Missing").trigger()
    assert settings.recent_libraries() == [sample_library, other]


def test_recent_libraries_keep_at_most_ten(settings: Settings, tmp_path: Path) -> None:
    for number in range(12):
        settings.remember_library(tmp_path / f"lib{number}")
    settings.remember_library(tmp_path / "lib5")
    recent = [p.name for p in settings.recent_libraries()]
    assert recent == [
        "lib5",
        "lib11",
        "lib10",
        "lib9",
        "lib8",
        "lib7",
        "lib6",
        "lib4",
        "lib3",
        "lib2",
    ]


# The completer's popup asks the platform to raise it and grab the keyboard, which the
# offscreen platform cannot do (it says so); under Xvfb it can.
POPUP_ON_OFFSCREEN = pytest.mark.qt_log_ignore(
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
)


@POPUP_ON_OFFSCREEN
def test_the_topic_input_completes_topics_the_library_already_uses(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    from curator.qt.library_model import Column

    window = curator.window
    model = window.table_model
    row = next(
        r
        for r in range(model.rowCount())
        if "Semiconductors" not in (model.record_at(r).data.get("topics") or [])  # type: ignore[union-attr]
    )
    window.table.setCurrentIndex(model.index(row, Column.TITLE))
    record = window.current_record()
    assert record is not None
    before = list(record.data.get("topics") or [])
    assert "Semiconductors" in curator.store.topic_names()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    line = window.findChild(QLineEdit, "tagInput")
    assert line is not None
    line.setFocus()
    qtbot.keyClicks(line, "semi")
    popup = line.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Semiconductors"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert record.data["topics"] == [*before, "Semiconductors"]
    qtbot.waitUntil(lambda: line.text() == "")


@POPUP_ON_OFFSCREEN
def test_a_click_on_a_completion_adds_the_topic(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    window = curator.window
    record = window.current_record()
    assert record is not None
    before = list(record.data.get("topics") or [])
    name = next(n for n in curator.store.topic_names() if n not in before)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    line = window.findChild(QLineEdit, "tagInput")
    assert line is not None
    line.setFocus()
    qtbot.keyClicks(line, name[:3].lower())
    popup = line.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    row = next(
        r for r in range(popup.model().rowCount()) if popup.model().index(r, 0).data() == name
    )
    point = popup.visualRect(popup.model().index(row, 0)).center()
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert record.data["topics"] == [*before, name]
    qtbot.waitUntil(lambda: line.text() == "")


def test_the_window_fits_a_1366_by_768_screen(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QCheckBox, QPushButton, QScrollArea

    window = curator.window
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 60  # room for a title bar, a panel
    window.resize(1366, 768 - 60)
    qtbot.waitUntil(lambda: window.height() == 768 - 60)
    side = window.findChild(QScrollArea, "sideScroll")
    assert side is not None
    assert side.viewport().width() >= side.widget().minimumSizeHint().width()  # nothing cut
    for kind, name in ((QCheckBox, "bothWaysCheck"), (QPushButton, "useRealSizeButton")):
        widget = window.findChild(kind, name)
        assert widget is not None, name
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        assert right <= window.width(), name
