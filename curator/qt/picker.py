"""The Attach dialog: pick library records, filtered with the table's query language."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.fields import local_date
from ..core.query import Query, parse_query
from ..core.record import Record
from ..core.related import NO_URL, SAME_URL, TAKEN, attach_refusal, related_urls
from .loading import DISPLAY_COLUMNS
from .naming import named
from .query_line import QueryLine
from .row_order import move_persistent, row_in_view
from .store import RecordStore

Index = QModelIndex | QPersistentModelIndex
_AT = {name: i for i, name in enumerate(DISPLAY_COLUMNS)}
#: How the dialog says the core's attach refusals, of a candidate row.
_REFUSALS = {
    NO_URL: "has no webUrl to attach by",
    TAKEN: "already related",
    SAME_URL: "has the same webUrl as this record",
}


class Column(IntEnum):
    TITLE = 0
    PROVIDER = 1
    DATE = 2
    QUALITY = 3


HEADERS = ("Title", "Provider", "Published", "Quality")
SORT_KEYS = {
    Column.TITLE: "title",
    Column.PROVIDER: "provider",
    Column.DATE: "date",
    Column.QUALITY: "quality",
}


class CandidateModel(QAbstractTableModel):
    """Every library row but ``target``'s, in the order and filter asked for; rows it
    cannot take are shown disabled.

    Like the library table, the order is a NumPy array the query thread computes in bulk:
    neither sorting nor filtering calls Python per row, so the dialog opens and filters
    as fast over 100,000 records as over 30.

    Signals:
        order_applied: a sort or filter result is now shown.
    """

    order_applied = Signal()

    def __init__(
        self, store: RecordStore, target: Record, parent: Any = None, *, both: bool = False
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._target = target
        self._both = both
        self._order = self._without_target(np.arange(store.count(), dtype=np.int64))
        self._full: Any = None  # the unfiltered order of the current sort, once known
        self._query: Query = parse_query("")
        self._key: str | None = None
        self._descending = False
        self._generation = 0
        self._all_generation = 0
        self._some = f"picker-{id(self)}"  # the query thread's name for filtered orders
        self._all = f"{self._some}-all"  # ... and for the order of every row
        self._taken = set(related_urls(target.data))
        store.record_changed.connect(self._on_store_record_changed)
        store.records_added.connect(self._on_store_records_added)
        store.library_reset.connect(self._on_store_library_reset)
        store.queries.ordered.connect(self._on_queries_ordered)

    def source_row(self, row: int) -> int:
        return int(self._order[row])

    def total(self) -> int:
        """How many records could be shown (the library but the target)."""
        return self._store.count() - (self._store.row_of(self._target) >= 0)

    def record(self, row: int) -> Record | None:
        return self._store.record(self.source_row(row))

    def refusal(self, row: int) -> str | None:
        """Why the candidate in ``row`` cannot be attached to the target (None: it can)."""
        url = row_in_view(self._store, self._order, row)[_AT["web_url"]]
        links_back = (lambda: not self._lacks_link_back(row)) if self._both else None
        refusal = attach_refusal(
            url, self._target.data.get("webUrl"), self._taken, links_back=links_back
        )
        return None if refusal is None else _REFUSALS[refusal]

    def set_both(self, both: bool) -> None:
        """Attach both ways: a candidate related one way can be picked to link it back."""
        self._both = both
        if len(self._order):
            last = self.index(len(self._order) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [])

    def _lacks_link_back(self, row: int) -> bool:
        """Whether the candidate (already among the target's related) lacks the target
        among its own: parsed only for those few rows."""
        record = self._store.record(self.source_row(row))
        url = self._target.data.get("webUrl")
        return record is not None and bool(url) and url not in related_urls(record.data)

    # -- sorting and filtering -----------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._request_all()
        if not self._query.is_empty:
            self._request()

    def set_query(self, query: Query) -> None:
        """Show the candidates ``query`` matches; clearing the query shows them all at
        once when their order is known."""
        self._query = query
        self._request()

    def _request_all(self) -> None:
        """Ask for every row in the current sort order (what an empty query shows)."""
        self._full = None
        self._all_generation += 1
        self._store.queries.order(
            self._all_generation, parse_query(""), self._key, self._descending, client=self._all
        )

    def _request(self) -> None:
        self._generation += 1  # an answer to an older query is dropped
        if self._query.is_empty:
            if self._full is not None:
                self._show(self._full)
            return  # else it shows when the order of every row arrives
        self._store.queries.order(
            self._generation, self._query, self._key, self._descending, client=self._some
        )

    def _on_queries_ordered(self, client: str, generation: int, rows: Any) -> None:
        if client == self._all and generation == self._all_generation:
            self._full = self._without_target(rows)
            if self._query.is_empty:
                self._show(self._full)
        elif client == self._some and generation == self._generation:
            if not self._query.is_empty:
                self._show(self._without_target(rows))

    def _without_target(self, rows: Any) -> Any:
        own = self._store.row_of(self._target)
        return rows[rows != own] if own >= 0 else rows

    def _show(self, rows: Any) -> None:
        old = self._order
        self.layoutAboutToBeChanged.emit()
        self._order = rows
        move_persistent(self, old, rows, self._store.count())
        self.layoutChanged.emit()
        self.order_applied.emit()

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.refusal(index.row()) is not None:
            return Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        source = self.source_row(index.row())
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            row = row_in_view(self._store, self._order, index.row())
            return self._display(index.row(), source, row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            refusal = self.refusal(index.row())
            name = self._store.path(source).name
            return f"{name}: {refusal}" if refusal else name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.QUALITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, at: int, source: int, row: tuple[Any, ...], column: Column) -> str:
        if column == Column.TITLE:
            title = str(row[_AT["title"]] or self._store.path(source).name)
            return f"✓ {title}" if self.refusal(at) == "already related" else title
        if column == Column.PROVIDER:
            return str(row[_AT["provider"]] or "")
        if column == Column.DATE:
            seconds = row[_AT["date_utc"]]
            if seconds is None:
                return str(row[_AT["date"]] or "")
            return local_date(row[_AT["date"]])
        quality = row[_AT["quality"]]
        return "" if quality is None else str(quality)

    # -- store signals -------------------------------------------------------------------

    def _on_store_records_added(self, first: int, last: int) -> None:
        if self._query.is_empty:  # new rows show at the end until their order arrives
            self.beginInsertRows(QModelIndex(), len(self._order), len(self._order) + last - first)
            self._order = np.concatenate([self._order, np.arange(first, last + 1)])
            self.endInsertRows()
        self._request_all()
        if not self._query.is_empty:
            self._request()

    def _on_store_library_reset(self) -> None:
        self.beginResetModel()
        self._order = np.zeros(0, dtype=np.int64)
        self._full = None
        self._generation += 1
        self._all_generation += 1
        self.endResetModel()

    def _on_store_record_changed(self, row: int) -> None:
        if self._store.row_of(self._target) == row:
            self._taken = set(related_urls(self._target.data))
        if len(self._order):
            last = self.index(len(self._order) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [])


class AttachDialog(QDialog):
    """Choose records to attach to ``target``'s related items."""

    def __init__(
        self,
        store: RecordStore,
        target: Record,
        parent: QWidget | None = None,
        *,
        both: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachDialog")
        title = str(target.data.get("title") or target.path.name)
        self.setWindowTitle("Attach related articles")
        self._model = CandidateModel(store, target, self, both=both)
        self._build(title, both)
        self._connect_signals()
        self._update_buttons()
        self.resize(760, 460)

    # -- building ----------------------------------------------------------------------

    def _build(self, title: str, both: bool) -> None:
        heading = QLabel(f"Attach to <b>{_escape(title)}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self._query_line = QueryLine(
            "Filter: words, provider:…, quality:>=30, date:2022-07 …",
            ("pickerSearch", "pickerError"),
            self,
        )
        self._search, self._error = self._query_line.edit, self._query_line.error
        self._table = self._make_table()
        self._count = named(QLabel(self), "pickerCount")
        self._both = named(QCheckBox("Link both ways", self), "pickerBothWays")
        self._both.setChecked(both)
        self._both.setToolTip("Also attach this record to each record picked")
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self._attach = self._buttons.addButton("Attach", QDialogButtonBox.ButtonRole.AcceptRole)
        self._attach.setObjectName("pickerAttachButton")
        self._attach.setDefault(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self._both)
        bottom.addWidget(self._count, 1)
        bottom.addWidget(self._buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self._query_line)
        layout.addWidget(self._table, 1)
        layout.addLayout(bottom)

    def _make_table(self) -> QTableView:
        table = named(QTableView(self), "pickerTable")
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        # Widths from the font, not ResizeToContents: that reads a thousand rows on every
        # new order, which at 100,000 records froze the dialog for most of a second.
        metrics = table.fontMetrics()
        for column, sample in (
            (Column.PROVIDER, "Coastal Observer Daily"),
            (Column.DATE, "2022-07-12__"),
            (Column.QUALITY, "Quality__"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        return table

    def _connect_signals(self) -> None:
        self._query_line.lead_to(self._table)
        self._query_line.query_changed.connect(self._model.set_query)
        self._both.toggled.connect(self._model.set_both)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._table.doubleClicked.connect(self._on_table_double_clicked)
        self._model.layoutChanged.connect(self._update_buttons)
        self._model.rowsInserted.connect(self._update_buttons)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    # -- answers -----------------------------------------------------------------------

    def selected_records(self) -> list[Record]:
        """The records picked, in the order the table shows them."""
        rows = sorted(self._table.selectionModel().selectedRows(), key=lambda i: i.row())
        records = [
            self._model.record(i.row()) for i in rows if self._model.refusal(i.row()) is None
        ]
        return [r for r in records if r is not None]

    def both_ways(self) -> bool:
        return self._both.isChecked()

    # -- reacting ----------------------------------------------------------------------

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.flags() & Qt.ItemFlag.ItemIsSelectable:
            self.accept()

    def _update_buttons(self) -> None:
        picked = len(self.selected_records())
        self._attach.setEnabled(picked > 0)
        shown, total = self._model.rowCount(), self._model.total()
        text = f"{shown} of {total} records" if shown != total else f"{total} records"
        self._count.setText(f"{text}, {picked} selected" if picked else text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
