"""The dialog that shows values changed both here and on disk, mine beside the disk's, to pick."""

from __future__ import annotations

from typing import Any

import yaml
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.rebase import MISSING, Conflict
from .naming import named


def shown(value: Any) -> str:
    """A value as the file would spell it (YAML), or '(missing)'."""
    if value is MISSING:
        return "(missing)"
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, sort_keys=False)
    return text.removesuffix("...\n").rstrip("\n")


class ConflictDialog(QDialog):
    """Each conflicting value of one record: mine / on disk side by side, and a choice."""

    def __init__(self, name: str, conflicts: list[Conflict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"{name} changed on disk")
        self._groups: list[QButtonGroup] = []
        intro = QLabel(
            f"<b>{name}</b> changed on disk while you had unsaved edits. Your other edits "
            "were kept; these values changed on both sides. Pick which to keep:"
        )
        intro.setWordWrap(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        for column, title in enumerate(("Value", "Mine", "On disk")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for number, conflict in enumerate(conflicts):
            self._add_row(grid, number, conflict)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        buttons = named(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            ),
            "conflictButtons",
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _add_row(self, grid: QGridLayout, number: int, conflict: Conflict) -> None:
        row = number + 1
        label = QLabel(f"{conflict.label}\n({conflict.reason})")
        grid.addWidget(label, row, 0)
        group = QButtonGroup(self)
        for column, (side, value) in enumerate((("mine", conflict.mine), ("disk", conflict.disk))):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            text = named(QPlainTextEdit(shown(value)), f"{side}Value{number}")
            text.setReadOnly(True)
            text.setMaximumHeight(90)
            choice = named(
                QRadioButton("Keep mine" if side == "mine" else "Take disk"),
                f"{side}Choice{number}",
            )
            choice.setChecked(side == "mine")
            group.addButton(choice, column)
            inner.addWidget(text)
            inner.addWidget(choice)
            grid.addWidget(box, row, column + 1)
        self._groups.append(group)

    def keep_mine(self) -> list[bool]:
        """For each conflict, whether the user keeps their value."""
        return [group.checkedId() == 0 for group in self._groups]
