"""A tag editor: removable chips in a wrapping row, and a line edit that adds tags.

A chip is a widget, so only the last :data:`CHIP_LIMIT` tags get one; a longer list shows a
"+N more…" button that opens the whole list in :class:`~curator.qt.tag_list.TagListDialog`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from .colors import on_palette_change, set_style_sheet
from .tag_list import TagListDialog

CHIP_LIMIT = 50  # chips shown at most; past it, a button opens the list editor


class FlowLayout(QLayout):
    """Lays items out left to right, wrapping onto new lines (the Qt flow-layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items inside ``rect``; returns the height they need."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + self.spacing()
                line_height = 0
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self.spacing()
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class _Chip(QFrame):
    """One tag: its text and a × button that asks for its removal."""

    remove_requested = Signal(str)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagChip")
        self.text = text
        self._layout = layout = QHBoxLayout(self)
        layout.setSpacing(2)
        layout.addWidget(QLabel(text, self))
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("tagRemove")
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.setToolTip(f"Remove “{text}”")
        self.remove_button.setAccessibleName(f"Remove {text}")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.text))
        layout.addWidget(self.remove_button)
        self.setMinimumHeight(self.remove_button.sizeHint().height() + 2)
        self.set_removable(True)

    def set_removable(self, removable: bool) -> None:
        self.remove_button.setVisible(removable)
        self._layout.setContentsMargins(8, 1, 2 if removable else 8, 1)


def _chip_style(palette: QPalette) -> str:
    """Chip colours blended from the palette, so they suit light and dark themes."""
    base, accent = (
        palette.color(QPalette.ColorRole.Base),
        palette.color(QPalette.ColorRole.Highlight),
    )

    def mix(amount: float) -> str:
        return QColor.fromRgbF(
            base.redF() + (accent.redF() - base.redF()) * amount,
            base.greenF() + (accent.greenF() - base.greenF()) * amount,
            base.blueF() + (accent.blueF() - base.blueF()) * amount,
        ).name()

    return (
        f"QFrame#tagChip {{ background: {mix(0.14)}; border: 1px solid {mix(0.45)};"
        " border-radius: 10px; }"
        " QToolButton#tagRemove { border: none; padding: 0 3px; }"
    )


class TagEdit(QFrame):
    """An editable list of tags shown as chips.

    Enter or a comma in the line edit adds a tag; Backspace in the empty line edit removes
    the last one; each chip's × removes it. Past :data:`CHIP_LIMIT` tags the first ones hide
    behind a "+N more…" button that opens the list editor. :meth:`set_tags` fills it
    without a signal.

    Signals:
        tags_changed(list): the user added or removed a tag; carries the whole new list.
    """

    tags_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._tags: list[str] = []
        self._chips: list[_Chip] = []
        self._read_only = False
        self._flow = FlowLayout(self)
        self._flow.setContentsMargins(4, 4, 4, 4)
        self._dialog: TagListDialog | None = None
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("tagMore")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(self.open_list)
        self.more_button.hide()
        self._flow.addWidget(self.more_button)
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("tagInput")
        self.line_edit.setFrame(False)
        self.line_edit.setPlaceholderText("Add a topic…")
        self.line_edit.setMinimumWidth(140)
        self.line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.line_edit.returnPressed.connect(self._on_line_edit_return_pressed)
        self.line_edit.installEventFilter(self)
        self._flow.addWidget(self.line_edit)
        self.setFocusProxy(self.line_edit)
        self.setStyleSheet(_chip_style(self.palette()))
        on_palette_change(  # e.g. the desktop turned dark
            lambda: set_style_sheet(self, _chip_style(QGuiApplication.palette())), self
        )
        self._names: Callable[[], list[str]] | None = None
        self._offered: list[str] | None = None
        self.completer = QCompleter(self)
        self.completer.setObjectName("topicCompleter")
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.completer.setModel(QStringListModel(self.completer))
        self.completer.activated.connect(self._on_completer_activated)
        self.line_edit.setCompleter(self.completer)

    # -- public ------------------------------------------------------------------------

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_tags(self, tags: list[str]) -> None:
        """Show ``tags`` (no signal); the text being typed is kept."""
        if tags == self._tags:
            return
        self._tags = list(tags)
        self._rebuild()
        if self._dialog is not None:
            self._dialog.set_tags(self.tags())

    def complete_from(self, names: Callable[[], list[str]]) -> None:
        """Offer ``names()`` (asked for when the input gets the focus) while typing."""
        self._names = names

    def _offer_names(self) -> None:
        """Fill the completer with the names not on this list yet."""
        if self._names is None:
            return
        taken = {t.casefold() for t in self._tags}
        offered = [n for n in self._names() if n.casefold() not in taken]
        if offered != self._offered:
            self._offered = offered
            model = self.completer.model()
            assert isinstance(model, QStringListModel)
            model.setStringList(offered)

    def _on_completer_activated(self, text: str) -> None:
        # A click in the list (Return reaches the line first: its returnPressed adds the
        # highlighted completion and empties the line). QLineEdit puts the completion in
        # the line after this signal: empty it after.
        if not self.line_edit.text():
            return
        QTimer.singleShot(0, self.line_edit.clear)
        self._add([text])

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.line_edit.setVisible(not read_only)
        for chip in self._chips:
            chip.set_removable(not read_only)
        if self._dialog is not None:
            self._dialog.set_read_only(read_only)

    def open_list(self) -> TagListDialog:
        """Open (or raise) the editor of the whole list."""
        if self._dialog is None:
            self._dialog = TagListDialog(self)
            self._dialog.tags_changed.connect(self._on_dialog_tags_changed)
        self._dialog.set_tags(self.tags())
        self._dialog.set_read_only(self._read_only)
        self._dialog.show()
        self._dialog.activateWindow()
        return self._dialog

    # -- events ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line_edit and event.type() == QEvent.Type.FocusIn:
            self._offer_names()
        if (
            watched is self.line_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backspace
            and not self.line_edit.text()
            and self._tags
            and not self._read_only
        ):
            self._remove(self._tags[-1])
            return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.line_edit.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def _on_line_edit_text_edited(self, text: str) -> None:
        if "," not in text:
            return
        *done, rest = text.split(",")
        self.line_edit.setText(rest.lstrip())
        self._add(done)

    def _on_line_edit_return_pressed(self) -> None:
        text = self.line_edit.text()
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():  # Return took the highlighted completion,
            popup.hide()  # which the completer then puts back in the line
            QTimer.singleShot(0, self.line_edit.clear)
        self.line_edit.clear()
        self._add([text])

    def _on_dialog_tags_changed(self, tags: list[str]) -> None:
        if tags != self._tags and not self._read_only:
            self._tags = list(tags)
            self._rebuild()
            self.tags_changed.emit(self.tags())

    # -- changing ----------------------------------------------------------------------

    def _add(self, texts: list[str]) -> None:
        new = list(self._tags)
        for text in (t.strip() for t in texts):
            if text and text not in new:
                new.append(text)
        if new != self._tags:
            self._tags = new
            self._rebuild()
            self._sync_dialog()
            self.tags_changed.emit(self.tags())

    def _remove(self, text: str) -> None:
        if text in self._tags and not self._read_only:
            self._tags.remove(text)
            self._rebuild()
            self._sync_dialog()
            self.tags_changed.emit(self.tags())

    def _sync_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.set_tags(self.tags())

    def _rebuild(self) -> None:
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._flow.removeWidget(self.line_edit)
        hidden = max(0, len(self._tags) - CHIP_LIMIT)
        self.more_button.setVisible(hidden > 0)
        self.more_button.setText(f"+{hidden:,} more…")
        self.more_button.setToolTip(f"Show all {len(self._tags):,} topics in a list")
        self._chips = [self._make_chip(text) for text in self._tags[hidden:]]
        for chip in self._chips:
            self._flow.addWidget(chip)
        self._flow.addWidget(self.line_edit)
        self._flow.invalidate()  # addItem does not; without it activate() would do nothing
        self._flow.activate()
        self.updateGeometry()

    def _make_chip(self, text: str) -> _Chip:
        chip = _Chip(text, self)
        chip.set_removable(not self._read_only)
        chip.remove_requested.connect(self._remove)
        chip.show()
        return chip
