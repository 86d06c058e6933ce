"""Triage at the keyboard: one-key scoring of selected rows, bulk edits in the form,
saving when leaving a record, the unsaved count, and the shortcuts window."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QLineEdit,
    QSpinBox,
    QToolButton,
)

from curator.core.edits import MoveItem
from curator.qt import triage
from curator.qt.app import Curator
from curator.qt.binders import Notice
from curator.qt.library_model import Column
from curator.qt.review import ReviewDialog
from curator.qt.settings import Settings
from curator.qt.shortcuts import ShortcutsDialog
from curator.qt.tags import TagEdit

# The sample library sorted by date, newest first (the default order): view row -> file.
ROW_FILES = {
    0: "029_684b127fe5c5e2b2.md",
    1: "017_fa2eed3c3896af65.md",
    2: "024_92bb20ff2b25c066.md",
    4: "005_723456cd622fde8e.md",
    7: "015_7a22750a7bae75aa.md",
    9: "022_7c02976017d77003.md",
}


def _snapshot(library: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(library.glob("*.md"))}


def _changes(before: bytes, after: bytes) -> list[str]:
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    return [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]


def _row_point(curator: Curator, row: int) -> QPoint:
    table = curator.window.table
    return table.visualRect(curator.window.table_model.index(row, Column.TITLE)).center()


def _click(curator: Curator, row: int, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    viewport = curator.window.table.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, mods, _row_point(curator, row))


def _select(curator: Curator, qtbot, first: int, last: int, *more: int) -> None:  # type: ignore[no-untyped-def]
    """Click ``first``, shift-click ``last``, ctrl-click each of ``more`` (real mouse events)."""
    _click(curator, first)
    _click(curator, last, Qt.KeyboardModifier.ShiftModifier)
    for row in more:
        _click(curator, row, Qt.KeyboardModifier.ControlModifier)
    count = (last - first + 1) + len(more)
    qtbot.waitUntil(lambda: len(curator.window.form.selection()) == count, timeout=5000)


def _record(curator: Curator, row: int):  # type: ignore[no-untyped-def]
    record = curator.window.table_model.record_at(row)
    assert record is not None and record.path.name == ROW_FILES[row]
    return record


def test_three_rows_scored_and_published_then_saved_then_undone_in_one_step(
    curator: Curator, qtbot, sample_library: Path
) -> None:  # type: ignore[no-untyped-def]
    window, table = curator.window, curator.window.table
    before = _snapshot(sample_library)
    _select(curator, qtbot, 1, 2, 7)
    QTest.keyClick(table, Qt.Key.Key_7)
    QTest.keyClick(table, Qt.Key.Key_Space)
    assert "3 unsaved" in window.status_counts.text()
    window.acts.save_all.trigger()
    after = _snapshot(sample_library)
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == sorted([ROW_FILES[1], ROW_FILES[2], ROW_FILES[7]])
    assert _changes(before[ROW_FILES[1]], after[ROW_FILES[1]]) == [
        "- quality: 69\n",
        "+ quality: 70\n",
        "- published: false\n",
        "+ published: true\n",
    ]
    assert _changes(before[ROW_FILES[2]], after[ROW_FILES[2]]) == [
        "- quality: 52\n",
        "+ quality: 70\n",
        "- published: false\n",
        "+ published: true\n",
    ]
    assert _changes(before[ROW_FILES[7]], after[ROW_FILES[7]]) == [
        "- quality: 77\n",
        "+ quality: 70\n",
        "- published: false\n",
        "+ published: true\n",
    ]
    assert "0 unsaved" in window.status_counts.text()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [_record(curator, r).data["published"] for r in (1, 2, 7)] == [False, False, False]
    assert [_record(curator, r).data["quality"] for r in (1, 2, 7)] == [70, 70, 70]
    QTest.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [_record(curator, r).data["quality"] for r in (1, 2, 7)] == [69, 52, 77]
    assert "3 unsaved" in window.status_counts.text()
    window.acts.save_all.trigger()
    assert _snapshot(sample_library) == before


def test_one_key_press_is_one_undo_step_over_the_selection(
    curator: Curator, qtbot, sample_library: Path
) -> None:  # type: ignore[no-untyped-def]
    window, table = curator.window, curator.window.table
    before = _snapshot(sample_library)
    _select(curator, qtbot, 1, 2, 7)
    QTest.keyClick(table, Qt.Key.Key_7)
    assert [_record(curator, r).data["quality"] for r in (1, 2, 7)] == [70, 70, 70]
    assert curator.stack.count() == 1
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keySequence(window, QKeySequence.StandardKey.Undo)
    assert [_record(curator, r).data["quality"] for r in (1, 2, 7)] == [69, 52, 77]
    assert "0 unsaved" in window.status_counts.text()
    window.acts.save_all.trigger()
    assert _snapshot(sample_library) == before


@pytest.mark.parametrize(
    ("key", "mods", "field", "values"),
    [
        (Qt.Key.Key_0, Qt.KeyboardModifier.NoModifier, "quality", [100, 100]),
        (Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier, "heat", [30, 30]),
        (Qt.Key.Key_NumberSign, Qt.KeyboardModifier.ShiftModifier, "heat", [30, 30]),  # US: #
        (Qt.Key.Key_Ampersand, Qt.KeyboardModifier.ShiftModifier, "heat", [70, 70]),  # US: &
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier, "quality", [74, 57]),
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.NoModifier, "quality", [74, 57]),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier, "quality", [64, 47]),
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier, "heat", [80, 10]),
        (Qt.Key.Key_Underscore, Qt.KeyboardModifier.ShiftModifier, "heat", [70, 0]),
    ],
)
def test_scoring_keys_set_and_nudge_the_selected_rows(
    curator: Curator, qtbot, key, mods, field, values
) -> None:  # type: ignore[no-untyped-def]
    _select(curator, qtbot, 1, 2)  # 017: quality 69 heat 75; 024: quality 52 heat 5
    QTest.keyClick(curator.window.table, key, mods)
    assert [_record(curator, r).data[field] for r in (1, 2)] == values
    other = "heat" if field == "quality" else "quality"
    assert [_record(curator, r).data[other] for r in (1, 2)] == (
        [75, 5] if other == "heat" else [69, 52]
    )


def test_nudges_stop_at_0_and_100(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    _click(curator, 4)  # 005: quality 88, heat 100
    table = curator.window.table
    for _ in range(4):
        QTest.keyClick(table, Qt.Key.Key_Plus)
    QTest.keyClick(table, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    record = _record(curator, 4)
    assert (record.data["quality"], record.data["heat"]) == (100, 100)
    _click(curator, 2)  # 024: heat 5
    QTest.keyClick(table, Qt.Key.Key_Underscore, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(table, Qt.Key.Key_Underscore, Qt.KeyboardModifier.ShiftModifier)
    assert _record(curator, 2).data["heat"] == 0


def test_digits_never_open_a_cell_editor(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, table = curator.window, curator.window.table
    table.setCurrentIndex(window.table_model.index(1, Column.QUALITY))
    for key in (Qt.Key.Key_4, Qt.Key.Key_2):
        QTest.keyClick(table, key, Qt.KeyboardModifier.NoModifier, 25)
    assert table.state() != table.State.EditingState
    assert _record(curator, 1).data["quality"] == 20  # the last key wins: 2 -> 20


def test_advance_after_scoring_moves_on_and_is_remembered(
    curator: Curator, qtbot, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    window, table = curator.window, curator.window.table
    assert not window.acts.advance.isChecked()  # off by default
    window.acts.advance.trigger()
    assert settings.advance_after_scoring is True
    _click(curator, 1)
    QTest.keyClick(table, Qt.Key.Key_5)
    assert table.currentIndex().row() == 2
    QTest.keyClick(table, Qt.Key.Key_Space)
    assert table.currentIndex().row() == 3
    assert _record(curator, 1).data["quality"] == 50
    assert _record(curator, 2).data["published"] is True
    window.acts.advance.trigger()
    QTest.keyClick(table, Qt.Key.Key_9)
    assert table.currentIndex().row() == 3


def test_ctrl_p_toggles_every_selected_row(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    _select(curator, qtbot, 1, 2, 4)  # two unpublished, one published: publish all
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [_record(curator, r).data["published"] for r in (1, 2, 4)] == [True, True, True]
    QTest.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [_record(curator, r).data["published"] for r in (1, 2, 4)] == [False, False, False]


def test_form_shows_mixed_values_of_the_selection(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    _select(curator, qtbot, 1, 2, 4)
    quality = window.findChild(QSpinBox, "qualitySpin")
    published = window.findChild(QCheckBox, "publishedCheck")
    category = window.findChild(QComboBox, "categoryEdit")
    topics = window.findChild(TagEdit, "topicsEdit")
    assert quality and published and category and topics
    assert quality.text() == "mixed (3 values)"
    assert published.checkState() == Qt.CheckState.PartiallyChecked
    assert [_record(curator, r).data["category"] for r in (1, 2, 4)] == ["news", "tech", "news"]
    assert category.currentText() == ""
    assert category.lineEdit().placeholderText() == "mixed (2 values)"
    banner = window.form.findChild(Notice, "readonlyBanner")
    assert banner is not None and banner.label.text().startswith("3 records selected")
    assert topics.tags() == [
        "Climate (2 of 3)",
        "Transport (1 of 3)",
        "Supply Chains (1 of 3)",
        "Energy (1 of 3)",
        "AI (1 of 3)",
        "Computer Vision (1 of 3)",
        "Health (1 of 3)",
    ]
    assert not window.findChild(QSpinBox, "qualitySpin").isReadOnly()
    title = window.findChild(QLineEdit, "titleEdit")
    assert title is not None and title.isReadOnly()


def test_a_form_edit_applies_to_every_selected_record(
    curator: Curator, qtbot, sample_library: Path
) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    before = _snapshot(sample_library)
    _select(curator, qtbot, 1, 2, 4)
    quality = window.findChild(QSpinBox, "qualitySpin")
    published = window.findChild(QCheckBox, "publishedCheck")
    assert quality and published
    quality.setFocus()
    quality.selectAll()
    QTest.keyClicks(quality, "42")
    QTest.keyClick(quality, Qt.Key.Key_Tab)
    assert [_record(curator, r).data["quality"] for r in (1, 2, 4)] == [42, 42, 42]
    assert curator.stack.count() == 1  # typing "4" then "2" merged into one step
    QTest.mouseClick(published, Qt.MouseButton.LeftButton, pos=QPoint(8, published.height() // 2))
    assert [_record(curator, r).data["published"] for r in (1, 2, 4)] == [True, True, True]
    qtbot.waitUntil(lambda: published.checkState() == Qt.CheckState.Checked)
    window.acts.save_all.trigger()
    after = _snapshot(sample_library)
    assert sorted(n for n in before if before[n] != after[n]) == sorted(
        ROW_FILES[r] for r in (1, 2, 4)
    )
    assert _changes(before[ROW_FILES[4]], after[ROW_FILES[4]]) == [
        "- quality: 88\n",
        "+ quality: 42\n",
    ]


def test_a_topic_added_and_removed_on_the_selection(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    _select(curator, qtbot, 1, 2)
    topics = window.findChild(TagEdit, "topicsEdit")
    assert topics is not None
    old = [list(_record(curator, r).data["topics"]) for r in (1, 2)]
    QTest.keyClicks(topics.line_edit, "Triage")
    QTest.keyClick(topics.line_edit, Qt.Key.Key_Return)
    assert [_record(curator, r).data["topics"] for r in (1, 2)] == [[*t, "Triage"] for t in old]
    qtbot.waitUntil(lambda: "Triage" in topics.tags())
    assert topics.tags()[0] == "Climate (1 of 2)"  # 017 has it, 024 does not
    chip = next(c for c in topics.findChildren(QFrame, "tagChip") if c.text == "Climate (1 of 2)")
    QTest.mouseClick(chip.findChild(QToolButton, "tagRemove"), Qt.MouseButton.LeftButton)
    assert [_record(curator, r).data["topics"] for r in (1, 2)] == [
        ["Transport", "Supply Chains", "Energy", "Triage"],
        ["AI", "Computer Vision", "Triage"],
    ]
    assert curator.stack.count() == 2


def test_a_read_only_record_in_the_selection_is_told_and_the_others_change(
    curator: Curator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    locked = _record(curator, 2)
    locked.readonly = "a test made it read-only"
    _select(curator, qtbot, 1, 2, 7)
    QTest.keyClick(window.table, Qt.Key.Key_3)
    assert [_record(curator, r).data["quality"] for r in (1, 2, 7)] == [30, 52, 30]
    message = window.statusBar().currentMessage()
    assert message.startswith("1 of 3 not changed: 024_92bb20ff2b25c066.md is read-only")
    assert message.endswith("; 2 changed")
    locked.readonly = None


def test_save_when_leaving_a_record(curator: Curator, qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    window, table = curator.window, curator.window.table
    assert not window.acts.save_on_leave.isChecked()  # off by default
    _click(curator, 1)
    QTest.keyClick(table, Qt.Key.Key_8)
    assert "1 unsaved" in window.status_counts.text()
    window.acts.save_on_leave.trigger()
    assert settings.save_on_leave is True
    before = _record(curator, 1).path.read_bytes()
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert "0 unsaved" in window.status_counts.text()
    assert _changes(before, _record(curator, 1).path.read_bytes()) == [
        "- quality: 69\n",
        "+ quality: 80\n",
    ]


def test_save_when_leaving_keeps_edits_it_cannot_write(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, table = curator.window, curator.window.table
    window.acts.save_on_leave.trigger()
    _click(curator, 1)
    QTest.keyClick(table, Qt.Key.Key_8)
    record = _record(curator, 1)
    record.path.write_bytes(record.path.read_bytes().replace(b"heat: 75", b"heat: 76"))
    window.sync_with_disk = lambda records=None: None  # type: ignore[method-assign]
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert record.modified and record.data["quality"] == 80
    assert window.statusBar().currentMessage().startswith(f"Not saved: {record.path.name}")
    assert "your edits are kept" in window.statusBar().currentMessage()
    assert "1 unsaved" in window.status_counts.text()


def test_shortcuts_window_lists_actions_and_table_keys(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ShortcutsDialog(curator.window.acts, curator.window)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert (
        "Window",
        "Ctrl+P",
        "Toggle Published — Flip the published flag of the selected records",
    ) in rows
    assert ("Window", "Ctrl+Shift+S", "Save All — Save every modified record") in rows
    assert ("Library table", "1 … 9", "Set quality to 10 … 90 (selected rows)") in rows
    assert ("Library table", "Shift+1 … Shift+9", "Set heat to 10 … 90 (selected rows)") in rows
    assert ("Library table", "Space", "Toggle published (selected rows)") in rows
    assert sum(1 for r in rows if r[0] == "Window") == sum(
        1 for a in curator.window.acts.all() if not a.shortcut().isEmpty()
    )


def test_review_names_records_by_title_and_shows_a_move(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    _select(curator, qtbot, 2, 2, 4)  # 024 and 005
    QTest.keyClick(curator.window.table, Qt.Key.Key_6)
    record = _record(curator, 4)
    assert curator.editor.apply(record, MoveItem(("related",), 2, 0), "Move") is None
    dialog = ReviewDialog(curator.store.modified_records(), curator.window)
    qtbot.addWidget(dialog)
    names = sorted(dialog.files.item(n).text() for n in range(dialog.files.count()))
    assert names == [
        "Europe Braces for Record Heat as Temperatures Near 40°C in Britain — "
        "005_723456cd622fde8e.md",
        "Museums Test AI Tools to Caption Their Photo Archives — 024_92bb20ff2b25c066.md",
    ]
    for n in range(dialog.files.count()):
        if dialog.files.item(n).text().endswith("005_723456cd622fde8e.md"):
            dialog.files.setCurrentRow(n)
    assert dialog.summary.toPlainText().splitlines() == [
        "quality: 88 → 60",
        "moved related item 3 to 1: How to keep cool when your home wasn’t built for heat",
    ]


def test_a_selection_too_large_is_refused_with_a_message(
    curator: Curator, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(triage, "MAX_BULK", 2)
    window = curator.window
    _click(curator, 1)
    _click(curator, 3, Qt.KeyboardModifier.ShiftModifier)
    banner = window.form.findChild(Notice, "readonlyBanner")
    assert banner is not None
    qtbot.waitUntil(lambda: banner.label.text().startswith("3 rows selected: too many"))
    quality = window.findChild(QSpinBox, "qualitySpin")
    assert quality is not None and quality.isReadOnly()
    QTest.keyClick(window.table, Qt.Key.Key_7)
    assert window.statusBar().currentMessage() == (
        "3 rows selected: edit at most 2 at once (narrow the filter, or select fewer rows)"
    )
    assert not curator.store.modified_records() and curator.stack.count() == 0


def test_shift_digit_on_another_layout_is_read_from_the_key_position(
    curator: Curator, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """German: Shift+7 types "/"; French AZERTY: Shift+3 types "3" (unshifted: '"')."""
    monkeypatch.setattr(triage, "QGuiApplication", _Platform)
    _click(curator, 1)  # 017: quality 69, heat 75
    table = curator.window.table
    shift, none = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier
    for key, mods, code, text, heat in (
        (Qt.Key.Key_Slash, shift, 16, "/", 70),  # keycode 16: the "7" key
        (Qt.Key.Key_3, shift, 12, "3", 30),  # keycode 12: the "3" key
        (Qt.Key.Key_QuoteDbl, none, 12, '"', 30),  # unshifted: no score, left alone
    ):
        QApplication.sendEvent(table, QKeyEvent(QEvent.Type.KeyPress, key, mods, code, 0, 0, text))
        record = _record(curator, 1)
        assert (record.data["quality"], record.data["heat"]) == (69, heat)


class _Platform:
    """QGuiApplication as on X11 (the test runs offscreen)."""

    @staticmethod
    def platformName() -> str:
        return "xcb"
