"""Leftovers of interrupted saves: removed when surely curator's and dead, reported, not listed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from paths import ROOT, SEED

from curator.cli import main
from curator.core import files


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _aged(path: Path, data: bytes, seconds: float) -> Path:
    path.write_bytes(data)
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".curator")


def test_a_save_killed_before_its_rename_leaves_a_copy_check_removes(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A process of its own, not a fork: forking a test process that runs Qt threads can
    # hang the child. It is killed where a save would rename its temporary file.
    save_and_die = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from curator.core.edits import SetValue\n"
        "from curator.core.record import load_record\n"
        "os.replace = lambda *_: os.kill(os.getpid(), signal.SIGKILL)\n"
        "record = load_record(Path(sys.argv[1]))\n"
        "record.apply(SetValue(('heat',), 99))\n"
        "record.save()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", save_and_die, str(seed_copy)], env=env)
    assert process.wait(60) == -signal.SIGKILL
    folder = seed_copy.parent
    leftover = f".seed.md.curator-{process.pid}-"
    [temp] = [p for p in folder.iterdir() if p.name.startswith(leftover)]
    assert temp.name.endswith(".tmp") and b"heat: 99\n" in temp.read_bytes()
    assert seed_copy.read_bytes() == SEED.read_bytes()  # the record was never touched

    assert main(["check", str(folder)]) == 0
    assert capsys.readouterr() == ("", "")  # under a minute old: maybe another machine's save
    _aged(temp, temp.read_bytes(), 120)
    assert main(["check", str(folder)]) == 0
    assert capsys.readouterr() == (
        "",
        f"removed 1 leftover temporary file from an interrupted save: {temp}\n",
    )
    assert _names(folder) == ["seed.md"]


def test_check_removes_only_curators_own_dead_leftovers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(SEED, tmp_path / "a.md")
    sub = tmp_path / "sub"
    sub.mkdir()
    other = SEED.read_bytes().replace(b"/2023/03/harbour-town", b"/2023/04/harbour-town")
    (sub / "b.md").write_bytes(other.replace(b"Pilots Tide", b"Tests Tide"))  # no duplicate
    dead, alive, hour = _dead_pid(), os.getpid(), 3700
    removed = [
        _aged(tmp_path / f".a.md.curator-{dead}-abcd1234.tmp", b"copy", 120),
        _aged(sub / f".b.md.curator-{alive}-abcd1234.tmp", b"copy", hour),  # alive, but old
        _aged(tmp_path / ".a.md.k3j_x9qz.tmp", b"copy", hour),  # curator before the lock
    ]
    kept = [
        _aged(tmp_path / f".a.md.curator-{alive}-wxyz6789.tmp", b"copy", 120),  # a live save
        _aged(tmp_path / ".a.md.k3j_x9qy.tmp", b"copy", 120),  # could be an old curator's now
        _aged(tmp_path / ".gone.md.k3j_x9qz.tmp", b"copy", hour),  # no such record beside it
        _aged(tmp_path / ".a.md.swp", b"vim", hour),
        _aged(tmp_path / ".notes.tmp", b"someone else's", hour),
        _aged(tmp_path / f".a.md.curator-{dead}-abcd1234.tmp.bak", b"not ours", hour),
    ]
    assert main(["check", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "removed 3 leftover temporary files from an interrupted save: "
        f"{removed[0]}, {removed[2]}, {removed[1]}\n"
    )
    assert not any(p.exists() for p in removed)
    assert all(p.exists() for p in kept)


def test_an_interrupted_in_place_rewrite_is_reported_not_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "a.md"
    shutil.copyfile(SEED, record)
    dead = _dead_pid()
    untouched = _aged(tmp_path / f".a.md.curator-{dead}-abcd1234.old", SEED.read_bytes(), 120)
    assert main(["check", str(tmp_path)]) == 0  # the rewrite never started: nothing lost
    assert not untouched.exists()
    capsys.readouterr()
    previous = SEED.read_bytes().replace(b"heat: 27\n", b"heat: 30\n")
    backup = _aged(tmp_path / f".a.md.curator-{dead}-efgh5678.old", previous, 120)
    assert main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr() == (
        f"{record}:1:1: error: a save was interrupted while rewriting this file, which may be "
        f"incomplete; its previous text is in {backup.name} (compare them, then delete that "
        "file)\n",
        "",
    )
    assert backup.read_bytes() == previous


def test_check_of_one_file_cleans_only_that_files_leftovers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(SEED, tmp_path / "a.md")
    shutil.copyfile(SEED, tmp_path / "b.md")
    dead = _dead_pid()
    mine = _aged(tmp_path / f".a.md.curator-{dead}-abcd1234.tmp", b"copy", 120)
    other = _aged(tmp_path / f".b.md.curator-{dead}-abcd1234.tmp", b"copy", 120)
    assert main(["check", str(tmp_path / "a.md")]) == 0
    assert capsys.readouterr().err.endswith(f": {mine}\n")
    assert not mine.exists() and other.exists()


def test_temp_files_are_named_for_their_record_and_process(tmp_path: Path) -> None:
    fd, name = files.temp_file(tmp_path / "rec.md")
    os.close(fd)
    assert Path(name).parent == tmp_path
    assert Path(name).name.startswith(f".rec.md.curator-{os.getpid()}-")
    assert Path(name).name.endswith(".tmp")
