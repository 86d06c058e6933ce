"""Undoable commands, and the editor that turns user actions into them.

Every change to a record, from the form, the table or the related panel, is a
:class:`RecordEditCommand` on the one ``QUndoStack``. A command holds the record's edit
tuple before and after (git-cola's ``old_*``/``new_*``), so undo and redo are exact and
cheap; typing into one field merges into one step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.edits import Edit, EditError, KeyPath, SetValue, format_path
from ..core.record import Problem, Record, parse_record
from ..core.related import attach_edits
from .store import RecordStore

MERGE_ID = 0x6375  # any constant: commands with this id may merge


class RecordEditCommand(QUndoCommand):
    """Give one record a new edit tuple; undo gives it back the old one."""

    def __init__(
        self,
        store: RecordStore,
        record: Record,
        old: tuple[Edit, ...],
        new: tuple[Edit, ...],
        text: str,
        merge_key: object = None,
    ) -> None:
        super().__init__(text)
        self.store = store
        self.record = record
        self.old = old
        self.new = new
        self.merge_key = merge_key
        self.already_applied = False

    def redo(self) -> None:
        if self.already_applied:  # the editor applied it to check it could be written
            self.already_applied = False
            self.store.notify_changed(self.record)
            return
        self.store.set_edits(self.record, self.new)

    def undo(self) -> None:
        self.store.set_edits(self.record, self.old)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, RecordEditCommand) or other.record is not self.record:
            return False
        if other.merge_key != self.merge_key:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)  # typed and then typed back: no step left to undo
        return True


class RecordEditor(QObject):
    """The one place user actions become undo commands.

    Signals:
        edit_failed(str): an edit was refused; the message says why.
    """

    edit_failed = Signal(str)

    def __init__(
        self, store: RecordStore, stack: QUndoStack, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.stack = stack

    def set_value(self, record: Record, path: KeyPath, value: Any, *, merge: bool = False) -> bool:
        """Set one value; with ``merge``, consecutive sets of this field are one undo step."""
        label = f"Set {format_path(path)}"
        return self.apply(record, SetValue(path, value), label, merge_key=path if merge else None)

    def apply(self, record: Record, edit: Edit, text: str, *, merge_key: object = None) -> bool:
        """Push a command making ``edit``; False (and edit_failed) when it is refused."""
        old = record.edits
        try:
            new = record.propose(edit)
            if new == old:
                return True
            record.set_edits(new)  # proves the edit can be written before it is pushed
        except EditError as error:
            self.edit_failed.emit(f"{record.path.name}: {error.message}")
            return False
        command = RecordEditCommand(self.store, record, old, new, text, merge_key)
        command.already_applied = True
        self.stack.push(command)
        return True

    def revert(self, record: Record) -> None:
        """Drop the record's unsaved edits, as one undoable step."""
        saved = record.saved_edits
        if saved != record.edits:
            self.stack.push(
                RecordEditCommand(
                    self.store, record, record.edits, saved, f"Revert {record.path.name}"
                )
            )

    def attach(self, target: Record, sources: list[Record], *, both: bool = False) -> int:
        """Attach each of ``sources`` to ``target`` (and back, with ``both``) as one undo
        step; returns how many were attached. Every edit is tried on scratch copies first,
        so nothing is left half-done; refusals go out through ``edit_failed``."""
        plan = plan_attach(target, sources, both=both)
        for message in plan.refusals:
            self.edit_failed.emit(message)
        if not plan.steps:
            return 0
        names = plan.names[0] if len(plan.names) == 1 else f"{len(plan.names)} records"
        self.stack.beginMacro(f"Attach {names} to {target.path.name}")
        for record, edit, text in plan.steps:
            self.apply(record, edit, text)
        self.stack.endMacro()
        return len(plan.names)


@dataclass
class AttachPlan:
    """The edits that attach some records, each already proven writable."""

    steps: list[tuple[Record, Edit, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def plan_attach(target: Record, sources: list[Record], *, both: bool) -> AttachPlan:
    """Attach each source to ``target`` (and ``target`` back to each with ``both``; a side
    already linked is skipped, so a half-done attach is completed), trying every edit on
    scratch copies; a source that cannot be attached is skipped with the reason in
    ``refusals``."""
    plan = AttachPlan()
    scratch: dict[int, Record] = {}

    def now(record: Record) -> Record:
        return scratch.get(id(record), record)

    for source in sources:
        try:
            edits = attach_edits(now(target), now(source), both=both)
            steps = [(target if r is now(target) else source, e) for r, e in edits]
            tried = {id(record): _tried(now(record), edit) for record, edit in steps}
        except EditError as error:
            plan.refusals.append(error.message)
            continue
        scratch.update(tried)
        name = source.path.name
        for record, edit in steps:
            text = f"Attach {name} to {target.path.name}"
            if record is source:
                text = f"Attach {target.path.name} to {name}"
            plan.steps.append((record, edit, text))
        plan.names.append(name)
    return plan


def _tried(record: Record, edit: Edit) -> Record:
    """A scratch copy of ``record`` with ``edit`` made; raises EditError if it cannot be."""
    if record.readonly:
        raise EditError(f"{record.path.name} is read-only: {record.readonly}")
    copy = parse_record(record.path, record.current_bytes())
    if isinstance(copy, Problem):
        raise EditError(copy.message)
    copy.apply(edit)
    return copy
