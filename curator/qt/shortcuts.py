"""Help → Keyboard shortcuts: every action's key (from :mod:`.actions`) and the table's keys."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .actions import Actions
from .naming import named
from .triage import TABLE_KEYS

NATIVE = QKeySequence.SequenceFormat.NativeText


def shortcut_rows(actions: Actions) -> list[tuple[str, str, str]]:
    """(where, key, what it does) for every action with a key, then the table's keys."""
    rows = []
    for action in actions.all():
        keys = ", ".join(k.toString(NATIVE) for k in action.shortcuts() if not k.isEmpty())
        if keys:
            what = action.text().replace("&", "").rstrip(".…")
            tip = action.statusTip()
            rows.append(("Window", keys, f"{what} — {tip}" if tip and tip != what else what))
    rows.extend(("Library table", key, what) for key, what in TABLE_KEYS)
    return rows


class ShortcutsDialog(QDialog):
    """A table of every keyboard shortcut curator knows, made from the actions themselves."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(640, 560)
        rows = shortcut_rows(actions)
        self.table = named(QTableWidget(len(rows), 3), "shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Where", "Key", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
