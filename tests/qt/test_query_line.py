"""The one query line, in the window and in the Attach dialog: errors that never outlive
their query, and the keyboard path from the line into the list it filters."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableView

from curator.qt.commands import RecordEditor
from curator.qt.picker import AttachDialog
from curator.qt.query_line import QueryLine
from curator.qt.store import RecordStore


def _dialog(qtbot, library: Path) -> tuple[AttachDialog, QLineEdit, QTableView]:  # type: ignore[no-untyped-def]
    store = RecordStore()
    store.open([library], background=False)
    RecordEditor(store, QUndoStack())
    target = store.record(0)
    assert target is not None
    dialog = AttachDialog(store, target)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    search = dialog.findChild(QLineEdit, "pickerSearch")
    table = dialog.findChild(QTableView, "pickerTable")
    assert search is not None and table is not None
    qtbot.waitUntil(lambda: table.model().rowCount() == 29, timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog, search, table


def _selected_rows(table: QTableView) -> list[int]:
    return sorted(i.row() for i in table.selectionModel().selectedRows())


def test_down_from_the_picker_query_selects_the_first_result(qtbot, sample_library: Path) -> None:  # type: ignore[no-untyped-def]
    dialog, search, table = _dialog(qtbot, sample_library)
    search.setFocus()
    qtbot.keyClicks(search, "quality:>=50")
    qtbot.waitUntil(lambda: 2 <= table.model().rowCount() < 29, timeout=10_000)
    first = table.model().index(0, 0).data()
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is table
    assert _selected_rows(table) == [0]
    assert dialog.selected_records()[0].data["title"] == first
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert _selected_rows(table) == [1]


def test_tab_then_down_in_the_picker_selects_the_first_result(qtbot, sample_library: Path) -> None:  # type: ignore[no-untyped-def]
    _, search, table = _dialog(qtbot, sample_library)
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    assert _selected_rows(table) == []
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert _selected_rows(table) == [0]
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert _selected_rows(table) == [1]


def test_a_valid_query_clears_the_previous_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    line = QueryLine("", ("qEdit", "qError"))
    qtbot.addWidget(line)
    line.show()
    error = line.findChild(QLabel, "qError")
    assert error is not None
    seen: list[str] = []
    line.query_changed.connect(lambda q: seen.append(q.text))
    qtbot.keyClicks(line.edit, "quality:>>")
    assert error.isVisible() and error.text() == (
        "⚠ '>' is not a number at column 10 (e.g. quality:>=30 or quality:10..50)"
    )
    line.edit.setText("quality:>=5")
    assert not error.isVisible() and error.text() == ""
    line.edit.setText("(unclosed")
    assert error.text() == "⚠ unclosed '(' at column 1 (add a ')')"
    qtbot.waitUntil(lambda: seen[-1:] == ["quality:>=5"])
    assert line.query().text == "quality:>=5"  # the last valid query stays in force
