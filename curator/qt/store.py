"""The open library as a Qt object: rows, records, problems, loading, saving, change signals.

A row is a record file's entry in its library index: the store keeps only its index id
(NumPy arrays), reads the columns the table shows from the index for the rows in view
(:meth:`RecordStore.row`, cached), and parses a whole record from its file only when
asked for (:meth:`RecordStore.record`), keeping it in a small cache, or for as long as it
has unsaved edits. Sorting and filtering
happen on the :class:`~.query_thread.QueryThread`. Everything that changes a record goes
through :class:`RecordStore` (undo commands call :meth:`RecordStore.change`), so
models and widgets learn of it from one place.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..core.edits import Edit, EditError
from ..core.images import cache_dir_for
from ..core.index import Indexer
from ..core.library import Library
from ..core.links import duplicate_groups
from ..core.record import Problem, Record, load_record
from ..core.summary import summarize, topic_keys
from . import tasks
from .loading import DISPLAY_COLUMNS, Batch, Source, display_of, load_rows
from .query_thread import QueryThread

CACHED_RECORDS = 64
CACHED_ROWS = 40_000
ROW_BLOCK = 256
WEB_URL = DISPLAY_COLUMNS.index("web_url")
PATH = len(DISPLAY_COLUMNS)  # the indexed path follows the display columns
_SELECT_ROWS = (
    f"SELECT id, {', '.join(DISPLAY_COLUMNS)}, path FROM files "
    "WHERE id IN (SELECT value FROM json_each(?))"
)
_MISSING = (*([None] * len(DISPLAY_COLUMNS)), "")


@dataclass(frozen=True)
class Refusal:
    """An edit that was not made, and why: a value the caller shows, never raised."""

    path: Path
    message: str

    def __str__(self) -> str:
        named = self.message.startswith(self.path.name)
        return self.message if named else f"{self.path.name}: {self.message}"


class _Reader:
    """The window's read-only connection to one index, and the paths' common prefix."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.prefix = source.prefix
        self.db = sqlite3.connect(source.uri, uri=True, check_same_thread=False)
        self.db.execute("PRAGMA read_uncommitted = 1")  # in-memory indexes share a cache

    def close(self) -> None:
        self.db.close()


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
    words_ready = Signal()
    notice = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = Library()
        self.loading = False
        self.queries = QueryThread()  # no parent: stopped, not deleted, when the store goes
        self.queries.start()
        self._indexer: Indexer | None = None
        self._readers: list[_Reader] = []
        self._reader_of: dict[str, int] = {}
        self._count = 0
        self._row_reader = np.zeros(0, dtype=np.int32)  # row -> reader
        self._row_id = np.zeros(0, dtype=np.int64)  # row -> index id
        self._rows: dict[int, tuple[Any, ...]] = {}  # rows read from the index (a cache)
        self._overlay: dict[int, tuple[Any, ...]] = {}  # rows changed in this session
        self._row_of_path: dict[str, int] = {}
        self._distinct: dict[str, list[str]] = {}  # until rows are added or changed
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
        return self._count

    def row(self, row: int) -> tuple[Any, ...]:
        """The row's :data:`~.loading.DISPLAY_COLUMNS`, then its indexed path."""
        found = self._overlay.get(row) or self._rows.get(row)
        if found is None:
            block = row - row % ROW_BLOCK
            self.prefetch(np.arange(block, min(block + ROW_BLOCK, self._count)))
            found = self._rows.get(row, _MISSING)
        return found

    def cached_row(self, row: int) -> tuple[Any, ...] | None:
        return self._overlay.get(row) or self._rows.get(row)

    def prefetch(self, rows: Any) -> None:
        """Read these rows from the index in one query per index (the rows in view)."""
        if len(self._rows) > CACHED_ROWS:
            self._rows.clear()
        rows = np.asarray(rows, dtype=np.int64)
        for number, reader in enumerate(self._readers):
            mine = rows[self._row_reader[rows] == number] if len(self._readers) > 1 else rows
            if mine.size == 0:
                continue
            ids = self._row_id[mine]
            row_of_id = dict(zip(ids.tolist(), mine.tolist(), strict=True))
            for found in reader.db.execute(_SELECT_ROWS, (json.dumps(ids.tolist()),)):
                self._rows[row_of_id[found[0]]] = found[1:]

    def path(self, row: int) -> Path:
        reader = self._readers[int(self._row_reader[row])]
        return Path(reader.prefix + self.row(row)[PATH])

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
        loaded = load_record(self.path(row))
        if isinstance(loaded, Problem):
            self.library.problems.append(loaded)
            self.problems_changed.emit()
            return None
        self._cache[row] = loaded
        if len(self._cache) > CACHED_RECORDS:
            self._cache.popitem(last=False)
        indexed = self.row(row)
        if display_of(summarize(loaded.data, loaded.readonly), indexed[PATH]) != indexed:
            self._refresh_row(row, loaded)  # the file changed since it was indexed
        return loaded

    def row_of(self, record: Record) -> int:
        return self.row_of_path(record.path)

    def row_of_path(self, path: Path) -> int:
        """The row of the file at ``path`` (-1: not in the library)."""
        for text in (str(path), os.path.realpath(path)):  # realpath: never raises on a loop
            row = self._row_of_path.get(text)
            if row is None:
                row = self._find_path(text)
            if row >= 0:
                self._row_of_path[text] = row
                return row
        return -1

    def _find_path(self, text: str) -> int:
        for number, reader in enumerate(self._readers):
            if not text.startswith(reader.prefix):
                continue
            found = reader.db.execute(
                "SELECT id FROM files WHERE path = ?", (text[len(reader.prefix) :],)
            ).fetchone()
            if found is not None:
                rows = self._rows_of_id(number, found[0])
                if rows.size:
                    return int(rows[0])
        return -1

    def _rows_of_id(self, reader: int, index_id: int) -> Any:
        hits = self._row_id == index_id
        if len(self._readers) > 1:
            hits &= self._row_reader == reader
        return np.flatnonzero(hits)

    def index_sources(self, row: int) -> list[tuple[str, str, int | None]]:
        """Each index of the library (its uri and the prefix of its paths) with ``row``'s
        id in it, None in the others (the record is in one of them)."""
        mine = int(self._row_reader[row]) if 0 <= row < self._count else -1
        return [
            (reader.source.uri, reader.prefix, int(self._row_id[row]) if n == mine else None)
            for n, reader in enumerate(self._readers)
        ]

    def by_web_url(self, url: str) -> Record | None:
        for row, shown in self._overlay.items():
            if shown[WEB_URL] == url:
                return self.record(row)
        for number, reader in enumerate(self._readers):
            for (index_id,) in reader.db.execute(
                "SELECT id FROM files WHERE web_url = ? AND problem IS NULL ORDER BY id", (url,)
            ):
                rows = self._rows_of_id(number, index_id)
                if rows.size:
                    return self.record(int(rows[0]))
        return None

    def duplicate_groups(self) -> list[tuple[str, str, list[int]]]:
        """Groups of rows that are duplicates, as saved (:func:`~..core.links.duplicate_groups`
        per index, a group's rows in row order)."""
        groups = []
        for number, reader in enumerate(self._readers):
            for why, key, ids in duplicate_groups(reader.db):
                rows = sorted(int(r) for i in ids for r in self._rows_of_id(number, i)[:1])
                if len(rows) > 1:
                    groups.append((why, key, rows))
        return groups

    def modified_records(self) -> list[Record]:
        return [r for r in self._pinned.values() if r.modified]

    def modified_count(self) -> int:
        return sum(1 for r in self._pinned.values() if r.modified)

    def distinct(self, column: str) -> list[str]:
        """The distinct text values of a summary column (categories, types, ...)."""
        assert column in DISPLAY_COLUMNS
        cached = self._distinct.get(column)
        if cached is not None:
            return cached
        found: set[str] = set()
        for reader in self._readers:
            found.update(
                v
                for (v,) in reader.db.execute(
                    f"SELECT DISTINCT {column} FROM files"  # an index answers it
                )
                if isinstance(v, str) and v
            )
        at = DISPLAY_COLUMNS.index(column)
        found.update(r[at] for r in self._overlay.values() if isinstance(r[at], str) and r[at])
        self._distinct[column] = sorted(found)
        return self._distinct[column]

    def topic_names(self) -> list[str]:
        """Every topic the library uses, as written (case kept), sorted case-insensitively:
        one DISTINCT over the topics column, split (a topic never holds ", ": the topic
        input splits on commas)."""
        cached = self._distinct.get("topic names")
        if cached is not None:
            return cached
        names: dict[str, str] = {}  # folded -> the first spelling met
        for text in self.distinct("topics"):
            for name in text.split(", "):
                name = name.strip()
                if name:
                    names.setdefault(name.casefold(), name)
        self._distinct["topic names"] = sorted(names.values(), key=str.casefold)
        return self._distinct["topic names"]

    def image_cache_dir(self) -> Path | None:
        root = self.library.root
        return cache_dir_for(root) if root is not None else None

    # -- loading ---------------------------------------------------------------------

    def open(self, paths: list[Path], *, background: bool = True) -> None:
        """Replace the library with the one under ``paths``; reads off the GUI thread."""
        self._generation += 1
        self.library = Library(roots=list(paths))
        for reader in self._readers:
            reader.close()
        self._readers, self._reader_of = [], {}
        self._count = 0
        self._row_reader = np.zeros(0, dtype=np.int32)
        self._row_id = np.zeros(0, dtype=np.int64)
        self._rows.clear()
        self._overlay.clear()
        self._row_of_path.clear()
        self._distinct.clear()
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
        if batch.words_ready:
            self.words_ready.emit()  # suggestions can search every row now
            return
        if batch.notice:
            self.notice.emit(batch.notice)
        if batch.ids and batch.source is not None:
            first = self._count
            assert first == batch.first, "batches arrive in order"
            number = self._reader_of.get(batch.source.uri)
            if number is None:
                number = self._reader_of[batch.source.uri] = len(self._readers)
                self._readers.append(_Reader(batch.source))
            # Arrays, not a Python object per row.
            ids = np.array(batch.ids, dtype=np.int64)
            self._row_id = np.concatenate([self._row_id, ids])
            self._row_reader = np.concatenate(
                [self._row_reader, np.full(ids.size, number, dtype=np.int32)]
            )
            self._count += ids.size
            self.queries.copy(batch.source, batch.ids, first)
            self.records_added.emit(first, self._count - 1)
        if batch.problems:
            self.library.problems.extend(batch.problems)
            self.problems_changed.emit()
        self.loading_progress.emit(batch.done, batch.total)
        if batch.folders is not None:
            self.library.folders = [Path(f) for f in batch.folders]
        if self.loading and batch.done >= batch.total and not batch.ids and not batch.problems:
            self._finish()

    def _on_load_error(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            root = self.library.roots[0] if self.library.roots else Path()
            self.library.problems.append(Problem(root, f"cannot read the library: {error}"))
            self.problems_changed.emit()
            self._finish()

    def _finish(self) -> None:
        self._distinct.clear()  # asked for while loading, they may lack the last rows
        self.loading = False
        self.loading_finished.emit()

    # -- changing --------------------------------------------------------------------

    def change(self, record: Record, edits: tuple[Edit, ...]) -> Refusal | None:
        """Give ``record`` these edits: the one way a record changes. A refusal (record
        unchanged) comes back as a value; views learn of a change through record_changed."""
        try:
            record.set_edits(edits)
        except EditError as error:
            return Refusal(record.path, error.message)
        self._changed(record)
        return None

    def set_edits(self, record: Record, edits: tuple[Edit, ...]) -> None:
        """:meth:`change`, for callers that know the edits are writable (raises EditError)."""
        refusal = self.change(record, edits)
        if refusal is not None:
            raise EditError(refusal.message)

    def adopt(self, record: Record, fresh: Record) -> None:
        """Make ``record`` the file's new state ``fresh`` (re-read from disk, edits set)."""
        record.adopt(fresh)
        self._changed(record)

    def open_records(self) -> list[Record]:
        """Records parsed in this session and still held: with edits, or cached."""
        return [*self._pinned.values(), *self._cache.values()]

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
        self._overlay[row] = display_of(summary, self.row(row)[PATH])
        self._distinct.clear()
        self.queries.update(row, summary, topic_keys(record.data), record.modified)
