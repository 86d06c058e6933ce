"""The related-items list's look and drops: 48 px thumbnails, the item delegate, the list view."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from .icons import icon
from .images import ImageLoader, placeholder_image
from .mime import RECORD_MIME
from .related_model import (
    DATE_ROLE,
    IMAGE_URL_ROLE,
    PROVIDER_ROLE,
    QUALITY_ROLE,
    STALE_ROLE,
    RelatedModel,
)
from .store import RecordStore

Index = QModelIndex | QPersistentModelIndex
THUMB = 48
PADDING = 6
MAX_THUMBS = 300


class Thumbnails(QObject):
    """48 px pictures of related items' first images, loaded through the shared loader.

    Signals:
        changed: a picture arrived; views should repaint.
    """

    changed = Signal()

    def __init__(self, loader: ImageLoader | None, store: RecordStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._store = store
        self._done: OrderedDict[Hashable, tuple[QPixmap, str]] = OrderedDict()
        self._pending: set[Hashable] = set()
        self._empty: QPixmap | None = None
        if loader is not None:
            loader.ready.connect(self._on_loader_ready)
            loader.failed.connect(self._on_loader_failed)

    def pixmap(self, url: str, record_dir: Path) -> tuple[QPixmap, str]:
        """The picture for ``url`` and why it is a placeholder ("" when it is the picture)."""
        if not url:
            return self._placeholder(), "no image"
        token = ("related-thumb", str(record_dir), url)
        done = self._done.get(token)
        if done is not None:
            return done
        if self._loader is None:
            return self._placeholder(), "previews are off"
        if token not in self._pending:
            self._pending.add(token)  # before request: a cached picture is answered at once
            cache_dir = self._store.image_cache_dir()
            size = (2 * THUMB, 2 * THUMB)  # crisp on high-DPI screens
            self._loader.request(
                token, url, record_dir=record_dir, cache_dir=cache_dir, max_size=size
            )
            done = self._done.get(token)
            if done is not None:
                return done
        return self._placeholder(), "loading…"

    def cancel_pending(self) -> None:
        """Drop the requests in flight and forget failures (the panel shows another record)."""
        if self._loader is not None:
            for token in self._pending:
                self._loader.cancel(token)
        self._pending.clear()
        for token in [t for t, (_pixmap, reason) in self._done.items() if reason]:
            del self._done[token]

    def _placeholder(self) -> QPixmap:
        if self._empty is None:  # made on first paint: a QPixmap needs the application
            self._empty = QPixmap.fromImage(placeholder_image("", (THUMB, THUMB)))
        return self._empty

    def _store_result(self, token: Hashable, result: tuple[QPixmap, str]) -> None:
        self._pending.discard(token)
        self._done[token] = result
        while len(self._done) > MAX_THUMBS:
            self._done.popitem(last=False)
        self.changed.emit()

    def _on_loader_ready(self, token: object, image: QImage, _width: int, _height: int) -> None:
        if token in self._pending:
            self._store_result(token, (QPixmap.fromImage(image), ""))

    def _on_loader_failed(self, token: object, reason: str) -> None:
        if token in self._pending:
            self._store_result(token, (self._placeholder(), reason))


class RelatedDelegate(QStyledItemDelegate):
    """Draws a thumbnail, the title in bold and "provider · date · quality N" below it."""

    def __init__(
        self, thumbnails: Thumbnails, record_dir: Callable[[], Path], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._thumbnails = thumbnails
        self._record_dir = record_dir

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        lines = 2 * QFontMetrics(option.font).height() + 2
        return QSize(THUMB * 3, max(THUMB, lines) + 2 * PADDING)  # ListMode stretches the width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        thumb = self._thumb_rect(option.rect)
        pixmap, _reason = self._thumbnails.pixmap(
            str(index.data(IMAGE_URL_ROLE) or ""), self._record_dir()
        )
        scaled = pixmap.scaled(
            thumb.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawPixmap(
            thumb.x() + (thumb.width() - scaled.width()) // 2,
            thumb.y() + (thumb.height() - scaled.height()) // 2,
            scaled,
        )
        if index.data(STALE_ROLE):  # a badge on the thumbnail's corner: refresh me
            badge = THUMB // 3
            icon("reload").paint(painter, QRect(thumb.right() - badge, thumb.top(), badge, badge))
        self._draw_text(painter, opt, thumb, title, _details(index))
        painter.restore()

    def _draw_text(
        self, painter: QPainter, opt: QStyleOptionViewItem, thumb: QRect, title: str, details: str
    ) -> None:
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        left = thumb.right() + 1 + PADDING
        width = opt.rect.right() - left - PADDING
        bold = QFont(opt.font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        metrics = QFontMetrics(opt.font)
        top = opt.rect.top() + (opt.rect.height() - bold_metrics.height() - metrics.height()) // 2
        painter.setPen(opt.palette.color(group, role))
        painter.setFont(bold)
        painter.drawText(
            QRect(left, top, width, bold_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bold_metrics.elidedText(title, Qt.TextElideMode.ElideRight, width),
        )
        if not selected:
            painter.setPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
        painter.setFont(opt.font)
        painter.drawText(
            QRect(left, top + bold_metrics.height(), width, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(details, Qt.TextElideMode.ElideRight, width),
        )

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._thumb_rect(option.rect).contains(
            event.pos()
        ):
            _pixmap, reason = self._thumbnails.pixmap(
                str(index.data(IMAGE_URL_ROLE) or ""), self._record_dir()
            )
            if reason:
                QToolTip.showText(event.globalPos(), f"Image: {reason}", view)
                return True
        return super().helpEvent(event, view, option, index)

    @staticmethod
    def _thumb_rect(rect: QRect) -> QRect:
        return QRect(rect.left() + PADDING, rect.top() + (rect.height() - THUMB) // 2, THUMB, THUMB)


def _details(index: Index) -> str:
    parts = [str(index.data(PROVIDER_ROLE) or ""), str(index.data(DATE_ROLE) or "")]
    differ = index.data(STALE_ROLE)
    if differ:
        parts.insert(0, f"stale: {', '.join(differ)}")
    quality = index.data(QUALITY_ROLE)
    if quality is not None:
        parts.append(f"quality {quality}")
    return " · ".join(p for p in parts if p)


class RelatedListView(QListView):
    """The list: internal drags reorder; dropped library records are attached (copied)."""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _takes_records(self, event):
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _takes_records(self, event):
            return
        super().dragMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if isinstance(model, RelatedModel) and model.record() and not model.rowCount():
            hint = "No related articles."
            if model.editable():
                hint += "\nDrop records from the library here, or use Attach…"
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8), int(flags), hint)
            painter.end()

    def dropEvent(self, event: QDropEvent) -> None:
        model = self.model()
        if event.mimeData().hasFormat(RECORD_MIME) and isinstance(model, RelatedModel):
            if model.dropMimeData(event.mimeData(), Qt.DropAction.CopyAction, -1, 0, QModelIndex()):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
            else:
                event.ignore()
            return
        super().dropEvent(event)


def _takes_records(view: QListView, event: QDragMoveEvent) -> bool:
    """Accept (as a copy) a drag of library records; True when the event was one."""
    if not event.mimeData().hasFormat(RECORD_MIME):
        return False
    model = view.model()
    if isinstance(model, RelatedModel) and model.editable():
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
    else:
        event.ignore()
    return True
