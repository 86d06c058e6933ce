"""The related panel, its model and the Attach dialog, checked against the bytes saved."""

from __future__ import annotations

import difflib
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QWidget,
)
from qt_helpers import records_of

from curator.core.images import ImageSettings
from curator.core.record import Record
from curator.core.related import related_urls
from curator.qt.commands import RecordEditor
from curator.qt.images import ImageLoader
from curator.qt.mime import RECORD_MIME, decode_records, encode_records
from curator.qt.picker import AttachDialog
from curator.qt.related_model import (
    DATE_ROLE,
    PROVIDER_ROLE,
    QUALITY_ROLE,
    STALE_ROLE,
    URL_ROLE,
    RelatedModel,
)
from curator.qt.related_panel import RelatedPanel, Thumbnails
from curator.qt.store import RecordStore
from curator.resources import sample_library_dir

CORAL_ITEM = [
    '  - title: "Lab-Raised Coral Spawns in the Wild for the First Time, Researchers Say"\n',
    '    excerpt: "Colonies grown from fragments in aquarium tanks and replanted on a reef off'
    ' Queensland released eggs and sperm in sync with wild neighbours."\n',
    "    publishedDateTime: 2022-06-24T05:45:00Z\n",
    '    webUrl: "https://www.coastalobserver.net/science/lab-coral-spawns.html"\n',
    "    type: article\n",
    "    provider:\n",
    "      name: Coastal Observer\n",
    "      domain: coastalobserver.net\n",
    "    quality: 81\n",
    "    images:\n",
    '      - url: "images/lab-coral-spawns.png"\n',
    "        width: 480\n",
    "        height: 320\n",
    "        isCached: true\n",
]


@dataclass
class Env:
    store: RecordStore
    stack: QUndoStack
    editor: RecordEditor
    panel: RelatedPanel

    def record(self, prefix: str) -> Record:
        return next(r for r in records_of(self.store) if r.path.name.startswith(f"{prefix}_"))

    def show(self, prefix: str) -> Record:
        record = self.record(prefix)
        self.panel.set_record(record)
        return record

    def child(self, kind: type, name: str) -> QWidget:
        widget = self.panel.findChild(kind, name)
        assert widget is not None, name
        return widget

    def view(self) -> QListView:
        view = self.child(QListView, "relatedList")
        assert isinstance(view, QListView)
        return view

    def click(self, name: str) -> None:
        button = self.child(QToolButton, name)
        assert isinstance(button, QToolButton) and button.isEnabled(), name
        button.click()

    def select(self, row: int) -> None:
        view = self.view()
        view.selectionModel().setCurrentIndex(
            view.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def titles(self) -> list[str]:
        model = self.panel.model()
        return [model.index(row).data() for row in range(model.rowCount())]

    def message(self) -> QLabel:
        label = self.child(QLabel, "relatedMessageLabel")
        assert isinstance(label, QLabel)
        return label


def _make_env(qtbot, library: Path, loader: ImageLoader | None = None) -> Env:  # type: ignore[no-untyped-def]
    store = RecordStore()
    store.open([library], background=False)
    stack = QUndoStack()
    editor = RecordEditor(store, stack)
    panel = RelatedPanel(editor, store, loader)
    qtbot.addWidget(panel)
    panel.resize(460, 620)
    panel.show()
    qtbot.waitExposed(panel)
    return Env(store, stack, editor, panel)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(sample_library_dir(), target)
    return target


@pytest.fixture
def env(qtbot, library: Path) -> Iterator[Env]:  # type: ignore[no-untyped-def]
    made = _make_env(qtbot, library)
    yield made
    made.panel.set_record(None)


def _diff(before: bytes, after: bytes) -> list[tuple[str, list[str], list[str]]]:
    """The changed line runs: (opcode, old lines, new lines)."""
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _drop(widget: QWidget, mime) -> QDropEvent:  # type: ignore[no-untyped-def]
    """Drag ``mime`` over ``widget`` and drop it there, as a user would (enter, then drop)."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    point = QPointF(widget.rect().center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():  # PySide marks the only constructor (QPoint) deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point.toPoint(), actions, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(point, actions, mime, buttons, keys)
    if enter.isAccepted():
        assert enter.dropAction() == Qt.DropAction.CopyAction
        QApplication.sendEvent(widget, drop)
    return drop


def _item_blocks(text: str) -> tuple[str, list[str], str]:
    """Split a file with a non-empty ``related:`` list into head, item blocks and tail."""
    lines = text.splitlines(keepends=True)
    start = lines.index("related:\n") + 1
    end = start
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    blocks: list[str] = []
    for line in lines[start:end]:
        if line.startswith("  - "):
            blocks.append("")
        blocks[-1] += line
    return "".join(lines[:start]), blocks, "".join(lines[end:])


# -- mime ------------------------------------------------------------------------------


def test_mime_round_trip(tmp_path: Path) -> None:
    paths = [tmp_path / "a b.md", tmp_path / "ü.md"]
    mime = encode_records(paths)
    assert mime.hasFormat(RECORD_MIME)
    assert decode_records(mime) == paths
    broken = encode_records([])
    broken.setData(RECORD_MIME, b"{not json")
    assert decode_records(broken) == []
    assert decode_records(None) == []


# -- model -----------------------------------------------------------------------------


def test_model_passes_the_model_tester(env: Env, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RelatedModel(env.store)
    qtmodeltester.check(model)
    model.set_record(env.record("005"))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    first = model.index(0)
    assert first.data() == "Heat Puts Power Grids Under Strain From Texas to France"
    assert first.data(PROVIDER_ROLE) == "Northwind Herald"
    assert first.data(QUALITY_ROLE) == 74
    assert first.data(URL_ROLE) == "https://northwindherald.com/news/2022/07/19/grids-under-strain"
    assert "Jul 2022" in first.data(DATE_ROLE)
    record = env.record("005")  # the tester keeps watching while the store changes it
    env.editor.apply(record, _move(0, 2), "move")
    env.editor.apply(record, _remove(1), "remove")
    env.editor.set_value(record, ("related", 0, "title"), "New")
    env.panel.drop_records([env.record("014").path])  # the panel shows no record: ignored
    env.panel.set_record(record)
    env.panel.drop_records([env.record("014").path])
    assert model.rowCount() == 3 and model.index(0).data() == "New"
    while env.stack.canUndo():
        env.stack.undo()
    assert model.rowCount() == 3 and record.current_bytes() == record.disk_bytes
    model.set_record(env.record("015"))
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_model_tolerates_malformed_items(qtbot, tmp_path: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "odd.md").write_text(
        "---\ntitle: Odd\nwebUrl: https://odd.example/\nrelated:\n"
        "  - just a string\n  - 5\n  - webUrl: https://x.example/\n    quality: true\n"
        "  - title: Fine\n    provider: Plain Name\n    publishedDateTime: not a date\n"
        "    images: [{url: 3}]\n---\n",
        encoding="utf-8",
    )
    store = RecordStore()
    store.open([folder], background=False)
    model = RelatedModel(store)
    model.set_record(records_of(store)[0])
    qtmodeltester.check(model)
    rows = [model.index(r) for r in range(model.rowCount())]
    assert [i.data() for i in rows] == [
        "(not an article: just a string)",
        "(not an article: 5)",
        "https://x.example/",
        "Fine",
    ]
    assert rows[2].data(QUALITY_ROLE) is None
    assert rows[3].data(PROVIDER_ROLE) == "Plain Name"
    assert rows[3].data(DATE_ROLE) == "not a date"


def test_model_follows_store_changes_with_narrow_signals(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("005")
    model = env.panel.model()
    with qtbot.waitSignal(model.rowsMoved):
        env.editor.apply(record, _move(2, 0), "move")
    assert env.titles()[0] == "How to keep cool when your home wasn’t built for heat"
    with qtbot.waitSignal(model.rowsRemoved):
        env.stack.undo()  # back to the file's order: one move the other way
        env.editor.apply(record, _remove(1), "remove")
    with qtbot.waitSignal(model.rowsInserted):
        env.stack.undo()


# -- attaching -------------------------------------------------------------------------


def test_attach_through_the_picker_to_an_empty_list(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("015")
    before = record.disk_bytes
    env.click("attachButton")
    dialog = env.panel.attach_dialog()
    assert isinstance(dialog, AttachDialog) and dialog.objectName() == "attachDialog"
    search = dialog.findChild(QLineEdit, "pickerSearch")
    table = dialog.findChild(QTableView, "pickerTable")
    attach = dialog.findChild(QPushButton, "pickerAttachButton")
    assert search is not None and table is not None and attach is not None
    assert table.model().rowCount() == 29  # every record but 015 itself
    qtbot.keyClicks(search, "coral provider:coastal")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
    assert not attach.isEnabled()
    table.selectRow(0)
    assert [r.path.name for r in dialog.selected_records()] == ["014_5b459471f75cc52a.md"]
    attach.click()
    assert env.panel.attach_dialog() is None
    assert env.stack.count() == 1
    assert env.titles() == [CORAL_ITEM[0].split('"')[1]]
    assert env.store.save(record)
    after = record.path.read_bytes()
    assert _diff(before, after) == [("replace", ["related: []\n"], ["related:\n", *CORAL_ITEM])]
    assert not env.record("014").modified  # one way only


def test_picker_marks_related_records_and_reports_bad_queries(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.show("001")
    env.click("attachButton")
    dialog = env.panel.attach_dialog()
    assert dialog is not None
    table = dialog.findChild(QTableView, "pickerTable")
    search = dialog.findChild(QLineEdit, "pickerSearch")
    error = dialog.findChild(QLabel, "pickerError")
    assert table is not None and search is not None and error is not None
    qtbot.keyClicks(search, "url:foundry-orders-cool")  # 002, already related to 001
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
    index = table.model().index(0, 0)
    assert index.data().startswith("✓ ")
    assert not index.flags() & Qt.ItemFlag.ItemIsSelectable
    table.selectAll()
    assert dialog.selected_records() == []
    search.setText("quality:>>")
    assert error.isVisible() and error.text()
    assert table.model().rowCount() == 1  # the last good filter stays
    search.setText("(unclosed")
    assert error.isVisible()
    search.setText("")
    assert not error.isVisible()
    assert table.model().rowCount() == 29
    dialog.reject()
    assert env.stack.count() == 0


def test_picker_attaches_several_both_ways_as_one_undo_step(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("015")
    others = [env.record("025"), env.record("014")]
    env.click("attachButton")
    dialog = env.panel.attach_dialog()
    assert dialog is not None
    both = dialog.findChild(QCheckBox, "pickerBothWays")
    search = dialog.findChild(QLineEdit, "pickerSearch")
    table = dialog.findChild(QTableView, "pickerTable")
    assert both is not None and search is not None and table is not None
    both.setChecked(True)
    search.setText("url:heat-pump-installers OR url:lab-coral-spawns")
    qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=10_000)
    table.selectAll()
    dialog.accept()
    assert env.stack.count() == 1
    assert len(env.titles()) == 2
    assert all(r.data["related"][-1]["webUrl"] == record.data["webUrl"] for r in others)
    assert env.child(QCheckBox, "bothWaysCheck").isChecked()  # type: ignore[attr-defined]
    env.stack.undo()
    for changed in (record, *others):
        assert changed.current_bytes() == changed.disk_bytes


def test_picker_offers_a_one_way_link_for_completing_both_ways(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("012")
    other = env.record("014")
    assert env.panel.attach_records([other], both=False) == 1
    one_way = record.current_bytes()
    env.click("attachButton")
    dialog = env.panel.attach_dialog()
    assert dialog is not None
    both = dialog.findChild(QCheckBox, "pickerBothWays")
    search = dialog.findChild(QLineEdit, "pickerSearch")
    table = dialog.findChild(QTableView, "pickerTable")
    assert both is not None and search is not None and table is not None
    both.setChecked(False)
    qtbot.keyClicks(search, "url:lab-coral-spawns")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
    index = table.model().index(0, 0)
    assert index.data().startswith("✓ ")  # one way: related already
    assert not index.flags() & Qt.ItemFlag.ItemIsSelectable
    qtbot.mouseClick(both, Qt.MouseButton.LeftButton)
    assert both.isChecked()
    assert not index.data().startswith("✓ ")  # both ways: the link back is missing
    assert index.flags() & Qt.ItemFlag.ItemIsSelectable
    table.selectAll()
    dialog.accept()
    assert record.current_bytes() == one_way
    assert other.data["related"][-1]["webUrl"] == record.data["webUrl"]


def test_drop_on_the_list_adds_an_item_like_its_siblings(env: Env) -> None:
    record = env.show("012")
    before = record.disk_bytes
    mime = encode_records([env.record("014").path])
    event = _drop(env.view().viewport(), mime)
    assert event.isAccepted()
    assert env.stack.count() == 1
    assert env.panel.current_row() == 1  # the new item is selected
    assert env.store.save(record)
    changes = _diff(before, record.path.read_bytes())
    assert len(changes) == 1
    tag, removed, added = changes[0]
    assert tag == "insert" and removed == [] and added == CORAL_ITEM
    _head, blocks, _tail = _item_blocks(record.path.read_text(encoding="utf-8"))
    assert blocks[1] == "".join(CORAL_ITEM)
    assert blocks[0].startswith("  - title: ")  # the sibling it lines up with


def test_drop_on_the_panel_both_ways_and_undo_before_saving(env: Env) -> None:
    record = env.show("015")
    other = env.record("025")
    disk = {r.path: r.path.read_bytes() for r in (record, other)}
    both = env.child(QCheckBox, "bothWaysCheck")
    assert isinstance(both, QCheckBox)
    both.setChecked(True)
    assert env.panel.model().dropMimeData(
        encode_records([other.path]), Qt.DropAction.CopyAction, -1, 0, QModelIndex()
    )
    assert record.data["related"][0]["webUrl"] == other.data["webUrl"]
    assert other.data["related"][0]["webUrl"] == record.data["webUrl"]
    env.stack.undo()
    for changed in (record, other):
        assert changed.current_bytes() == changed.disk_bytes
        assert not env.store.save(changed)  # nothing to write
        assert changed.path.read_bytes() == disk[changed.path]
    assert env.titles() == []


def test_attach_to_a_record_without_related_adds_the_key(env: Env) -> None:
    record = env.show("003")
    assert "related" not in record.data
    before = record.disk_bytes
    assert env.panel.drop_records([env.record("014").path]) == 1
    assert env.titles() == [CORAL_ITEM[0].split('"')[1]]
    assert env.store.save(record)
    assert _diff(before, record.path.read_bytes()) == [
        ("insert", [], ["related:\n", *CORAL_ITEM, "\n"])
    ]
    env.stack.undo()
    assert env.titles() == []
    assert record.current_bytes() == before


def test_attach_self_or_duplicate_is_refused_inline(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("001")
    before = record.current_bytes()
    for source, words in ((record, "itself"), (env.record("002"), "already has")):
        with qtbot.waitSignal(env.panel.edit_refused) as failed:
            _drop(env.panel, encode_records([source.path]))
        assert words in failed.args[0]
        assert env.message().isVisible() and words in env.message().text()
        assert record.current_bytes() == before
        assert env.stack.count() == 0
    _drop(env.panel, encode_records([Path("/nowhere/else.md")]))
    assert "Not in the open library: else.md" in env.message().text()
    env.panel.set_record(env.record("005"))
    assert not env.message().isVisible()


def test_drop_both_ways_completes_a_link_made_one_way(env: Env) -> None:
    record = env.show("012")
    other = env.record("014")
    both = env.child(QCheckBox, "bothWaysCheck")
    assert isinstance(both, QCheckBox)
    both.setChecked(False)
    _drop(env.panel, encode_records([other.path]))
    one_way = record.current_bytes()
    assert record.data["related"][-1]["webUrl"] == other.data["webUrl"]
    assert record.data["webUrl"] not in related_urls(other.data)
    both.setChecked(True)
    _drop(env.panel, encode_records([other.path]))  # was refused: "already has"
    assert record.current_bytes() == one_way  # not attached twice
    assert other.data["related"][-1]["webUrl"] == record.data["webUrl"]
    assert env.stack.count() == 2
    assert not env.message().isVisible()


# -- reordering, removing, editing -----------------------------------------------------


def _move(source: int, target: int):  # type: ignore[no-untyped-def]
    from curator.core.edits import MoveItem

    return MoveItem(("related",), source, target)


def _remove(index: int):  # type: ignore[no-untyped-def]
    from curator.core.edits import RemoveItem

    return RemoveItem(("related",), index)


def test_move_up_and_remove_change_only_those_items(env: Env) -> None:
    record = env.show("005")
    original = record.disk_bytes.decode()
    head, blocks, tail = _item_blocks(original)
    env.select(1)
    env.click("moveUpButton")
    assert env.panel.current_row() == 0  # the selection stays on the moved item
    assert env.titles()[0] == "Low Water on the Rhine Forces Barges to Sail a Third Full"
    env.select(2)
    env.click("removeRelatedButton")
    assert env.panel.current_row() == 1
    assert env.stack.count() == 2
    assert env.store.save(record)
    assert record.path.read_text(encoding="utf-8") == head + blocks[1] + blocks[0] + tail


def test_drag_reorder_goes_through_the_undo_stack(env: Env) -> None:
    record = env.show("005")
    model = env.panel.model()
    env.select(2)
    mime = model.mimeData([model.index(2)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert env.panel.current_row() == 0
    assert env.titles()[0] == "How to keep cool when your home wasn’t built for heat"
    env.panel.set_record(record)  # shown again (e.g. the table re-selected it): no reset
    assert env.panel.current_row() == 0
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 3)  # QListView's internal move
    assert env.panel.current_row() == 2
    assert env.stack.count() == 2
    env.stack.undo()
    env.stack.undo()
    assert record.current_bytes() == record.disk_bytes
    foreign = env.record("001")
    assert not RelatedModel(env.store).canDropMimeData(
        mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )
    other = RelatedModel(env.store)
    other.set_record(foreign)
    assert not other.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_editing_the_title_is_one_undo_step(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("005")
    env.select(1)
    title = env.child(QLineEdit, "relatedTitleEdit")
    assert isinstance(title, QLineEdit)
    assert title.text() == "Low Water on the Rhine Forces Barges to Sail a Third Full"
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " Again")
    assert env.stack.count() == 1
    assert record.data["related"][1]["title"].endswith("Third Full Again")
    assert title.text().endswith("Full Again") and title.cursorPosition() == len(title.text())
    changes = _diff(record.disk_bytes, record.current_bytes())
    assert changes == [
        (
            "replace",
            ['  - title: "Low Water on the Rhine Forces Barges to Sail a Third Full"\n'],
            ['  - title: "Low Water on the Rhine Forces Barges to Sail a Third Full Again"\n'],
        )
    ]
    env.stack.undo()
    assert record.current_bytes() == record.disk_bytes
    assert title.text() == "Low Water on the Rhine Forces Barges to Sail a Third Full"


def test_excerpt_url_and_quality_edits(env: Env) -> None:
    record = env.show("005")
    env.select(2)
    quality = env.child(QSpinBox, "relatedQualitySpin")
    excerpt = env.child(QPlainTextEdit, "relatedExcerptEdit")
    url = env.child(QLineEdit, "relatedUrlEdit")
    assert isinstance(quality, QSpinBox) and isinstance(excerpt, QPlainTextEdit)
    assert isinstance(url, QLineEdit)
    assert quality.value() == 18
    quality.setValue(25)
    excerpt.setPlainText("Short.")
    url.setText("https://example.org/x")
    url.textEdited.emit(url.text())
    item = record.data["related"][2]
    assert (item["quality"], item["excerpt"], item["webUrl"]) == (
        25,
        "Short.",
        "https://example.org/x",
    )
    assert env.stack.count() == 3
    changes = _diff(record.disk_bytes, record.current_bytes())
    assert [len(old) for _tag, old, _new in changes] == [1, 1, 1]


# -- opening, read-only ----------------------------------------------------------------


def test_open_related_emits_the_library_record(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.show("005")
    open_button = env.child(QToolButton, "openRelatedButton")
    env.select(0)
    assert open_button.isEnabled()
    with qtbot.waitSignal(env.panel.open_record_requested) as opened:
        env.click("openRelatedButton")
    assert opened.args[0] is env.record("006")
    env.select(2)  # everydayhealthdesk.com is not in the library
    assert not open_button.isEnabled()
    view = env.view()
    center = view.visualRect(view.model().index(1, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    with qtbot.waitSignal(env.panel.open_record_requested) as opened:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened.args[0] is env.record("017")


def test_read_only_record_cannot_be_edited(qtbot, library: Path) -> None:  # type: ignore[no-untyped-def]
    (library / "100_toml.md").write_text(
        '+++\ntitle = "TOML"\nwebUrl = "https://toml.example/"\n\n[[related]]\n'
        'title = "Inside"\nwebUrl = "https://toml.example/inside"\n+++\n',
        encoding="utf-8",
    )
    env = _make_env(qtbot, library)
    record = env.show("100")
    assert record.readonly
    assert env.titles() == ["Inside"]
    for name in ("attachButton", "removeRelatedButton", "moveUpButton", "moveDownButton"):
        assert not env.child(QToolButton, name).isEnabled(), name
    assert not env.child(QCheckBox, "bothWaysCheck").isEnabled()
    title = env.child(QLineEdit, "relatedTitleEdit")
    assert isinstance(title, QLineEdit) and title.isReadOnly()
    assert "read-only" in env.message().text()
    assert not env.panel.model().flags(env.panel.model().index(0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not _drop(env.panel, encode_records([env.record("014").path])).isAccepted()
    assert env.stack.count() == 0


# -- pictures --------------------------------------------------------------------------


def test_thumbnails_load_through_the_loader(qtbot, library: Path) -> None:  # type: ignore[no-untyped-def]
    store = RecordStore()
    store.open([library], background=False)
    loader = ImageLoader(ImageSettings(offline=True))
    thumbnails = Thumbnails(loader, store)
    local, missing = "images/lab-coral-spawns.png", "https://nowhere.example/x.jpg"
    for url in (local, missing):
        _pixmap, reason = thumbnails.pixmap(url, library)
        if reason:
            assert reason == "loading…"
            with qtbot.waitSignal(thumbnails.changed):
                pass
    picture, reason = thumbnails.pixmap(local, library)
    assert reason == "" and picture.width() == 96 and picture.height() == 64
    _pixmap, reason = thumbnails.pixmap(missing, library)
    assert reason == "not in the cache and downloads are off"
    assert thumbnails.pixmap("", library)[1] == "no image"
    assert Thumbnails(None, store).pixmap(local, library)[1] == "previews are off"
    loader.wait()


def test_screenshots(qtbot, library: Path) -> None:  # type: ignore[no-untyped-def]
    loader = ImageLoader(ImageSettings(offline=True))
    env = _make_env(qtbot, library, loader)
    env.show("005")
    env.select(1)
    env.panel.grab()  # the first paint asks the loader for the thumbnails
    qtbot.waitUntil(lambda: loader.pending_count() == 0)
    QApplication.processEvents()
    env.panel.grab().save("/tmp/related_panel.png")
    env.click("attachButton")
    dialog = env.panel.attach_dialog()
    assert dialog is not None
    table = dialog.findChild(QTableView, "pickerTable")
    assert table is not None
    table.selectRow(0)
    table.selectionModel().select(
        table.model().index(2, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert len(dialog.selected_records()) == 2
    dialog.grab().save("/tmp/picker.png")
    search = dialog.findChild(QLineEdit, "pickerSearch")
    assert search is not None
    search.setText("quality:>>")
    dialog.grab().save("/tmp/picker_error.png")
    dialog.reject()
    env.show("015")
    env.panel.grab().save("/tmp/related_panel_empty.png")
    loader.wait()


def test_picker_sorts_by_a_header_click_and_clearing_the_filter_keeps_that_order(  # type: ignore[no-untyped-def]
    env: Env, qtbot
) -> None:
    env.show("015")
    env.click("attachButton")
    dialog = env.panel.attach_dialog()
    assert dialog is not None
    table = dialog.findChild(QTableView, "pickerTable")
    search = dialog.findChild(QLineEdit, "pickerSearch")
    assert table is not None and search is not None
    header = table.horizontalHeader()
    model = table.model()

    def titles() -> list[str]:
        return [model.index(row, 0).data() for row in range(3)]

    newest = [
        "Office Vacancies Climb as Hybrid Work Settles In",
        "Low Water on the Rhine Forces Barges to Sail a Third Full",
        "Museums Test AI Tools to Caption Their Photo Archives",
    ]
    qtbot.waitUntil(lambda: titles() == newest, timeout=10_000)  # newest first, as opened
    with qtbot.waitSignal(model.order_applied, timeout=10_000):
        point = QPoint(header.sectionViewportPosition(0) + 20, header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    by_title = [
        "Alpine Glaciers on Track for Their Worst Melt Season in Decades",
        "Battery Recyclers Bet on a Flood of Retired EV Packs",
        "Bird Flu Spreads to Seabird Colonies Along the North Sea Coast",
    ]
    assert header.sortIndicatorSection() == 0
    assert titles() == by_title
    table.selectRow(1)
    qtbot.keyClicks(search, "recyclers")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    assert [r.path.name[:3] for r in dialog.selected_records()] == ["004"]  # kept
    search.clear()  # the whole list comes back at once, still by title
    assert model.rowCount() == 29 and titles() == by_title
    assert [r.path.name[:3] for r in dialog.selected_records()] == ["004"]
    dialog.reject()


def test_a_stale_item_is_marked_and_refreshed_from_its_record(qtbot, library: Path) -> None:  # type: ignore[no-untyped-def]
    source = next(library.glob("002_*.md"))  # 001 relates it; its quality is now 60
    source.write_bytes(source.read_bytes().replace(b"\nquality: 55\n", b"\nquality: 60\n"))
    env = _make_env(qtbot, library)
    record = env.show("001")
    model = env.panel.model()
    assert model.index(0).data(STALE_ROLE) == ["quality"]
    assert model.index(1).data(STALE_ROLE) == []  # not in the library: never stale
    tip = model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"Stale: quality differ from {source.name}\n\n")
    env.select(1)
    assert not env.child(QToolButton, "refreshRelatedButton").isEnabled()
    env.select(0)
    env.click("refreshRelatedButton")
    assert _diff(record.disk_bytes, record.current_bytes()) == [
        ("replace", ["    quality: 55\n"], ["    quality: 60\n"])
    ]
    assert model.index(0).data(STALE_ROLE) == []
    assert env.stack.count() == 1 and env.stack.undoText().startswith("Refresh related item 1")
    env.stack.undo()
    assert record.current_bytes() == record.disk_bytes
    assert model.index(0).data(STALE_ROLE) == ["quality"]
    env.panel.set_record(None)


def test_clicking_a_half_visible_item_enables_its_editor_and_buttons(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = env.show("005")
    assert len(record.data["related"]) >= 3
    view = env.view()
    row_height = view.visualRect(view.model().index(0, 0)).height()
    view.setFixedHeight(int(row_height * 1.5) + 2 * view.frameWidth())  # row 1 half shown
    qtbot.waitUntil(lambda: view.viewport().height() < 2 * row_height)
    env.select(0)
    rect = view.visualRect(view.model().index(1, 0))
    assert rect.bottom() > view.viewport().height()  # half visible
    point = QPoint(rect.center().x(), rect.top() + 4)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert env.panel.current_row() == 1
    for name in ("removeRelatedButton", "moveUpButton", "moveDownButton"):
        assert env.child(QToolButton, name).isEnabled(), name
    title = env.child(QLineEdit, "relatedTitleEdit")
    assert isinstance(title, QLineEdit) and title.isEnabled() and not title.isReadOnly()
    assert title.text() == record.data["related"][1]["title"]
