"""A record with 10,000 topics: a few chips, a "more" button and a list editor that saves."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import records_of

from curator.core.record import Record
from curator.qt.commands import RecordEditor
from curator.qt.form import RecordForm
from curator.qt.store import RecordStore
from curator.qt.tag_list import TagListDialog
from curator.qt.tags import TagEdit
from curator.resources import sample_library_dir

COUNT = 10_000
HEAD = '---\ntitle: "Many topics"\nquality: 5\ntopics:\n'
TAIL = "published: false\n---\nBody.\n"


def topic_lines(numbers: list[int]) -> str:
    return "".join(f"  - topic {n:05d}\n" for n in numbers)


@dataclass
class Shown:
    record: Record
    store: RecordStore
    stack: QUndoStack
    form: RecordForm
    path: Path

    def tags(self) -> TagEdit:
        tags = self.form.findChild(TagEdit, "topicsEdit")
        assert tags is not None
        return tags


@pytest.fixture
def shown(qtbot: QtBot, tmp_path: Path) -> Shown:
    library = tmp_path / "library"
    shutil.copytree(sample_library_dir(), library)
    path = library / "many.md"
    path.write_text(HEAD + topic_lines(list(range(COUNT))) + TAIL, encoding="utf-8")
    store = RecordStore()
    store.open([library], background=False)
    stack = QUndoStack()
    form = RecordForm(RecordEditor(store, stack), store)
    qtbot.addWidget(form)
    form.resize(520, 900)
    form.show()
    qtbot.waitExposed(form)
    record = next(r for r in records_of(store) if r.path == path)
    form.set_record(record)
    return Shown(record, store, stack, form, path)


def test_ten_thousand_topics_show_fifty_chips_and_a_more_button(shown: Shown) -> None:
    tags = shown.tags()
    assert len(tags.tags()) == COUNT
    chips = [c for c in tags.findChildren(QWidget, "tagChip") if not c.isHidden()]
    assert len(chips) == 50
    assert [c.findChild(QLabel).text() for c in chips[-2:]] == ["topic 09998", "topic 09999"]
    more = tags.findChild(QToolButton, "tagMore")
    assert more.isVisible() and more.text() == "+9,950 more…"


def test_the_list_editor_removes_adds_and_renames_and_the_save_writes_it(
    qtbot: QtBot, shown: Shown
) -> None:
    record, tags = shown.record, shown.tags()
    more = tags.findChild(QToolButton, "tagMore")
    more.setFocus()
    qtbot.keyClick(more, Qt.Key.Key_Space)  # keyboard: Tab to the button, Space opens it
    dialog = tags.findChild(TagListDialog)
    assert dialog is not None and dialog.isVisible()
    view = dialog.findChild(QListView, "topicList")
    assert view.model().rowCount() == COUNT

    qtbot.keyClicks(dialog.findChild(QLineEdit, "topicFilter"), "topic 0123")
    assert view.model().rowCount() == 10  # topic 01230 … topic 01239
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        view.model().index(4, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # removes topic 01234
    assert len(record.data["topics"]) == COUNT - 1 and "topic 01234" not in record.data["topics"]

    add = dialog.findChild(QLineEdit, "topicAdd")
    qtbot.keyClicks(add, "Robotics")
    qtbot.keyClick(add, Qt.Key.Key_Return)
    assert record.data["topics"][-1] == "Robotics"
    assert dialog.findChild(QLabel, "topicCount").text() == "10,000 topics"

    view.model().setData(view.model().index(0, 0), "topic 1230-renamed")  # topic 01230
    assert record.data["topics"][1230] == "topic 1230-renamed"

    assert shown.store.save(record)
    numbers = [n for n in range(COUNT) if n != 1234]
    expected = HEAD + topic_lines(numbers) + "  - Robotics\n" + TAIL
    expected = expected.replace("  - topic 01230\n", "  - topic 1230-renamed\n")
    assert shown.path.read_bytes() == expected.encode()
    more_text = tags.findChild(QToolButton, "tagMore").text()
    assert more_text == "+9,950 more…"


def test_undo_puts_the_list_editor_back(qtbot: QtBot, shown: Shown) -> None:
    dialog = shown.tags().open_list()
    add = dialog.findChild(QLineEdit, "topicAdd")
    qtbot.keyClicks(add, "AI")
    qtbot.keyClick(add, Qt.Key.Key_Return)
    assert dialog.tags()[-1] == "AI" and shown.record.modified
    shown.stack.undo()
    assert dialog.tags()[-1] == "topic 09999" and len(dialog.tags()) == COUNT
    assert not shown.record.modified
    assert shown.record.current_bytes() == shown.path.read_bytes()


def test_a_read_only_record_lists_its_topics_but_cannot_change_them(
    qtbot: QtBot, shown: Shown
) -> None:
    tags = shown.tags()
    tags.set_read_only(True)
    dialog = tags.open_list()
    assert not dialog.findChild(QLineEdit, "topicAdd").isVisible()
    view = dialog.findChild(QListView, "topicList")
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        view.model().index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(dialog.tags()) == COUNT and not shown.record.modified


def test_renaming_in_the_list_drops_empty_and_repeated_topics(qtbot: QtBot) -> None:
    dialog = TagListDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_tags(["a", "b", "c"])
    got: list[list[str]] = []
    dialog.tags_changed.connect(got.append)
    for typed, expected in (("b", ["b", "c"]), ("", ["c"]), ("Robotics", ["Robotics"])):
        first = dialog.proxy.index(0, 0)
        dialog.view.setCurrentIndex(first)
        dialog.view.setFocus()
        qtbot.keyClick(dialog.view, Qt.Key.Key_F2)  # rename the current topic
        editor = dialog.view.findChild(QLineEdit)
        assert editor is not None
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        qtbot.keyClicks(editor, typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits from the event loop
        for _ in range(200):  # the delegate commits and closes from the event loop
            if dialog.tags() == expected and not dialog.view.findChildren(QLineEdit):
                break
            qtbot.wait(25)
        assert dialog.tags() == expected
        assert got[-1] == expected
