"""Saving: atomic, mode kept, conflicts refused, nothing written when nothing changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from curator.core import files
from curator.core.edits import SetValue
from curator.core.record import Record, SaveError, load_record


def _load(path: Path) -> Record:
    loaded = load_record(path)
    assert isinstance(loaded, Record)
    return loaded


def test_save_keeps_the_file_mode_and_leaves_no_temp_files(seed_copy: Path) -> None:
    os.chmod(seed_copy, 0o640)
    record = _load(seed_copy)
    record.apply(SetValue(("heat",), 99))
    assert record.save() is True
    assert stat.S_IMODE(seed_copy.stat().st_mode) == 0o640
    assert sorted(p.name for p in seed_copy.parent.iterdir()) == ["seed.md"]
    assert b"heat: 99\n" in seed_copy.read_bytes()
    assert not record.modified


def test_save_refuses_when_the_file_changed_on_disk(seed_copy: Path) -> None:
    record = _load(seed_copy)
    record.apply(SetValue(("quality",), 1))
    loaded = seed_copy.read_bytes()
    external = loaded.replace(b"heat: 27\n", b"heat: 40\n")
    assert external != loaded
    seed_copy.write_bytes(external)
    with pytest.raises(SaveError) as error:
        record.save()
    assert error.value.conflict and "changed on disk" in error.value.message
    assert seed_copy.read_bytes() == external
    assert record.modified  # the edits are kept


def test_failed_write_leaves_the_original(seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _load(seed_copy)
    before = seed_copy.read_bytes()
    record.apply(SetValue(("quality",), 2))

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(SaveError) as error:
        record.save()
    assert error.value.message == "cannot write: No space left on device"
    assert seed_copy.read_bytes() == before
    assert sorted(p.name for p in seed_copy.parent.iterdir()) == ["seed.md"]


def test_undo_after_save_is_a_change_again(seed_copy: Path) -> None:
    record = _load(seed_copy)
    original = seed_copy.read_bytes()
    record.apply(SetValue(("quality",), 3))
    record.save()
    record.set_edits(())  # what an undo after the save does
    assert record.modified
    assert record.current_bytes() == original
    record.save()
    assert seed_copy.read_bytes() == original
