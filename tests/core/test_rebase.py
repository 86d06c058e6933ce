"""Re-basing unsaved edits onto a file changed on disk: merges, conflicts, choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.core.edits import EditError, InsertItem, MoveItem, RemoveItem, SetValue
from curator.core.rebase import MISSING, Conflict, Rebased, keep_mine, rebase
from curator.core.record import Problem, Record, load_record

BASE = """\
---
title: "Tide sensors"
quality: 41
heat: 27
topics:
  - Sensor Networks
  - IoT
related:
  - title: "One"
  - title: "Two"
---
Body.
"""


def _edited(tmp_path: Path, *edits: object) -> Record:
    path = tmp_path / "r.md"
    path.write_text(BASE, encoding="utf-8")
    record = load_record(path)
    assert isinstance(record, Record)
    for edit in edits:
        record.apply(edit)  # type: ignore[arg-type]
    return record


def _rebased(record: Record, disk: str) -> Rebased:
    record.path.write_text(disk, encoding="utf-8")
    result = rebase(record, disk.encode())
    assert isinstance(result, Rebased)
    return result


def test_a_change_on_disk_to_another_field_merges_and_saves_both(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("quality",), 90))
    result = _rebased(record, BASE.replace("heat: 27", "heat: 55"))
    assert result.conflicts == []
    assert result.record.modified
    assert result.record.save()
    assert record.path.read_text() == BASE.replace("heat: 27", "heat: 55").replace(
        "quality: 41", "quality: 90"
    )


def test_the_same_value_changed_on_both_sides_is_a_conflict_listing_both(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("quality",), 90), SetValue(("heat",), 1))
    result = _rebased(record, BASE.replace("quality: 41", "quality: 12"))
    assert result.conflicts == [
        Conflict(("quality",), 90, 12, 41, (SetValue(("quality",), 90),), "changed on disk too")
    ]
    assert result.record.data["quality"] == 12 and result.record.data["heat"] == 1
    keep_mine(result.record, result.conflicts[0])
    assert result.record.save()
    assert record.path.read_text() == BASE.replace("quality: 41", "quality: 90").replace(
        "heat: 27", "heat: 1"
    )


def test_taking_the_disk_side_keeps_the_disk_value_and_my_other_edits(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("quality",), 90), SetValue(("heat",), 1))
    result = _rebased(record, BASE.replace("quality: 41", "quality: 12"))
    assert result.record.save()  # no keep_mine: the disk's 12 stays
    assert record.path.read_text() == BASE.replace("quality: 41", "quality: 12").replace(
        "heat: 27", "heat: 1"
    )


def test_the_same_change_on_both_sides_is_no_conflict(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("quality",), 90))
    result = _rebased(record, BASE.replace("quality: 41", "quality: 90"))
    assert result.conflicts == [] and result.record.edits == ()
    assert not result.record.modified


def test_a_value_removed_on_disk_is_a_conflict(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("heat",), 3))
    result = _rebased(record, BASE.replace("heat: 27\n", ""))
    assert [(c.label, c.mine, c.disk, c.reason) for c in result.conflicts] == [
        ("heat", 3, MISSING, "gone on disk")
    ]


def test_list_edits_on_a_list_changed_on_disk_are_one_conflict(tmp_path: Path) -> None:
    record = _edited(
        tmp_path,
        InsertItem(("topics",), "Oceans"),
        MoveItem(("topics",), 2, 0),
        SetValue(("quality",), 5),
    )
    result = _rebased(record, BASE.replace("  - IoT\n", "  - IoT\n  - Tides\n"))
    assert [(c.label, c.mine, c.disk) for c in result.conflicts] == [
        ("topics", ["Oceans", "Sensor Networks", "IoT"], ["Sensor Networks", "IoT", "Tides"])
    ]
    assert "its items are edited by position" in result.conflicts[0].reason
    assert result.record.data["quality"] == 5
    keep_mine(result.record, result.conflicts[0])
    assert result.record.data["topics"] == ["Oceans", "Sensor Networks", "IoT"]


def test_list_edits_merge_when_the_disk_changed_elsewhere(tmp_path: Path) -> None:
    record = _edited(tmp_path, RemoveItem(("related",), 0), SetValue(("related", 0, "title"), "2"))
    result = _rebased(record, BASE.replace("heat: 27", "heat: 28"))
    assert result.conflicts == []
    assert result.record.save()
    assert record.path.read_text() == BASE.replace("heat: 27", "heat: 28").replace(
        '  - title: "One"\n  - title: "Two"\n', '  - title: "2"\n'
    )


def test_an_item_edit_in_a_list_that_grew_on_disk_is_a_conflict(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("related", 1, "title"), "Deux"))
    disk = BASE.replace('  - title: "One"\n', '  - title: "Zero"\n  - title: "One"\n')
    result = _rebased(record, disk)
    assert [(c.label, c.mine, c.disk) for c in result.conflicts] == [
        ("related.1.title", "Deux", "One")
    ]
    assert "changed length" in result.conflicts[0].reason


def test_a_file_that_no_longer_loads_is_a_problem(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("quality",), 90))
    result = rebase(record, b"---\ntitle: a\ntitle: b\n---\n")
    assert isinstance(result, Problem) and "duplicate key" in result.message


def test_keep_mine_of_a_list_removed_on_disk_writes_my_list(tmp_path: Path) -> None:
    record = _edited(tmp_path, RemoveItem(("topics",), 0))
    disk = BASE.replace("topics:\n  - Sensor Networks\n  - IoT\n", "")
    result = _rebased(record, disk)
    assert [(c.label, c.mine, c.disk) for c in result.conflicts] == [("topics", ["IoT"], MISSING)]
    keep_mine(result.record, result.conflicts[0])
    assert result.record.save()
    assert record.path.read_text() == BASE.replace("  - Sensor Networks\n", "")


def test_keep_mine_of_a_value_i_removed_is_refused(tmp_path: Path) -> None:
    record = _edited(tmp_path, RemoveItem(("related",), 1))
    result = _rebased(record, BASE.replace('"Two"', '"Second"'))
    conflict = result.conflicts[0]
    assert conflict.label == "related" and conflict.mine == [{"title": "One"}]
    gone = Conflict(("related", 1), MISSING, {"title": "Second"}, None, (), "x")
    with pytest.raises(EditError):
        keep_mine(result.record, gone)


def test_a_saved_value_changed_on_disk_afterwards_is_no_conflict(tmp_path: Path) -> None:
    record = _edited(tmp_path, SetValue(("quality",), 90))
    assert record.save()
    record.apply(SetValue(("heat",), 1))  # pending; quality is saved
    disk = BASE.replace("quality: 41", "quality: 12")
    result = _rebased(record, disk)
    assert result.conflicts == []
    assert result.record.save()
    assert record.path.read_text() == disk.replace("heat: 27", "heat: 1")
