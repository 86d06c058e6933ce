"""The library table: one row per record, columns for what curators sort and triage by.

Quality, heat and published are editable in the table; edits go through the
:class:`~curator.qt.commands.RecordEditor`, so they are undoable like any other.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ..core.fields import as_datetime, is_score, local_date_time, provider_name
from ..core.record import Record
from . import icons
from .commands import RecordEditor
from .mime import encode_records
from .store import RecordStore

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_WARN = QBrush(QColor("#c62828"))


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


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


class LibraryTableModel(QAbstractTableModel):
    """Rows are the store's records, in load order; the proxy sorts and filters."""

    def __init__(self, store: RecordStore, editor: RecordEditor, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.editor = editor
        self._rows = store.count()
        self._keys: dict[tuple[int, int], Any] = {}  # (row, column) -> sort key
        store.library_reset.connect(self._on_store_library_reset)
        store.records_added.connect(self._on_store_records_added)
        store.record_changed.connect(self._on_store_record_changed)

    # -- shape -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def record(self, row: int) -> Record:
        return self.store.record(row)

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
        if not index.isValid() or index.row() >= self._rows:
            return None
        record = self.store.record(index.row())
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(record, column, role)
        if role == SORT_ROLE:
            return self.sort_key(record, column)
        if role == RECORD_ROLE:
            return record
        return self._decoration(record, column, role)

    def _display(self, record: Record, column: Column, role: int) -> Any:
        data = record.data
        if column == Column.TITLE:
            return str(data.get("title", ""))
        if column == Column.PROVIDER:
            return provider_name(data)
        if column == Column.DATE:
            return local_date_time(data.get("publishedDateTime"))
        if column in SCORES:
            value = data.get(SCORES[column])
            if role == Qt.ItemDataRole.EditRole:
                return value if is_score(value) else 0
            return (
                value
                if isinstance(value, int) and not isinstance(value, bool)
                else ("" if value is None else str(value))
            )
        if column == Column.TOPICS:
            topics = data.get("topics")
            return ", ".join(map(str, topics)) if isinstance(topics, list) else str(topics or "")
        if column == Column.RELATED:
            return _count(data.get("related"))
        if column == Column.IMAGES:
            return _count(data.get("images"))
        if column == Column.FILE:
            return record.path.name
        return None

    def _decoration(self, record: Record, column: Column, role: int) -> Any:
        data = record.data
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.PUBLISHED:
            return (
                Qt.CheckState.Checked if data.get("published") is True else Qt.CheckState.Unchecked
            )
        if role == Qt.ItemDataRole.DecorationRole and column == Column.MODIFIED:
            if record.modified:
                return icons.icon("modified")
            return icons.icon("problems") if record.readonly else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in SCORES:
            return None if is_score(data.get(SCORES[column])) else _WARN
        return None

    def _tooltip(self, record: Record, column: Column) -> str | None:
        if column == Column.MODIFIED:
            if record.modified:
                return "Unsaved changes"
            return f"Read-only: {record.readonly}" if record.readonly else None
        if column == Column.TITLE:
            excerpt = record.data.get("excerpt")
            return str(excerpt) if excerpt else None
        if column == Column.FILE:
            return str(record.path)
        if column in SCORES and not is_score(record.data.get(SCORES[column])):
            return "Not a number from 0 to 100 in the file"
        return None

    def sort_key_at(self, row: int, column: int) -> Any:
        """:meth:`sort_key` of a row, cached until the record changes (sorting asks often)."""
        key = self._keys.get((row, column))
        if key is None:
            key = self._keys[(row, column)] = self.sort_key(self.store.record(row), Column(column))
        return key

    def sort_key(self, record: Record, column: Column) -> Any:
        """A key that sorts numbers as numbers and dates as dates; blanks last."""
        if column == Column.DATE:
            when = as_datetime(record.data.get("publishedDateTime"))
            return (0, when.timestamp()) if when else (1, 0.0)
        if column in SCORES:
            value = record.data.get(SCORES[column])
            if isinstance(value, int | float) and not isinstance(value, bool):
                return (0, float(value))
            return (1, 0.0)
        if column == Column.PUBLISHED:
            return (0, 1.0 if record.data.get("published") is True else 0.0)
        if column == Column.MODIFIED:
            return (0, 1.0 if record.modified else 0.0)
        value = self._display(record, column, Qt.ItemDataRole.DisplayRole)
        if isinstance(value, int):
            return (0, float(value))
        return (0 if value else 1, str(value).casefold())

    # -- editing -----------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        if self.store.record(index.row()).readonly:
            return base
        column = Column(index.column())
        if column == Column.PUBLISHED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if column in SCORES:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        record = self.store.record(index.row())
        column = Column(index.column())
        if column == Column.PUBLISHED and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.editor.set_value(record, ("published",), checked)
        if column in SCORES and role == Qt.ItemDataRole.EditRole:
            try:
                number = int(value)
            except (TypeError, ValueError):
                return False
            if not 0 <= number <= 100:
                return False
            return self.editor.set_value(record, (SCORES[column],), number)
        return False

    # -- drag to the related panel -------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        from .mime import RECORD_MIME

        return [RECORD_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return encode_records([self.store.record(row).path for row in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    # -- store signals -----------------------------------------------------------------

    def _on_store_library_reset(self) -> None:
        self.beginResetModel()
        self._rows = self.store.count()
        self._keys.clear()
        self.endResetModel()

    def _on_store_records_added(self, first: int, last: int) -> None:
        if last < self._rows:
            return
        self.beginInsertRows(QModelIndex(), max(first, self._rows), last)
        self._rows = last + 1
        self.endInsertRows()

    def _on_store_record_changed(self, row: int) -> None:
        for column in Column:
            self._keys.pop((row, column), None)
        if row < self._rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
