"""Keeps the journal of unsaved edits up to date, and restores it after a crash.

:class:`JournalKeeper` writes the store's modified records to the open library's journal
(:mod:`curator.core.journal`) at most half a second after a change, and removes it when
nothing is pending. :func:`restore` makes a journal's edits again on the files as they
are now, returning what the user must decide about as :class:`~.sync.DiskChange` values.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from ..core.journal import Entry, Journal, JournalError, entry_of, read_journal, restore_entry
from ..core.record import Problem
from .store import RecordStore
from .sync import DiskChange

WRITE_WITHIN_MS = 500
JOURNAL_DIR_VARIABLE = "CURATOR_JOURNAL_DIR"


def default_journal_dir() -> Path:
    """$CURATOR_JOURNAL_DIR, else ``journal`` in the user's data folder."""
    chosen = os.environ.get(JOURNAL_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(data) / "journal"


class JournalKeeper(QObject):
    """Writes the pending edits of the open library to its journal, soon after each change.

    Signals:
        failed(str): the journal could not be read or written (edits stay in memory).
    """

    failed = Signal(str)

    def __init__(self, store: RecordStore, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.folder = folder
        self.journal: Journal | None = None
        self._orphans: list[Path] = []
        self._writing = False  # not until what a crash left was dealt with
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WRITE_WITHIN_MS)
        self._timer.timeout.connect(self.flush)
        store.record_changed.connect(self._on_store_record_changed)
        store.library_reset.connect(self.discard)  # the user saved or dropped the old edits

    def open(self, roots: list[Path]) -> list[Entry]:
        """Take this process's journal of the library ``roots``; returns the edits that
        crashed processes left. Nothing is written until :meth:`start`."""
        self.discard()
        try:
            self.journal = Journal(self.folder, roots)
        except OSError as error:
            self.failed.emit(f"unsaved edits are not journaled: {self.folder}: {error.strerror}")
            return []
        entries: list[Entry] = []
        for path in self.journal.orphans():
            try:
                entries += read_journal(path)
            except JournalError as error:
                self.failed.emit(f"{error} (left in place)")
                continue
            self._orphans.append(path)
        return entries

    def start(self, *, drop_orphans: bool = True) -> None:
        """Write from now on, and now; then drop the journals a crash left (what of them
        was restored is in this process's journal by then), unless told to keep them."""
        self._writing = True
        self.flush()
        if self.journal is not None and drop_orphans:
            self.journal.drop(self._orphans)
        self._orphans = []

    def flush(self) -> None:
        """Write the journal now."""
        self._timer.stop()
        if not self._writing or self.journal is None:
            return
        anchor = self.store.library.root or Path()
        entries = []
        for record in self.store.modified_records():
            try:
                entries.append(entry_of(record, anchor))
            except TypeError as error:
                self.failed.emit(f"{record.path.name}: not journaled: {error}")
        try:
            self.journal.write(entries)
        except OSError as error:
            self.failed.emit(f"cannot write the journal {self.journal.file}: {error.strerror}")

    def discard(self) -> None:
        """Remove this process's journal: the user saved or dropped every edit."""
        self._timer.stop()
        self._writing = False
        if self.journal is not None:
            self.journal.close()
        self.journal = None
        self._orphans = []

    def _on_store_record_changed(self, _row: int) -> None:
        if self._writing and not self._timer.isActive():
            self._timer.start()  # not restarted by later changes: written within the interval


def restore(store: RecordStore, entries: list[Entry]) -> tuple[list[DiskChange], list[str]]:
    """Make the journal's edits again on the files as they are now: the records changed
    (conflicts to ask about among them), and why some could not be restored."""
    anchor = store.library.root or Path()
    changes: list[DiskChange] = []
    problems: list[str] = []
    for entry in entries:
        row = store.row_of_path(anchor / entry.path)
        record = store.record(row) if row >= 0 else None
        merged = restore_entry(entry, anchor)
        if isinstance(merged, Problem):
            problems.append(str(merged))
        elif record is None:
            problems.append(f"{entry.path}: no longer in the library; its edits were dropped")
        elif merged.conflicts:
            changes.append(DiskChange(record, "conflicts", merged, conflicts=merged.conflicts))
        else:
            store.adopt(record, merged.record)
            changes.append(DiskChange(record, "rebased"))
    return changes, problems
