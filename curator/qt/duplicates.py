"""The *Duplicates* dock: groups of records that share a URL or a near-identical title,
each member one double-click away from the form, so a curator can compare and merge them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import icons
from .loading import DISPLAY_COLUMNS
from .naming import named
from .store import RecordStore

_TITLE = DISPLAY_COLUMNS.index("title")
ROW_ROLE = Qt.ItemDataRole.UserRole


class DuplicatesDock(QDockWidget):
    """Duplicate groups of the saved library (refreshed when shown, after loading and on
    the refresh button).

    Signals:
        open_record_requested(Record): the user double-clicked a member.
    """

    open_record_requested = Signal(object)

    def __init__(self, store: RecordStore, parent: QWidget | None = None) -> None:
        super().__init__("Duplicates", parent)
        self.setObjectName("duplicatesDock")
        self._store = store
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = named(QLabel(body), "duplicatesSummary")
        self.refresh_button = named(QToolButton(body), "duplicatesRefreshButton")
        self.refresh_button.setIcon(icons.icon("reload"))
        self.refresh_button.setToolTip("Find duplicates again")
        self.tree = named(QTreeWidget(body), "duplicatesTree")
        self.tree.setHeaderLabels(["Record", "File"])
        self.tree.setRootIsDecorated(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setWidget(body)
        self.refresh_button.clicked.connect(self.refresh)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.visibilityChanged.connect(self._on_visibility_changed)
        store.loading_finished.connect(self._on_store_loading_finished)

    def refresh(self) -> None:
        """List the groups again."""
        self.tree.clear()
        groups = self._store.duplicate_groups()
        for why, key, rows in groups:
            label = "Same URL" if why == "url" else "Near-identical title"
            top = QTreeWidgetItem([f"{label}: {key}", f"{len(rows)} records"])
            top.setToolTip(0, key)
            for row in rows:
                title = str(self._store.row(row)[_TITLE] or "")
                child = QTreeWidgetItem([title, self._store.path(row).name])
                child.setData(0, ROW_ROLE, row)
                child.setToolTip(0, title)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(1)
        count = sum(len(rows) for _w, _k, rows in groups)
        self.summary.setText(
            f"{len(groups)} groups, {count} records" if groups else "No duplicates"
        )

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        row = item.data(0, ROW_ROLE)
        record = self._store.record(int(row)) if row is not None else None
        if record is not None:
            self.open_record_requested.emit(record)

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.refresh()

    def _on_store_loading_finished(self, *_args: Any) -> None:
        if self.isVisible():
            self.refresh()
