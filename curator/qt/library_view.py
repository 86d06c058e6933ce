"""The library table view: sensible column widths, a header menu to show or hide columns,
drag of rows to the related panel, and one-key scoring (digits, +/-, Space)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from .library_model import HEADERS, Column
from .triage import TableKey, table_key

WIDTHS = {
    Column.MODIFIED: 26,
    Column.PUBLISHED: 40,
    Column.TITLE: 226,
    Column.PROVIDER: 120,
    Column.DATE: 116,
    Column.QUALITY: 58,
    Column.HEAT: 46,
    Column.TOPICS: 180,
    Column.RELATED: 58,
    Column.IMAGES: 56,
    Column.FILE: 220,
}
HIDDEN_BY_DEFAULT = (Column.TOPICS, Column.FILE)


class LibraryView(QTableView):
    """A row-selecting table; right-click the header to choose columns.

    Digits, +/- and Space are scoring keys (:func:`~.triage.table_key`): they never open a
    cell editor (F2 or a double-click does).

    Signals:
        scored(TableKey): a scoring key was pressed; the triage applies it to the selection.
    """

    scored = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(False)
        rows = self.verticalHeader()
        rows.hide()
        # Every row the same height: Qt then never measures 100,000 rows one by one.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action: TableKey | None = table_key(event)
        if action is None or self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        event.accept()
        self.scored.emit(action)

    def apply_default_columns(self) -> None:
        """Default widths and visibility (used when no saved layout exists)."""
        header = self.horizontalHeader()
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
            header.setSectionHidden(column, column in HIDDEN_BY_DEFAULT)
        header.setSectionResizeMode(Column.MODIFIED, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)

    def column_menu(self) -> QMenu:
        """A menu with one checkable entry per column."""
        menu = QMenu(self)
        header = self.horizontalHeader()
        for column in Column:
            name = HEADERS[column] or "Modified"
            action = QAction(name, menu, checkable=True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != Column.TITLE)
            action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
            menu.addAction(action)
        return menu

    def _on_header_menu_requested(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))
