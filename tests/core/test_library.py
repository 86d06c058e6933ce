"""Reading a library: which files count, hidden folders, symlink loops, fence variants."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.edits import SetValue
from curator.core.index import scan_folder
from curator.core.record import Problem, Record, load_record

SEED_LIKE = '---\ntitle: "A"\nquality: 1\n---\nBody text.\n'


def test_scan_walks_folders_skips_hidden_and_survives_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(SEED_LIKE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.markdown").write_text(SEED_LIKE)
    (tmp_path / "sub" / "notes.txt").write_text(SEED_LIKE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.md").write_text(SEED_LIKE)
    (tmp_path / ".curator").mkdir()
    (tmp_path / ".curator" / "d.md").write_text(SEED_LIKE)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    found = scan_folder(tmp_path)
    assert sorted(item[0] for item in found) == ["a.md", "sub/b.markdown"]
    assert all(item[1] == len(SEED_LIKE) for item in found)


def test_single_files_can_be_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(SEED_LIKE)
    (tmp_path / "b.md").write_text(SEED_LIKE)
    assert main(["list", str(tmp_path / "b.md")]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [row.split("\t")[0] for row in rows] == [str(tmp_path / "b.md")]
    assert not (tmp_path / ".curator").exists()  # files named directly: no index written


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf---\ntitle: A\nquality: 1\n---\nbody\n",
        b"---\r\ntitle: A\r\nquality: 1\r\n---\r\nbody\r\n",
        b"---   \ntitle: A\nquality: 1\n...\nbody\n",
        b"---\ntitle: A\nquality: 1\n---  \n\n",
    ],
    ids=["bom", "crlf", "dots-close", "trailing-spaces"],
)
def test_fence_variants_load_and_edit_without_other_changes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(raw)
    record = load_record(path)
    assert isinstance(record, Record) and record.data == {"title": "A", "quality": 1}
    record.apply(SetValue(("quality",), 2))
    assert record.save()
    assert path.read_bytes() == raw.replace(b"quality: 1", b"quality: 2")


def test_toml_front_matter_is_listed_read_only(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("+++\ntitle = 'T'\nquality = 3\n+++\nbody\n")
    record = load_record(path)
    assert isinstance(record, Record)
    assert record.data == {"title": "T", "quality": 3}
    assert record.readonly and "read-only" in record.readonly


def test_problems_name_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\nquality: [1, 2\n---\n")
    problem = load_record(path)
    assert isinstance(problem, Problem)
    assert str(problem).startswith(f"{path}:")
    assert problem.line >= 3
