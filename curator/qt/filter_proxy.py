"""Sorting and filtering of the library table with the core's query language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from ..core.query import Query, parse_query
from .library_model import SORT_ROLE, LibraryTableModel

Index = QModelIndex | QPersistentModelIndex


class RecordFilterProxy(QSortFilterProxyModel):
    """Shows the records a :class:`~curator.core.query.Query` matches, sorted by keys
    that order numbers and dates by value.

    A row that was shown stays shown when an edit makes it stop matching, until the query
    changes (as in a mail client): publishing a record under ``published:false`` does not
    make the selection jump to another record.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query: Query = parse_query("")
        self._shown: set[int] = set()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_query(self, query: Query) -> None:
        """Filter by ``query`` (an empty query shows everything)."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._query = query
            self._shown.clear()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._query = query
            self._shown.clear()
            self.invalidateRowsFilter()

    def query(self) -> Query:
        return self._query

    def _table(self) -> LibraryTableModel:
        model = self.sourceModel()
        assert isinstance(model, LibraryTableModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._query.is_empty:
            return True
        record = self._table().record(source_row)
        if self._query.matches(record.data, modified=record.modified):
            self._shown.add(id(record))
            return True
        return id(record) in self._shown

    def lessThan(self, left: Index, right: Index) -> bool:
        table = self._table()
        column = left.column()
        a = table.sort_key_at(left.row(), column)
        b = table.sort_key_at(right.row(), column)
        if a == b:
            return left.row() < right.row()
        return bool(a < b)
