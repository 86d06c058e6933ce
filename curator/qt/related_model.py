"""The related items of one record as a list model, with drag-reorder and record drops.

The model only shows ``record.data["related"]``; it never edits. A drag that reorders
rows or a drop of library records is turned into a request signal, which the panel makes
into an undoable command. When the store reports the record changed, the model compares
the old and new items and emits the narrowest change (one insert, remove or move, or a
``dataChanged`` range), so selections follow the item that moved.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ..core.fields import first_image_url, local_date, provider_name, quality_of
from ..core.links import stale_fields
from ..core.record import Record
from .mime import RECORD_MIME, decode_records
from .store import RecordStore

Index = QModelIndex | QPersistentModelIndex

TITLE_ROLE = Qt.ItemDataRole.DisplayRole
PROVIDER_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2
QUALITY_ROLE = Qt.ItemDataRole.UserRole + 3
URL_ROLE = Qt.ItemDataRole.UserRole + 4
IMAGE_URL_ROLE = Qt.ItemDataRole.UserRole + 5
EXCERPT_ROLE = Qt.ItemDataRole.UserRole + 6
ITEM_ROLE = Qt.ItemDataRole.UserRole + 7
STALE_ROLE = Qt.ItemDataRole.UserRole + 8  # the fields differing from the record (a list)

ROW_MIME = "application/x-curator-related-row"


def item_title(item: Any) -> str:
    """What a list shows for a related item, even a malformed one."""
    if not isinstance(item, dict):
        return f"(not an article: {str(item)[:60]})"
    title = item.get("title")
    if isinstance(title, str) and title.strip():
        return title
    url = item.get("webUrl")
    return str(url) if url else "(untitled)"


class RelatedModel(QAbstractListModel):
    """Rows are the related items of the record given to :meth:`set_record`.

    Signals:
        move_requested(int, int): a drag asks to move item ``source`` to ``target``.
        records_dropped(list): record files (``list[Path]``) were dropped to be attached.
    """

    move_requested = Signal(int, int)
    records_dropped = Signal(list)

    def __init__(self, store: RecordStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._record: Record | None = None
        self._items: list[Any] = []
        self._stale: list[tuple[list[str], Record | None]] = []
        store.record_changed.connect(self._on_store_record_changed)
        store.library_reset.connect(self._on_store_library_reset)

    # -- the record ----------------------------------------------------------------------

    def record(self) -> Record | None:
        return self._record

    def set_record(self, record: Record | None) -> None:
        """Show the related items of ``record`` (None: nothing)."""
        self.beginResetModel()
        self._record = record
        self._items = _items_of(record)
        self._stale = self._find_stale()
        self.endResetModel()

    def editable(self) -> bool:
        return self._record is not None and not self._record.readonly

    def item(self, row: int) -> dict[str, Any]:
        """The item in ``row`` as a mapping (empty for a malformed item or a bad row)."""
        if 0 <= row < len(self._items) and isinstance(self._items[row], dict):
            return self._items[row]
        return {}

    # -- reading -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        raw = self._items[index.row()]
        item = raw if isinstance(raw, dict) else {}
        if role == TITLE_ROLE:
            return item_title(raw)
        if role == STALE_ROLE:
            return self.stale(index.row())[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [str(item[k]) for k in ("excerpt", "webUrl") if item.get(k)]
            differ, source = self.stale(index.row())
            if differ and source is not None:
                parts.insert(0, f"Stale: {', '.join(differ)} differ from {source.path.name}")
            return "\n\n".join(parts) or None
        return _role_value(raw, item, role)

    def roleNames(self) -> dict[int, QByteArray]:
        names = {
            TITLE_ROLE: b"title",
            PROVIDER_ROLE: b"provider",
            DATE_ROLE: b"date",
            QUALITY_ROLE: b"quality",
            URL_ROLE: b"webUrl",
            IMAGE_URL_ROLE: b"imageUrl",
            EXCERPT_ROLE: b"excerpt",
            ITEM_ROLE: b"item",
        }
        return {int(role): QByteArray(name) for role, name in names.items()}

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable() else Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        return flags | Qt.ItemFlag.ItemIsDragEnabled if self.editable() else flags

    # -- drag and drop -------------------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME, RECORD_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if self._record is not None and rows:
            payload = {"path": str(self._record.path), "rows": rows}
            mime.setData(ROW_MIME, json.dumps(payload).encode("utf-8"))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.editable() or column > 0 or data is None:
            return False
        if data.hasFormat(ROW_MIME):
            return self._dragged_row(data) is not None
        return bool(decode_records(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        source = self._dragged_row(data)
        if source is None:
            self.records_dropped.emit(decode_records(data))
            return True
        before = row if row >= 0 else parent.row() if parent.isValid() else len(self._items)
        return self._request_move(source, before)

    def moveRows(
        self,
        sourceParent: Index,
        sourceRow: int,
        count: int,
        destinationParent: Index,
        destinationChild: int,
    ) -> bool:
        """Ask (through ``move_requested``) for one row to move before ``destinationChild``."""
        if sourceParent.isValid() or destinationParent.isValid() or count != 1:
            return False
        if not self.editable():
            return False
        return self._request_move(sourceRow, destinationChild)

    def _dragged_row(self, data: QMimeData) -> int | None:
        """The row a drag of this model's record carries (None: not one of ours)."""
        try:
            payload = json.loads(bytes(data.data(ROW_MIME).data()).decode("utf-8"))
            path, rows = payload["path"], payload["rows"]
        except (ValueError, KeyError, TypeError):
            return None
        if self._record is None or path != str(self._record.path) or len(rows) != 1:
            return None
        row = rows[0]
        return row if isinstance(row, int) and 0 <= row < len(self._items) else None

    def _request_move(self, source: int, before: int) -> bool:
        count = len(self._items)
        if not (0 <= source < count and 0 <= before <= count):
            return False
        target = before - 1 if before > source else before
        if target == source:
            return True
        items = self._items
        self.move_requested.emit(source, target)
        return self._items is not items  # the store reported the record changed

    # -- following the store ---------------------------------------------------------------

    def _on_store_library_reset(self) -> None:
        self.set_record(None)

    def stale(self, row: int) -> tuple[list[str], Record | None]:
        """The fields on which item ``row`` differs from the library record it copies
        (empty when it is not stale), and that record."""
        return self._stale[row] if 0 <= row < len(self._stale) else ([], None)

    def _find_stale(self) -> list[tuple[list[str], Record | None]]:
        found: list[tuple[list[str], Record | None]] = []
        for raw in self._items:
            url = raw.get("webUrl") if isinstance(raw, dict) else None
            source = self._store.by_web_url(url) if isinstance(url, str) and url else None
            if source is None or source is self._record:
                found.append(([], None))
            else:
                found.append((stale_fields(raw, source.data), source))
        return found

    def _on_store_record_changed(self, row: int) -> None:
        if self._record is None:
            return
        if self._store.row_of(self._record) == row:
            self._update(_items_of(self._record))
        stale = self._find_stale()  # the record or one its items copy changed
        old = self._stale
        changed = [i for i, now in enumerate(stale) if i >= len(old) or old[i] != now]
        self._stale = stale
        if changed:
            self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]), [STALE_ROLE])

    def _update(self, new: list[Any]) -> None:
        """Go from the shown items to ``new`` with the narrowest signals."""
        old = self._items
        change = _diff(old, new)
        kind = change[0]
        root = QModelIndex()
        if kind == "same":
            self._items = new
        elif kind == "changed":
            self._items = new
            first, last = change[1], change[2]
            self.dataChanged.emit(self.index(first), self.index(last), [])
        elif kind == "insert":
            self.beginInsertRows(root, change[1], change[1])
            self._items = new
            self.endInsertRows()
        elif kind == "remove":
            self.beginRemoveRows(root, change[1], change[1])
            self._items = new
            self.endRemoveRows()
        elif kind == "move":
            source, target = change[1], change[2]
            before = target + 1 if target > source else target
            self.beginMoveRows(root, source, source, root, before)
            self._items = new
            self.endMoveRows()
        else:
            self.beginResetModel()
            self._items = new
            self.endResetModel()


def _role_value(raw: Any, item: dict[str, Any], role: int) -> Any:
    if role == PROVIDER_ROLE:
        return provider_name(item)
    if role == DATE_ROLE:
        return local_date(item.get("publishedDateTime"))
    if role == QUALITY_ROLE:
        return quality_of(item)
    if role == URL_ROLE:
        return str(item.get("webUrl") or "")
    if role == IMAGE_URL_ROLE:
        return first_image_url(item)
    if role == EXCERPT_ROLE:
        return str(item.get("excerpt") or "")
    if role == ITEM_ROLE:
        return raw
    return None


def _items_of(record: Record | None) -> list[Any]:
    items = record.data.get("related") if record is not None else None
    return list(items) if isinstance(items, list) else []


def _diff(old: list[Any], new: list[Any]) -> tuple[Any, ...]:
    """One of ("same",), ("changed", first, last), ("insert", row), ("remove", row),
    ("move", source, target) or ("reset",)."""
    if len(new) == len(old) + 1:
        row = _first_difference(old, new)
        return ("insert", row) if new[:row] + new[row + 1 :] == old else ("reset",)
    if len(new) == len(old) - 1:
        row = _first_difference(new, old)
        return ("remove", row) if old[:row] + old[row + 1 :] == new else ("reset",)
    if len(new) != len(old):
        return ("reset",)
    differing = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not differing:
        return ("same",)
    first, last = differing[0], differing[-1]
    if first != last:
        if old[first] == new[last] and old[first + 1 : last + 1] == new[first:last]:
            return ("move", first, last)
        if old[last] == new[first] and old[first:last] == new[first + 1 : last + 1]:
            return ("move", last, first)
    return ("changed", first, last)


def _first_difference(shorter: list[Any], longer: list[Any]) -> int:
    for i, item in enumerate(shorter):
        if item != longer[i]:
            return i
    return len(shorter)
