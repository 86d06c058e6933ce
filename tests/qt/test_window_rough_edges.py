"""Rough edges a new user hit in the window (issue 9, item 5), each driven as they did."""

from __future__ import annotations

import pytest
from platform_drag import emulate_platform_drag
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QMessageBox, QWidget
from qt_helpers import records_of

from curator.qt.app import Curator
from curator.qt.library_model import Column


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def cancel(box: QMessageBox) -> int:
        asked.append((box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    return asked


def test_the_modified_title_names_the_library_once(curator: Curator) -> None:
    window = curator.window
    assert window.windowHandle().title() == "library — curator-tests"
    record = curator.window.table_model.record_at(0)
    assert record is not None
    curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    # Ends with the application's name: the platform adds nothing more.
    assert window.windowHandle().title() == "library* — curator-tests"


def test_reload_with_unsaved_edits_asks_about_reloading_and_names_the_record(
    curator: Curator, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _asked(monkeypatch)
    window = curator.window
    window.table.setCurrentIndex(window.table_model.index(0, Column.TITLE))
    record = window.current_record()
    assert record is not None
    curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    window.acts.reload.trigger()
    title = record.data["title"]
    assert asked == [
        (
            "1 record has unsaved changes. Save it before reloading the library?",
            f"• {title} ({record.path.name})",
        )
    ]
    assert record.modified  # cancelled: nothing dropped


def test_the_unsaved_dialog_counts_and_names_several_records(
    curator: Curator, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _asked(monkeypatch)
    records = records_of(curator.store)[:10]
    for record in records:
        curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    assert not curator.window.close()
    text, names = asked[0]
    assert text == "10 records have unsaved changes. Save them before closing?"
    lines = names.split("\n")
    assert len(lines) == 9 and lines[-1] == "… and 2 more"
    shown = {line.removeprefix("• ") for line in lines[:8]}
    assert shown == {f"{r.data['title']} ({r.path.name})" for r in records[:8]}


def _type_filter(curator: Curator, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    applied: list[str] = []  # the query whose rows are shown, at each order applied
    window.table_model.order_applied.connect(
        lambda: applied.append(window.table_model.query().text)
    )
    window.filter_edit.setFocus()
    for ch in text:
        qtbot.keyClicks(window.filter_edit, ch)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: applied[-1:] == [text], timeout=10_000)


@pytest.mark.parametrize("query", ["quality:>=50", "published:false"])
def test_typing_a_field_query_keeps_the_current_record_when_it_matches(
    curator: Curator, qtbot, query: str
) -> None:  # type: ignore[no-untyped-def]
    from curator.core.query import parse_query

    window = curator.window
    wanted = parse_query(query)
    rows = [
        r
        for r in range(window.table_model.rowCount())
        if wanted.matches(window.table_model.record_at(r).data)  # type: ignore[union-attr]
    ]
    pick = rows[3]
    window.table.setCurrentIndex(window.table_model.index(pick, Column.TITLE))
    record = window.current_record()
    assert record is not None
    _type_filter(curator, qtbot, query)
    assert window.current_record() is record
    assert window.form.record() is record
    selected = window.table.selectionModel().selectedRows()
    assert [window.table_model.record_at(i.row()) for i in selected] == [record]
    row = window.table.currentIndex().row()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.table.currentIndex().row() == row + 1
    assert window.form.record() is window.table_model.record_at(row + 1)


def _drag_with_the_mouse(
    qtbot, source: QWidget, start: QPoint, target: QWidget, end: QPoint
) -> None:  # type: ignore[no-untyped-def]
    """Press on ``source``, move past the drag distance, then (inside the drag's own event
    loop, which QDrag.exec runs) move over ``target`` and release there."""
    steps = []

    def over_target() -> None:
        for fraction in (0.5, 1.0):
            point = QPoint(end.x(), int(end.y() * fraction))
            QTest.mouseMove(target, point)
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
        steps.append("released")

    QTest.mousePress(source, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTimer.singleShot(50, over_target)
    distance = QApplication.startDragDistance() + 5
    QTest.mouseMove(source, start + QPoint(distance, 0))
    QTest.mouseMove(source, start + QPoint(distance * 2, 3))
    qtbot.waitUntil(lambda: steps == ["released"], timeout=5_000)


def test_dragging_a_row_onto_the_related_panel_attaches_it_to_the_record_shown(
    curator: Curator, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    emulate_platform_drag(monkeypatch)  # offscreen has no drag; under Xvfb the real one runs
    window = curator.window
    model = window.table_model
    window.table.setCurrentIndex(model.index(0, Column.TITLE))
    target = window.current_record()
    dragged = model.record_at(3)
    assert target is not None and dragged is not None
    count = len(target.data.get("related") or [])
    table = window.table
    start = table.visualRect(model.index(3, Column.TITLE)).center()
    panel = window.related_panel
    drop_on = panel.findChild(QListView, "relatedList")
    assert drop_on is not None
    _drag_with_the_mouse(
        qtbot, table.viewport(), start, drop_on.viewport(), drop_on.viewport().rect().center()
    )
    assert window.current_record() is target  # the drag did not change the record shown
    assert panel.record() is target
    assert len(target.data["related"]) == count + 1
    assert target.data["related"][-1]["webUrl"] == dragged.data["webUrl"]
    assert not dragged.modified  # never attached to itself
    assert model.index(0, Column.RELATED).data() == count + 1


def test_a_click_still_selects_and_a_double_click_still_edits(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    model, table = window.table_model, window.table
    point = table.visualRect(model.index(4, Column.TITLE)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_record() is model.record_at(4)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [4]
    ctrl = Qt.KeyboardModifier.ControlModifier
    other = table.visualRect(model.index(6, Column.TITLE)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, other)
    assert sorted(i.row() for i in table.selectionModel().selectedRows()) == [4, 6]
    quality = table.visualRect(model.index(4, Column.QUALITY)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=quality)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=quality)
    assert table.state() == table.State.EditingState


def _values(curator: Curator) -> dict[str, tuple[object, object]]:
    return {
        r.path.name: (r.data.get("quality"), r.data.get("heat")) for r in records_of(curator.store)
    }


@pytest.mark.parametrize("order", ["hides the row", "moves the row"])
def test_a_new_row_order_while_a_cell_is_edited_writes_to_that_cell_only(
    curator: Curator, qtbot, order: str
) -> None:  # type: ignore[no-untyped-def]
    from curator.core.query import parse_query

    window = curator.window
    model, table = window.table_model, window.table
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table.setFocus()
    table.setCurrentIndex(model.index(2, Column.QUALITY))
    record = model.record_at(2)
    assert record is not None
    before = _values(curator)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_6)
    with qtbot.waitSignal(model.order_applied, timeout=10_000):  # a filter or sort arrives
        if order == "hides the row":
            model.set_query(parse_query(f"-url:{record.data['webUrl'].split('/')[-1]}"))
        else:
            table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    if order == "hides the row":
        assert table.state() == table.State.NoState  # the editor went with its row
        assert QApplication.focusWidget() is table
    else:
        assert table.state() == table.State.EditingState  # the editor moved with its row
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: table.state() == table.State.NoState)  # Return: queued
    after = _values(curator)
    changed = {name: after[name] for name in after if after[name] != before[name]}
    value = 6 if order == "hides the row" else 61
    assert changed == {record.path.name: (value, before[record.path.name][1])}


def test_down_from_the_filter_line_lands_on_the_first_result(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    window.table.setCurrentIndex(window.table_model.index(0, Column.TITLE))
    record = window.current_record()
    assert record is not None and record.data["published"] is False
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _type_filter(curator, qtbot, "published:true")  # hides the current record
    first = window.table_model.record_at(0)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.table
    assert window.current_record() is first and window.form.record() is first
    assert [i.row() for i in window.table.selectionModel().selectedRows()] == [0]
