"""The record form: one record's fields in sections, each edit an undoable command.

Each field is a small binder (widget ⇄ key path) that shows one value, flags a value of
the wrong type or range without changing it, and hands the user's changes to
:class:`~curator.qt.commands.RecordEditor`. The form never changes a record itself: it
refreshes from ``record.data`` whenever the store says the record changed, touching only
widgets whose shown value differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Any, ClassVar, TypeVar

import yaml
from PySide6.QtCore import QDate, QDateTime, QObject, QSignalBlocker, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import KeyPath, get_at, has_path
from ..core.record import Record
from .commands import RecordEditor
from .icons import icon
from .store import RecordStore
from .tags import TagEdit

W = TypeVar("W", bound=QWidget)

SHOWN_ELSEWHERE = ("images", "related", "secured")  # keys without a binder but not "other"
SECURED_TIP = (
    "An opaque signed value written by the publishing system. Curator shows it shortened "
    "and never changes it; Copy puts the full value on the clipboard."
)


def shorten(text: str, head: int = 24, tail: int = 8) -> str:
    """``text`` cut to its first ``head`` and last ``tail`` characters."""
    return text if len(text) <= head + tail + 1 else f"{text[:head]}…{text[-tail:]}"


def other_keys_text(data: dict[str, Any], known: set[str]) -> str:
    """The keys not in ``known``, one per line as compact (flow-style) YAML."""
    lines = []
    for key, value in data.items():
        if key not in known:
            text = yaml.safe_dump(
                {key: value}, default_flow_style=True, allow_unicode=True, sort_keys=False, width=72
            )
            lines.append(text.strip()[1:-1])  # drop the braces of the one-key mapping
    return "\n".join(lines)


# -- binders: one widget ⇄ one key path ------------------------------------------------

RANGE = (0, 100)
FLAG_TIP = "Shown as the file has it; curator writes this field only when you change it."
NO_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0))  # the date edit's "no date" value


def describe(value: Any) -> str:
    """A value as a flag shows it: text quoted, YAML spelling for the rest."""
    if isinstance(value, str):
        return f"“{shorten(value, 30, 0)}”"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return str(value)


def raw_text(value: Any) -> str:
    """A value shown inside a widget that cannot hold it."""
    return value if isinstance(value, str) else describe(value)


class Notice(QFrame):
    """An icon and a wrapping line of text: a field's flag, or a banner over the form."""

    STYLES: ClassVar[dict[str, str]] = {
        "flag": "QLabel {{ color: #9a5b00; }}",
        "info": "#{name} {{ background: palette(alternate-base);"
        " border-bottom: 1px solid palette(mid); }}",
        "warning": "#{name} {{ background: #fff4ce; border-bottom: 1px solid #e0c36c; }}"
        " QLabel {{ color: #4d3800; }}",
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
        self.setStyleSheet(self.STYLES[kind].format(name=name))
        if kind == "flag":
            self.setToolTip(FLAG_TIP)
        self.set_problem(text)

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

    def set_editable(self, editable: bool) -> None:
        for widget in self.widgets:
            widget.setEnabled(editable)

    def focus_widgets(self) -> list[QWidget]:
        return self.widgets

    def _write(self, value: Any, merge: bool = True) -> None:
        self.commit(self, value, merge)


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
        if value is None or isinstance(value, str):
            return None
        return f"file has {describe(value)} — not text; editing saves text"

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
        if valid or value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return f"file has {value} — outside {RANGE[0]}–{RANGE[1]}"
        return f"file has {describe(value)} — not a whole number"

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
        if isinstance(value, bool) or value is None:
            self.check.setTristate(False)
            self.check.setChecked(bool(value))
            return None
        self.check.setCheckState(Qt.CheckState.PartiallyChecked)
        return f"file has {describe(value)} — not true/false"


def as_datetime(value: Any) -> tuple[dt.datetime | None, str | None]:
    """The moment a file's date value means, and why it is odd (or None)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC), "file has no time zone — read as UTC"
        return value, None
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), dt.UTC), "file has a date without a time"
    if value is None:
        return None, None
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None, f"file has {describe(value)} — not a date"
        return as_datetime(moment)[0], f"file has the text {describe(value)}, not a timestamp"
    return None, f"file has {describe(value)} — not a date"


class DateBinder(Binder):
    """A timestamp shown in local time; the user's change is written as aware UTC."""

    def __init__(self, path: KeyPath, edit: QDateTimeEdit, flag: Notice) -> None:
        super().__init__(path, [edit], flag)
        self.edit = edit
        edit.setMinimumDateTime(NO_DATE)
        edit.dateTimeChanged.connect(self._on_date_time_changed)

    def show(self, value: Any) -> str | None:
        moment, problem = as_datetime(value)
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
        tags.tags_changed.connect(lambda new: self._write(new, False))

    def show(self, value: Any) -> str | None:
        if isinstance(value, list):
            self.tags.set_tags([raw_text(item) for item in value])
            odd = [describe(item) for item in value if not isinstance(item, str)]
            return f"file has items that are not text: {', '.join(odd)}" if odd else None
        self.tags.set_tags([value] if isinstance(value, str) else [])
        if value is None:
            return None
        kind = "the text " if isinstance(value, str) else ""
        return f"file has {kind}{describe(value)}, not a list; editing saves a list"

    def set_editable(self, editable: bool) -> None:
        self.tags.set_read_only(not editable)

    def focus_widgets(self) -> list[QWidget]:
        return [self.tags.line_edit]


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def section_box(title: str, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    box.setStyleSheet("QGroupBox { font-weight: bold; }")  # the title only; children keep theirs
    return box


def excerpt_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 2 * edit.frameWidth() + 10)
    return edit


def choice_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def date_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm t")
    edit.setToolTip("Shown in your local time; saved in UTC (…Z), as the file spells it.")
    return edit


class RecordForm(QWidget):
    """Every field of one record, grouped in sections; edits go through the editor."""

    def __init__(
        self, editor: RecordEditor, store: RecordStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordForm")
        self._editor = editor
        self._store = store
        self._record: Record | None = None
        self._filling = False
        self._binders: list[Binder] = []
        self._labels: list[QLabel] = []
        self._build()
        store.record_changed.connect(self._on_store_record_changed)
        store.library_reset.connect(lambda: self.set_record(None))
        self.set_record(None)

    # -- public ------------------------------------------------------------------------

    def record(self) -> Record | None:
        return self._record

    def set_record(self, record: Record | None) -> None:
        """Show ``record``; None shows an empty, disabled form."""
        self._record = record
        self._hint.setVisible(record is None)
        readonly = record.readonly if record is not None else None
        self._banner.set_problem(f"Read-only: {readonly}" if readonly else None)
        self._body.setEnabled(record is not None)
        for binder in self._binders:
            binder.set_editable(record is not None and not readonly)
        self._fill_choices()
        self._load(fresh=True)

    def add_section(self, title: str, widget: QWidget) -> None:
        """Add a section (e.g. image preview, related items) above "Other keys"."""
        box = section_box(title, self._body)
        QVBoxLayout(box).addWidget(widget)
        self._sections.insertWidget(self._sections.indexOf(self._other_box), box)

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._hint = Notice("emptyHint", "Select a record in the list to see and edit it.", "info")
        self._banner = Notice("readonlyBanner", kind="warning")
        self._body = QWidget(self)  # not scrolled here: the window puts the form in a scroll area
        self._sections = QVBoxLayout(self._body)
        self._sections.setContentsMargins(10, 10, 10, 10)
        self._sections.setSpacing(12)
        self._build_fields()
        self._build_extras()
        self._sections.addStretch(1)
        for widget in (self._hint, self._banner, self._body):
            outer.addWidget(widget)
        self._align_labels()
        self._chain_tab_order()

    def _build_fields(self) -> None:
        add, horizontal = self._add, Qt.Orientation.Horizontal
        form = self._section("Article")
        add(form, "&Title", TextBinder, ("title",), named(QLineEdit(), "titleEdit"))
        add(form, "E&xcerpt", TextBinder, ("excerpt",), named(excerpt_edit(), "excerptEdit"))
        add(form, "&Category", ChoiceBinder, ("category",), named(choice_combo(), "categoryEdit"))
        add(form, "T&ype", ChoiceBinder, ("type",), named(choice_combo(), "typeEdit"))
        form = self._section("Publishing")
        add(form, "&Date", DateBinder, ("publishedDateTime",), named(date_edit(), "dateEdit"))
        add(
            form,
            "Status",
            CheckBinder,
            ("published",),
            named(QCheckBox("Published"), "publishedCheck"),
        )
        for label, key in (("&Quality", "quality"), ("&Heat", "heat")):
            add(
                form,
                label,
                SpinBinder,
                (key,),
                named(QSpinBox(), f"{key}Spin"),
                named(QSlider(horizontal), f"{key}Slider"),
            )
        form = self._section("Links")
        for label, key in (("&Original URL", "originalUrl"), ("&Web URL", "webUrl")):
            add(
                form,
                label,
                UrlBinder,
                (key,),
                named(QLineEdit(), f"{key}Edit"),
                named(QToolButton(), f"{key}Open"),
            )
        form = self._section("Provider")
        add(form, "&Name", TextBinder, ("provider", "name"), named(QLineEdit(), "providerNameEdit"))
        add(
            form,
            "Do&main",
            TextBinder,
            ("provider", "domain"),
            named(QLineEdit(), "providerDomainEdit"),
        )
        form = self._section("Topics")
        add(form, "", TagsBinder, ("topics",), named(TagEdit(), "topicsEdit"))

    def _build_extras(self) -> None:
        self._other = named(QPlainTextEdit(), "unknownKeysView")
        self._other.setReadOnly(True)
        self._other.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._other.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._other.setToolTip("Keys curator has no field for; shown as they are, never changed.")
        self._other_box = section_box("Other keys", self._body)
        QVBoxLayout(self._other_box).addWidget(self._other)
        self._sections.addWidget(self._other_box)
        self._secured = named(QLineEdit(), "securedEdit")
        self._secured.setReadOnly(True)
        self._secured.setToolTip(SECURED_TIP)
        self._copy = named(QToolButton(), "securedCopy")
        self._copy.setText("Copy")
        self._copy.setToolTip("Copy the full secured value to the clipboard")
        self._copy.clicked.connect(self._on_copy_clicked)
        self._row(self._section("Signature"), "Secured", self._secured, self._copy)

    def _section(self, title: str) -> QFormLayout:
        box = section_box(title, self._body)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(12, 10, 12, 12)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self._sections.addWidget(box)
        return form

    def _add(
        self,
        form: QFormLayout,
        label: str,
        kind: Callable[..., Binder],
        path: KeyPath,
        *widgets: QWidget,
    ) -> None:
        """A labelled row for ``path``, kept in step by a binder of type ``kind``."""
        binder = kind(path, *widgets, self._row(form, label, *widgets))
        binder.commit = self._commit
        self._binders.append(binder)

    def _row(self, form: QFormLayout, label: str, *widgets: QWidget) -> Notice:
        """The widgets side by side with a (hidden) flag under them; returns the flag."""
        field = QWidget()
        column = QVBoxLayout(field)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        line = QHBoxLayout()
        for widget in widgets:
            line.addWidget(widget)
        column.addLayout(line)
        flag = Notice(f"{widgets[0].objectName()}Flag")
        column.addWidget(flag)
        caption = QLabel(label)
        caption.setBuddy(widgets[0])
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._labels.append(caption)
        form.addRow(caption, field)
        return flag

    def _align_labels(self) -> None:
        """One width and a line edit's height for every label, so the labels of all
        sections line up and sit level with the first line of their field."""
        width = max(label.sizeHint().width() for label in self._labels)
        height = QLineEdit().sizeHint().height()
        for label in self._labels:
            label.setMinimumSize(width, height)

    def _chain_tab_order(self) -> None:
        widgets = [w for binder in self._binders for w in binder.focus_widgets()]
        for first, second in pairwise([*widgets, self._other, self._secured, self._copy]):
            QWidget.setTabOrder(first, second)

    # -- showing -----------------------------------------------------------------------

    def _fill_choices(self) -> None:
        """Offer the categories and types the open library already uses."""
        for binder in self._binders:
            if isinstance(binder, ChoiceBinder):
                key = str(binder.path[0])
                found = {r.data.get(key) for r in self._store.records}
                binder.set_choices(sorted(v for v in found if isinstance(v, str)))

    def _load(self, *, fresh: bool = False) -> None:
        data = self._record.data if self._record is not None else {}
        self._filling = True
        try:
            for binder in self._binders:
                binder.load(data, fresh=fresh)
            self._load_extras(data)
        finally:
            self._filling = False

    def _load_extras(self, data: dict[str, Any]) -> None:
        known = {str(b.path[0]) for b in self._binders}.union(SHOWN_ELSEWHERE)
        other = other_keys_text(data, known)
        if self._other.toPlainText() != other:
            self._other.setPlainText(other)
        rows = min(max(other.count("\n") + 1, 2), 10)
        self._other.setFixedHeight(self._other.fontMetrics().lineSpacing() * rows + 14)
        self._other_box.setVisible(bool(other))
        secured = data.get("secured")
        self._secured.setText(shorten(str(secured)) if secured is not None else "")
        self._secured.setCursorPosition(0)
        self._copy.setEnabled(secured is not None)

    # -- slots -------------------------------------------------------------------------

    def _commit(self, binder: Binder, value: Any, merge: bool) -> None:
        """A binder reports a user change: push it, or show the record's value again."""
        record = self._record
        if record is None or self._filling:
            return
        if not self._editor.set_value(record, binder.path, value, merge=merge):
            binder.load(record.data)

    def _on_store_record_changed(self, row: int) -> None:
        if self._record is not None and 0 <= row < self._store.count():
            if self._store.record(row) is self._record:
                self._load()

    def _on_copy_clicked(self) -> None:
        secured = self._record.data.get("secured") if self._record is not None else None
        if secured is not None:
            QGuiApplication.clipboard().setText(str(secured))
