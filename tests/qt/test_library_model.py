"""The library table model and its filter proxy over the sample library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from curator.core.query import parse_query
from curator.qt.commands import RecordEditor
from curator.qt.filter_proxy import RecordFilterProxy
from curator.qt.library_model import SORT_ROLE, Column, LibraryTableModel
from curator.qt.store import RecordStore


@pytest.fixture
def models(
    sample_library: Path,
) -> tuple[RecordStore, QUndoStack, LibraryTableModel, RecordFilterProxy]:
    store = RecordStore()
    stack = QUndoStack()
    editor = RecordEditor(store, stack)
    model = LibraryTableModel(store, editor)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    store.open([sample_library], background=False)
    return store, stack, model, proxy


def _titles(proxy: RecordFilterProxy) -> list[str]:
    return [proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount())]


def test_models_pass_the_model_tester(models, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _store, _stack, model, proxy = models
    assert model.rowCount() == 30
    qtmodeltester.check(model)
    proxy.set_query(parse_query("quality:>=50"))
    proxy.sort(Column.QUALITY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


def test_rows_arrive_with_background_loading(sample_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    with qtbot.waitSignal(store.loading_finished, timeout=10_000):
        store.open([sample_library])
    assert model.rowCount() == 30


@pytest.mark.parametrize("column", [Column.QUALITY, Column.HEAT, Column.DATE, Column.RELATED])
def test_sorting_orders_numbers_and_dates_by_value(models, column: Column) -> None:  # type: ignore[no-untyped-def]
    _store, _stack, model, proxy = models
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    keys = [proxy.index(r, column).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert keys == sorted(keys)
    assert len(set(keys)) > 3
    records = [
        model.record(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())
    ]
    if column == Column.QUALITY:
        values = [r.data["quality"] for r in records]
        assert values == sorted(values) and values[0] < values[-1]


@pytest.mark.parametrize(
    "query",
    [
        "published:true",
        "published:false",
        "quality:>=50",
        "heat:<10",
        'topic:"Computer Vision"',
        "provider:times",
        "has:related",
        "has:image",
        "-has:related",
        "quality:>=70 OR heat:>=90",
        "climate",
        "-published:true quality:<40",
    ],
)
def test_filter_selects_exactly_the_matching_rows(models, query: str) -> None:  # type: ignore[no-untyped-def]
    store, _stack, _model, proxy = models
    compiled = parse_query(query)
    proxy.set_query(compiled)
    expected = sorted(str(r.data["title"]) for r in store.records if compiled.matches(r.data))
    assert sorted(_titles(proxy)) == expected
    assert 0 < len(expected) < 30 or query in ("has:image",)


def test_modified_filter_follows_edits(models) -> None:  # type: ignore[no-untyped-def]
    store, stack, model, proxy = models
    proxy.set_query(parse_query("modified:true"))
    assert proxy.rowCount() == 0
    model.setData(model.index(3, Column.QUALITY), 99)
    assert _titles(proxy) == [store.record(3).data["title"]]
    stack.undo()
    assert _titles(proxy) == [store.record(3).data["title"]]  # stays until the query changes
    proxy.set_query(parse_query("modified:true"))
    assert proxy.rowCount() == 0


def test_edited_row_stays_shown_until_the_query_changes(models) -> None:  # type: ignore[no-untyped-def]
    store, _stack, model, proxy = models
    proxy.set_query(parse_query("published:false"))
    shown = proxy.rowCount()
    source_row = proxy.mapToSource(proxy.index(0, 0)).row()
    model.setData(
        model.index(source_row, Column.PUBLISHED),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert store.record(source_row).data["published"] is True
    assert proxy.rowCount() == shown
    proxy.set_query(parse_query("published:false"))
    assert proxy.rowCount() == shown - 1


def test_published_toggle_in_table_is_undoable(models) -> None:  # type: ignore[no-untyped-def]
    store, stack, model, _proxy = models
    record = store.record(0)
    before = record.data["published"]
    index = model.index(0, Column.PUBLISHED)
    new_state = Qt.CheckState.Unchecked if before else Qt.CheckState.Checked
    assert model.setData(index, new_state.value, Qt.ItemDataRole.CheckStateRole)
    assert record.data["published"] is (not before)
    assert record.modified
    assert model.index(0, Column.MODIFIED).data(Qt.ItemDataRole.DecorationRole) is not None
    stack.undo()
    assert record.data["published"] is before and not record.modified
    assert record.current_bytes() == record.disk_bytes
    stack.redo()
    assert record.data["published"] is (not before)


def test_quality_edit_in_table_rejects_out_of_range(models) -> None:  # type: ignore[no-untyped-def]
    store, stack, model, _proxy = models
    index = model.index(1, Column.QUALITY)
    assert not model.setData(index, 150)
    assert not store.record(1).modified
    assert model.setData(index, 64)
    assert store.record(1).data["quality"] == 64
    assert stack.count() == 1


def test_an_empty_folder_finishes_loading(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = RecordStore()
    with qtbot.waitSignal(store.loading_finished, timeout=5_000):
        store.open([tmp_path])
    assert store.count() == 0 and not store.loading
