"""The journal of unsaved edits: lossless values, atomic files, restore onto changed files."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from curator.core.edits import InsertItem, MoveItem, RemoveItem, SetValue
from curator.core.journal import (
    Entry,
    Journal,
    JournalError,
    decode_value,
    encode_value,
    entry_of,
    journal_prefix,
    read_journal,
    restore_entry,
)
from curator.core.rebase import Rebased
from curator.core.record import Record, load_record

BASE = """\
---
title: "Tide sensors"
quality: 41
heat: 27
published: 2023-03-14T12:05:00Z
topics:
  - Sensor Networks
  - IoT
---
Body.
"""

UTC2 = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        1,
        1.0,
        -2.5,
        "text ✓",
        "",
        [1, "a", None],
        {"a": 1, "b": [True, {"c": 1.5}]},
        {1: "int key", "x": False},
        dt.datetime(2023, 3, 14, 12, 5, tzinfo=dt.UTC),
        dt.datetime(2023, 3, 14, 12, 5, 0, 123456, tzinfo=UTC2),
        dt.datetime(2023, 3, 14, 12, 5),
        dt.date(2022, 7, 1),
        math.inf,
        b"\x00\xff",
    ],
)
def test_values_survive_the_journal_exactly(value: Any) -> None:
    back = decode_value(json.loads(json.dumps(encode_value(value), allow_nan=False)))
    assert type(back) is type(value) and back == value
    if isinstance(value, dt.datetime):
        assert back.utcoffset() == value.utcoffset()
    if isinstance(value, dict):
        assert [type(k) for k in back] == [type(k) for k in value]


def test_nan_survives_the_journal() -> None:
    back = decode_value(json.loads(json.dumps(encode_value(math.nan))))
    assert isinstance(back, float) and math.isnan(back)


def _edited(tmp_path: Path) -> Record:
    path = tmp_path / "lib" / "r.md"
    path.parent.mkdir()
    path.write_text(BASE, encoding="utf-8")
    record = load_record(path)
    assert isinstance(record, Record)
    record.apply(SetValue(("quality",), 90))
    record.apply(SetValue(("published",), dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)))
    record.apply(InsertItem(("topics",), "Oceans", 0))
    record.apply(MoveItem(("topics",), 2, 1))
    record.apply(RemoveItem(("topics",), 0))
    return record


def test_a_journal_is_written_atomically_read_back_and_removed_when_empty(tmp_path: Path) -> None:
    record = _edited(tmp_path)
    journal = Journal(tmp_path / "data", [tmp_path / "lib"])
    assert journal.file.name.startswith(f"{journal_prefix([tmp_path / 'lib'])}{os.getpid()}-")
    journal.write([entry_of(record, tmp_path / "lib")])
    names = sorted(p.name for p in journal.folder.iterdir())
    assert names == [journal.file.name, journal.file.with_suffix(".lock").name]  # no temp
    (entry,) = read_journal(journal.file)
    assert entry == Entry("r.md", entry.base_digest, BASE, record.edits)
    journal.write([])
    assert not journal.file.exists() and read_journal(journal.file) == []
    journal.close()
    assert list(journal.folder.iterdir()) == []


def test_only_journals_of_gone_writers_are_orphans(tmp_path: Path) -> None:
    record = _edited(tmp_path)
    library = [tmp_path / "lib"]
    live = Journal(tmp_path / "data", library)
    live.write([entry_of(record, tmp_path / "lib")])
    crashed = tmp_path / "data" / f"{journal_prefix(library)}999999.json"
    crashed.write_text(live.file.read_text())  # its writer is gone: nobody holds its lock
    other = Journal(tmp_path / "data", library, writer="other")  # as a second process
    assert other.orphans() == [crashed]  # the live journal's lock is held: not offered
    assert crashed.exists()
    other.drop([crashed])
    assert not crashed.exists() and live.file.exists()
    other.close()
    live.close()
    assert list(live.folder.iterdir()) == []


def test_the_journal_key_is_the_resolved_library(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    assert journal_prefix([tmp_path / "lib"]) == journal_prefix([tmp_path / "x" / ".." / "lib"])
    assert journal_prefix([tmp_path / "lib"]) != journal_prefix([tmp_path])


def test_restoring_onto_the_unchanged_file_gives_the_same_bytes(tmp_path: Path) -> None:
    record = _edited(tmp_path)
    restored = restore_entry(entry_of(record, tmp_path / "lib"), tmp_path / "lib")
    assert isinstance(restored, Rebased) and restored.conflicts == []
    assert restored.record.current_bytes() == record.current_bytes()
    assert restored.record.modified


def test_restoring_onto_a_file_changed_since_merges_and_reports_conflicts(tmp_path: Path) -> None:
    record = _edited(tmp_path)
    entry = entry_of(record, tmp_path / "lib")
    record.path.write_text(BASE.replace("heat: 27", "heat: 3").replace("quality: 41", "quality: 7"))
    restored = restore_entry(entry, tmp_path / "lib")
    assert isinstance(restored, Rebased)
    assert [(c.label, c.mine, c.disk) for c in restored.conflicts] == [("quality", 90, 7)]
    data = restored.record.data
    assert data["heat"] == 3 and data["quality"] == 7  # the disk's, until the user picks
    assert data["topics"] == ["IoT", "Sensor Networks"]
    assert data["published"] == dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)


def test_a_damaged_journal_is_an_error_naming_the_file(tmp_path: Path) -> None:
    file = tmp_path / "journal-x.json"
    file.write_text('{"version": 1, "records": [{"path": "r.md"}]}')
    with pytest.raises(JournalError, match=r"journal-x\.json"):
        read_journal(file)
    file.write_text("{not json")
    with pytest.raises(JournalError, match=r"journal-x\.json"):
        read_journal(file)


def test_a_crashed_journal_under_our_own_name_is_kept_aside(tmp_path: Path) -> None:
    library = [tmp_path / "lib"]
    left = tmp_path / "data" / f"{journal_prefix(library)}7.json"
    left.parent.mkdir()
    left.write_text('{"version": 1, "records": []}')
    journal = Journal(tmp_path / "data", library, writer="7")  # an id used again
    (orphan,) = journal.orphans()
    assert orphan.name.startswith(left.stem + ".") and orphan.read_text().startswith('{"version"')
    assert not journal.file.exists()
    journal.drop([orphan])
    journal.close()
