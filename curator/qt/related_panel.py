"""The related-items panel: list, reorder, attach, remove and edit one record's related items.

Every change goes through the :class:`~curator.qt.commands.RecordEditor`, so it is one
undoable step; the list shows :class:`~curator.qt.related_model.RelatedModel`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import Edit, MoveItem, RemoveItem
from ..core.links import refresh_edits
from ..core.record import Record
from . import icons
from .colors import hex_color
from .commands import RecordEditor
from .images import ImageLoader
from .mime import RECORD_MIME, decode_records
from .naming import named
from .picker import AttachDialog
from .related_editor import RelatedItemEditor
from .related_model import URL_ROLE, RelatedModel
from .related_view import PADDING, THUMB, RelatedDelegate, RelatedListView, Thumbnails
from .store import RecordStore
from .suggestions import SuggestionsBox

__all__ = ["RelatedPanel", "Thumbnails"]  # Thumbnails: re-exported, tests import it from here


class RelatedPanel(QWidget):
    """Related items of the record shown (see :meth:`set_record`).

    Signals:
        open_record_requested(Record): the user asked to open the library record that a
            related item points to.
        edit_refused(str): an edit made here was not made; the text says why (it is
            also shown in the panel's message line).
    """

    open_record_requested = Signal(object)
    edit_refused = Signal(str)

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
        self._dialog: AttachDialog | None = None
        self._model = RelatedModel(store, self)
        self._thumbnails = Thumbnails(loader, store, self)
        self._build()
        self._connect_signals()
        self.set_record(None)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self._heading = named(QLabel(self), "relatedHeading")
        self._heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self._heading.font()
        font.setBold(True)
        self._heading.setFont(font)
        self._list = self._make_list()
        self._message = named(QLabel(self), "relatedMessageLabel")
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
        splitter = named(QSplitter(Qt.Orientation.Vertical, self), "relatedSplitter")
        splitter.addWidget(top)
        self.suggestions = SuggestionsBox(self._store, self)
        splitter.addWidget(self.suggestions)
        self._item_editor = RelatedItemEditor(self)
        splitter.addWidget(self._item_editor)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def _make_list(self) -> RelatedListView:
        view = named(RelatedListView(self), "relatedList")
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
            widget = named(QToolButton(self), name)
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
        self._renew = button(
            "refreshRelatedButton",
            "reload",
            "Refresh from record: copy the changed values of the record this item points to",
        )
        self._both = named(QCheckBox("Link both ways", self), "bothWaysCheck")
        self._both.setToolTip("Also attach this record to each record attached here")
        row = QHBoxLayout()
        for widget in (self._attach, self._remove, self._up, self._down, self._open, self._renew):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self._both)
        return row

    def _connect_signals(self) -> None:
        self._attach.clicked.connect(self.open_attach_dialog)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._up.clicked.connect(lambda: self._move_selected(-1))
        self._down.clicked.connect(lambda: self._move_selected(+1))
        self._open.clicked.connect(self._on_open_clicked)
        self._renew.clicked.connect(self.refresh_from_record)
        self._list.doubleClicked.connect(self._on_list_double_clicked)
        selection = self._list.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row_changed)
        # A press makes the row current before it selects it (and the editor and buttons
        # follow the selected current row): follow the selection too.
        selection.selectionChanged.connect(lambda *_args: self._refresh())
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
        self._item_editor.field_edited.connect(self._on_item_editor_field_edited)
        self.suggestions.attach_requested.connect(
            lambda records: self.attach_records(records, both=self._both.isChecked())
        )

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
        self.suggestions.set_record(record)
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
        found, missing = [], []
        for path in paths:
            row = self._store.row_of_path(path)
            record = self._store.record(row) if row >= 0 else None
            if record is None:
                missing.append(path.name)
            else:
                found.append(record)
        attached = self.attach_records(found, both=self._both.isChecked())
        if missing:
            self._show_message(f"Not in the open library: {', '.join(missing)}")
        return attached

    def attach_records(self, sources: list[Record], *, both: bool) -> int:
        """Attach each of ``sources`` (and back, with ``both``) as one undo step; returns how
        many were attached. Refusals are shown inline (and reported through edit_refused).
        """
        target = self._record
        if target is None or not sources:
            return 0
        plan = self._editor.attach(target, sources, both=both)
        self._report(plan.refusals)
        if plan.names:
            self._select(self._model.rowCount() - 1)
        return len(plan.names)

    # -- actions -------------------------------------------------------------------------

    def open_attach_dialog(self) -> None:
        """Open the picker to attach library records to the shown record."""
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

    def refresh_from_record(self) -> bool:
        """Make the selected stale item a copy of its record again, as one undo step:
        only the differing values are set."""
        row, record = self.current_row(), self._record
        differ, source = self._model.stale(row)
        if record is None or source is None or not differ:
            return False
        edits = refresh_edits(row, self._model.item(row), source.data)
        text = f"Refresh related item {row + 1} from {source.path.name}"
        refusal = self._editor.apply_steps([(record, edit) for edit in edits], text)
        self._report([str(refusal)] if refusal is not None else [])
        return refusal is None

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

    def _on_item_editor_field_edited(self, key: str, value: Any) -> None:
        row = self.current_row()
        record = self._record
        if record is None or row < 0 or not self._model.item(row):
            return
        refusal = self._editor.set_value(record, ("related", row, key), value, merge=True)
        self._report([str(refusal)] if refusal is not None else [])

    def _edit(self, edit: Edit, text: str) -> bool:
        record = self._record
        if record is None:
            return False
        refusal = self._editor.apply(record, edit, text)
        self._report([str(refusal)] if refusal is not None else [])
        return refusal is None

    def _report(self, refusals: list[str]) -> None:
        """Show what was refused in the message line (or clear it), and tell the window."""
        self._show_message("\n".join(refusals))
        for refusal in refusals:
            self.edit_refused.emit(refusal)

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
        self._renew.setEnabled(editable and bool(self._model.stale(row)[0]))

    def _fill_editor(self) -> None:
        item = self._model.item(self.current_row())
        self._item_editor.show_item(item, editable=self._model.editable() and bool(item))

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
        color = hex_color("error")
        self._message.setStyleSheet(f"color: {color};" if error else "")
        self._message.setVisible(bool(text))

    def _record_dir(self) -> Path:
        return self._record.path.parent if self._record is not None else Path()
