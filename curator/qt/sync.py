"""Keeping open records in step with their files: notice changes on disk, reload or re-base.

:class:`FolderWatcher` watches the library's folders (never its files, there may be 100k)
and says when something in them changed. :func:`check_disk` compares the records the
window holds with their files: a record without pending edits is reloaded silently, one
with edits is re-based (:mod:`curator.core.rebase`); what needs the user (conflicts, a
deleted file with edits, a file that no longer loads) comes back as :class:`DiskChange`
values for the window to ask about, then :func:`resolve`, :func:`write_back` or
:func:`discard` finish the job.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from ..core.edits import EditError
from ..core.rebase import Conflict, Rebased, keep_mine, rebase
from ..core.record import Problem, Record, atomic_write, parse_record
from .store import RecordStore, Refusal

SETTLE_MS = 250  # a git pull touches many folders: check once it has settled


@dataclass
class DiskChange:
    """A record whose file changed on disk, and what became of it.

    ``kind`` is ``"reloaded"`` (no pending edits: read again), ``"rebased"`` (its edits
    were made on the new bytes), or one the user must decide about: ``"conflicts"``
    (``rebased`` holds the merge and its conflicts), ``"deleted"`` (the file is gone, the
    record has edits) or ``"problem"`` (the file no longer loads; ``message`` says why).
    """

    record: Record
    kind: str
    rebased: Rebased | None = None
    message: str = ""
    conflicts: list[Conflict] = field(default_factory=list)


def check_disk(store: RecordStore, records: list[Record] | None = None) -> list[DiskChange]:
    """Bring ``records`` (default: every record the store holds) up to date with their
    files; what changed, in particular what the user must decide about."""
    asks: list[DiskChange] = []
    seen: set[int] = set()
    for record in store.open_records() if records is None else records:
        if id(record) in seen:
            continue
        seen.add(id(record))
        change = _check(store, record)
        if change is not None:
            asks.append(change)
    return asks


def _check(store: RecordStore, record: Record) -> DiskChange | None:
    try:
        raw = record.path.read_bytes()
    except FileNotFoundError:
        return DiskChange(record, "deleted") if record.modified else None
    except OSError:
        return None  # unreadable for now: a save reports it
    if raw == record.disk_bytes:
        return None
    if not record.modified:  # nothing pending: read it again, silently
        fresh = parse_record(record.path, raw)
        if isinstance(fresh, Problem):
            return None  # listed as a problem when the library is read again
        store.adopt(record, fresh)
        return DiskChange(record, "reloaded")
    merged = rebase(record, raw)
    if isinstance(merged, Problem):
        return DiskChange(record, "problem", message=str(merged))
    if merged.conflicts:
        return DiskChange(record, "conflicts", merged, conflicts=merged.conflicts)
    store.adopt(record, merged.record)
    return DiskChange(record, "rebased")


def resolve(store: RecordStore, change: DiskChange, keep: list[bool]) -> list[Refusal]:
    """Finish a re-base: for each conflict keep mine (True) or the disk's value (False)."""
    assert change.rebased is not None
    fresh = change.rebased.record
    refusals: list[Refusal] = []
    for conflict, mine in zip(change.conflicts, keep, strict=True):
        if mine:
            try:
                keep_mine(fresh, conflict)
            except EditError as error:
                refusals.append(Refusal(fresh.path, f"{conflict.label}: {error.message}"))
    store.adopt(change.record, fresh)
    return refusals


def reload(store: RecordStore, record: Record) -> Refusal | None:
    """Read the record's file again, dropping its pending edits."""
    try:
        fresh = parse_record(record.path, record.path.read_bytes())
    except OSError as error:
        return Refusal(record.path, f"cannot read: {error.strerror}")
    if isinstance(fresh, Problem):
        return Refusal(record.path, fresh.message)
    store.adopt(record, fresh)
    return None


def write_back(store: RecordStore, record: Record) -> Refusal | None:
    """Write a deleted file again, with the record's edits."""
    data = record.current_bytes()
    try:
        atomic_write(record.path, data)
    except OSError as error:
        return Refusal(record.path, f"cannot write: {error.strerror}")
    fresh = parse_record(record.path, data)
    if isinstance(fresh, Problem):  # cannot be: these are the writer's own bytes
        return Refusal(record.path, fresh.message)
    store.adopt(record, fresh)
    return None


def discard(store: RecordStore, record: Record) -> None:
    """Drop the edits of a record whose file was deleted."""
    store.set_edits(record, record.saved_edits)


class FolderWatcher(QObject):
    """Says when files of the library may have changed: once things settle after a change
    in one of its folders, or when the application comes back to the front (a file
    written in place changes no folder).

    Signals:
        disk_may_have_changed: time to compare the records held with their files.
    """

    disk_may_have_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self._timer.timeout.connect(self.disk_may_have_changed)

    def on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        """Connect QGuiApplication.applicationStateChanged here (this object, not a
        lambda, is the receiver: the connection ends with it)."""
        if state == Qt.ApplicationState.ApplicationActive:
            self.disk_may_have_changed.emit()

    def watch(self, roots: list[Path], folders: list[Path] | None = None) -> None:
        """Watch ``folders`` (the library's, as its scan found them), or else ``roots`` and
        their sub-folders (hidden ones skipped, found by walking them), and nothing else."""
        old = self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        if folders:
            self._watcher.addPaths([str(p) for p in folders])
            return
        folders = [p for root in roots for p in _folders(root)]
        if folders:
            self._watcher.addPaths([str(p) for p in folders])

    def folders(self) -> list[str]:
        return list(self._watcher.directories())


def _folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return [root.parent] if root.parent.is_dir() else []
    found = [root]
    for top, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(top) / d for d in dirs]
    return found
