"""The one query line: a filter edit that parses, explains errors, debounces, and leads
the keyboard into the list it filters. The window and the Attach dialog both use it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core.query import QUERY_HELP, Query, QueryError, parse_query
from . import icons
from .colors import hex_color, on_palette_change, set_style_sheet
from .naming import named

# Keys typed within this many ms filter once, for the last one.
DEBOUNCE_MS = 15


class QueryLine(QWidget):
    """A line edit for the query language with its error label below it.

    A valid text clears any error shown for an earlier one; an invalid one keeps the last
    valid query in force and says what is wrong, where. Down (or Return) moves the focus
    into the list set with :meth:`lead_to`, selecting its current or first row.

    Signals:
        query_changed(Query): a valid query was typed (debounced).
    """

    query_changed = Signal(object)

    def __init__(
        self,
        placeholder: str,
        names: tuple[str, str],
        parent: QWidget | None = None,
        *,
        debounce: int = 0,
    ) -> None:
        super().__init__(parent)
        self.edit = named(QLineEdit(self), names[0])
        self.edit.setPlaceholderText(placeholder)
        self.edit.setToolTip(QUERY_HELP)
        self.edit.setClearButtonEnabled(True)
        self.edit.addAction(icons.icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self.error = named(QLabel(self), names[1])
        self.error.setWordWrap(True)
        self._restyle()
        on_palette_change(self._restyle, self)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self._query = parse_query("")
        self._list: QAbstractItemView | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce)
        self._timer.timeout.connect(lambda: self.query_changed.emit(self._query))
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.returnPressed.connect(self.enter_list)
        self.edit.installEventFilter(self)

    def _restyle(self) -> None:
        set_style_sheet(self.error, f"color: {hex_color('error')};")

    def query(self) -> Query:
        """The last valid query typed."""
        return self._query

    def lead_to(self, view: QAbstractItemView) -> None:
        """Down or Return in the line moves the focus into ``view``."""
        self._list = view
        view.installEventFilter(self)

    def clear(self) -> None:
        self.edit.clear()

    def _on_edit_text_changed(self, text: str) -> None:
        try:
            query = parse_query(text)
        except QueryError as error:
            self.error.setText(f"⚠ {error}")
            self.error.show()
            return
        self.error.clear()
        self.error.hide()
        self._query = query
        if self._timer.interval() > 0:
            self._timer.start()
        else:
            self.query_changed.emit(query)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        view = self._list
        if watched is self.edit and event.key() == Qt.Key.Key_Down and view is not None:
            self.enter_list()
            return True
        if (
            view is not None
            and watched is view
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and not view.selectionModel().hasSelection()
        ):
            # Focus (by Tab) made the first row current without selecting it: the first
            # arrow selects that row instead of skipping past it.
            select_current_or_first(view)
            return True
        return super().eventFilter(watched, event)

    def enter_list(self) -> None:
        """Focus the list with its current row selected (the first if none is current)."""
        view = self._list
        if view is None:
            return
        if self._timer.isActive():  # the list must show this text's rows first
            self._timer.stop()
            self.query_changed.emit(self._query)
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        select_current_or_first(view)


def select_current_or_first(view: QAbstractItemView) -> None:
    """Make sure a row of ``view`` is selected: its current row, else its first."""
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None or model.rowCount() == 0:
        return
    if selection.hasSelection():
        return
    index = view.currentIndex()
    if not index.isValid():
        index = model.index(0, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | (
        QItemSelectionModel.SelectionFlag.Rows
    )
    selection.setCurrentIndex(index, flags)
