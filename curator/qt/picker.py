"""The Attach dialog: pick library records, filtered with the table's query language."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.fields import local_date
from ..core.query import QUERY_HELP, Query, QueryError, parse_query
from ..core.record import Record
from ..core.related import related_urls
from .loading import DISPLAY_COLUMNS
from .naming import named
from .store import RecordStore

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_AT = {name: i for i, name in enumerate(DISPLAY_COLUMNS)}


class Column(IntEnum):
    TITLE = 0
    PROVIDER = 1
    DATE = 2
    QUALITY = 3


HEADERS = ("Title", "Provider", "Published", "Quality")


class CandidateModel(QAbstractTableModel):
    """Every library row but ``target``'s; those it cannot take are shown disabled."""

    def __init__(
        self, store: RecordStore, target: Record, parent: Any = None, *, both: bool = False
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._target = target
        self._both = both
        self._rows: list[int] = []
        self._taken: set[str] = set()
        self._rebuild()
        store.record_changed.connect(self._on_store_record_changed)
        store.records_added.connect(self._on_store_records_added)
        store.library_reset.connect(self._on_store_library_reset)

    def source_row(self, row: int) -> int:
        return self._rows[row]

    def record(self, row: int) -> Record | None:
        return self._store.record(self._rows[row])

    def refusal(self, row: int) -> str | None:
        """Why the candidate in ``row`` cannot be attached to the target (None: it can)."""
        url = self._store.row(self._rows[row])[_AT["web_url"]]
        if not isinstance(url, str) or not url:
            return "has no webUrl to attach by"
        if url in self._taken and not (self._both and self._lacks_link_back(row)):
            return "already related"
        if url == self._target.data.get("webUrl"):
            return "has the same webUrl as this record"
        return None

    def set_both(self, both: bool) -> None:
        """Attach both ways: a candidate related one way can be picked to link it back."""
        self._both = both
        if self._rows:
            last = self.index(len(self._rows) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [])

    def _lacks_link_back(self, row: int) -> bool:
        """Whether the candidate (already among the target's related) lacks the target
        among its own: parsed only for those few rows."""
        record = self._store.record(self._rows[row])
        url = self._target.data.get("webUrl")
        return record is not None and bool(url) and url not in related_urls(record.data)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        source = self._rows[index.row()]
        row = self._store.row(source)
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), source, row, column)
        if role == SORT_ROLE:
            return _sort_key(row, column)
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

    def _rebuild(self) -> None:
        own = self._store.row_of(self._target)
        self._rows = [r for r in range(self._store.count()) if r != own]
        self._taken = set(related_urls(self._target.data))

    def _reset(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _on_store_records_added(self, _first: int, _last: int) -> None:
        self._reset()

    def _on_store_library_reset(self) -> None:
        self._reset()

    def _on_store_record_changed(self, row: int) -> None:
        if self._store.row_of(self._target) == row:
            self._taken = set(related_urls(self._target.data))
        if self._rows:
            last = self.index(len(self._rows) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [])


def _sort_key(row: tuple[Any, ...], column: Column) -> Any:
    if column == Column.TITLE:
        return str(row[_AT["title"]] or "").casefold()
    if column == Column.PROVIDER:
        return str(row[_AT["provider"]] or "").casefold()
    if column == Column.DATE:
        seconds = row[_AT["date_utc"]]
        return seconds if seconds is not None else float("-inf")
    quality = row[_AT["quality"]]
    return float(quality) if quality is not None else float("-inf")


class CandidateFilter(QSortFilterProxyModel):
    """Shows the candidates a query matches; the query thread finds them in bulk."""

    def __init__(self, store: RecordStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._query: Query = parse_query("")
        self._allowed: set[int] | None = None
        self._token = 0
        self.setSortRole(SORT_ROLE)
        store.queries.matched.connect(self._on_queries_matched)

    def set_query(self, query: Query) -> None:
        self._query = query
        if query.is_empty:
            self._allowed = None
            self.invalidate()
            return
        self._token += 1
        self._store.queries.match(self._token, query)

    def _on_queries_matched(self, token: int, rows: Any) -> None:
        if token != self._token:
            return
        self._allowed = set(rows.tolist())
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._allowed is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, CandidateModel)
        return model.source_row(source_row) in self._allowed


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
        self._proxy = CandidateFilter(store, self)
        self._proxy.setSourceModel(self._model)
        self._build(title, both)
        self._connect_signals()
        self._update_buttons()
        self.resize(760, 460)

    # -- building ----------------------------------------------------------------------

    def _build(self, title: str, both: bool) -> None:
        heading = QLabel(f"Attach to <b>{_escape(title)}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self._search = named(QLineEdit(self), "pickerSearch")
        self._search.setPlaceholderText("Filter: words, provider:…, quality:>=30, date:2022-07 …")
        self._search.setToolTip(QUERY_HELP)
        self._search.setClearButtonEnabled(True)
        self._error = named(QLabel(self), "pickerError")
        self._error.setStyleSheet("color: #c62828;")
        self._error.setWordWrap(True)
        self._error.hide()
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
        for widget in (heading, self._search, self._error):
            layout.addWidget(widget)
        layout.addWidget(self._table, 1)
        layout.addLayout(bottom)

    def _make_table(self) -> QTableView:
        table = named(QTableView(self), "pickerTable")
        table.setModel(self._proxy)
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
        for column in (Column.PROVIDER, Column.DATE, Column.QUALITY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _connect_signals(self) -> None:
        self._search.textChanged.connect(self._on_search_text_changed)
        self._both.toggled.connect(self._model.set_both)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._table.doubleClicked.connect(self._on_table_double_clicked)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    # -- answers -----------------------------------------------------------------------

    def selected_records(self) -> list[Record]:
        """The records picked, in the order the table shows them."""
        rows = sorted(self._table.selectionModel().selectedRows(), key=lambda i: i.row())
        picked = [self._proxy.mapToSource(i).row() for i in rows]
        records = [self._model.record(r) for r in picked if self._model.refusal(r) is None]
        return [r for r in records if r is not None]

    def both_ways(self) -> bool:
        return self._both.isChecked()

    # -- reacting ----------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        try:
            query = parse_query(text)
        except QueryError as error:
            self._error.setText(str(error))
            self._error.show()
            return
        self._error.clear()
        self._error.hide()
        self._proxy.set_query(query)
        self._update_buttons()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.flags() & Qt.ItemFlag.ItemIsSelectable:
            self.accept()

    def _update_buttons(self) -> None:
        picked = len(self.selected_records())
        self._attach.setEnabled(picked > 0)
        shown, total = self._proxy.rowCount(), self._model.rowCount()
        text = f"{shown} of {total} records" if shown != total else f"{total} records"
        self._count.setText(f"{text}, {picked} selected" if picked else text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
