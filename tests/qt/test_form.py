"""The record form: user actions become undoable edits, odd values are shown and flagged."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QDateTime, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)
from qt_helpers import records_of

from curator.core.record import Record
from curator.qt.commands import RecordEditor
from curator.qt.form import Notice, RecordForm, shorten
from curator.qt.store import RecordStore
from curator.qt.tags import TagEdit

W = TypeVar("W", bound=QWidget)
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
FIRST = "001_a389345cbbeb221a.md"

ODD = """\
---
category: 42
title: "A record with odd values"
excerpt: "Out of range and mistyped values."
publishedDateTime: "last tuesday"
originalUrl: "ftp://example.org/file"
webUrl: "https://example.org/odd"
type: article
quality: 150
heat: "high"
published: "yes"
provider:
  name: Example
  domain: example.org
topics: "AI, robotics"
editorNote: "check the source"
secured: "short"
---
Body.
"""

MISSING = """\
---
title: "No heat, no topics"
quality: 10
published: false
---
"""

ALIASED = """\
---
base: &base {heat: 3}
merged:
  <<: *base
title: "Aliased title"
quality: 5
published: true
topics:
  - AI
---
"""


@dataclass
class Env:
    store: RecordStore
    stack: QUndoStack
    editor: RecordEditor
    form: RecordForm

    def show(self, name: str) -> Record:
        record = next(r for r in records_of(self.store) if r.path.name == name)
        self.form.set_record(record)
        return record

    def child(self, kind: type[W], name: str) -> W:
        widget = self.form.findChild(kind, name)
        assert widget is not None, name
        return widget


@pytest.fixture
def make_env(qtbot, tmp_path: Path) -> Callable[..., Env]:
    def make(**extra: str) -> Env:
        library = tmp_path / "library"
        shutil.copytree(SAMPLE, library)
        for name, text in extra.items():
            (library / f"{name}.md").write_text(text, encoding="utf-8")
        store = RecordStore()
        store.open([library], background=False)
        stack = QUndoStack()
        editor = RecordEditor(store, stack)
        form = RecordForm(editor, store)
        qtbot.addWidget(form)
        form.resize(520, 900)
        form.show()
        qtbot.waitExposed(form)
        return Env(store, stack, editor, form)

    return make


@pytest.fixture
def env(make_env: Callable[..., Env]) -> Env:
    weights = "---\ntitle: W\nweights: [1, 2, 3]\nmeta:\n  by: ann\n  at: 2022-07-01\n---\n"
    return make_env(odd=ODD, missing=MISSING, aliased=ALIASED, weights=weights)


def changed_lines(record: Record) -> list[tuple[str, str]]:
    old = record.disk_bytes.decode().splitlines()
    new = record.current_bytes().decode().splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_empty_form_is_disabled_with_a_hint(env: Env) -> None:
    assert env.form.record() is None
    assert env.child(QWidget, "emptyHint").isVisible()
    title = env.child(QLineEdit, "titleEdit")
    assert title.text() == "" and not title.isEnabled()
    env.show(FIRST)
    assert not env.child(QWidget, "emptyHint").isVisible()
    assert title.isEnabled() and not title.isReadOnly()


def test_shows_the_record_values(env: Env) -> None:
    record = env.show(FIRST)
    data = record.data
    assert env.child(QLineEdit, "titleEdit").text() == data["title"]
    assert env.child(QPlainTextEdit, "excerptEdit").toPlainText() == data["excerpt"]
    assert env.child(QComboBox, "categoryEdit").currentText() == data["category"]
    assert env.child(QSpinBox, "qualitySpin").value() == data["quality"]
    assert env.child(QSlider, "heatSlider").value() == data["heat"]
    assert env.child(QCheckBox, "publishedCheck").isChecked() is data["published"]
    assert env.child(QLineEdit, "providerDomainEdit").text() == data["provider"]["domain"]
    assert env.child(TagEdit, "topicsEdit").tags() == data["topics"]
    date = env.child(QDateTimeEdit, "dateEdit")
    local = data["publishedDateTime"].astimezone()
    assert date.text().startswith(local.strftime("%Y-%m-%d %H:%M "))  # local time, then zone
    assert not env.child(QWidget, "unknownKeysView").isVisible()
    assert not any(
        w.isVisible() for w in env.form.findChildren(QWidget) if w.objectName().endswith("Flag")
    )


def test_typing_a_title_is_one_undo_step_and_undo_restores_the_widget(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    original = record.data["title"]
    title = env.child(QLineEdit, "titleEdit")
    assert title.cursorPosition() == 0  # a new record shows its title from the start
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, "abc")
    assert record.data["title"] == original + "abc"
    assert env.stack.count() == 1
    assert record.modified
    env.stack.undo()
    assert title.text() == original
    assert record.data["title"] == original and not record.modified


def test_refresh_leaves_the_field_being_typed_in_alone(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    title = env.child(QLineEdit, "titleEdit")
    title.setFocus()
    title.setCursorPosition(3)
    qtbot.keyClicks(title, "X")
    assert title.cursorPosition() == 4
    assert env.editor.set_value(record, ("heat",), 12) is None  # another change refreshes the form
    assert title.cursorPosition() == 4 and title.text()[3] == "X"
    assert env.child(QSpinBox, "heatSpin").value() == 12


def test_quality_spin_changes_only_the_quality_line(env: Env) -> None:
    record = env.show(FIRST)
    env.child(QSpinBox, "qualitySpin").setValue(77)
    assert record.data["quality"] == 77
    assert env.child(QSlider, "qualitySlider").value() == 77
    assert changed_lines(record) == [("quality: 72", "quality: 77")]


def test_the_slider_drives_the_spin_box(env: Env) -> None:
    record = env.show(FIRST)
    env.child(QSlider, "heatSlider").setValue(40)
    assert env.child(QSpinBox, "heatSpin").value() == 40
    assert record.data["heat"] == 40


def test_toggling_published(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    assert record.data["published"] is True
    check = env.child(QCheckBox, "publishedCheck")
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    assert record.data["published"] is False
    assert changed_lines(record) == [("published: true", "published: false")]
    env.stack.undo()
    assert env.child(QCheckBox, "publishedCheck").isChecked()


def test_editing_topics_adds_and_removes_tags(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    tags = env.child(TagEdit, "topicsEdit")
    qtbot.keyClicks(tags.line_edit, "Robotics")
    qtbot.keyClick(tags.line_edit, Qt.Key.Key_Return)
    assert record.data["topics"] == ["Semiconductors", "Supply Chains", "Robotics"]
    assert b"  - Robotics" in record.current_bytes()
    qtbot.keyClicks(tags.line_edit, "Trade, Energy,")
    assert record.data["topics"][-2:] == ["Trade", "Energy"]
    qtbot.keyClick(tags.line_edit, Qt.Key.Key_Backspace)
    assert record.data["topics"][-1] == "Trade"
    remove = tags.findChildren(QToolButton, "tagRemove")[0]
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert record.data["topics"] == ["Supply Chains", "Robotics", "Trade"]
    while env.stack.canUndo():
        env.stack.undo()
    assert tags.tags() == ["Semiconductors", "Supply Chains"]
    assert not record.modified


def test_provider_name(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    name = env.child(QLineEdit, "providerNameEdit")
    name.selectAll()
    qtbot.keyClicks(name, "Circuit Weekly")
    assert record.data["provider"] == {"name": "Circuit Weekly", "domain": "circuitreview.net"}
    assert env.stack.count() == 1


def test_odd_values_are_shown_and_flagged_but_not_written(env: Env) -> None:
    record = env.show("odd.md")
    quality, heat = env.child(QSpinBox, "qualitySpin"), env.child(QSpinBox, "heatSpin")
    assert quality.text() == "150" and heat.text() == "high"
    flags = {
        "qualitySpinFlag": "file has 150 — outside 0–100",
        "heatSpinFlag": "“high” — not a whole number",
        "publishedCheckFlag": "“yes” — not true/false",
        "topicsEditFlag": "not a list",
        "dateEditFlag": "“last tuesday” — not a date",
        "categoryEditFlag": "file has 42",
    }
    for name, text in flags.items():
        flag = env.child(Notice, name)
        assert flag.isVisible() and text in flag.label.text(), name
    assert env.child(QCheckBox, "publishedCheck").checkState() == Qt.CheckState.PartiallyChecked
    assert env.child(QDateTimeEdit, "dateEdit").text() == "last tuesday"
    assert env.child(TagEdit, "topicsEdit").tags() == ["AI, robotics"]
    assert record.modified is False and env.stack.count() == 0
    assert record.current_bytes() == record.disk_bytes
    quality.setValue(80)  # the user's own edit is written, and the flag goes
    assert record.data["quality"] == 80
    assert changed_lines(record) == [("quality: 150", "quality: 80")]
    assert not env.child(QWidget, "qualitySpinFlag").isVisible()
    env.stack.undo()
    assert quality.text() == "150" and env.child(QWidget, "qualitySpinFlag").isVisible()


def test_other_keys_are_listed_read_only(env: Env) -> None:
    env.show("odd.md")
    view = env.child(QPlainTextEdit, "unknownKeysView")
    assert view.isVisible() and view.isReadOnly()
    assert view.toPlainText() == "editorNote: check the source"
    env.show("weights.md")
    assert view.toPlainText() == "weights: [1, 2, 3]\nmeta: {by: ann, at: 2022-07-01}"


def test_a_missing_key_shows_empty_and_editing_adds_it(qtbot, env: Env) -> None:
    record = env.show("missing.md")
    heat = env.child(QSpinBox, "heatSpin")
    assert heat.text() == "—" and not env.child(QWidget, "heatSpinFlag").isVisible()
    assert env.child(QLineEdit, "webUrlEdit").text() == ""
    assert env.child(QDateTimeEdit, "dateEdit").text() == "—"
    heat.setValue(30)
    assert record.data["heat"] == 30 and b"heat: 30" in record.current_bytes()
    tags = env.child(TagEdit, "topicsEdit")
    qtbot.keyClicks(tags.line_edit, "AI\r")
    assert record.data["topics"] == ["AI"]


def test_undo_restores_every_widget(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    before = dict(record.data)
    qtbot.keyClicks(env.child(QLineEdit, "providerNameEdit"), "!")
    env.child(QSpinBox, "heatSpin").setValue(1)
    qtbot.keyClicks(env.child(QPlainTextEdit, "excerptEdit"), " More.")
    env.child(QCheckBox, "publishedCheck").click()
    assert env.stack.count() == 4
    while env.stack.canUndo():
        env.stack.undo()
    assert record.data == before
    assert env.child(QLineEdit, "providerNameEdit").text() == before["provider"]["name"]
    assert env.child(QSpinBox, "heatSpin").value() == before["heat"]
    assert env.child(QPlainTextEdit, "excerptEdit").toPlainText() == before["excerpt"]
    assert env.child(QCheckBox, "publishedCheck").isChecked()


def test_a_refused_edit_puts_the_record_value_back(qtbot, env: Env, monkeypatch) -> None:
    record = env.show(FIRST)
    monkeypatch.setattr(env.editor, "set_value", lambda *args, **kwargs: False)
    title = env.child(QLineEdit, "titleEdit")
    qtbot.keyClicks(title, "x")
    assert title.text() == record.data["title"]
    env.child(QSpinBox, "qualitySpin").setValue(5)
    assert env.child(QSpinBox, "qualitySpin").value() == 72


def test_a_read_only_record_shows_values_but_cannot_be_edited(qtbot, env: Env) -> None:
    record = env.show("aliased.md")
    assert record.readonly
    banner = env.child(Notice, "readonlyBanner")
    assert banner.isVisible() and "merge key" in banner.label.text()  # aliases alone: editable
    title = env.child(QLineEdit, "titleEdit")
    assert title.text() == "Aliased title" and title.isReadOnly()
    qtbot.keyClicks(title, "zzz")
    assert env.child(QSpinBox, "qualitySpin").isReadOnly()
    assert not env.child(QSlider, "qualitySlider").isEnabled()
    assert not env.child(QCheckBox, "publishedCheck").isEnabled()
    tags = env.child(TagEdit, "topicsEdit")
    assert not tags.line_edit.isVisible() and tags.tags() == ["AI"]
    chip = tags.findChild(QWidget, "tagChip")
    qtbot.waitUntil(lambda: tags.rect().contains(chip.geometry()), timeout=1000)
    assert chip.width() == chip.sizeHint().width()  # laid out, not left at Qt's default
    assert env.stack.count() == 0 and not record.modified
    env.show(FIRST)
    assert not banner.isVisible() and not title.isReadOnly()


def test_the_date_is_written_as_utc_with_the_z_spelling(env: Env) -> None:
    record = env.show(FIRST)
    moment = dt.datetime(2022, 3, 4, 5, 6, tzinfo=dt.UTC)
    edit = env.child(QDateTimeEdit, "dateEdit")
    edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
    assert record.data["publishedDateTime"] == moment
    assert record.data["publishedDateTime"].tzinfo is not None
    assert changed_lines(record) == [
        ("publishedDateTime: 2022-07-04T08:15:00Z", "publishedDateTime: 2022-03-04T05:06:00Z")
    ]


def test_secured_is_shortened_and_copied_in_full(qtbot, env: Env) -> None:
    record = env.show(FIRST)
    full = record.data["secured"]
    shown = env.child(QLineEdit, "securedEdit")
    assert shown.isReadOnly() and shown.text() == shorten(full) and "…" in shown.text()
    assert "never changes" in shown.toolTip()
    qtbot.mouseClick(env.child(QToolButton, "securedCopy"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == full


def test_open_url_buttons_open_only_web_links(qtbot, env: Env, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr("curator.qt.binders.QDesktopServices.openUrl", opened.append)
    env.show("odd.md")
    assert not env.child(QToolButton, "originalUrlOpen").isEnabled()  # ftp://
    qtbot.mouseClick(env.child(QToolButton, "webUrlOpen"), Qt.MouseButton.LeftButton)
    assert opened == [QUrl("https://example.org/odd")]


def test_tab_order_follows_the_layout(env: Env) -> None:
    env.show(FIRST)
    expected = [
        "titleEdit", "excerptEdit", "categoryEdit", "typeEdit", "dateEdit", "publishedCheck",
        "qualitySpin", "qualitySlider", "heatSpin", "heatSlider", "originalUrlEdit",
        "originalUrlOpen", "webUrlEdit", "webUrlOpen", "providerNameEdit",
        "providerDomainEdit", "tagInput", "securedEdit", "securedCopy",
    ]  # fmt: skip
    seen: list[str] = []
    widget = env.child(QLineEdit, "titleEdit")
    for _ in range(200):
        name = widget.objectName()
        if name in expected and name not in seen:
            seen.append(name)
        widget = widget.nextInFocusChain()
    assert seen == expected


def test_a_new_library_empties_the_form(env: Env, tmp_path: Path) -> None:
    env.show(FIRST)
    env.store.open([tmp_path / "library"], background=False)
    assert env.form.record() is None
    assert env.child(QLineEdit, "titleEdit").text() == ""


def test_tag_edit_on_its_own(qtbot) -> None:
    tags = TagEdit()
    qtbot.addWidget(tags)
    tags.set_tags(["a", "b"])
    with qtbot.assertNotEmitted(tags.tags_changed):
        tags.set_tags(["a", "b", "c"])
    with qtbot.waitSignal(tags.tags_changed) as signal:
        qtbot.keyClicks(tags.line_edit, " d ,")
    assert signal.args == [["a", "b", "c", "d"]]
    with qtbot.assertNotEmitted(tags.tags_changed):
        qtbot.keyClicks(tags.line_edit, "a\r")  # already there
    assert tags.line_edit.text() == ""
    tags.set_read_only(True)
    qtbot.keyClick(tags.line_edit, Qt.Key.Key_Backspace)
    assert tags.tags() == ["a", "b", "c", "d"]


def test_screenshot(qtbot, env: Env) -> None:
    env.show("odd.md")
    env.show(FIRST)
    env.form.resize(520, 900)
    qtbot.wait(20)  # let the layouts settle, as they would before a paint
    tags = env.child(TagEdit, "topicsEdit")
    chips = [c for c in tags.findChildren(QWidget, "tagChip") if c.isVisible()]
    assert len(chips) == 2 and chips[0].geometry().right() < chips[1].geometry().left()
    assert env.form.grab().save("/tmp/form.png")
