"""The open library as a Qt object: rows, records, problems, loading, saving, change signals.

A row is a record file's summary, kept small (:data:`~.loading.DISPLAY_COLUMNS`); its
whole record is parsed from the file only when asked for (:meth:`RecordStore.record`) and
kept in a small cache, or for as long as it has unsaved edits. Sorting and filtering
happen on the :class:`~.query_thread.QueryThread`. Everything that changes a record goes
through :class:`RecordStore` (undo commands call :meth:`RecordStore.set_edits`), so
models and widgets learn of it from one place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core.edits import Edit
from ..core.images import cache_dir_for
from ..core.index import Indexer
from ..core.library import Library
from ..core.record import Problem, Record, load_record
from ..core.summary import summarize, topic_keys
from . import tasks
from .loading import DISPLAY_COLUMNS, Batch, display_of, load_rows
from .query_thread import QueryThread

CACHED_RECORDS = 64
WEB_URL = DISPLAY_COLUMNS.index("web_url")


class RecordStore(QObject):
    """Rows of the open library and the only way to change its records.

    Signals:
        library_reset: a new library replaced the old one (empty until loaded).
        records_added(int, int): rows first..last were appended.
        record_changed(int): the record in that row changed (edits, save, revert).
        problems_changed: the list of problems changed.
        loading_progress(int, int): files ready so far, files in all.
        loading_finished: every file of the library was read.
        notice(str): something the user should know (an index rebuilt, say).
    """

    library_reset = Signal()
    records_added = Signal(int, int)
    record_changed = Signal(int)
    problems_changed = Signal()
    loading_progress = Signal(int, int)
    loading_finished = Signal()
    notice = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = Library()
        self.loading = False
        self.queries = QueryThread()  # no parent: stopped, not deleted, when the store goes
        self.queries.start()
        self._indexer: Indexer | None = None
        self._paths: list[Path] = []
        self._rows: list[tuple[Any, ...]] = []
        self._row_of_path: dict[Path, int] = {}
        self._by_url: dict[str, int] = {}
        self._cache: OrderedDict[int, Record] = OrderedDict()
        self._pinned: dict[int, Record] = {}  # records with edits: never dropped
        self._generation = 0
        queries = self.queries
        self.destroyed.connect(lambda *_: queries.stop())

    def shutdown(self) -> None:
        """Stop the query thread and the worker processes (the window is closing)."""
        self._generation += 1
        self.queries.stop()
        if self._indexer is not None:
            self._indexer.close()
            self._indexer = None

    # -- reading ---------------------------------------------------------------------

    @property
    def problems(self) -> list[Problem]:
        return self.library.problems

    def count(self) -> int:
        return len(self._rows)

    def row(self, row: int) -> tuple[Any, ...]:
        """The row's :data:`~.loading.DISPLAY_COLUMNS`."""
        return self._rows[row]

    def path(self, row: int) -> Path:
        return self._paths[row]

    def cached(self, row: int) -> Record | None:
        """The row's record if it is already parsed (never reads the file)."""
        return self._pinned.get(row) or self._cache.get(row)

    def record(self, row: int) -> Record | None:
        """The row's whole record, read from its file (None, with a problem, if it no
        longer loads). Editing and saving always use this, never the index."""
        record = self.cached(row)
        if record is not None:
            if row in self._cache:
                self._cache.move_to_end(row)
            return record
        loaded = load_record(self._paths[row])
        if isinstance(loaded, Problem):
            self.library.problems.append(loaded)
            self.problems_changed.emit()
            return None
        self._cache[row] = loaded
        if len(self._cache) > CACHED_RECORDS:
            self._cache.popitem(last=False)
        if display_of(summarize(loaded.data, loaded.readonly)) != self._rows[row]:
            self._refresh_row(row, loaded)  # the file changed since it was indexed
        return loaded

    def row_of(self, record: Record) -> int:
        return self._row_of_path.get(record.path, -1)

    def row_of_path(self, path: Path) -> int:
        row = self._row_of_path.get(path)
        if row is None:
            row = self._row_of_path.get(path.resolve(), -1)
        return row

    def by_web_url(self, url: str) -> Record | None:
        row = self._by_url.get(url)
        return None if row is None else self.record(row)

    def modified_records(self) -> list[Record]:
        return [r for r in self._pinned.values() if r.modified]

    def modified_count(self) -> int:
        return sum(1 for r in self._pinned.values() if r.modified)

    def distinct(self, column: str) -> list[str]:
        """The distinct string values of a display column (categories, types, ...)."""
        at = DISPLAY_COLUMNS.index(column)
        return sorted({v for v in (r[at] for r in self._rows) if isinstance(v, str) and v})

    def image_cache_dir(self) -> Path | None:
        root = self.library.root
        return cache_dir_for(root) if root is not None else None

    # -- loading ---------------------------------------------------------------------

    def open(self, paths: list[Path], *, background: bool = True) -> None:
        """Replace the library with the one under ``paths``; reads off the GUI thread."""
        self._generation += 1
        self.library = Library(roots=list(paths))
        self._paths, self._rows = [], []
        self._row_of_path.clear()
        self._by_url.clear()
        self._cache.clear()
        self._pinned.clear()
        self.queries.reset()
        self.loading = True
        self.library_reset.emit()
        self.problems_changed.emit()
        generation = self._generation
        if self._indexer is None:
            self._indexer = Indexer()
        indexer = self._indexer

        def cancelled() -> bool:
            return generation != self._generation

        if not background:
            load_rows(list(paths), indexer, cancelled, lambda b: self._on_batch(generation, b))
            return
        tasks.start(
            load_rows,
            list(paths),
            indexer,
            cancelled,
            on_done=lambda _r: None,
            on_progress=lambda batch: self._on_batch(generation, batch),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_batch(self, generation: int, batch: Batch) -> None:
        if generation != self._generation:
            return  # a batch of a library that was replaced meanwhile
        if batch.notice:
            self.notice.emit(batch.notice)
        first = len(self._rows)
        if batch.rows:
            self._paths.extend(r.path for r in batch.rows)
            self._rows.extend(r.display() for r in batch.rows)
            for row, loaded in enumerate(batch.rows, start=first):
                self._row_of_path[loaded.path] = row
                url = self._rows[row][WEB_URL]
                if url:
                    self._by_url.setdefault(url, row)
            self.queries.insert(
                [
                    (row, str(loaded.path), loaded.summary, loaded.topics)
                    for row, loaded in enumerate(batch.rows, start=first)
                ]
            )
            self.records_added.emit(first, len(self._rows) - 1)
        if batch.problems:
            self.library.problems.extend(batch.problems)
            self.problems_changed.emit()
        self.loading_progress.emit(batch.done, batch.total)
        if batch.done >= batch.total and not batch.rows and not batch.problems:
            self._finish()

    def _on_load_error(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            root = self.library.roots[0] if self.library.roots else Path()
            self.library.problems.append(Problem(root, f"cannot read the library: {error}"))
            self.problems_changed.emit()
            self._finish()

    def _finish(self) -> None:
        self.loading = False
        self.loading_finished.emit()

    # -- changing --------------------------------------------------------------------

    def set_edits(self, record: Record, edits: tuple[Edit, ...]) -> None:
        """Give ``record`` these edits (raises EditError, record unchanged, on failure)."""
        record.set_edits(edits)
        self._changed(record)

    def notify_changed(self, record: Record) -> None:
        """Tell views that ``record`` changed (its edits were set directly)."""
        self._changed(record)

    def save(self, record: Record) -> bool:
        """Write one record (raises SaveError); True when bytes were written."""
        written = record.save()
        self._changed(record)
        return written

    def _changed(self, record: Record) -> None:
        row = self.row_of(record)
        if row < 0:
            return
        if record.modified or record.edits:
            self._pinned[row] = record
            self._cache.pop(row, None)
        elif row in self._pinned:
            del self._pinned[row]
            self._cache[row] = record
        self._refresh_row(row, record)
        self.record_changed.emit(row)

    def _refresh_row(self, row: int, record: Record) -> None:
        summary = summarize(record.data, record.readonly)
        self._rows[row] = display_of(summary)
        url = self._rows[row][WEB_URL]
        if url:
            self._by_url.setdefault(url, row)
        self.queries.update(row, summary, topic_keys(record.data), record.modified)

    def rows_of(self, paths: Sequence[Path]) -> list[int]:
        return [self.row_of_path(p) for p in paths]
