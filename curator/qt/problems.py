"""The problems panel: files curator could not load, with file, line and reason in a
curator's words (the parser's text below); double-click opens the file's folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..core.messages import explain
from ..core.record import Problem
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
            if index.column() == 2:
                headline, detail = explain(problem.message)
                return f"{headline}\n{detail}" if detail else headline
            return (problem.path.name, problem.line)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem}\nDouble-click to open its folder; Ctrl+C copies its path"
        return None

    def problem(self, row: int) -> Problem | None:
        problems = self.store.problems
        return problems[row] if 0 <= row < min(self._count, len(problems)) else None

    def _on_store_problems_changed(self) -> None:
        self.beginResetModel()
        self._count = len(self.store.problems)
        self.endResetModel()


class ProblemsView(QTableView):
    """A compact table for the problems dock (objectName ``problemsView``): double-click
    opens the file's folder; Copy Path (Ctrl+C) and Open Folder are in its context menu."""

    def __init__(self, model: ProblemsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsView")
        self.setModel(model)
        self._problems = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        copy = QAction("Copy Path", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_path)
        folder = QAction("Open Folder", self)
        folder.triggered.connect(self.open_folder)
        self.addActions([copy, folder])
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.doubleClicked.connect(lambda _index: self.open_folder())

    def _path(self) -> Path | None:
        problem = self._problems.problem(self.currentIndex().row())
        return problem.path if problem is not None else None

    def copy_path(self) -> None:
        path = self._path()
        if path is not None:
            QGuiApplication.clipboard().setText(str(path))

    def open_folder(self) -> None:
        path = self._path()
        if path is not None:
            folder = path if path.is_dir() else path.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def problems_view(model: ProblemsModel, parent: QWidget | None = None) -> QTableView:
    """The problems dock's table (see :class:`ProblemsView`)."""
    return ProblemsView(model, parent)
