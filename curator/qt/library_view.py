"""The library table view: sensible column widths, a header menu to show or hide columns,
drag of rows to the related panel (a drag never changes the record shown), and one-key
scoring (digits, +/-, Space)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QDrag, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

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
        self._press: QMouseEvent | None = None  # a plain left press not yet given to Qt
        self._dragged = False  # a drag ended; the button is still down until its release
        self._editing = QPersistentModelIndex()  # the cell edited across a new row order

    # -- an open cell editor survives a new row order, or is closed cleanly ---------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.layoutAboutToBeChanged.disconnect(self._on_model_layout_about_to_be_changed)
            old.layoutChanged.disconnect(self._on_model_layout_changed)
        super().setModel(model)
        if model is not None:
            model.layoutAboutToBeChanged.connect(self._on_model_layout_about_to_be_changed)
            model.layoutChanged.connect(self._on_model_layout_changed)

    def open_editor(self) -> QWidget | None:
        """The cell editor open in the table, if any."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        # Editors are the viewport's own child widgets (this table has no index widgets).
        children = self.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        return next((w for w in children if w.isVisible()), None)

    def _on_model_layout_about_to_be_changed(self) -> None:
        # A new order (a filter, a sort) may hide the edited row, and Qt then drops its
        # editor with what was typed, leaving the view in its editing state: a later
        # commit from that editor "does not belong to this view", and the next keys go
        # to another cell. Write what was typed to its record while its row is known.
        editor = self.open_editor()
        if editor is not None:
            self._editing = QPersistentModelIndex(self.currentIndex())
            self.commitData(editor)

    def _on_model_layout_changed(self) -> None:
        editing, self._editing = self._editing, QPersistentModelIndex()
        editor = self.open_editor()
        if editor is not None and not editing.isValid():
            # Its row is gone: Qt releases the editor on its next layout, but would leave
            # the view in its editing state (closeEditor no longer knows the editor).
            focus = QApplication.focusWidget()
            had_focus = focus is not None and (focus is editor or editor.isAncestorOf(focus))
            editor.removeEventFilter(self.itemDelegate())  # no commit on losing the focus
            editor.hide()
            self.setState(QAbstractItemView.State.NoState)
            if had_focus:
                self.setFocus(Qt.FocusReason.OtherFocusReason)

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

    # -- a press selects on release, so a drag leaves the current record alone -------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Qt makes the pressed row current at once, and the panels follow it: a drag of
        # row B onto A's related list would then attach B to itself. Hold a plain left
        # press until it is a click (release) or a drag (move past the drag distance).
        index = self.indexAt(event.position().toPoint())
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if event.button() == Qt.MouseButton.LeftButton and plain and index.isValid():
            self._press = QMouseEvent(
                QEvent.Type.MouseButtonPress,
                QPointF(event.position()),
                QPointF(event.globalPosition()),
                event.button(),
                event.buttons(),
                event.modifiers(),
            )
            event.accept()
            return
        self._press = None
        self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if self._dragged and event.buttons() & Qt.MouseButton.LeftButton:
            event.accept()
            return
        self._dragged = False
        if press is None:
            super().mouseMoveEvent(event)
            return
        moved = (event.position() - press.position()).manhattanLength()
        if event.buttons() & Qt.MouseButton.LeftButton and moved >= (
            QApplication.startDragDistance()
        ):
            self._press = None
            self._dragged = True
            self._drag_from(self.indexAt(press.position().toPoint()).row())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        if self._dragged:
            self._dragged = False
            event.accept()
            return
        if press is not None:
            super().mousePressEvent(press)  # a click: select as Qt does
        super().mouseReleaseEvent(event)

    def _drag_from(self, row: int) -> None:
        """Drag the selected rows if ``row`` is one of them, else ``row`` alone."""
        model = self.model()
        if model is None or row < 0:
            return
        selected = {i.row() for i in self.selectionModel().selectedRows()}
        rows = sorted(selected) if row in selected else [row]
        mime = model.mimeData([model.index(r, 0) for r in rows])
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(model.supportedDragActions(), Qt.DropAction.CopyAction)
