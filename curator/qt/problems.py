"""The problems panel: files curator could not load, with file, line and reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .store import RecordStore

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("File", "Line", "Reason")


class ProblemsModel(QAbstractTableModel):
    """Read-only rows of the store's problems."""

    def __init__(self, store: RecordStore, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self._count = len(store.problems)
        store.problems_changed.connect(self._on_store_problems_changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        problem = self.store.problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (problem.path.name, problem.line, problem.message)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(problem)
        return None

    def _on_store_problems_changed(self) -> None:
        self.beginResetModel()
        self._count = len(self.store.problems)
        self.endResetModel()


def problems_view(model: ProblemsModel, parent: QWidget | None = None) -> QTableView:
    """A compact table for the problems dock (objectName ``problemsView``)."""
    view = QTableView(parent)
    view.setObjectName("problemsView")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view
