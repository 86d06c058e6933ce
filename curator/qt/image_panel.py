"""The image panel: a record's pictures as a strip and a preview, with their stored size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import SetValue
from ..core.images import where_stored
from ..core.record import Record
from .colors import hex_color, on_palette_change, set_style_sheet
from .commands import RecordEditor
from .icons import icon
from .image_widgets import PREVIEW_MAX, THUMB, TILE_MARGIN, ImagePreview, TileDelegate, UrlLabel
from .images import ImageLoader, placeholder_image
from .store import RecordStore

MAX_PIXELS = 100_000
NO_RECORD = "No record selected"
NO_IMAGES = "This record has no images"
LOADING = "Loading…"


@dataclass(frozen=True)
class _Token:
    """Names one request: a result whose token is not current any more is ignored."""

    panel: int
    record: int
    index: int
    generation: int


@dataclass
class _Entry:
    """What the panel knows about one image of the shown record."""

    url: str
    image: QImage | None = None
    real: tuple[int, int] | None = None
    reason: str | None = None  # set when it cannot be shown; None while loading or shown


def _images_of(record: Record | None) -> list[Any]:
    """Return the record's ``images`` list, or an empty one when it has none (or no list)."""
    images = record.data.get("images") if record is not None else None
    return images if isinstance(images, list) else []


def _int_or_zero(value: Any) -> int:
    """Return a stored size as an int for a spin box (0 when missing or not a number)."""
    if isinstance(value, bool):
        return 0
    try:
        return max(0, min(MAX_PIXELS, int(value)))
    except (TypeError, ValueError):
        return 0


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class ImagePanel(QWidget):
    """Shows the images of one record and edits their width, height and isCached.

    Every edit goes through the RecordEditor (undoable); the panel follows the store's
    ``record_changed`` for the record it shows. Pictures come from an ImageLoader; results for a
    record or image no longer shown are ignored.

    Signals:
        edit_refused(str): an edit made here was not made; the text says why.
    """

    edit_refused = Signal(str)

    def __init__(
        self,
        editor: RecordEditor,
        store: RecordStore,
        loader: ImageLoader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("imagePanel")
        self._editor = editor
        self._store = store
        self._loader = loader
        self._record: Record | None = None
        self._entries: list[_Entry] = []
        self._generation = 0
        self._build()
        self._connect_signals()
        self._show_selected()

    # -- public ----------------------------------------------------------------------

    def record(self) -> Record | None:
        return self._record

    def set_record(self, record: Record | None) -> None:
        """Show `record`'s images (the first one selected), or nothing for None.

        Showing the same record again keeps the selection and retries the images that failed
        (e.g. after downloads were switched on).
        """
        if record is self._record:
            self._refresh()
            self._request_all(only_failed=True)
            return
        self._record = record
        self._load(select=0)

    def reload(self) -> None:
        """Ask for every picture again (e.g. after downloads were switched on)."""
        self._load(select=self.current_index())

    def current_index(self) -> int:
        return self._strip.currentRow()

    def current_image(self) -> QImage | None:
        """The decoded picture behind the preview, or None when a placeholder shows."""
        return self._preview.image()

    def real_size(self) -> tuple[int, int] | None:
        """The real size of the selected image, once it was decoded."""
        entry = self._current_entry()
        return entry.real if entry is not None else None

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self._strip = QListWidget(self)
        self._strip.setObjectName("imageStrip")
        self._strip.setViewMode(QListView.ViewMode.IconMode)
        self._strip.setFlow(QListView.Flow.LeftToRight)
        self._strip.setWrapping(False)
        self._strip.setMovement(QListView.Movement.Static)
        self._strip.setUniformItemSizes(True)
        self._strip.setIconSize(THUMB)
        self._strip.setGridSize(THUMB + QSize(TILE_MARGIN, TILE_MARGIN))
        self._strip.setItemDelegate(TileDelegate(self._strip))
        self._strip.setFrameShape(QFrame.Shape.NoFrame)
        self._strip.viewport().setAutoFillBackground(False)
        self._strip.setMouseTracking(True)
        self._strip.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._strip.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self._strip.setFixedHeight(THUMB.height() + TILE_MARGIN + bar)

        self._preview = ImagePreview(self)
        self._status = QLabel(self)
        self._status.setObjectName("imageStatusLabel")
        self._status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._status.setWordWrap(True)
        self._status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._mismatch = QLabel(self)
        self._mismatch.setObjectName("sizeMismatchLabel")
        self._mismatch.setWordWrap(True)
        self._style_mismatch()
        on_palette_change(self._style_mismatch, self)
        self._mismatch.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self._strip)
        layout.addWidget(self._preview)
        layout.addWidget(self._status)
        layout.addWidget(self._mismatch)
        layout.addLayout(self._build_form())
        layout.addStretch(1)

    def _style_mismatch(self) -> None:
        back, text, line = (
            hex_color(name) for name in ("warning-back", "warning-text", "warning-border")
        )
        set_style_sheet(
            self._mismatch,
            f"QLabel#sizeMismatchLabel {{ background: {back}; color: {text};"
            f" border: 1px solid {line}; border-radius: 4px; padding: 4px 8px; }}",
        )

    def _build_form(self) -> QFormLayout:
        self._url = UrlLabel(self)
        self._width = self._spin_box("imageWidthSpin", "Stored width in pixels")
        self._height = self._spin_box("imageHeightSpin", "Stored height in pixels")
        self._real_button = QPushButton(icon("real-size"), "Use real size", self)
        self._real_button.setObjectName("useRealSizeButton")
        self._real_button.setToolTip("Store the size of the image file as width and height")
        self._cached = QCheckBox("Marked as cached in the record", self)
        self._cached.setObjectName("imageCachedCheck")
        self._cached.setToolTip("The record's isCached field (what the file says)")
        self._stored = QLabel(self)  # where the picture really is (what the disk says)
        self._stored.setObjectName("imageStoredLabel")
        self._stored.setToolTip("Where the picture is on this computer, checked on the disk")

        size_row = QHBoxLayout()
        size_row.setSpacing(6)
        size_row.addWidget(self._width)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self._height)
        size_row.addWidget(QLabel("px", self))
        size_row.addSpacing(6)
        size_row.addWidget(self._real_button)
        size_row.addStretch(1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        form.addRow("URL:", self._url)
        form.addRow("Size:", size_row)
        form.addRow("isCached:", self._cached)
        form.addRow("Image file:", self._stored)
        return form

    def _spin_box(self, name: str, tip: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(0, MAX_PIXELS)
        spin.setKeyboardTracking(False)  # valueChanged on Enter, focus-out and arrow steps
        spin.setAccelerated(True)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setToolTip(tip)
        return spin

    def _connect_signals(self) -> None:
        self._loader.ready.connect(self._on_loader_ready)
        self._loader.failed.connect(self._on_loader_failed)
        self._store.record_changed.connect(self._on_store_record_changed)
        self._store.library_reset.connect(self._on_store_library_reset)
        self._strip.currentRowChanged.connect(self._on_strip_current_row_changed)
        self._width.valueChanged.connect(lambda v: self._set_field("width", v, merge=True))
        self._height.valueChanged.connect(lambda v: self._set_field("height", v, merge=True))
        self._cached.toggled.connect(lambda on: self._set_field("isCached", on))
        self._real_button.clicked.connect(self._on_real_button_clicked)

    # -- loading ---------------------------------------------------------------------

    def _load(self, *, select: int) -> None:
        """Rebuild the strip for the shown record and request every picture."""
        for index in range(len(self._entries)):
            self._loader.cancel(self._token(index))
        self._generation += 1
        images = _images_of(self._record)
        self._entries = [_Entry(self._url_of(item)) for item in images]
        self._strip.blockSignals(True)
        self._strip.clear()
        for index, entry in enumerate(self._entries):
            item = QListWidgetItem(self._tile(None), "")
            item.setToolTip(f"Image {index + 1}: {entry.url}")
            item.setSizeHint(self._strip.gridSize())
            self._strip.addItem(item)
        if self._entries:
            self._strip.setCurrentRow(max(0, min(select, len(self._entries) - 1)))
        self._strip.blockSignals(False)
        self._show_selected()
        self._request_all()

    def _request_all(self, *, only_failed: bool = False) -> None:
        record = self._record
        if record is None:
            return
        ratio = self.devicePixelRatioF()
        size = (round(PREVIEW_MAX.width() * ratio), round(PREVIEW_MAX.height() * ratio))
        cache_dir = self._store.image_cache_dir()
        for index, entry in enumerate(self._entries):
            if only_failed and entry.reason is None:
                continue
            self._loader.request(
                self._token(index),
                entry.url,
                record_dir=record.path.parent,
                cache_dir=cache_dir,
                max_size=size,
            )

    def _token(self, index: int) -> _Token:
        return _Token(id(self), id(self._record), index, self._generation)

    def _entry_for(self, token: object) -> _Entry | None:
        if not isinstance(token, _Token) or token != self._token(token.index):
            return None  # another panel's, or for a record or generation no longer shown
        return self._entries[token.index] if 0 <= token.index < len(self._entries) else None

    @staticmethod
    def _url_of(item: Any) -> str:
        url = item.get("url") if isinstance(item, dict) else None
        return url if isinstance(url, str) else ""

    def _on_loader_ready(self, token: object, image: QImage, real_w: int, real_h: int) -> None:
        entry = self._entry_for(token)
        if entry is None:
            return
        entry.image, entry.real, entry.reason = image, (real_w, real_h), None
        self._on_entry_updated(token)

    def _on_loader_failed(self, token: object, reason: str) -> None:
        entry = self._entry_for(token)
        if entry is None:
            return
        entry.image, entry.real, entry.reason = None, None, reason
        self._on_entry_updated(token)

    def _on_entry_updated(self, token: Any) -> None:
        entry = self._entries[token.index]
        item = self._strip.item(token.index)
        if item is not None:
            item.setIcon(self._tile(entry))
            state = _capitalised(entry.reason) if entry.reason else self._size_text(entry.real)
            item.setToolTip(f"Image {token.index + 1}: {entry.url}\n{state}")
        if token.index == self.current_index():
            self._show_selected()

    def _tile(self, entry: _Entry | None) -> QIcon:
        """The strip icon: the picture, a missing-image tile, or a blank tile while loading."""
        ratio = self.devicePixelRatioF()
        size = THUMB * ratio
        if entry is not None and entry.image is not None:
            image = entry.image.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        elif entry is not None and entry.reason is not None:
            image = placeholder_image("", (size.width(), size.height()))
        else:
            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(self.palette().midlight().color())
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        return QIcon(pixmap)

    # -- showing ---------------------------------------------------------------------

    def _current_entry(self) -> _Entry | None:
        index = self.current_index()
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def _show_selected(self) -> None:
        entry = self._current_entry()
        if entry is None:
            reason = NO_RECORD if self._record is None else NO_IMAGES
            self._preview.show_placeholder(reason)
            self._status.setText(reason)
        elif entry.image is not None:
            self._preview.show_image(entry.image)
            self._status.setText(f"Image file: {self._size_text(entry.real)}")
        elif entry.reason is not None:
            self._preview.show_placeholder(_capitalised(entry.reason))
            self._status.setText(_capitalised(entry.reason))
        else:
            self._preview.show_message(LOADING)
            self._status.setText(LOADING)
        self._update_fields()

    def _where_stored(self, url: str) -> str:
        if self._record is None or not url:
            return ""
        cache_dir = self._store.image_cache_dir()
        where = where_stored(url, record_dir=self._record.path.parent, cache_dir=cache_dir)
        return where[:1].upper() + where[1:]

    @staticmethod
    def _size_text(size: tuple[int, int] | None) -> str:
        return f"{size[0]}×{size[1]} px" if size is not None else "size unknown"

    def _update_fields(self) -> None:
        """Put the stored values of the selected image in the editors (without editing)."""
        index = self.current_index()
        images = _images_of(self._record)
        item = images[index] if 0 <= index < len(images) else None
        stored = item if isinstance(item, dict) else {}
        editable = isinstance(item, dict) and self._record is not None and not self._record.readonly
        entry = self._current_entry()
        for widget, value in (
            (self._width, _int_or_zero(stored.get("width"))),
            (self._height, _int_or_zero(stored.get("height"))),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
            widget.setEnabled(editable)
        self._cached.blockSignals(True)
        self._cached.setChecked(stored.get("isCached") is True)
        self._cached.blockSignals(False)
        self._cached.setEnabled(editable)
        self._url.set_url(entry.url if entry is not None else "")
        self._stored.setText(self._where_stored(entry.url if entry is not None else ""))
        real = entry.real if entry is not None else None
        mismatch = real is not None and (self._width.value(), self._height.value()) != real
        self._real_button.setEnabled(editable and mismatch)
        if real is not None and mismatch:
            stored_text = f"{self._width.value()}×{self._height.value()}"
            self._mismatch.setText(f"Stored {stored_text}, image is {real[0]}×{real[1]}")
        self._mismatch.setVisible(mismatch)

    def _refresh(self) -> None:
        """Follow a change of the shown record, keeping the selected image."""
        urls = [self._url_of(item) for item in _images_of(self._record)]
        if urls != [entry.url for entry in self._entries]:
            self._load(select=self.current_index())
        else:
            self._update_fields()

    # -- editing ---------------------------------------------------------------------

    def _set_field(self, field: str, value: object, *, merge: bool = False) -> None:
        record, index = self._record, self.current_index()
        if record is None or index < 0:
            return
        refusal = self._editor.set_value(record, ("images", index, field), value, merge=merge)
        if refusal is not None:
            QTimer.singleShot(0, self._update_fields)  # refused: show the stored value again
            self.edit_refused.emit(str(refusal))

    def _on_real_button_clicked(self) -> None:
        record, entry, index = self._record, self._current_entry(), self.current_index()
        if record is None or entry is None or entry.real is None:
            return
        width, height = entry.real
        refusal = self._editor.apply_steps(
            [
                (record, SetValue(("images", index, "width"), width)),
                (record, SetValue(("images", index, "height"), height)),
            ],
            f"Use real size of image {index + 1}",
        )
        if refusal is not None:
            self.edit_refused.emit(str(refusal))

    # -- signals from elsewhere ------------------------------------------------------

    def _on_strip_current_row_changed(self, _row: int) -> None:
        self._show_selected()

    def _on_store_record_changed(self, row: int) -> None:
        if self._record is not None and self._store.row_of(self._record) == row:
            self._refresh()

    def _on_store_library_reset(self) -> None:
        self.set_record(None)
