"""The "Selected item" box of the related panel: title, excerpt, web URL and quality fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from ..core.fields import quality_of
from .naming import named


class RelatedItemEditor(QGroupBox):
    """Shows one related item's fields and reports what the user types (see :meth:`show_item`).

    Signals:
        field_edited(str, object): the user set the item's field ``key`` to ``value``; not
            emitted while :meth:`show_item` fills the fields, nor for quality "none".
    """

    field_edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected item", parent)
        self.setObjectName("relatedEditor")
        self._filling = False
        self._title = named(QLineEdit(self), "relatedTitleEdit")
        self._excerpt = named(QPlainTextEdit(self), "relatedExcerptEdit")
        self._excerpt.setTabChangesFocus(True)
        self._excerpt.setFixedHeight(7 * QFontMetrics(self._excerpt.font()).height() // 2)
        self._url = named(QLineEdit(self), "relatedUrlEdit")
        self._quality = named(QSpinBox(self), "relatedQualitySpin")
        self._quality.setRange(-1, 100)
        self._quality.setSpecialValueText("none")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self._title)
        form.addRow("&Excerpt", self._excerpt)
        form.addRow("&Web URL", self._url)
        form.addRow("&Quality", self._quality)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._title.textEdited.connect(lambda text: self._on_field_edited("title", text))
        self._url.textEdited.connect(lambda text: self._on_field_edited("webUrl", text))
        self._excerpt.textChanged.connect(
            lambda: self._on_field_edited("excerpt", self._excerpt.toPlainText())
        )
        self._quality.valueChanged.connect(self._on_quality_value_changed)

    def show_item(self, item: dict[str, Any], *, editable: bool) -> None:
        """Fill the fields from ``item`` (empty: nothing selected, the box is disabled)."""
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
        self.setEnabled(bool(item))

    def _on_quality_value_changed(self, value: int) -> None:
        if value >= 0:
            self._on_field_edited("quality", value)

    def _on_field_edited(self, key: str, value: Any) -> None:
        if not self._filling:
            self.field_edited.emit(key, value)


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:  # leave the cursor alone while the user types
        edit.setText(text)
        edit.setCursorPosition(0)
