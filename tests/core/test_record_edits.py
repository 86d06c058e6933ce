"""Edit cost: adding an edit edits the current text once, whatever came before it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from curator.core import record as record_module
from curator.core import writer
from curator.core.edits import InsertItem, RemoveItem, SetValue
from curator.core.record import Record, parse_record
from curator.core.yamlsafe import YamlProblem, compose

TEXT = "---\ntitle: T\nquality: 0\ntopics:\n  - a\n---\nBody.\n"


def _record(text: str = TEXT) -> Record:
    loaded = parse_record(Path("r.md"), text.encode())
    assert isinstance(loaded, Record)
    return loaded


class Spy:
    """Counts the edits the writer makes, whichever entry point the record uses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.edits = 0
        self.composes = 0
        for name in ("apply_edit", "edit_front"):
            monkeypatch.setattr(record_module, name, self._counting(getattr(writer, name)))
        monkeypatch.setattr(writer, "compose", self._composing(compose))

    def _counting(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.edits += 1
            return function(*args, **kwargs)

        return counted

    def _composing(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.composes += 1
            return function(*args, **kwargs)

        return counted

    def reset(self) -> None:
        self.edits = self.composes = 0


def test_the_tenth_edit_applies_one_edit_and_parses_once(monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record()
    spy = Spy(monkeypatch)
    for n in range(9):
        record.apply(InsertItem(("topics",), f"t{n}"))
    spy.reset()
    record.apply(InsertItem(("topics",), "t9"))
    assert spy.edits == 1
    assert spy.composes == 1  # the check that the new text reads back; not a replay
    topics = "".join(f"  - t{n}\n" for n in range(10))
    expected = f"---\ntitle: T\nquality: 0\ntopics:\n  - a\n{topics}---\nBody.\n"
    assert record.current_bytes() == expected.encode()


def test_alternating_fields_and_typing_apply_one_edit_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = _record()
    spy = Spy(monkeypatch)
    for n in range(1, 11):  # quality, title, quality, …: no earlier edit is replayed
        spy.reset()
        record.apply(SetValue(("quality",) if n % 2 else ("title",), n))
        assert spy.edits == 1, n
    typed = ""
    for key in "a longer title typed one key at a time":
        typed += key
        spy.reset()
        record.apply(SetValue(("title",), typed))  # replaces the last edit: one apply
        assert spy.edits == 1, typed
    assert len(record.edits) == 10
    assert record.current_bytes() == (
        b"---\ntitle: a longer title typed one key at a time\nquality: 9\ntopics:\n"
        b"  - a\n---\nBody.\n"
    )
    record.apply(SetValue(("title",), "T"))  # back to the file's value: the line comes back
    assert record.current_bytes() == b"---\ntitle: T\nquality: 9\ntopics:\n  - a\n---\nBody.\n"


def test_three_edits_write_exactly_these_bytes() -> None:
    record = _record()
    record.apply(SetValue(("quality",), 7))
    record.apply(InsertItem(("topics",), "b", 0))
    record.apply(SetValue(("title",), "New: title"))
    assert record.current_bytes() == (
        b'---\ntitle: "New: title"\nquality: 7\ntopics:\n  - b\n  - a\n---\nBody.\n'
    )
    assert record.data == {"title": "New: title", "quality": 7, "topics": ["b", "a"]}


def test_undo_and_redo_come_from_remembered_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record()
    tuples = [record.edits]
    for n in range(5):
        record.apply(InsertItem(("topics",), f"t{n}"))
        tuples.append(record.edits)
    spy = Spy(monkeypatch)
    record.set_edits(tuples[3])  # undo twice, as the window's undo stack does
    assert spy.edits == 0
    assert record.data["topics"] == ["a", "t0", "t1", "t2"]
    assert record.current_bytes() == (
        b"---\ntitle: T\nquality: 0\ntopics:\n  - a\n  - t0\n  - t1\n  - t2\n---\nBody.\n"
    )
    record.set_edits(tuples[5])  # redo twice
    assert spy.edits == 0
    assert record.data["topics"] == ["a", "t0", "t1", "t2", "t3", "t4"]
    record.set_edits(())
    assert record.current_bytes() == TEXT.encode() and not record.modified


def test_undoing_thirty_steps_replays_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record()
    tuples = [record.edits]
    for n in range(30):
        record.apply(SetValue(("quality",) if n % 2 else ("title",), n))
        tuples.append(record.edits)
    spy = Spy(monkeypatch)
    for edits in reversed(tuples):  # the undo stack going back step by step
        record.set_edits(edits)
    assert spy.edits == 0
    assert record.current_bytes() == TEXT.encode()


def test_a_tuple_with_a_look_alike_edit_is_replayed_not_taken_from_memory() -> None:
    record = _record()
    record.apply(SetValue(("quality",), 1))
    record.apply(SetValue(("title",), "U"))
    assert SetValue(("quality",), True) == record.edits[0]  # dataclass equality: 1 == True
    record.set_edits((SetValue(("quality",), True), record.edits[1]))
    assert b"quality: true\n" in record.current_bytes()
    assert record.data["quality"] is True


def test_a_refused_edit_leaves_the_record_as_it_was() -> None:
    record = _record()
    record.apply(SetValue(("quality",), 3))
    before = record.current_bytes()
    with pytest.raises(ValueError, match="not a list"):
        record.apply(RemoveItem(("title",), 0))
    assert record.current_bytes() == before and record.data["quality"] == 3
    record.apply(SetValue(("quality",), 4))
    assert record.current_bytes() == before.replace(b"quality: 3", b"quality: 4")


def test_a_plain_list_of_200000_topics_is_not_an_alias_bomb() -> None:
    text = "topics: [" + ", ".join("t" for _ in range(200_000)) + "]\n"
    composed = compose(text)
    assert len(composed.data["topics"]) == 200_000 and composed.readonly == []


def test_an_alias_bomb_is_named_as_one() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    pairs = zip("abcdef", "bcdefg", strict=True)
    lines += [f"{n}: &{n} [{', '.join(['*' + p] * 10)}]" for p, n in pairs]
    with pytest.raises(YamlProblem) as error:
        compose("\n".join(lines) + "\n")
    assert error.value.message == (
        "YAML aliases (*name) in this value repeat more than 100,000 values (an alias bomb);"
        " curator does not load it"
    )
    assert (error.value.line, error.value.column) == (5, 4)
