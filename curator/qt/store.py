"""The open library as a Qt object: records, problems, loading, saving, change signals.

Everything that changes a record goes through :class:`RecordStore` (undo commands call
:meth:`RecordStore.set_edits`), so models and widgets learn of it from one place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core.edits import Edit
from ..core.images import cache_dir_for
from ..core.library import Library, scan
from ..core.record import Problem, Record, load_record
from . import tasks

REPORT_EVERY = 0.5  # seconds between batches: each one costs the GUI a repaint and a re-sort


def _load_all(paths: list[Path], report: Callable[[Any], None]) -> None:
    """Worker: read every file under ``paths``, reporting records in batches."""
    files = list(scan(paths))
    batch: list[Record | Problem] = []
    last = time.monotonic()
    for done, path in enumerate(files, start=1):
        batch.append(load_record(path))
        if time.monotonic() - last >= REPORT_EVERY or done == len(files):
            report((batch, done, len(files)))
            batch = []
            last = time.monotonic()
    if not files:
        report(([], 0, 0))


class RecordStore(QObject):
    """Records of the open library and the only way to change them.

    Signals:
        library_reset: a new library replaced the old one (empty until loaded).
        records_added(int, int): rows first..last were appended.
        record_changed(int): the record in that row changed (edits, save, revert).
        problems_changed: the list of problems changed.
        loading_progress(int, int): files read so far, files in all.
        loading_finished: every file of the library was read.
    """

    library_reset = Signal()
    records_added = Signal(int, int)
    record_changed = Signal(int)
    problems_changed = Signal()
    loading_progress = Signal(int, int)
    loading_finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = Library()
        self.loading = False
        self._rows: dict[int, int] = {}
        self._by_url: dict[str, Record] = {}
        self._generation = 0

    # -- reading ---------------------------------------------------------------------

    @property
    def records(self) -> list[Record]:
        return self.library.records

    @property
    def problems(self) -> list[Problem]:
        return self.library.problems

    def count(self) -> int:
        return len(self.library.records)

    def record(self, row: int) -> Record:
        return self.library.records[row]

    def row_of(self, record: Record) -> int:
        return self._rows.get(id(record), -1)

    def by_web_url(self, url: str) -> Record | None:
        return self._by_url.get(url)

    def modified_records(self) -> list[Record]:
        return [r for r in self.library.records if r.modified]

    def image_cache_dir(self) -> Path | None:
        root = self.library.root
        return cache_dir_for(root) if root is not None else None

    # -- loading ---------------------------------------------------------------------

    def open(self, paths: list[Path], *, background: bool = True) -> None:
        """Replace the library with the one under ``paths``; reads off the GUI thread."""
        self._generation += 1
        self.library = Library(roots=list(paths))
        self._rows.clear()
        self._by_url.clear()
        self.loading = True
        self.library_reset.emit()
        self.problems_changed.emit()
        generation = self._generation
        if not background:
            _load_all(list(paths), lambda part: self._on_batch(generation, part))
            return
        tasks.start(
            _load_all,
            list(paths),
            on_done=lambda _r: None,
            on_progress=lambda part: self._on_batch(generation, part),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_batch(self, generation: int, part: tuple[list[Record | Problem], int, int]) -> None:
        if generation != self._generation:
            return  # a batch of a library that was replaced meanwhile
        loaded, done, total = part
        first = len(self.library.records)
        had_problems = len(self.library.problems)
        for item in loaded:
            self.library.add(item)
        for row in range(first, len(self.library.records)):
            self._index(row)
        if len(self.library.records) > first:
            self.records_added.emit(first, len(self.library.records) - 1)
        if len(self.library.problems) != had_problems:
            self.problems_changed.emit()
        self.loading_progress.emit(done, total)
        if done >= total:
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

    def _index(self, row: int) -> None:
        record = self.library.records[row]
        self._rows[id(record)] = row
        url = record.data.get("webUrl")
        if isinstance(url, str) and url:
            self._by_url.setdefault(url, record)

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
        if row >= 0:
            url = record.data.get("webUrl")
            if isinstance(url, str) and url:
                self._by_url.setdefault(url, record)
            self.record_changed.emit(row)
