"""Undoable commands, and the editor that turns user actions into them.

Every change to a record, from the form, the table or the related panel, is a
:class:`RecordEditCommand` on the one ``QUndoStack``. A command holds the record's edit
tuple before and after (git-cola's ``old_*``/``new_*``), so undo and redo are exact and
cheap; typing into one field merges into one step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.edits import Edit, EditError, KeyPath, SetValue, format_path
from ..core.record import Record
from ..core.related import attach_edit
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
        saved = record.revert_edits()
        if saved != record.edits:
            self.stack.push(
                RecordEditCommand(
                    self.store, record, record.edits, saved, f"Revert {record.path.name}"
                )
            )

    def attach(self, target: Record, source: Record, *, both: bool = False) -> bool:
        """Attach ``source`` to ``target``'s related items (and back, with ``both``)."""
        try:
            forward = attach_edit(target, source)
            back = attach_edit(source, target) if both else None
        except EditError as error:
            self.edit_failed.emit(error.message)
            return False
        self.stack.beginMacro(f"Attach {source.path.name}")
        ok = self.apply(target, forward, f"Attach to {target.path.name}")
        if ok and back is not None:
            ok = self.apply(source, back, f"Attach to {source.path.name}")
        self.stack.endMacro()
        if not ok:
            self.stack.undo()
        return ok
