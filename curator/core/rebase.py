"""Re-basing unsaved edits onto a file that changed on disk: a three-way merge by key path.

The edits of a record are operations on the text it was loaded from (its root). When the
file changes on disk, :func:`rebase` reads the new bytes and makes the same edits on them.
An edit is kept where the disk left its value as it was in the root, dropped where the disk
already holds the edited value, and is a :class:`Conflict` where both sides changed the
same value differently, where the value vanished on disk, or where a list it edits by
index (or reaches through) changed on disk. A conflict is shown as mine / on disk for the
user to pick (:func:`keep_mine`, or nothing to take the disk's value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .edits import Edit, EditError, KeyPath, SetValue, format_path, get_at, has_path, overlaps
from .edits import strict_equal as same
from .record import Problem, Record, parse_record


class _Missing:
    """The value of a path that leads nowhere."""

    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """One value (or list) both sides changed: what I made it, what the disk holds now."""

    path: KeyPath
    mine: Any
    disk: Any
    base: Any
    edits: tuple[Edit, ...]
    reason: str

    @property
    def label(self) -> str:
        return format_path(self.path)


@dataclass
class Rebased:
    """The record read again from the new bytes, with the edits that merged cleanly."""

    record: Record
    conflicts: list[Conflict] = field(default_factory=list)


def value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path``, or :data:`MISSING`."""
    return get_at(data, path) if has_path(data, path) else MISSING


def rebase(record: Record, raw: bytes) -> Rebased | Problem:
    """``record``'s edits made on ``raw`` (the file's new bytes), plus the conflicts."""
    fresh = parse_record(record.path, raw)
    if isinstance(fresh, Problem) or not record.edits:
        return fresh if isinstance(fresh, Problem) else Rebased(fresh)
    if fresh.readonly:
        return Problem(record.path, f"the file on disk is now read-only: {fresh.readonly}")
    root, disk = record.root_data, fresh.data
    saved = _saved_data(record)
    kept: list[Edit] = []
    held: dict[KeyPath, list[Edit]] = {}  # conflict anchor -> my edits there
    reasons: dict[KeyPath, str] = {}
    for edit in record.edits:
        anchor = next((a for a in held if overlaps(a, edit.path)), None)
        if anchor is not None:
            shorter = min(anchor, edit.path, key=len)
            held[shorter] = [*held.pop(anchor), edit]
            reasons.setdefault(shorter, reasons.pop(anchor))
            continue
        verdict = _judge(edit, root, disk, saved)
        if verdict == "keep":
            kept.append(edit)
        elif verdict != "drop":
            held[edit.path] = [edit]
            reasons[edit.path] = verdict
    conflicts = _writable(fresh, kept)
    for path, edits in held.items():
        mine, theirs = value_at(record.data, path), value_at(disk, path)
        if not same(mine, theirs):  # both sides made the same change: nothing to ask
            base = value_at(root, path)
            conflicts.append(Conflict(path, mine, theirs, base, tuple(edits), reasons[path]))
    return Rebased(fresh, conflicts)


def _saved_data(record: Record) -> Any:
    """The values of the bytes last saved, when a save wrote some of the edits (else None)."""
    if not record.saved_edits:
        return None
    saved = parse_record(record.path, record.disk_bytes)
    return None if isinstance(saved, Problem) else saved.data


def _judge(edit: Edit, root: Any, disk: Any, saved: Any) -> str:
    """'keep', 'drop' (the disk has it, or it was saved and changed since) or why the edit
    is a conflict."""
    if not _same_lists_along(root, disk, edit.path):
        return "a list on the way to this value changed length on disk"
    base, theirs = value_at(root, edit.path), value_at(disk, edit.path)
    if same(base, theirs):
        return "keep"
    if isinstance(edit, SetValue):
        if same(theirs, edit.value):
            return "drop"
        if saved is not None and same(value_at(saved, edit.path), edit.value):
            return "drop"  # saved already, then changed on disk: no longer pending
        return "gone on disk" if theirs is MISSING else "changed on disk too"
    return "the list changed on disk; its items are edited by position"


def _same_lists_along(root: Any, disk: Any, path: KeyPath) -> bool:
    """Whether every list that ``path`` indexes into has as many items on both sides."""
    for at, key in enumerate(path):
        if isinstance(key, int):
            before, after = value_at(root, path[:at]), value_at(disk, path[:at])
            if isinstance(before, list) != isinstance(after, list):
                return False
            if isinstance(before, list) and len(before) != len(after):
                return False
    return True


def _writable(fresh: Record, kept: list[Edit]) -> list[Conflict]:
    """Set the kept edits on ``fresh``; one the writer refuses on the new text conflicts."""
    try:
        fresh.set_edits(tuple(kept))
        return []
    except EditError:
        pass
    good: list[Edit] = []
    conflicts: list[Conflict] = []
    for edit in kept:
        try:
            fresh.set_edits((*good, edit))
            good.append(edit)
        except EditError as error:
            theirs = value_at(fresh.data, edit.path)
            mine = edit.value if isinstance(edit, SetValue) else MISSING
            conflicts.append(Conflict(edit.path, mine, theirs, theirs, (edit,), error.message))
    fresh.set_edits(tuple(good))
    return conflicts


def keep_mine(record: Record, conflict: Conflict) -> None:
    """Make my side of ``conflict`` on the re-based ``record`` (raises EditError)."""
    before = record.edits
    try:
        record.set_edits((*record.edits, *conflict.edits))
        if same(value_at(record.data, conflict.path), conflict.mine):
            return
    except EditError:
        pass
    if conflict.mine is MISSING:
        raise EditError(f"'{conflict.label}' cannot be removed again; edit it by hand")
    record.set_edits(before)  # drop a partial attempt before the plain set below
    record.set_edits((*before, SetValue(conflict.path, conflict.mine)))
