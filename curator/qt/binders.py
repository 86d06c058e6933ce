"""Per-field binders of the record form: one widget ⇄ one key path, odd values flagged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QDateTime, QObject, QSignalBlocker, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ..core.edits import KeyPath, get_at, has_path
from ..core.fields import describe, read_date
from ..core.fields import shorten as shorten
from ..core.lint import kind_problem
from .colors import hex_color, on_palette_change, set_style_sheet
from .icons import icon
from .tags import TagEdit

RANGE = (0, 100)
FLAG_TIP = "Shown as the file has it; curator writes this field only when you change it."
NO_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0))  # the date edit's "no date" value


def _flag(kind: str, value: Any, then: str = "") -> str | None:
    """The form's flag for an odd value: the core's lint rule, said as the file's."""
    problem = kind_problem(kind, value)
    return None if problem is None else f"file has {problem[1]}{then}"


def raw_text(value: Any) -> str:
    """A value shown inside a widget that cannot hold it."""
    return value if isinstance(value, str) else describe(value)


class Notice(QFrame):
    """An icon and a wrapping line of text: a field's flag, or a banner over the form."""

    STYLES: ClassVar[dict[str, str]] = {  # {flag} and {warning-*}: colors.py, per palette
        "flag": "QLabel {{ color: {flag}; }}",
        "info": "#{name} {{ background: palette(alternate-base);"
        " border-bottom: 1px solid palette(mid); }}",
        "warning": "#{name} {{ background: {warning-back};"
        " border-bottom: 1px solid {warning-border}; }} QLabel {{ color: {warning-text}; }}",
    }

    def __init__(self, name: str, text: str = "", kind: str = "flag") -> None:
        super().__init__()
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*((0, 0, 0, 0) if kind == "flag" else (12, 8, 12, 8)))
        layout.setSpacing(6)
        if kind != "info":
            glyph = QLabel()
            glyph.setPixmap(icon("problems").pixmap(16, 16))
            layout.addWidget(glyph, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self._kind = kind
        self._restyle()
        on_palette_change(self._restyle, self)
        if kind == "flag":
            self.setToolTip(FLAG_TIP)
        self.set_problem(text)

    def _restyle(self) -> None:
        names = ("flag", "warning-back", "warning-border", "warning-text")
        colours = {n: hex_color(n) for n in names}
        set_style_sheet(self, self.STYLES[self._kind].format(name=self.objectName(), **colours))

    def set_problem(self, text: str | None) -> None:
        self.label.setText(text or "")
        self.setVisible(bool(text))


class Binder(QObject):
    """Shows the value at ``path`` in its widgets and reports the user's changes.

    ``commit(binder, value, merge)`` is set by the form; a binder never edits a record.
    """

    def __init__(self, path: KeyPath, widgets: list[QWidget], flag: Notice) -> None:
        super().__init__(widgets[0])
        self.path = path
        self.widgets = widgets
        self.flag = flag
        self.commit: Callable[[Binder, Any, bool], None] = lambda _b, _v, _m: None
        self.fresh = True  # showing another record: the cursor need not be kept

    def load(self, data: dict[str, Any], *, fresh: bool = False) -> None:
        """Show the value in ``data`` (signals blocked) and flag it if it is odd."""
        self.fresh = fresh
        value = get_at(data, self.path) if has_path(data, self.path) else None
        blockers = [QSignalBlocker(widget) for widget in self.widgets]
        try:
            self.flag.set_problem(self.show(value))
        finally:
            for blocker in blockers:
                blocker.unblock()

    def show(self, value: Any) -> str | None:
        """Put ``value`` in the widgets; return why it is odd, or None."""
        raise NotImplementedError

    def load_many(self, values: list[Any], *, fresh: bool = False) -> None:
        """Show the values of several records: one value as :meth:`load` does, values
        that differ as mixed ("mixed (3 values)")."""
        distinct = len({repr(v) for v in values})
        if distinct <= 1:
            self.load(_at(self.path, values[0] if values else None), fresh=fresh)
            return
        self.fresh = fresh
        blockers = [QSignalBlocker(widget) for widget in self.widgets]
        try:
            self.flag.set_problem(None)
            self.show_mixed(values, distinct)
        finally:
            for blocker in blockers:
                blocker.unblock()

    def show_mixed(self, values: list[Any], distinct: int) -> None:
        """Show that the selected records hold ``distinct`` different values."""
        raise NotImplementedError

    def set_editable(self, editable: bool) -> None:
        for widget in self.widgets:
            widget.setEnabled(editable)

    def focus_widgets(self) -> list[QWidget]:
        return self.widgets

    def _write(self, value: Any, merge: bool = True) -> None:
        self.commit(self, value, merge)


def _at(path: KeyPath, value: Any) -> dict[str, Any]:
    """A front matter holding ``value`` at ``path`` (nothing there when it is None)."""
    if value is None:
        return {}
    data: Any = value
    for key in reversed(path):
        data = {key: data}
    return dict(data)


def mixed_text(distinct: int) -> str:
    return f"mixed ({distinct} values)"


def put_text(edit: QLineEdit | QPlainTextEdit, text: str, keep_cursor: bool) -> None:
    """Show ``text``; with ``keep_cursor`` only if it differs, and the cursor stays put."""
    if not keep_cursor:  # another record: show its text from the start
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(text)
        else:
            edit.setText(text)
            edit.setCursorPosition(0)
    elif isinstance(edit, QPlainTextEdit):
        if edit.toPlainText() != text:
            position = edit.textCursor().position()
            edit.setPlainText(text)
            cursor = edit.textCursor()
            cursor.setPosition(min(position, len(text)))
            edit.setTextCursor(cursor)
    elif edit.text() != text:
        position = edit.cursorPosition()
        edit.setText(text)
        edit.setCursorPosition(min(position, len(text)))


class TextBinder(Binder):
    """Text in a QLineEdit or QPlainTextEdit; typing merges into one undo step."""

    def __init__(self, path: KeyPath, edit: QLineEdit | QPlainTextEdit, flag: Notice) -> None:
        super().__init__(path, [edit], flag)
        self.edit = edit
        if isinstance(edit, QPlainTextEdit):
            edit.textChanged.connect(lambda: self._write(edit.toPlainText()))
        else:
            edit.textEdited.connect(self._write)

    def show(self, value: Any) -> str | None:
        put_text(self.edit, "" if value is None else raw_text(value), not self.fresh)
        return _flag("text", value, "; editing saves text")

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)


class ChoiceBinder(TextBinder):
    """Text in an editable QComboBox that offers the values the library already uses."""

    def __init__(self, path: KeyPath, combo: QComboBox, flag: Notice) -> None:
        line = combo.lineEdit()
        assert line is not None, "the combo box must be editable"
        super().__init__(path, line, flag)
        self.combo = combo
        self.widgets.insert(0, combo)
        combo.textActivated.connect(self._write)

    def show(self, value: Any) -> str | None:
        self.edit.setPlaceholderText("")
        return super().show(value)

    def show_mixed(self, values: list[Any], distinct: int) -> None:
        put_text(self.edit, "", False)
        self.edit.setPlaceholderText(mixed_text(distinct))

    def set_choices(self, values: list[str]) -> None:
        if values != [self.combo.itemText(i) for i in range(self.combo.count())]:
            text = self.combo.currentText()
            with QSignalBlocker(self.combo), QSignalBlocker(self.edit):
                self.combo.clear()
                self.combo.addItems(values)
                self.combo.setEditText(text)

    def set_editable(self, editable: bool) -> None:
        self.combo.setEnabled(editable)

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo]


class UrlBinder(TextBinder):
    """A URL line edit with a button that opens http(s) links in the browser."""

    def __init__(self, path: KeyPath, edit: QLineEdit, button: QToolButton, flag: Notice) -> None:
        super().__init__(path, edit, flag)
        self.line = edit
        self.widgets.append(button)
        self.button = button
        button.setIcon(icon("open-url"))
        button.setToolTip("Open in the browser")
        button.setAccessibleName("Open in browser")
        button.clicked.connect(self._on_button_clicked)
        edit.textChanged.connect(self._on_text_changed)

    def _url(self) -> QUrl | None:
        url = QUrl(self.line.text().strip())
        return url if url.isValid() and url.scheme() in ("http", "https") and url.host() else None

    def _on_text_changed(self, _text: str) -> None:
        self.button.setEnabled(self._url() is not None)

    def _on_button_clicked(self) -> None:
        url = self._url()
        if url is not None:
            QDesktopServices.openUrl(url)

    def show(self, value: Any) -> str | None:
        problem = super().show(value)
        self._on_text_changed("")
        return problem


class SpinBinder(Binder):
    """A 0–100 number: a spin box and a slider kept in step. A value outside the range or
    not a whole number is shown as the spin box's special text until the user edits."""

    def __init__(self, path: KeyPath, spin: QSpinBox, slider: QSlider, flag: Notice) -> None:
        super().__init__(path, [spin, slider], flag)
        self.spin, self.slider = spin, slider
        spin.setRange(*RANGE)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("00000") + 40)
        slider.setRange(*RANGE)
        slider.setPageStep(10)
        spin.valueChanged.connect(self._on_spin_value_changed)
        slider.valueChanged.connect(spin.setValue)

    def show(self, value: Any) -> str | None:
        valid = (
            isinstance(value, int) and not isinstance(value, bool) and RANGE[0] <= value <= RANGE[1]
        )
        if valid:
            self.spin.setMinimum(RANGE[0])
            self.spin.setValue(value)
        else:  # one step below the range holds the special text
            self.spin.setMinimum(RANGE[0] - 1)
            self.spin.setSpecialValueText("—" if value is None else raw_text(value))
            self.spin.setValue(RANGE[0] - 1)
        self.slider.setValue(max(self.spin.value(), RANGE[0]))
        return _flag("score", value)

    def show_mixed(self, values: list[Any], distinct: int) -> None:
        self.spin.setMinimum(RANGE[0] - 1)
        self.spin.setSpecialValueText(mixed_text(distinct))
        self.spin.setValue(RANGE[0] - 1)
        self.slider.setValue(RANGE[0])

    def _on_spin_value_changed(self, value: int) -> None:
        if value >= RANGE[0]:
            self.slider.blockSignals(True)
            self.slider.setValue(value)
            self.slider.blockSignals(False)
            self._write(value)

    def set_editable(self, editable: bool) -> None:
        self.spin.setReadOnly(not editable)
        self.slider.setEnabled(editable)


class CheckBinder(Binder):
    """A true/false value; anything else shows the box partly checked."""

    def __init__(self, path: KeyPath, check: QCheckBox, flag: Notice) -> None:
        super().__init__(path, [check], flag)
        self.check = check
        check.clicked.connect(
            lambda: self._write(check.checkState() == Qt.CheckState.Checked, False)
        )

    def show(self, value: Any) -> str | None:
        self.check.setToolTip("")
        if isinstance(value, bool) or value is None:
            self.check.setTristate(False)
            self.check.setChecked(bool(value))
            return None
        self.check.setTristate(True)
        self.check.setCheckState(Qt.CheckState.PartiallyChecked)
        return _flag("bool", value)

    def show_mixed(self, values: list[Any], distinct: int) -> None:
        self.check.setTristate(True)
        self.check.setCheckState(Qt.CheckState.PartiallyChecked)
        self.check.setToolTip(f"Differs across the selection: {mixed_text(distinct)}")


class DateBinder(Binder):
    """A timestamp shown in local time; the user's change is written as aware UTC."""

    def __init__(self, path: KeyPath, edit: QDateTimeEdit, flag: Notice) -> None:
        super().__init__(path, [edit], flag)
        self.edit = edit
        edit.setMinimumDateTime(NO_DATE)
        edit.dateTimeChanged.connect(self._on_date_time_changed)

    def show(self, value: Any) -> str | None:
        moment = read_date(value)[0]
        problem = _flag("date", value)
        self.edit.setSpecialValueText("—" if value is None else raw_text(value))
        shown = NO_DATE
        if moment is not None:
            shown = QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000))
        if self.edit.dateTime() != shown:
            self.edit.setDateTime(shown)
        return problem

    def _on_date_time_changed(self, when: QDateTime) -> None:
        if when != NO_DATE:
            ms = when.toMSecsSinceEpoch()
            moment = dt.datetime.fromtimestamp(ms // 1000, dt.UTC)
            self._write(moment.replace(microsecond=ms % 1000 * 1000))

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)


class TagsBinder(Binder):
    """A list of text tags; a change replaces the whole list."""

    def __init__(self, path: KeyPath, tags: TagEdit, flag: Notice) -> None:
        super().__init__(path, [tags], flag)
        self.tags = tags
        self.topic_of: dict[str, str] = {}  # a chip's text -> its topic ("X (2 of 3)" -> "X")
        tags.tags_changed.connect(lambda new: self._write(new, False))

    def load_many(self, values: list[Any], *, fresh: bool = False) -> None:
        """Topics in every selected record as they are, topics in some as "X (2 of 3)"."""
        self.fresh = fresh
        lists = [topic_list(value) for value in values]
        seen: list[str] = []
        for topics in lists:
            seen.extend(t for t in topics if t not in seen)
        self.topic_of = {}
        for topic in seen:
            count = sum(topic in topics for topics in lists)
            label = topic if count == len(lists) else f"{topic} ({count} of {len(lists)})"
            self.topic_of[label] = topic
        with QSignalBlocker(self.tags):
            self.tags.set_tags(list(self.topic_of))
        self.flag.set_problem(None)

    def delta(self, labels: list[str]) -> tuple[list[str], list[str]]:
        """The topics added and removed by a change of the shown chips to ``labels``."""
        removed = [topic for label, topic in self.topic_of.items() if label not in labels]
        added = [label for label in labels if label not in self.topic_of]
        return added, removed

    def show(self, value: Any) -> str | None:
        self.topic_of = {}
        if isinstance(value, list):
            self.tags.set_tags([raw_text(item) for item in value])
            return _flag("tags", value)
        self.tags.set_tags([value] if isinstance(value, str) else [])
        return _flag("tags", value, "; editing saves a list")

    def set_editable(self, editable: bool) -> None:
        self.tags.set_read_only(not editable)

    def focus_widgets(self) -> list[QWidget]:
        return [self.tags.line_edit]


def topic_list(value: Any) -> list[str]:
    """A record's topics as a list of text (one text topic, or none)."""
    if isinstance(value, list):
        return [raw_text(item) for item in value]
    return [value] if isinstance(value, str) else []
