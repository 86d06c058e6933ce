"""All of a long tag list in one view: filter, add, rename and remove, at any length.

The chips of :class:`~curator.qt.tags.TagEdit` are one widget each; past a few dozen tags it
shows the last ones and a "more" button that opens this dialog, a ``QListView`` over a
``QStringListModel`` (filtered in C++ by a ``QSortFilterProxyModel``), which costs the same
for ten tags or a hundred thousand.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QObject,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def cleaned(tags: list[str]) -> list[str]:
    """``tags`` stripped, without empty ones and without repeats (the first one is kept)."""
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))


class TagListDialog(QDialog):
    """Every tag in a filterable list. Enter in "Add" adds, Delete removes the selected
    tags, F2 or a double click renames one. :meth:`set_tags` shows a list without a signal.

    Signals:
        tags_changed(list): the user changed the list; carries the whole new list.
    """

    tags_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagListDialog")
        self.setWindowTitle("Topics")
        self.resize(420, 560)
        self._read_only = False
        self.model = QStringListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = self._line("topicFilter", "Filter topics…")
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("topicCount")
        self.view = QListView(self)
        self.view.setObjectName("topicList")
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)  # no per-row size query: any length scrolls fast
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_edit = self._line("topicAdd", "Add a topic…")
        self.add_edit.returnPressed.connect(self._on_add_edit_return_pressed)
        self.remove_button = QPushButton("Remove selected", self)
        self.remove_button.setObjectName("topicRemove")
        self.remove_button.setAutoDefault(False)  # Enter in "Add" adds; it never removes
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.installEventFilter(self)  # Delete removes the selected tags
        self.model.dataChanged.connect(self._on_model_data_changed)
        self._lay_out()

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        row = QHBoxLayout()
        row.addWidget(self.add_edit, 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout.addWidget(buttons)

    # -- public ------------------------------------------------------------------------

    def tags(self) -> list[str]:
        return self.model.stringList()

    def set_tags(self, tags: list[str]) -> None:
        """Show ``tags`` (no signal); the filter and the text being typed are kept."""
        if tags != self.model.stringList():
            blocker = self.model.blockSignals(True)
            self.model.setStringList(tags)
            self.model.blockSignals(blocker)
            self.proxy.invalidate()
        self.count_label.setText(f"{len(tags):,} topics")

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_edit.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(
            triggers.NoEditTriggers
            if read_only
            else triggers.DoubleClicked | triggers.EditKeyPressed
        )

    def remove_selected(self) -> None:
        """Remove the selected tags (those the filter shows)."""
        rows = sorted(
            {self.proxy.mapToSource(index).row() for index in self.view.selectedIndexes()}
        )
        if not rows or self._read_only:
            return
        gone = set(rows)
        new = [tag for row, tag in enumerate(self.model.stringList()) if row not in gone]
        self._change(new)
        after = self.proxy.index(min(rows[0], self.proxy.rowCount() - 1), 0)
        if after.isValid():
            self.view.selectionModel().setCurrentIndex(
                after, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.view.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    # -- changes -----------------------------------------------------------------------

    def _on_add_edit_return_pressed(self) -> None:
        text = self.add_edit.text().strip()
        self.add_edit.clear()
        tags = self.model.stringList()
        if text and text not in tags and not self._read_only:
            self._change([*tags, text])
            self.view.scrollTo(self.proxy.index(self.proxy.rowCount() - 1, 0))

    def _on_model_data_changed(self) -> None:  # a rename typed into the list
        self._change(cleaned(self.model.stringList()), renamed=True)

    def _change(self, new: list[str], *, renamed: bool = False) -> None:
        if not renamed and new == self.model.stringList():
            return
        self.set_tags(new)
        self.tags_changed.emit(list(new))
