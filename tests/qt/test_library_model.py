"""The library table model over the sample library: bulk sort and filter, kept selection."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from curator.core.query import parse_query
from curator.qt import library_model
from curator.qt.commands import RecordEditor
from curator.qt.library_model import Column, LibraryTableModel
from curator.qt.store import RecordStore

Models = tuple[RecordStore, QUndoStack, LibraryTableModel]


@pytest.fixture
def models(sample_library: Path, qtbot) -> Iterator[Models]:  # type: ignore[no-untyped-def]
    store = RecordStore()
    stack = QUndoStack()
    editor = RecordEditor(store, stack)
    model = LibraryTableModel(store, editor)
    with qtbot.waitSignal(model.order_applied, timeout=10_000):
        store.open([sample_library], background=False)
    yield store, stack, model
    store.shutdown()


def _wait_order(qtbot, model: LibraryTableModel, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(model.order_applied, timeout=10_000):
        action()


def _prefixes(model: LibraryTableModel) -> list[str]:
    """The shown rows' file numbers (``001`` of ``001_a389….md``), in view order."""
    return [model.index(r, Column.FILE).data()[:3] for r in range(model.rowCount())]


def test_model_passes_the_model_tester(models, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _store, _stack, model = models
    assert model.rowCount() == 30
    qtmodeltester.check(model)
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("quality:>=50")))
    _wait_order(qtbot, model, lambda: model.sort(Column.QUALITY, Qt.SortOrder.DescendingOrder))
    assert model.rowCount() == 26
    qtmodeltester.check(model)


def test_rows_arrive_with_background_loading(sample_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    with qtbot.waitSignal(store.loading_finished, timeout=10_000):
        store.open([sample_library])
    assert model.rowCount() == 30
    assert (sample_library / ".curator" / "index.sqlite").is_file()
    assert (sample_library / ".curator" / ".gitignore").read_text() == "*\n"
    store.shutdown()


def test_rows_that_arrive_in_many_batches_are_each_shown_once(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    # 700 files come in many batches; new rows join the view in gathered steps while
    # sorts by title come back in between: no row may be shown twice or left out.
    for i in range(700):
        text = f'---\ntitle: "Story {(i * 37) % 700:03}"\nquality: {i % 101}\n---\nBody.\n'
        (tmp_path / f"r{i:03}.md").write_text(text, encoding="utf-8")
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    seen_twice: list[int] = []

    def check() -> None:
        shown = [model.source_row(r) for r in range(model.rowCount())]
        if len(shown) != len(set(shown)):
            seen_twice.append(len(shown))

    model.rowsInserted.connect(check)
    model.layoutChanged.connect(check)
    with qtbot.waitSignal(store.loading_finished, timeout=60_000):
        store.open([tmp_path])
    qtbot.waitUntil(lambda: model.rowCount() == 700, timeout=10_000)
    with qtbot.waitSignal(model.order_applied, timeout=10_000):
        model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert seen_twice == []
    titles = [model.index(r, Column.TITLE).data() for r in range(model.rowCount())]
    assert titles == [f"Story {n:03}" for n in range(700)]
    store.shutdown()


def test_rows_arriving_while_the_table_pauses_join_it_together(
    tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # Each step that adds rows repaints the whole table: while a library loads, the
    # first rows show at once, and the rows of the batches arriving during the pause
    # after a step join the table together when it ends (or when loading finishes).
    for i in range(600):
        (tmp_path / f"r{i:03}.md").write_text(f"---\ntitle: T{i}\n---\n", encoding="utf-8")
    # A pause longer than the load: every batch after the first arrives during it.
    monkeypatch.setattr(library_model, "INSERT_WHILE_LOADING_MS", 60_000)
    monkeypatch.setattr(library_model, "INSERT_WHILE_LOADING_MAX_MS", 60_000)
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    added: list[tuple[int, int]] = []
    steps: list[tuple[int, int]] = []
    store.records_added.connect(lambda first, last: added.append((first, last)))
    model.rowsInserted.connect(lambda _parent, first, last: steps.append((first, last)))
    with qtbot.waitSignal(store.loading_finished, timeout=60_000):
        store.open([tmp_path])
    assert len(added) >= 3  # the store got the rows in several batches
    assert added[-1][1] == 599
    # one step at once, one for everything that came during the pause (at the end)
    assert steps == [added[0], (added[0][1] + 1, 599)]
    assert model.rowCount() == 600
    store.shutdown()


def test_sorting_orders_numbers_and_dates_by_value(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    _store, _stack, model = models
    _wait_order(qtbot, model, lambda: model.sort(Column.QUALITY, Qt.SortOrder.AscendingOrder))
    qualities = [model.index(r, Column.QUALITY).data() for r in range(model.rowCount())]
    assert qualities == sorted(qualities) and qualities[0] < qualities[-1]
    _wait_order(qtbot, model, lambda: model.sort(Column.DATE, Qt.SortOrder.DescendingOrder))
    dates = [model.index(r, Column.DATE).data() for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.AscendingOrder))
    assert _prefixes(model)[:3] == ["001", "002", "003"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("published:true", "001 005 008 012 014 016 020 023 026 030"),
        ("heat:<10", "010 024"),
        ('topic:"Computer Vision"', "009 024"),
        ("provider:times", "005 013 020 024"),
        ("climate", "004 005 006 007 014 017 018 025 026"),
        ("-published:true quality:<40", "021 029"),
        ("quality:>=70 OR heat:>=90", "001 005 006 008 012 014 015 016 018 023 026 027 030"),
    ],
)
def test_filter_shows_exactly_the_matching_rows(models, qtbot, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    _store, _stack, model = models
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.AscendingOrder))
    _wait_order(qtbot, model, lambda: model.set_query(parse_query(query)))
    assert " ".join(_prefixes(model)) == expected


def test_modified_filter_follows_edits(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    _store, stack, model = models
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.AscendingOrder))
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("modified:true")))
    assert model.rowCount() == 0
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("")))
    assert model.setData(model.index(3, Column.QUALITY), 99)
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("modified:true")))
    assert _prefixes(model) == ["004"]
    stack.undo()
    assert _prefixes(model) == ["004"]  # stays until the query changes
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("modified:true")))
    assert model.rowCount() == 0


def test_edited_row_stays_shown_until_the_query_changes(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, _stack, model = models
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("published:false")))
    assert model.rowCount() == 20
    source = model.source_row(0)
    model.setData(
        model.index(0, Column.PUBLISHED),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert store.record(source).data["published"] is True
    assert model.rowCount() == 20
    _wait_order(qtbot, model, lambda: model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder))
    assert model.rowCount() == 20  # a new sort keeps it too
    _wait_order(qtbot, model, lambda: model.set_query(parse_query("published:false")))
    assert model.rowCount() == 19


def test_selection_follows_its_records_across_a_sort(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    _store, _stack, model = models
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.AscendingOrder))
    view.selectRow(4)
    assert model.index(view.currentIndex().row(), Column.FILE).data().startswith("005")
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.DescendingOrder))
    assert view.currentIndex().row() == 25
    assert model.index(view.currentIndex().row(), Column.FILE).data().startswith("005")


def test_published_toggle_in_table_is_undoable(models) -> None:  # type: ignore[no-untyped-def]
    _store, stack, model = models
    record = model.record_at(0)
    before = record.data["published"]
    index = model.index(0, Column.PUBLISHED)
    new_state = Qt.CheckState.Unchecked if before else Qt.CheckState.Checked
    assert model.setData(index, new_state.value, Qt.ItemDataRole.CheckStateRole)
    assert record.data["published"] is (not before)
    assert record.modified
    assert model.index(0, Column.MODIFIED).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, Column.PUBLISHED).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked if before else Qt.CheckState.Checked
    )
    stack.undo()
    assert record.data["published"] is before and not record.modified
    assert record.current_bytes() == record.disk_bytes
    stack.redo()
    assert record.data["published"] is (not before)


def test_quality_edit_in_table_rejects_out_of_range(models) -> None:  # type: ignore[no-untyped-def]
    _store, stack, model = models
    index = model.index(1, Column.QUALITY)
    assert not model.setData(index, 150)
    assert not model.record_at(1).modified
    assert model.setData(index, 64)
    assert model.record_at(1).data["quality"] == 64
    assert model.index(1, Column.QUALITY).data() == 64
    assert stack.count() == 1


def test_an_empty_folder_finishes_loading(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = RecordStore()
    with qtbot.waitSignal(store.loading_finished, timeout=5_000):
        store.open([tmp_path])
    assert store.count() == 0 and not store.loading
    store.shutdown()


@pytest.mark.parametrize("where", [".", "desk/2026"])
def test_opening_a_library_removes_leftovers_of_interrupted_saves_and_says_so(
    sample_library: Path, qtbot, where: str
) -> None:  # type: ignore[no-untyped-def]
    record = next(sample_library.glob("002_*.md"))
    folder = sample_library / where
    folder.mkdir(parents=True, exist_ok=True)
    if folder != sample_library:  # a record and its leftover in a folder below
        record = record.rename(folder / record.name)
    leftover = folder / f".{record.name}.curator-{_dead_pid()}-abcd1234.tmp"
    leftover.write_bytes(record.read_bytes())
    past = time.time() - 120
    os.utime(leftover, (past, past))
    store = RecordStore()
    notices: list[str] = []
    store.notice.connect(notices.append)
    with qtbot.waitSignal(store.loading_finished, timeout=10_000):
        store.open([sample_library])
    # cleaned up once every row is shown (where the index's scan saw it)
    qtbot.waitUntil(lambda: bool(notices), timeout=10_000)
    assert notices == [f"removed 1 leftover temporary file from an interrupted save: {leftover}"]
    assert not leftover.exists()
    assert store.count() == 30 and store.problems == []  # never listed as a record
    store.shutdown()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_table_shows_a_file_changed_since_it_was_indexed(sample_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    with qtbot.waitSignal(store.loading_finished, timeout=10_000):
        store.open([sample_library])
    store.shutdown()
    target = next(sample_library.glob("002_*.md"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("quality: 55", "quality: 56"), encoding="utf-8")
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    with qtbot.waitSignal(model.order_applied, timeout=10_000):
        store.open([sample_library], background=False)
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.AscendingOrder))
    assert model.index(1, Column.QUALITY).data() == 56
    store.shutdown()


def test_a_library_whose_index_must_stay_in_memory_still_sorts_and_filters(
    sample_library: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # A read-only folder gets an index in memory (tests run as root, so fake the refusal).
    import curator.qt.loading as loading
    from curator.core.index import LibraryIndex

    monkeypatch.setattr(loading, "open_index", lambda root: LibraryIndex(root, memory=True))
    store = RecordStore()
    model = LibraryTableModel(store, RecordEditor(store, QUndoStack()))
    with qtbot.waitSignal(store.loading_finished, timeout=10_000):
        store.open([sample_library])
    assert not (sample_library / ".curator" / "index.sqlite").exists()
    _wait_order(qtbot, model, lambda: model.sort(Column.FILE, Qt.SortOrder.AscendingOrder))
    assert model.rowCount() == 30
    _wait_order(qtbot, model, lambda: model.set_query(parse_query('topic:"Computer Vision"')))
    assert _prefixes(model) == ["009", "024"]
    record = model.record_at(0)
    assert record is not None and record.path.name.startswith("009_")
    assert store.by_web_url(record.data["webUrl"]) is record
    store.shutdown()
