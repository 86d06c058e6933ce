"""Saving: atomic, mode kept, conflicts refused, nothing written when nothing changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from paths import SEED

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


def _edited(path: Path) -> Record:
    record = _load(path)
    record.apply(SetValue(("heat",), 99))
    return record


def test_a_read_only_file_is_refused_even_in_a_writable_folder(seed_copy: Path) -> None:
    os.chmod(seed_copy, 0o444)
    record = _edited(seed_copy)
    with pytest.raises(SaveError) as error:
        record.save()
    assert error.value.message == (
        "seed.md is read-only on disk (mode 444); curator does not overwrite it"
    )
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert stat.S_IMODE(seed_copy.stat().st_mode) == 0o444
    assert record.modified  # the edit is kept for a save once the file is writable
    os.chmod(seed_copy, 0o644)
    assert record.save() is True
    assert b"heat: 99\n" in seed_copy.read_bytes()


def test_save_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "lib").mkdir()
    real = tmp_path / "real" / "rec.md"
    real.write_bytes(SEED.read_bytes())
    link = tmp_path / "lib" / "rec.md"
    link.symlink_to("../real/rec.md")
    assert _edited(link).save() is True
    assert os.readlink(link) == "../real/rec.md"  # still the same link
    assert real.read_bytes() == SEED.read_bytes().replace(b"heat: 27\n", b"heat: 99\n")
    assert sorted(p.name for p in (tmp_path / "lib").iterdir()) == ["rec.md"]
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["rec.md"]


def test_save_keeps_the_inode_of_a_hard_linked_file(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_bytes(SEED.read_bytes())
    os.chmod(first, 0o640)
    second = tmp_path / "b.md"
    os.link(first, second)
    inode = first.stat().st_ino
    assert _edited(second).save() is True
    expected = SEED.read_bytes().replace(b"heat: 27\n", b"heat: 99\n")
    assert first.read_bytes() == expected and second.read_bytes() == expected
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert first.stat().st_nlink == 2
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # no .old left


def test_a_failed_in_place_write_puts_the_old_text_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "a.md"
    first.write_bytes(SEED.read_bytes())
    os.link(first, tmp_path / "b.md")
    record = _edited(first)
    real_truncate = os.ftruncate
    calls = []

    def full_disk(fd: int, size: int) -> None:
        calls.append(size)
        if len(calls) == 1:  # the new text is written over the old: the disk fills up
            raise OSError(28, "No space left on device")
        real_truncate(fd, size)

    monkeypatch.setattr(files.os, "ftruncate", full_disk)
    with pytest.raises(SaveError) as error:
        record.save()
    assert error.value.message == "cannot write: No space left on device"
    assert calls == [len(record.current_bytes()), len(SEED.read_bytes())]
    assert first.read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_save_keeps_owner_group_and_extended_attributes(seed_copy: Path) -> None:
    try:
        os.setxattr(seed_copy, "user.curator.test", b"kept")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    owner = (4242, 4343) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
    os.chown(seed_copy, *owner)
    inode = seed_copy.stat().st_ino
    assert _edited(seed_copy).save() is True
    info = seed_copy.stat()
    assert info.st_ino != inode  # a new file took the old one's place ...
    assert (info.st_uid, info.st_gid) == owner  # ... with its owner and group
    assert os.getxattr(seed_copy, "user.curator.test") == b"kept"


def test_a_record_replaced_by_a_fifo_is_never_read_back_nor_replaced(seed_copy: Path) -> None:
    record = load_record(seed_copy)
    assert isinstance(record, Record)
    record.apply(SetValue(("quality",), 1))
    seed_copy.unlink()
    os.mkfifo(seed_copy)  # opening it for reading would block the save for ever
    with pytest.raises(SaveError) as refused:
        record.save()
    assert (
        refused.value.message == "is no longer a regular file on disk; curator does not replace it"
    )
    assert stat.S_ISFIFO(os.stat(seed_copy).st_mode)
    assert record.modified
