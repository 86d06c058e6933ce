"""The store is the one mutator: edits, multi-edits and refusals come back as values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from qt_helpers import records_of

from curator.core.edits import SetValue
from curator.core.record import Record
from curator.qt.commands import RecordEditor
from curator.qt.store import RecordStore, Refusal

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
TOML = '+++\ntitle = "A TOML record"\nquality = 3\n+++\nBody.\n'


@pytest.fixture
def parts(qtbot, tmp_path: Path) -> tuple[RecordStore, QUndoStack, RecordEditor]:  # type: ignore[no-untyped-def]
    library = tmp_path / "library"
    shutil.copytree(SAMPLE, library)
    (library / "toml.md").write_text(TOML, encoding="utf-8")
    store = RecordStore()
    store.open([library], background=False)
    stack = QUndoStack()
    return store, stack, RecordEditor(store, stack)


def _named(store: RecordStore, name: str) -> Record:
    return next(r for r in records_of(store) if r.path.name == name)


def test_a_refused_edit_is_a_value_naming_the_file_and_adds_no_step(parts) -> None:  # type: ignore[no-untyped-def]
    store, stack, editor = parts
    record = _named(store, "toml.md")
    changed: list[int] = []
    store.record_changed.connect(changed.append)
    refusal = editor.set_value(record, ("quality",), 4)
    assert refusal == Refusal(record.path, "toml.md is read-only: TOML front matter is read-only")
    assert str(refusal) == "toml.md is read-only: TOML front matter is read-only"
    assert stack.count() == 0 and changed == [] and record.edits == ()


def test_several_edits_are_one_step_all_or_none(parts) -> None:  # type: ignore[no-untyped-def]
    store, stack, editor = parts
    record = _named(store, "001_a389345cbbeb221a.md")
    before = record.current_bytes()
    refusal = editor.apply_steps(
        [(record, SetValue(("quality",), 5)), (record, SetValue(("images", 7, "width"), 1))],
        "two",
    )
    assert refusal is not None and "images.7.width" in refusal.message
    assert stack.count() == 0 and record.current_bytes() == before and record.edits == ()
    assert (
        editor.apply_steps(
            [(record, SetValue(("quality",), 5)), (record, SetValue(("heat",), 6))], "two"
        )
        is None
    )
    assert stack.count() == 1 and (record.data["quality"], record.data["heat"]) == (5, 6)
    stack.undo()
    assert record.current_bytes() == before
    stack.redo()
    assert b"quality: 5\nheat: 6\n" in record.current_bytes()


def test_typing_merges_through_the_store_and_typing_back_leaves_nothing(parts) -> None:  # type: ignore[no-untyped-def]
    store, stack, editor = parts
    record = _named(store, "001_a389345cbbeb221a.md")
    for value in ("A", "AB", "ABC"):
        assert editor.set_value(record, ("title",), value, merge=True) is None
    assert stack.count() == 1 and record.data["title"] == "ABC"
    original = "Chipmakers Race to Lock In Neon Supply as War Disrupts Ukrainian Producers"
    assert editor.set_value(record, ("title",), original, merge=True) is None
    assert stack.count() == 0 and record.edits == () and not record.modified
