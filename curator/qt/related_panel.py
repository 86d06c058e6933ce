"""The related-items panel: list, reorder, attach, remove and edit one record's related items.

Every change goes through the :class:`~curator.qt.commands.RecordEditor`, so it is one
undoable step; the list shows :class:`~curator.qt.related_model.RelatedModel`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
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
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import Edit, MoveItem, RemoveItem
from ..core.fields import quality_of
from ..core.record import Record
from . import icons
from .commands import RecordEditor
from .images import ImageLoader, placeholder_image
from .mime import RECORD_MIME, decode_records
from .picker import AttachDialog
from .related_model import (
    DATE_ROLE,
    IMAGE_URL_ROLE,
    PROVIDER_ROLE,
    QUALITY_ROLE,
    URL_ROLE,
    RelatedModel,
)
from .store import RecordStore

Index = QModelIndex | QPersistentModelIndex
THUMB = 48
PADDING = 6
MAX_THUMBS = 300

W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with its objectName set (the type stubs lack the keyword)."""
    widget.setObjectName(name)
    return widget


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


class RelatedPanel(QWidget):
    """Related items of the record shown (see :meth:`set_record`).

    Signals:
        open_record_requested(Record): the user asked to open the library record that a
            related item points to.
    """

    open_record_requested = Signal(object)

    def __init__(
        self,
        editor: RecordEditor,
        store: RecordStore,
        loader: ImageLoader | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("relatedPanel")
        self.setAcceptDrops(True)
        self._editor = editor
        self._store = store
        self._record: Record | None = None
        self._filling = False
        self._dialog: AttachDialog | None = None
        self._model = RelatedModel(store, self)
        self._thumbnails = Thumbnails(loader, store, self)
        self._build()
        self._connect_signals()
        self.set_record(None)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self._heading = _named(QLabel(self), "relatedHeading")
        self._heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self._heading.font()
        font.setBold(True)
        self._heading.setFont(font)
        self._list = self._make_list()
        self._message = _named(QLabel(self), "relatedMessageLabel")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        top = QWidget(self)
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._heading)
        column.addWidget(self._list, 1)
        column.addLayout(self._make_buttons())
        column.addWidget(self._message)
        splitter = _named(QSplitter(Qt.Orientation.Vertical, self), "relatedSplitter")
        splitter.addWidget(top)
        splitter.addWidget(self._make_editor())
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def _make_list(self) -> RelatedListView:
        view = _named(RelatedListView(self), "relatedList")
        view.setModel(self._model)
        view.setItemDelegate(RelatedDelegate(self._thumbnails, self._record_dir, view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragDropOverwriteMode(False)
        view.setDropIndicatorShown(True)
        view.setUniformItemSizes(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setMinimumHeight(3 * (THUMB + 2 * PADDING) // 2)
        return view

    def _make_buttons(self) -> QHBoxLayout:
        def button(name: str, icon: str, tip: str, text: str = "") -> QToolButton:
            widget = _named(QToolButton(self), name)
            widget.setToolTip(tip)
            widget.setText(text or tip)
            widget.setIcon(icons.icon(icon))
            if text:
                widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            return widget

        self._attach = button("attachButton", "attach", "Attach library records", "Attach…")
        self._remove = button("removeRelatedButton", "remove", "Remove the selected item")
        self._up = button("moveUpButton", "up", "Move the selected item up")
        self._down = button("moveDownButton", "down", "Move the selected item down")
        self._open = button(
            "openRelatedButton", "open-url", "Open the library record this item points to"
        )
        self._both = _named(QCheckBox("Link both ways", self), "bothWaysCheck")
        self._both.setToolTip("Also attach this record to each record attached here")
        row = QHBoxLayout()
        for widget in (self._attach, self._remove, self._up, self._down, self._open):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self._both)
        return row

    def _make_editor(self) -> QGroupBox:
        box = self._editor_box = _named(QGroupBox("Selected item", self), "relatedEditor")
        self._title = _named(QLineEdit(box), "relatedTitleEdit")
        self._excerpt = _named(QPlainTextEdit(box), "relatedExcerptEdit")
        self._excerpt.setTabChangesFocus(True)
        self._excerpt.setFixedHeight(7 * QFontMetrics(self._excerpt.font()).height() // 2)
        self._url = _named(QLineEdit(box), "relatedUrlEdit")
        self._quality = _named(QSpinBox(box), "relatedQualitySpin")
        self._quality.setRange(-1, 100)
        self._quality.setSpecialValueText("none")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self._title)
        form.addRow("&Excerpt", self._excerpt)
        form.addRow("&Web URL", self._url)
        form.addRow("&Quality", self._quality)
        return box

    def _connect_signals(self) -> None:
        self._attach.clicked.connect(self._on_attach_clicked)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._up.clicked.connect(lambda: self._move_selected(-1))
        self._down.clicked.connect(lambda: self._move_selected(+1))
        self._open.clicked.connect(self._on_open_clicked)
        self._list.doubleClicked.connect(self._on_list_double_clicked)
        self._list.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self._model.move_requested.connect(self._on_model_move_requested)
        self._model.records_dropped.connect(self.drop_records)
        for signal in (
            self._model.dataChanged,
            self._model.rowsInserted,
            self._model.rowsRemoved,
            self._model.rowsMoved,
            self._model.modelReset,
        ):
            signal.connect(self._on_model_changed)
        self._thumbnails.changed.connect(self._list.viewport().update)
        self._title.textEdited.connect(lambda text: self._set_field("title", text))
        self._url.textEdited.connect(lambda text: self._set_field("webUrl", text))
        self._excerpt.textChanged.connect(
            lambda: self._set_field("excerpt", self._excerpt.toPlainText())
        )
        self._quality.valueChanged.connect(self._on_quality_value_changed)

    # -- public --------------------------------------------------------------------------

    def record(self) -> Record | None:
        return self._record

    def model(self) -> RelatedModel:
        return self._model

    def attach_dialog(self) -> AttachDialog | None:
        """The Attach dialog while it is open."""
        return self._dialog

    def set_record(self, record: Record | None) -> None:
        """Show the related items of ``record`` (None: an empty, disabled panel)."""
        if record is self._record and record is not None:
            return  # shown already: keep the selection
        self._record = record
        self._thumbnails.cancel_pending()
        self._model.set_record(record)
        self._show_message("")
        if record is not None and record.readonly:
            self._show_message(f"{record.path.name} is read-only: {record.readonly}", error=False)
        self._select(0)
        self._refresh()

    def current_row(self) -> int:
        index = self._list.currentIndex()
        return (
            index.row() if index.isValid() and self._list.selectionModel().isSelected(index) else -1
        )

    def drop_records(self, paths: list[Path]) -> int:
        """Attach the library records at ``paths`` (a drop); returns how many were attached."""
        by_path = {r.path.resolve(): r for r in self._store.records}
        found = [by_path[p.resolve()] for p in paths if p.resolve() in by_path]
        missing = [p.name for p in paths if p.resolve() not in by_path]
        attached = self.attach_records(found, both=self._both.isChecked())
        if missing:
            self._show_message(f"Not in the open library: {', '.join(missing)}")
        return attached

    def attach_records(self, sources: list[Record], *, both: bool) -> int:
        """Attach each of ``sources`` (and back, with ``both``) as one undo step; returns how
        many were attached. Refusals go out through ``editor.edit_failed`` and are shown inline.
        """
        target = self._record
        if target is None or not sources:
            return 0
        attached = 0

        def run() -> None:
            nonlocal attached
            attached = self._editor.attach(target, sources, both=both)

        self._capturing_failures(run)
        if attached:
            self._select(self._model.rowCount() - 1)
        return attached

    # -- actions -------------------------------------------------------------------------

    def _on_attach_clicked(self) -> None:
        if self._record is None or self._record.readonly or self._dialog is not None:
            return
        dialog = AttachDialog(self._store, self._record, self, both=self._both.isChecked())
        dialog.finished.connect(lambda result: self._on_dialog_finished(dialog, result))
        self._dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: AttachDialog, result: int) -> None:
        self._dialog = None
        if result == QDialog.DialogCode.Accepted:
            self._both.setChecked(dialog.both_ways())
            self.attach_records(dialog.selected_records(), both=dialog.both_ways())
        dialog.deleteLater()

    def _on_remove_clicked(self) -> None:
        row = self.current_row()
        if row >= 0 and self._edit(RemoveItem(("related",), row), f"Remove related item {row + 1}"):
            self._select(min(row, self._model.rowCount() - 1))

    def _move_selected(self, step: int) -> None:
        row = self.current_row()
        if row >= 0 and 0 <= row + step < self._model.rowCount():
            self._on_model_move_requested(row, row + step)

    def _on_model_move_requested(self, source: int, target: int) -> None:
        edit = MoveItem(("related",), source, target)
        if self._edit(edit, f"Move related item {source + 1} to {target + 1}"):
            self._select(target)

    def _on_open_clicked(self) -> None:
        linked = self._linked_record(self.current_row())
        if linked is not None:
            self.open_record_requested.emit(linked)

    def _on_list_double_clicked(self, index: QModelIndex) -> None:
        linked = self._linked_record(index.row())
        if linked is not None:
            self.open_record_requested.emit(linked)

    def _on_quality_value_changed(self, value: int) -> None:
        if value >= 0:
            self._set_field("quality", value)

    def _set_field(self, key: str, value: Any) -> None:
        row = self.current_row()
        record = self._record
        if self._filling or record is None or row < 0 or not self._model.item(row):
            return
        self._capturing_failures(
            lambda: self._editor.set_value(record, ("related", row, key), value, merge=True)
        )

    def _edit(self, edit: Edit, text: str) -> bool:
        record = self._record
        if record is None:
            return False
        ok = False

        def run() -> None:
            nonlocal ok
            ok = self._editor.apply(record, edit, text)

        self._capturing_failures(run)
        return ok

    def _capturing_failures(self, action: Callable[[], Any]) -> None:
        """Run ``action``; what the editor refuses meanwhile is shown in the message line."""
        messages: list[str] = []

        def collect(message: str) -> None:
            messages.append(message)

        self._editor.edit_failed.connect(collect)
        try:
            action()
        finally:
            self._editor.edit_failed.disconnect(collect)
        self._show_message("\n".join(messages))

    # -- drops on the panel --------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_records(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_records(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self._accept_records(event):
            self.drop_records(decode_records(event.mimeData()))

    def _accept_records(self, event: QDropEvent) -> bool:
        if event.mimeData().hasFormat(RECORD_MIME) and self._model.editable():
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return True
        event.ignore()
        return False

    # -- showing -------------------------------------------------------------------------

    def _on_model_changed(self, *_args: Any) -> None:
        self._refresh()

    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh()

    def _refresh(self) -> None:
        count = self._model.rowCount()
        self._heading.setText(f"Related articles ({count})" if self._record else "Related articles")
        self._update_actions()
        self._fill_editor()

    def _update_actions(self) -> None:
        editable = self._model.editable()
        row = self.current_row()
        self._attach.setEnabled(editable)
        self._both.setEnabled(editable)
        self._remove.setEnabled(editable and row >= 0)
        self._up.setEnabled(editable and row > 0)
        self._down.setEnabled(editable and 0 <= row < self._model.rowCount() - 1)
        self._open.setEnabled(self._linked_record(row) is not None)

    def _fill_editor(self) -> None:
        row = self.current_row()
        item = self._model.item(row)
        editable = self._model.editable() and bool(item)
        self._filling = True
        try:
            _set_text(self._title, str(item.get("title") or ""))
            _set_text(self._url, str(item.get("webUrl") or ""))
            excerpt = str(item.get("excerpt") or "")
            if self._excerpt.toPlainText() != excerpt:
                self._excerpt.setPlainText(excerpt)
            quality = quality_of(item)
            value = -1 if quality is None else round(quality)
            self._quality.setMaximum(max(100, value))
            self._quality.setValue(value)
        finally:
            self._filling = False
        for widget in (self._title, self._url, self._excerpt):
            widget.setReadOnly(not editable)
        self._quality.setReadOnly(not editable)
        self._editor_box.setEnabled(bool(item))

    def _linked_record(self, row: int) -> Record | None:
        if row < 0:
            return None
        url = self._model.index(row).data(URL_ROLE)
        linked = self._store.by_web_url(url) if url else None
        return linked if linked is not self._record else None

    def _select(self, row: int) -> None:
        if not 0 <= row < self._model.rowCount():
            self._list.selectionModel().clear()
            self._refresh()
            return
        index = self._model.index(row)
        self._list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._list.scrollTo(index)
        self._refresh()

    def _show_message(self, text: str, *, error: bool = True) -> None:
        self._message.setText(text)
        self._message.setStyleSheet("color: #c62828;" if error else "")
        self._message.setVisible(bool(text))

    def _record_dir(self) -> Path:
        return self._record.path.parent if self._record is not None else Path()


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:  # leave the cursor alone while the user types
        edit.setText(text)
        edit.setCursorPosition(0)
