"""Triage: edits that apply to every selected row, and the table's one-key scoring.

A user action on a selection is one undo step over all its records
(:meth:`~.commands.RecordEditor.apply_each`); records that refuse (read-only, say) are
named once in the reply and the others still change. Records are parsed from their files
to be edited, so a selection larger than :data:`MAX_BULK` rows is refused with a message
instead of freezing the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QTableView

from ..core.edits import Edit, SetValue
from ..core.fields import is_score
from ..core.record import Record
from .commands import RecordEditor, Step
from .store import RecordStore, Refusal

# Rows one action may edit: each record is parsed from its file and its edit written and
# verified by the core writer, 3-6 ms a record (benchmarks/bench_triage.py), so 2,000 rows
# are about 6-12 s under a wait cursor; more is refused with a message.
MAX_BULK = 2_000
WAIT_CURSOR_FROM = 50
NUDGE = 5
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
# The symbols Shift+digit types on a US layout: the same keys, read as Shift+digit.
SHIFTED = {
    Qt.Key.Key_Exclam: 1,
    Qt.Key.Key_At: 2,
    Qt.Key.Key_NumberSign: 3,
    Qt.Key.Key_Dollar: 4,
    Qt.Key.Key_Percent: 5,
    Qt.Key.Key_AsciiCircum: 6,
    Qt.Key.Key_Ampersand: 7,
    Qt.Key.Key_Asterisk: 8,
    Qt.Key.Key_ParenLeft: 9,
    Qt.Key.Key_ParenRight: 0,
}
XKB_NUMBER_ROW = (10, 19)  # keycodes of the keys 1 … 9, 0 on a PC keyboard
UP_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
DOWN_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Underscore)

# The table's keys, as the Help → Keyboard shortcuts window lists them.
TABLE_KEYS = (
    ("1 … 9", "Set quality to 10 … 90 (selected rows)"),
    ("0", "Set quality to 100 (selected rows)"),
    ("Shift+1 … Shift+9", "Set heat to 10 … 90 (selected rows)"),
    ("Shift+0", "Set heat to 100 (selected rows)"),
    ("+ or =", f"Raise quality by {NUDGE} (at most 100)"),
    ("-", f"Lower quality by {NUDGE} (at least 0)"),
    ("Shift++ or Shift+=", f"Raise heat by {NUDGE}"),
    ("Shift+-", f"Lower heat by {NUDGE}"),
    ("Space", "Toggle published (selected rows)"),
    ("F2", "Edit the cell"),
)


@dataclass(frozen=True)
class TableKey:
    """What a key pressed in the table does: set or nudge a score, or toggle published."""

    action: str  # "set", "nudge" or "toggle"
    key: str = ""  # "quality" or "heat"
    value: int = 0


def table_key(event: QKeyEvent) -> TableKey | None:
    """The scoring action of a key press in the table, or None for any other key."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    if mods & ~Qt.KeyboardModifier.ShiftModifier:
        return None  # Ctrl/Alt/Meta combinations are shortcuts, not scores
    key = event.key()
    row_digit = _number_row(event) if shift else None
    if row_digit is not None:  # Shift+digit on any layout (é, /, " …): the physical key
        return TableKey("set", "heat", row_digit * 10 or 100)
    if key in DIGITS or key in SHIFTED:
        digit = DIGITS.get(Qt.Key(key), SHIFTED.get(Qt.Key(key), 0))
        heat = shift or key in SHIFTED
        return TableKey("set", "heat" if heat else "quality", digit * 10 or 100)
    if key in UP_KEYS or key in DOWN_KEYS:
        # "+" needs Shift on a US keyboard: there "=" is quality and Shift+"=" heat.
        heat = shift or key == Qt.Key.Key_Underscore
        delta = NUDGE if key in UP_KEYS else -NUDGE
        return TableKey("nudge", "heat" if heat else "quality", delta)
    if key == Qt.Key.Key_Space and not shift:
        return TableKey("toggle", "published")
    return None


def _number_row(event: QKeyEvent) -> int | None:
    """The digit of the number-row key pressed, from its XKB keycode (X11, Wayland: 10 is
    "1" … 19 is "0" whatever the layout); None elsewhere or for another key."""
    if QGuiApplication.platformName() not in ("xcb", "wayland"):
        return None
    code = event.nativeScanCode()
    return (code - 9) % 10 if XKB_NUMBER_ROW[0] <= code <= XKB_NUMBER_ROW[1] else None


def nudged(value: Any, delta: int) -> int | None:
    """A score moved by ``delta`` and kept within 0..100; None if it is not a score."""
    if value is None:
        return max(0, min(100, delta))
    return max(0, min(100, value + delta)) if is_score(value) else None


class Triage(QObject):
    """Bulk edits over the records the table's selection names, and its scoring keys.

    Signals:
        told(str): a message for the status bar (refusals, a selection too large).
    """

    told = Signal(str)

    def __init__(
        self, editor: RecordEditor, table: QTableView, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.table = table
        self.advance = False  # after a scoring key, move on to the next row

    def selected_records(self, *, quiet: bool = False) -> list[Record] | None:
        """The selected rows' records in view order (the current row's if none is
        selected); None, with a message unless ``quiet``, when there are too many."""
        selection = self.table.selectionModel()
        rows = sorted({index.row() for index in selection.selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if len(rows) > MAX_BULK:
            if not quiet:
                self.told.emit(
                    f"{len(rows):,} rows selected: edit at most {MAX_BULK:,} at once "
                    "(narrow the filter, or select fewer rows)"
                )
            return None
        store: RecordStore = self.editor.store
        order = self.table.model()
        records = [store.record(order.source_row(row)) for row in rows]  # type: ignore[attr-defined]
        return [r for r in records if r is not None]

    def on_key(self, action: TableKey) -> None:
        """A scoring key pressed in the table: apply it to the selection, maybe advance."""
        records = self.selected_records()
        if not records:
            return
        if action.action == "set":
            self.set_value(records, action.key, action.value)
        elif action.action == "nudge":
            self.nudge(records, action.key, action.value)
        else:
            self.toggle_published(records)
        if self.advance:
            self.step(1)

    def toggle_selected(self) -> None:
        """Toggle published on the selected rows (Ctrl+P)."""
        records = self.selected_records()
        if records:
            self.toggle_published(records)

    def step(self, delta: int) -> None:
        """Make the row ``delta`` rows after the current one current, alone selected."""
        model = self.table.model()
        rows = model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex()
        row = 0 if not current.isValid() else min(max(current.row() + delta, 0), rows - 1)
        column = current.column() if current.isValid() else 0
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(model.index(row, column), flags)
        self.table.scrollTo(model.index(row, column))

    def set_value(self, records: list[Record], key: str, value: Any) -> list[Refusal]:
        """Set ``key`` to ``value`` in every record, as one undo step."""
        label = f"Set {key} to {value}"
        return self.edit(records, lambda _r: SetValue((key,), value), label)

    def toggle_published(self, records: list[Record]) -> list[Refusal]:
        """Publish all, or unpublish all when every one is already published."""
        value = not all(r.data.get("published") is True for r in records)
        return self.set_value(records, "published", value)

    def nudge(self, records: list[Record], key: str, delta: int) -> list[Refusal]:
        """Move ``key`` by ``delta`` in each record (clamped to 0..100)."""

        def edit(record: Record) -> Edit | None:
            value = nudged(record.data.get(key), delta)
            return None if value is None else SetValue((key,), value)

        sign = "+" if delta > 0 else "-"
        return self.edit(records, edit, f"{key.capitalize()} {sign}{abs(delta)}")

    def edit(
        self,
        records: list[Record],
        make: Callable[[Record], Edit | None],
        text: str,
    ) -> list[Refusal]:
        """One undo step making ``make(record)`` in each record; refusals are told once."""
        refusals, message = edit_all(self.editor, records, make, text)
        if message:
            self.told.emit(message)
        return refusals


def edit_all(
    editor: RecordEditor,
    records: list[Record],
    make: Callable[[Record], Edit | None],
    text: str,
    *,
    merge_key: object = None,
    skip_reason: str = "the value is not a number 0–100",
) -> tuple[list[Refusal], str | None]:
    """One undo step making ``make(record)`` in each record (None: leave it as it is).
    Returns the refusals and one message about them (or about records left), or None."""
    steps: list[Step] = []
    for record in records:
        edit = make(record)
        if edit is not None:
            steps.append((record, edit))
    if len(records) > 1:
        text = f"{text} ({len(records)} records)"
    with _busy(len(steps) >= WAIT_CURSOR_FROM):
        refusals = editor.apply_each(steps, text, merge_key=merge_key) if steps else []
    skipped = len(records) - len(steps)
    if refusals:
        first = str(refusals[0])
        more = f" (and {len(refusals) - 1} more)" if len(refusals) > 1 else ""
        changed = len(steps) - len(refusals)
        return (
            refusals,
            f"{len(refusals)} of {len(records)} not changed: {first}{more}; {changed} changed",
        )
    if skipped and skip_reason:
        return refusals, f"{skipped} of {len(records)} left as they were: {skip_reason}"
    return refusals, None


@contextmanager
def _busy(busy: bool) -> Iterator[None]:
    """A wait cursor while a long bulk edit runs."""
    if busy:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        if busy:
            QGuiApplication.restoreOverrideCursor()
