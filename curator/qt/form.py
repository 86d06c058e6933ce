"""The record form: one record's fields in sections, each edit an undoable command.

Each field is a small binder (widget ⇄ key path) that shows one value, flags a value of
the wrong type or range without changing it, and hands the user's changes to
:class:`~curator.qt.commands.RecordEditor`. The form never changes a record itself: it
refreshes from ``record.data`` whenever the store says the record changed, touching only
widgets whose shown value differs.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

import yaml
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
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

from ..core.edits import Edit, KeyPath, SetValue, format_path, get_at, has_path
from ..core.record import Record
from .binders import (
    Binder,
    CheckBinder,
    ChoiceBinder,
    DateBinder,
    Notice,
    SpinBinder,
    TagsBinder,
    TextBinder,
    UrlBinder,
    shorten,
    topic_list,
)
from .commands import RecordEditor
from .naming import named
from .store import RecordStore
from .tags import TagEdit
from .triage import edit_all

SHOWN_ELSEWHERE = ("images", "related", "secured")  # keys without a binder but not "other"
BULK_KEYS = ("published", "quality", "heat", "category", "type", "topics")  # set on a selection
SECURED_TIP = (
    "An opaque signed value written by the publishing system. Curator shows it shortened "
    "and never changes it; Copy puts the full value on the clipboard."
)


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
    """Every field of one record, grouped in sections; edits go through the editor.

    Signals:
        edit_refused(str): an edit typed here was not made; the text says why.
    """

    edit_refused = Signal(str)

    def __init__(
        self, editor: RecordEditor, store: RecordStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordForm")
        self._editor = editor
        self._store = store
        self._record: Record | None = None
        self._selection: list[Record] = []  # two or more: bulk fields edit all of them
        self._too_many = 0  # rows selected when too many to edit together
        self._reload = QTimer(self)  # a bulk edit changes many records: reload once
        self._reload.setSingleShot(True)
        self._reload.setInterval(0)
        self._reload.timeout.connect(self._load)
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

    def selection(self) -> list[Record]:
        return self._selection

    def set_record(self, record: Record | None) -> None:
        """Show ``record``; None shows an empty, disabled form."""
        self._record = record
        if record is None or not any(record is r for r in self._selection):
            self._selection, self._too_many = [], 0
        self._hint.setVisible(record is None)
        self._body.setEnabled(record is not None)
        self._set_editable()
        self._fill_choices()
        self._load(fresh=True)

    def set_selection(self, records: list[Record], *, too_many: int = 0) -> None:
        """Edit several records at once: published, quality, heat, category, type and
        topics show values that differ as mixed, and a change there applies to all of
        them; the other fields are the current record's, locked. With ``too_many``
        (a selection too large to edit) every field is locked."""
        self._selection = list(records) if len(records) > 1 else []
        self._too_many = too_many
        self._set_editable()
        self._load(fresh=True)

    def _set_editable(self) -> None:
        record, bulk = self._record, bool(self._selection)
        readonly = record.readonly if record is not None else None
        if self._too_many:
            self._banner.set_problem(
                f"{self._too_many:,} rows selected: too many to edit together. Narrow the "
                "filter or select fewer rows; the form shows the current record, locked."
            )
        elif bulk:
            keys = ", ".join(BULK_KEYS)
            self._banner.set_problem(
                f"{len(self._selection)} records selected: changes to {keys} apply to all "
                "of them; the other fields show the current record, locked."
            )
        else:
            self._banner.set_problem(f"Read-only: {readonly}" if readonly else None)
        for binder in self._binders:
            shared = str(binder.path[0]) in BULK_KEYS
            locked = bool(self._too_many) or (bulk and not shared)
            for widget in binder.widgets:
                widget.setEnabled(not locked)  # greyed: it is not the selection's field
            if bulk and not locked:
                binder.set_editable(True)  # a read-only record among them refuses alone
            else:
                binder.set_editable(not locked and record is not None and not readonly)

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
        topics = named(TagEdit(), "topicsEdit")
        topics.complete_from(self._store.topic_names)  # the topics the library already uses
        add(form, "", TagsBinder, ("topics",), topics)

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
                binder.set_choices(self._store.distinct(key))

    def _load(self, *, fresh: bool = False) -> None:
        data = self._record.data if self._record is not None else {}
        self._filling = True
        try:
            for binder in self._binders:
                if self._selection and str(binder.path[0]) in BULK_KEYS:
                    binder.load_many([_value(r.data, binder.path) for r in self._selection])
                else:
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
        if self._selection and str(binder.path[0]) in BULK_KEYS:
            self._commit_all(binder, value, merge)
            return
        refusal = self._editor.set_value(record, binder.path, value, merge=merge)
        if refusal is not None:
            binder.load(record.data)
            self.edit_refused.emit(str(refusal))

    def _commit_all(self, binder: Binder, value: Any, merge: bool) -> None:
        """A change on a selection: made in every selected record as one undo step."""
        path = binder.path
        if isinstance(binder, TagsBinder):
            added, removed = binder.delta(value)
            make = lambda r: _topics_edit(r, added, removed)  # noqa: E731
            text = f"Topics +{', '.join(added)} -{', '.join(removed)}".strip(" +-")
        else:
            make, text = (lambda _r: SetValue(path, value)), f"Set {format_path(path)}"
        _refusals, message = edit_all(
            self._editor,
            self._selection,
            make,
            text,
            merge_key=("bulk", path) if merge else None,
            skip_reason="",
        )
        self._load()
        if message:
            self.edit_refused.emit(message)

    def _on_store_record_changed(self, row: int) -> None:
        if self._selection:
            changed = self._store.cached(row)
            if changed is not None and any(changed is r for r in self._selection):
                self._reload.start()
        elif self._record is not None and 0 <= row < self._store.count():
            if self._store.record(row) is self._record:
                self._load()

    def _on_copy_clicked(self) -> None:
        secured = self._record.data.get("secured") if self._record is not None else None
        if secured is not None:
            QGuiApplication.clipboard().setText(str(secured))


def _value(data: dict[str, Any], path: KeyPath) -> Any:
    return get_at(data, path) if has_path(data, path) else None


def _topics_edit(record: Record, added: list[str], removed: list[str]) -> Edit | None:
    """The edit adding ``added`` and removing ``removed`` from a record's topics."""
    old = topic_list(record.data.get("topics"))
    new = [t for t in old if t not in removed] + [t for t in added if t not in old]
    return None if new == old else SetValue(("topics",), new)
