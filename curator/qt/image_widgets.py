"""Small widgets of the image panel: the fitted preview, the elided URL label, the strip tiles."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QIcon,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from .images import placeholder_image

PREVIEW_MAX = QSize(480, 320)
THUMB = QSize(96, 64)
TILE_MARGIN = 12


class ImagePreview(QLabel):
    """The large picture: fitted to the width it is given, never above PREVIEW_MAX."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imagePreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._image: QImage | None = None
        self._reason: str | None = None

    def image(self) -> QImage | None:
        return self._image

    def show_image(self, image: QImage) -> None:
        self._image, self._reason = image, None
        self._render()

    def show_placeholder(self, reason: str) -> None:
        self._image, self._reason = None, reason
        self._render()

    def show_message(self, text: str) -> None:
        self._image, self._reason = None, None
        self.clear()
        self.setText(text)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return min(PREVIEW_MAX.height(), width * PREVIEW_MAX.height() // PREVIEW_MAX.width())

    def sizeHint(self) -> QSize:
        return PREVIEW_MAX

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 80)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()

    def _render(self) -> None:
        box = self.contentsRect().size().boundedTo(PREVIEW_MAX)
        if box.isEmpty() or (self._image is None and self._reason is None):
            return
        ratio = self.devicePixelRatioF()
        target = QSize(round(box.width() * ratio), round(box.height() * ratio))
        if self._image is None:
            image = placeholder_image(self._reason or "", (target.width(), target.height()))
        elif self._image.width() <= target.width() and self._image.height() <= target.height():
            image = self._image  # already fits: never enlarge a small picture
        else:
            image = self._image.scaled(
                target,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)


class UrlLabel(QLabel):
    """A one-line URL, elided in the middle to the width it has; the tooltip holds it whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._url = ""
        self.setObjectName("imageUrlLabel")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction("Copy URL", self)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self._url))
        self.addAction(copy)

    def url(self) -> str:
        return self._url

    def set_url(self, url: str) -> None:
        self._url = url
        self.setToolTip(url)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        elided = self.fontMetrics().elidedText(self._url, Qt.TextElideMode.ElideMiddle, width)
        if elided != self.text():
            self.setText(elided)


class TileDelegate(QStyledItemDelegate):
    """Draws a strip tile: the thumbnail centred, framed in the highlight colour when selected."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(option.rect).adjusted(2, 2, -2, -2)
        palette = option.palette
        state = option.state
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(decoration, QIcon):
            pixmap = decoration.pixmap(THUMB)
            size = pixmap.deviceIndependentSize().toSize()
            x = round(frame.center().x() - size.width() / 2)
            y = round(frame.center().y() - size.height() / 2)
            painter.drawPixmap(x, y, pixmap)
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(palette.highlight().color(), 3))
            painter.drawRoundedRect(frame.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(QPen(palette.mid().color(), 1))
            painter.drawRoundedRect(frame.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return THUMB + QSize(TILE_MARGIN, TILE_MARGIN)
