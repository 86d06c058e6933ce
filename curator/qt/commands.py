"""Undoable commands, and the editor that turns user actions into them.

Every change to a record, from the form, the table or the related panel, is a
:class:`RecordEditCommand` on the one ``QUndoStack``, and every command changes records
only through :meth:`RecordStore.change`. A command holds each record's edit tuple before
and after (git-cola's ``old_*``/``new_*``), so undo and redo are exact and cheap; typing
into one field merges into one step. What cannot be done comes back as a
:class:`~.store.Refusal` value, never through a signal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.edits import Edit, EditError, KeyPath, SetValue, format_path
from ..core.record import Problem, Record, parse_record
from ..core.related import attach_edits
from .store import RecordStore, Refusal

MERGE_ID = 0x6375  # any constant: commands with this id may merge

Step = tuple[Record, Edit | tuple[Edit, ...]]  # one edit, or a whole new edit tuple


class RecordEditCommand(QUndoCommand):
    """One undo step: one or more changes, each made through the store.

    The first redo proposes each step's edit on the record as it is then and asks the store
    to make it; if the store refuses one, the steps already made are undone, the refusal is
    kept in :attr:`refusal` and the command marks itself obsolete, so the stack drops it.
    Later redos and undos set the exact edit tuples recorded the first time.
    """

    def __init__(
        self,
        store: RecordStore,
        steps: list[Step],
        text: str,
        merge_key: object = None,
        *,
        partial: bool = False,
    ) -> None:
        super().__init__(text)
        self.partial = partial  # a refused step is skipped (kept in refusals), not fatal
        self.store = store
        self.steps = steps
        self.merge_key = merge_key
        self.changes: list[tuple[Record, tuple[Edit, ...], tuple[Edit, ...]]] = []
        self.generations: list[int] = []  # each record's generation when it was changed
        self.refusal: Refusal | None = None
        self.refusals: list[Refusal] = []
        self._done = False

    @property
    def record(self) -> Record | None:
        return self.steps[0][0] if len(self.steps) == 1 else None

    def redo(self) -> None:
        if self._done:
            if self._stale():
                return
            for record, _old, new in self.changes:
                self.store.set_edits(record, new)
            return
        self._done = True
        for record, step in self.steps:
            self.refusal = self._make(record, step)
            if self.refusal is not None and self.partial:
                self.refusals.append(self.refusal)
                self.refusal = None
            elif self.refusal is not None:
                self.undo()
                self.changes = []
                self.setObsolete(True)
                return
        if all(old == new for _r, old, new in self.changes):
            self.setObsolete(True)  # nothing changed: no step to undo

    def _make(self, record: Record, step: Edit | tuple[Edit, ...]) -> Refusal | None:
        old = record.edits
        try:
            new = step if isinstance(step, tuple) else record.propose(step)
        except EditError as error:
            return Refusal(record.path, error.message)
        refusal = self.store.change(record, new) if new != old else None
        if refusal is None:
            self.changes.append((record, old, new))
            self.generations.append(record.generation)
        return refusal

    def undo(self) -> None:
        if self._stale():
            return
        for record, old, _new in reversed(self.changes):
            self.store.set_edits(record, old)

    def _stale(self) -> bool:
        """A record was re-based onto new bytes since: its old tuples no longer apply, so
        the step does nothing and leaves the stack (obsolete)."""
        if any(
            r.generation != g for (r, *_), g in zip(self.changes, self.generations, strict=True)
        ):
            self.setObsolete(True)
            return True
        return False

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, RecordEditCommand) or other.isObsolete():
            return False
        if other.merge_key != self.merge_key or not self.changes:
            return False
        mine, theirs = [c[0] for c in self.changes], [c[0] for c in other.changes]
        if len(mine) != len(theirs) or any(a is not b for a, b in zip(mine, theirs, strict=True)):
            return False  # typing into a field merges only over the same records
        self.changes = [
            (record, old, new[2])
            for (record, old, _n), new in zip(self.changes, other.changes, strict=True)
        ]
        if all(old == new for _r, old, new in self.changes):
            self.setObsolete(True)  # typed and then typed back: no step left to undo
        return True


class RecordEditor(QObject):
    """The one place user actions become undo commands; refusals come back as values."""

    def __init__(
        self, store: RecordStore, stack: QUndoStack, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.stack = stack

    def set_value(
        self, record: Record, path: KeyPath, value: Any, *, merge: bool = False
    ) -> Refusal | None:
        """Set one value; with ``merge``, consecutive sets of this field are one undo step."""
        label = f"Set {format_path(path)}"
        return self.apply(record, SetValue(path, value), label, merge_key=path if merge else None)

    def apply(
        self, record: Record, edit: Edit, text: str, *, merge_key: object = None
    ) -> Refusal | None:
        """Make ``edit`` as one undo step; the refusal when it cannot be made."""
        return self.apply_steps([(record, edit)], text, merge_key=merge_key)

    def apply_steps(
        self, steps: list[Step], text: str, *, merge_key: object = None
    ) -> Refusal | None:
        """Make several edits as one undo step, all or none; the refusal of the first that
        cannot be made (nothing is then changed and no step is added)."""
        command = RecordEditCommand(self.store, steps, text, merge_key)
        self.stack.push(command)  # runs redo(); an obsolete command is dropped
        return command.refusal

    def apply_each(
        self, steps: list[Step], text: str, *, merge_key: object = None
    ) -> list[Refusal]:
        """Make several edits as one undo step, skipping those that cannot be made: the
        others still change. Returns the refusals (empty when all were made)."""
        command = RecordEditCommand(self.store, steps, text, merge_key, partial=True)
        self.stack.push(command)
        return command.refusals

    def revert(self, record: Record) -> None:
        """Drop the record's unsaved edits, as one undoable step."""
        if record.saved_edits != record.edits:
            self.apply_steps([(record, record.saved_edits)], f"Revert {record.path.name}")

    def attach(self, target: Record, sources: list[Record], *, both: bool = False) -> AttachPlan:
        """Attach each of ``sources`` to ``target`` (and back, with ``both``) as one undo
        step. Every edit is tried on scratch copies first, so nothing is left half-done;
        the plan returned names what was attached and what was refused."""
        plan = plan_attach(target, sources, both=both)
        if plan.steps:
            names = plan.names[0] if len(plan.names) == 1 else f"{len(plan.names)} records"
            steps: list[Step] = [(record, edit) for record, edit, _text in plan.steps]
            refusal = self.apply_steps(steps, f"Attach {names} to {target.path.name}")
            if refusal is not None:  # scratch copies said yes: should not happen
                plan.refusals.append(str(refusal))
                plan.names = []
        return plan


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
