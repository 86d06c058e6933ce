"""The library table: one row per record, columns for what curators sort and triage by.

Rows are shown in an order the :class:`~.query_thread.QueryThread` computes in bulk (a
NumPy array of store rows): sorting and filtering never call Python per row or per
comparison. The current record and the selection survive a new order, and a row edited
out of the filter stays until the query changes, so the selection never jumps.

Quality, heat and published are editable in the table; edits go through the
:class:`~curator.qt.commands.RecordEditor`, so they are undoable like any other.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush

from ..core.fields import is_score
from ..core.query import Query, parse_query
from ..core.record import Record
from . import icons
from .colors import color
from .commands import RecordEditor
from .loading import DISPLAY_COLUMNS
from .mime import encode_records
from .row_order import move_persistent, row_in_view
from .store import RecordStore

RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    MODIFIED = 0
    PUBLISHED = 1
    TITLE = 2
    PROVIDER = 3
    DATE = 4
    QUALITY = 5
    HEAT = 6
    TOPICS = 7
    RELATED = 8
    IMAGES = 9
    FILE = 10


HEADERS = {
    Column.MODIFIED: "",
    Column.PUBLISHED: "Pub",
    Column.TITLE: "Title",
    Column.PROVIDER: "Provider",
    Column.DATE: "Published",
    Column.QUALITY: "Quality",
    Column.HEAT: "Heat",
    Column.TOPICS: "Topics",
    Column.RELATED: "Related",
    Column.IMAGES: "Images",
    Column.FILE: "File",
}
TOOLTIPS = {
    Column.MODIFIED: "Unsaved changes",
    Column.PUBLISHED: "Published",
    Column.RELATED: "Number of related items",
    Column.IMAGES: "Number of images",
}
NUMERIC = {Column.QUALITY, Column.HEAT, Column.RELATED, Column.IMAGES}
SCORES = {Column.QUALITY: "quality", Column.HEAT: "heat"}


SORT_KEYS = {
    Column.MODIFIED: "modified",
    Column.PUBLISHED: "published",
    Column.TITLE: "title",
    Column.PROVIDER: "provider",
    Column.DATE: "date",
    Column.QUALITY: "quality",
    Column.HEAT: "heat",
    Column.TOPICS: "topics",
    Column.RELATED: "related",
    Column.IMAGES: "images",
    Column.FILE: "file",
}
_AT = {name: i for i, name in enumerate(DISPLAY_COLUMNS)}
_COLUMNS = tuple(Column)
_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        RECORD_ROLE,
    )
)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
_CHECKABLE = _FLAGS | Qt.ItemFlag.ItemIsUserCheckable
_EDITABLE = _FLAGS | Qt.ItemFlag.ItemIsEditable
# While a library loads, the table changes in steps, each a repaint of the whole table
# (about 20 ms of the window's thread, taken from parsing on a two-core machine): new rows
# join the end of the view, and the shown order catches up with them. The first rows show
# at once and the first steps come quickly, then the pauses double, up to a second or so:
# a 10,000-file library loads in about 8 steps rather than 20, and the status bar still
# counts every batch.
INSERT_WHILE_LOADING_MS = 250  # the first pause after rows were shown; then doubling to:
INSERT_WHILE_LOADING_MAX_MS = 1000
# Each catch-up of the order sorts every row on the query thread, so a big library catches
# up less often (rows arrive at the end of the view in between).
RESORT_WHILE_LOADING_MS = 400  # the first; then doubling to the greater of:
RESORT_WHILE_LOADING_MAX_MS = 1200
RESORT_PER_ROW_MS = 0.05  # 100,000 rows: every 5 s
_CLIENT = "table"  # whose orders the query thread answers
WARM_SORTS = ("title", "date", "quality", "heat", "provider")


def local_time(row: tuple[Any, ...]) -> str:
    """A row's date as a sortable readable local time (``2022-07-12 12:24``)."""
    seconds, text = row[_AT["date_utc"]], row[_AT["date"]]
    if seconds is None or row[_AT["date_only"]]:
        return text or ""
    try:
        when = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).astimezone()
    except (OverflowError, OSError, ValueError):
        return text or ""
    return when.strftime("%Y-%m-%d %H:%M")


class LibraryTableModel(QAbstractTableModel):
    """The store's rows in the order of the current sort and filter.

    Signals:
        order_applied: a sort or filter result is now shown.
        edit_refused(str): an edit made in a cell was not made; the text says why.
    """

    order_applied = Signal()
    edit_refused = Signal(str)

    def __init__(self, store: RecordStore, editor: RecordEditor, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.editor = editor
        self._order = np.arange(store.count(), dtype=np.int64)
        self._query: Query = parse_query("")
        self._key: str | None = None
        self._descending = False
        self._generation = 0
        self._kept: set[int] = set()  # rows edited while this query is shown
        self._covered = store.count()  # store rows the shown order has taken account of
        self._asked_count = 0  # the store's count when the pending order was asked for
        self._insert = QTimer(self)
        self._insert.setSingleShot(True)
        self._insert.timeout.connect(self._on_insert_timeout)
        self._resort = QTimer(self)
        self._resort.setSingleShot(True)
        self._resort.timeout.connect(self._request_order)
        self._insert_pause = INSERT_WHILE_LOADING_MS  # the next pause (they grow)
        self._resort_pause = RESORT_WHILE_LOADING_MS
        store.library_reset.connect(self._on_store_library_reset)
        store.records_added.connect(self._on_store_records_added)
        store.record_changed.connect(self._on_store_record_changed)
        store.loading_finished.connect(self._on_store_loading_finished)
        store.queries.ordered.connect(self._on_queries_ordered)

    # -- shape -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def source_row(self, view_row: int) -> int:
        """The store row shown at ``view_row``."""
        return int(self._order[view_row])

    def view_row(self, source_row: int) -> int:
        """Where the store row is shown (-1: hidden by the filter)."""
        found = np.flatnonzero(self._order == source_row)
        return int(found[0]) if found.size else -1

    def record_at(self, view_row: int) -> Record | None:
        """The whole record shown at ``view_row`` (parsed from its file)."""
        return self.store.record(self.source_row(view_row))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TOOLTIPS.get(column, HEADERS[column])
        if role == Qt.ItemDataRole.DecorationRole and column == Column.MODIFIED:
            return icons.icon("modified")
        return None

    # -- reading -----------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks every visible cell for a dozen roles: answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        view = index.row()
        if view >= len(self._order):
            return None
        source = int(self._order[view])
        row = row_in_view(self.store, self._order, view)
        column = _COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(source, row, column, role)
        if role == RECORD_ROLE:
            return self.store.record(source)
        return self._decoration(source, row, column, role)

    def _display(self, source: int, row: tuple[Any, ...], column: Column, role: int) -> Any:
        if column == Column.TITLE:
            return row[_AT["title"]]
        if column == Column.PROVIDER:
            return row[_AT["provider"]]
        if column == Column.DATE:
            return local_time(row)
        if column in SCORES:
            value = row[_AT[SCORES[column]]]
            if role == Qt.ItemDataRole.EditRole:
                return value if is_score(value) else 0
            if value is not None:
                return value
            return row[_AT[SCORES[column] + "_text"]] or ""
        if column == Column.TOPICS:
            return row[_AT["topics"]]
        if column == Column.RELATED:
            return row[_AT["n_related"]] or 0
        if column == Column.IMAGES:
            return row[_AT["n_images"]] or 0
        if column == Column.FILE:
            return self.store.path(source).name
        return None

    def _decoration(self, source: int, row: tuple[Any, ...], column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.PUBLISHED:
            checked = row[_AT["published"]] == 1
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == Column.MODIFIED:
            record = self.store.cached(source)
            if record is not None and record.modified:
                return icons.icon("modified")
            return icons.icon("problems") if row[_AT["readonly"]] else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(source, row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in SCORES:
            return None if is_score(row[_AT[SCORES[column]]]) else QBrush(color("error"))
        return None

    def _tooltip(self, source: int, row: tuple[Any, ...], column: Column) -> str | None:
        if column == Column.MODIFIED:
            record = self.store.cached(source)
            if record is not None and record.modified:
                return "Unsaved changes"
            readonly = row[_AT["readonly"]]
            return f"Read-only: {readonly}" if readonly else None
        if column == Column.TITLE:
            record = self.store.cached(source)
            excerpt = record.data.get("excerpt") if record is not None else None
            return str(excerpt) if excerpt else None
        if column == Column.FILE:
            return str(self.store.path(source))
        if column in SCORES and not is_score(row[_AT[SCORES[column]]]):
            return "Not a number from 0 to 100 in the file"
        return None

    # -- editing -----------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        view = index.row()
        if row_in_view(self.store, self._order, view)[_AT["readonly"]]:
            return _FLAGS
        column = index.column()
        if column == Column.PUBLISHED:
            return _CHECKABLE
        if column in SCORES:
            return _EDITABLE
        return _FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = Column(index.column())
        if column == Column.PUBLISHED and role == Qt.ItemDataRole.CheckStateRole:
            record = self.record_at(index.row())
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return record is not None and self._set(record, "published", checked)
        if column in SCORES and role == Qt.ItemDataRole.EditRole:
            try:
                number = int(value)
            except (TypeError, ValueError):
                return False
            if not 0 <= number <= 100:
                return False
            record = self.record_at(index.row())
            return record is not None and self._set(record, SCORES[column], number)
        return False

    def _set(self, record: Record, key: str, value: Any) -> bool:
        refusal = self.editor.set_value(record, (key,), value)
        if refusal is not None:
            self.edit_refused.emit(str(refusal))
        return refusal is None

    # -- drag to the related panel -------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        from .mime import RECORD_MIME

        return [RECORD_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return encode_records([self.store.path(self.source_row(row)) for row in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    # -- sorting and filtering -----------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._request_order()

    def set_query(self, query: Query) -> None:
        """Show the rows ``query`` matches (an empty query shows everything)."""
        self._query = query
        self._kept.clear()
        self._request_order()

    def query(self) -> Query:
        return self._query

    def _request_order(self) -> None:
        self._resort.stop()
        self._generation += 1
        self._asked_count = self.store.count()
        self.store.queries.order(
            self._generation, self._query, self._key, self._descending, client=_CLIENT
        )

    def _on_queries_ordered(self, client: str, generation: int, rows: Any) -> None:
        if client != _CLIENT or generation != self._generation:
            return  # a newer sort or filter is on its way
        if self._kept:
            missing = np.setdiff1d(np.fromiter(self._kept, dtype=np.int64), rows)
            if missing.size:
                rows = np.concatenate([rows, missing])
        self._apply(rows)
        self._covered = self._asked_count
        self._show_new_rows()  # rows that arrived while it was sorted
        if self._insert.isActive():  # this repaint showed them: a whole pause to the next
            self._insert.start(self._insert.interval())
        self.order_applied.emit()

    def _apply(self, rows: Any) -> None:
        """Show ``rows`` in this order, keeping selection and current row on their records."""
        old = self._order
        self.layoutAboutToBeChanged.emit()
        self._order = rows
        move_persistent(self, old, rows, self.store.count())
        self.layoutChanged.emit()

    # -- store signals -----------------------------------------------------------------

    def _on_store_library_reset(self) -> None:
        self.beginResetModel()
        self._order = np.zeros(0, dtype=np.int64)
        self._kept.clear()
        self._generation += 1
        self._covered = 0
        self._insert.stop()
        self._reset_pauses()
        self.endResetModel()

    def _on_store_records_added(self, _first: int, _last: int) -> None:
        if not self._insert.isActive():  # else they show when the pause ends
            self._show_new_rows()
            self._pause_inserts()
        if not self._resort.isActive():
            pause = max(self._resort_pause, int(self.store.count() * RESORT_PER_ROW_MS))
            self._resort.start(pause)
            self._resort_pause = min(2 * self._resort_pause, RESORT_WHILE_LOADING_MAX_MS)

    def _on_insert_timeout(self) -> None:
        if self._show_new_rows():  # rows came during the pause: pause again
            self._pause_inserts()

    def _pause_inserts(self) -> None:
        self._insert.start(self._insert_pause)
        self._insert_pause = min(2 * self._insert_pause, INSERT_WHILE_LOADING_MAX_MS)

    def _reset_pauses(self) -> None:
        """Back to the quick first steps, for the next load."""
        self._insert_pause = INSERT_WHILE_LOADING_MS
        self._resort_pause = RESORT_WHILE_LOADING_MS

    def _show_new_rows(self) -> bool:
        """Show the rows added since the order was last taken, at the end (the sort
        catches up shortly); with a filter, the next order brings those that match.
        Whether there were any."""
        count = self.store.count()
        if not self._query.is_empty or count <= self._covered:
            return False
        start = len(self._order)
        self.beginInsertRows(QModelIndex(), start, start + count - self._covered - 1)
        self._order = np.concatenate([self._order, np.arange(self._covered, count)])
        self._covered = count
        self.endInsertRows()
        return True

    def _on_store_loading_finished(self) -> None:
        self._reset_pauses()  # rows a later refresh adds show as quickly again
        self._show_new_rows()
        self._request_order()
        self.store.queries.warm([k for k in WARM_SORTS if k != self._key])

    def _on_store_record_changed(self, source: int) -> None:
        if not self._query.is_empty:
            self._kept.add(source)
        view = self.view_row(source)
        if view >= 0:
            self.dataChanged.emit(self.index(view, 0), self.index(view, len(Column) - 1))
