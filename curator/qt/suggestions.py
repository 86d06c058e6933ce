"""The *Suggested* list under the related items: records likely the same story, found by
:mod:`curator.core.suggest` on a pool thread, attached with one click or a drag."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..core.fields import local_date
from ..core.record import Record
from ..core.suggest import Subject, Suggestion, subject_of, suggest
from . import icons, tasks
from .mime import RECORD_MIME, encode_records
from .naming import named
from .store import RecordStore

LIMIT = 8
REFRESH_MS = 400  # after an edit of the title or excerpt
BUTTON = 22
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Found:
    """A suggestion and the file it names."""

    path: Path
    suggestion: Suggestion


def find(sources: list[tuple[str, str, int | None]], subject: Subject, limit: int) -> list[Found]:
    """Worker: the best ``limit`` suggestions over the indexes ``sources`` (uri, path
    prefix, the record's own id in that index)."""
    found: list[Found] = []
    for uri, prefix, own_id in sources:
        db = sqlite3.connect(uri, uri=True)
        try:
            db.execute("PRAGMA read_uncommitted = 1")  # in-memory indexes share a cache
            for hit in suggest(db, replace(subject, own_id=own_id), limit):
                found.append(Found(Path(prefix + hit.path), hit))
        except sqlite3.Error:
            continue  # an index being rebuilt: no suggestions from it this time
        finally:
            db.close()
    found.sort(key=lambda f: (-f.suggestion.score, str(f.path)))
    return found[:limit]


class SuggestionModel(QAbstractListModel):
    """The suggestions for the record shown, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._found: list[Found] = []

    def set_found(self, found: list[Found]) -> None:
        self.beginResetModel()
        self._found = list(found)
        self.endResetModel()

    def found(self, row: int) -> Found:
        return self._found[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._found)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._found):
            return None
        hit = self._found[index.row()].suggestion
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title or self._found[index.row()].path.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}\n{self._found[index.row()].path.name}\nShared {hit.reason}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [RECORD_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_records([self._found[r].path for r in rows])


class SuggestionDelegate(QStyledItemDelegate):
    """Title, then provider · date · why, and an attach button at the right."""

    attach_clicked = Signal(int)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.height()
        return QSize(200, 2 * line + 10)

    def button_rect(self, rect: QRect) -> QRect:
        return QRect(rect.right() - BUTTON - 4, rect.center().y() - BUTTON // 2, BUTTON, BUTTON)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        view = option.widget
        style = view.style() if view is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, view)
        model = index.model()
        assert isinstance(model, SuggestionModel)
        hit = model.found(index.row()).suggestion
        rect = option.rect.adjusted(6, 4, -(BUTTON + 10), -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.highlightedText() if selected else palette.text()
        dim = palette.highlightedText() if selected else palette.placeholderText()
        metrics = option.fontMetrics
        painter.save()
        painter.setPen(text.color())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        top = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        title = metrics.elidedText(hit.title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(top, left, title)
        painter.setPen(dim.color())
        when = local_date(hit.date) if hit.date else ""
        details = " · ".join(p for p in (hit.provider, when, hit.reason) if p)
        bottom = top.translated(0, metrics.height() + 2)
        details = metrics.elidedText(details, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(bottom, left, details)
        icons.icon("attach").paint(painter, self.button_rect(option.rect).adjusted(3, 3, -3, -3))
        painter.restore()

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.button_rect(option.rect).contains(event.position().toPoint())
        ):
            self.attach_clicked.emit(index.row())
            return True
        return super().editorEvent(event, model, option, index)


class SuggestionsBox(QWidget):
    """The *Suggested* heading and list for the record shown.

    Signals:
        attach_requested(list): records (of the library) the user chose to attach.
    """

    attach_requested = Signal(object)

    def __init__(self, store: RecordStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsBox")
        self._store = store
        self._record: Record | None = None
        self._token = 0
        self._model = SuggestionModel(self)
        self._delegate = SuggestionDelegate(self)
        self._heading = named(QLabel("Suggested", self), "suggestedHeading")
        font = self._heading.font()
        font.setBold(True)
        self._heading.setFont(font)
        self._empty = named(QLabel(self), "suggestedEmpty")
        self._empty.setWordWrap(True)
        self._empty.setEnabled(False)
        self.list = named(QListView(self), "suggestedList")
        self.list.setModel(self._model)
        self.list.setItemDelegate(self._delegate)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip("Records likely the same story: click 📎 or double-click to attach")
        line = self.list.fontMetrics().height()
        self.list.setMinimumHeight(2 * (2 * line + 10) + 4)  # two suggestions at least
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self._empty)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._search)
        self._delegate.attach_clicked.connect(self._on_delegate_attach_clicked)
        self.list.doubleClicked.connect(lambda index: self._attach_row(index.row()))
        store.record_changed.connect(self._on_store_record_changed)
        store.loading_finished.connect(self._search)
        store.words_ready.connect(self._search)
        self.set_record(None)

    def set_record(self, record: Record | None) -> None:
        """Show suggestions for ``record`` (found in the background)."""
        self._record = record
        self._refresh.stop()
        self._search()

    def count(self) -> int:
        return self._model.rowCount()

    def found(self, row: int) -> Found:
        return self._model.found(row)

    def _search(self) -> None:
        self._token += 1
        record = self._record
        row = self._store.row_of(record) if record is not None else -1
        sources = self._store.index_sources(row) if record is not None else []
        if record is None or not sources:
            waiting = "Suggestions appear once the library is indexed."
            self._show([], "" if record is None else waiting)
            return
        token = self._token
        tasks.start(
            find,
            sources,
            subject_of(record.data),
            LIMIT,
            on_done=lambda found: self._on_found(token, found),
            on_error=lambda _error: self._on_found(token, []),
        )

    def _on_found(self, token: int, found: list[Found]) -> None:
        if token != self._token or not shiboken6.isValid(self._model):
            return  # the record changed meanwhile, or the window closed
        self._show(found, "No other record looks like the same story.")

    def _show(self, found: list[Found], empty: str) -> None:
        self._model.set_found(found)
        self._empty.setText(empty)
        self._empty.setVisible(not found and bool(empty))

    def _attach_row(self, row: int) -> None:
        if not 0 <= row < self._model.rowCount():
            return
        target = self._store.row_of_path(self._model.found(row).path)
        record = self._store.record(target) if target >= 0 else None
        if record is not None:
            self.attach_requested.emit([record])

    def _on_delegate_attach_clicked(self, row: int) -> None:
        self._attach_row(row)

    def _on_store_record_changed(self, row: int) -> None:
        if self._record is not None and self._store.row_of(self._record) == row:
            self._refresh.start()  # its words or related items may have changed
