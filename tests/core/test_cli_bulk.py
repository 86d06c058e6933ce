"""Bulk from the command line: set over several files or a query's matches, --dry-run as
a diff, refusals one file at a time, list as paths, NUL-separated paths, JSON and JSON
lines, and each sub-command's help with an example."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT

from curator.cli import COMMANDS, main, setting

SAMPLE = ROOT / "resources" / "sample"
HOT = ("005_723456cd622fde8e.md", "016_76d4811d93776d13.md", "030_76e5e9853e8dc1e0.md")


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample library (its records, not its images)."""
    target = tmp_path / "lib"
    target.mkdir()
    for path in SAMPLE.glob("*.md"):
        shutil.copyfile(path, target / path.name)
    return target


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.md"))}


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    return [d for d in difflib.ndiff(old, new) if d[:1] in "+-"]


def test_set_over_several_files_changes_each_in_the_edited_lines(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = lib / "001_a389345cbbeb221a.md", lib / "002_a0514ba592b46d4d.md"
    before = {p: p.read_bytes() for p in (first, second)}
    assert main(["set", str(first), str(second), "quality=70", "published=true"]) == 0
    assert capsys.readouterr().err == "set quality=70, published=true in 2 of 2 files\n"
    assert _changed_lines(before[first], first.read_bytes()) == [
        "- quality: 72\n",
        "+ quality: 70\n",
    ]
    assert _changed_lines(before[second], second.read_bytes()) == [
        "- quality: 55\n",
        "+ quality: 70\n",
        "- published: false\n",
        "+ published: true\n",
    ]


def test_set_query_over_a_folder_edits_exactly_the_matching_records(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(lib)
    assert main(["set", "--query", "quality:>=85", str(lib), "heat=5"]) == 0
    assert capsys.readouterr().err == "set heat=5 in 3 of 3 files\n"
    after = _snapshot(lib)
    changed = {name: _changed_lines(before[name][0], after[name][0]) for name in HOT}
    assert changed == {
        HOT[0]: ["- heat: 100\n", "+ heat: 5\n"],
        HOT[1]: ["- heat: 60\n", "+ heat: 5\n"],
        HOT[2]: ["- heat: 63\n", "+ heat: 5\n"],
    }
    assert {n: v for n, v in after.items() if n not in HOT} == {
        n: v for n, v in before.items() if n not in HOT
    }
    # run again, naming one match twice: every match already says so, nothing is written
    assert main(["set", "-q", "quality:>=85", str(lib), str(lib / HOT[1]), "heat=5"]) == 0
    assert capsys.readouterr().err == "set heat=5 in 3 of 3 files (3 unchanged)\n"
    assert _snapshot(lib) == after


DRY_RUN_DIFF = "".join(
    line + "\n"
    for line in (
        "--- a/lib/016_76d4811d93776d13.md",
        "+++ b/lib/016_76d4811d93776d13.md",
        "@@ -6,8 +6,8 @@",
        ' originalUrl: "https://www.labbenchnews.com/articles/malaria-vaccine-efficacy"',
        ' webUrl: "https://www.labbenchnews.com/articles/malaria-vaccine-efficacy"',
        " type: article",
        "-quality: 96",
        "-heat: 60",
        "+quality: 70",
        "+heat: 1",
        " published: true",
        " ",
        " provider:",
    )
)


def test_dry_run_prints_the_diff_and_changes_no_byte_and_no_mtime(
    lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(lib.parent)
    before = _snapshot(lib)
    assert main(["set", "--dry-run", "-q", "quality:>=90", "lib", "quality=70", "heat=1"]) == 0
    captured = capsys.readouterr()
    assert captured.out == DRY_RUN_DIFF
    assert captured.err == "would set quality=70, heat=1 in 1 of 1 file\n"
    assert _snapshot(lib) == before
    assert sorted(p.name for p in lib.iterdir()) == sorted(before)  # no index folder made
    # the real run writes exactly what the dry run showed
    assert main(["set", "-q", "quality:>=90", "lib", "quality=70", "heat=1"]) == 0
    name = "016_76d4811d93776d13.md"
    assert _changed_lines(before[name][0], (lib / name).read_bytes()) == [
        "- quality: 96\n",
        "+ quality: 70\n",
        "- heat: 60\n",
        "+ heat: 1\n",
    ]


def test_dry_run_marks_a_missing_final_newline_as_git_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("short.md").write_bytes(b"---\nquality: 1\n---")
    assert main(["set", "-n", "short.md", "quality=2"]) == 0
    assert capsys.readouterr().out == (
        "--- a/short.md\n+++ b/short.md\n@@ -1,3 +1,3 @@\n ---\n-quality: 1\n+quality: 2\n"
        " ---\n\\ No newline at end of file\n"
    )
    assert Path("short.md").read_bytes() == b"---\nquality: 1\n---"


def test_a_read_only_and_a_broken_file_are_reported_and_the_others_change(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked_out = lib / HOT[0]
    os.chmod(locked_out, 0o444)
    broken = lib / "broken.md"
    broken.write_bytes(b"---\ntitle: [never closed\nquality: 99\n---\n")
    before = _snapshot(lib)
    for dry_run in (["--dry-run"], []):
        assert main(["set", *dry_run, "-q", "quality:>=85", str(lib), "heat=5"]) == 1
        err = capsys.readouterr().err.splitlines()
        verb = "would set" if dry_run else "set"
        assert len(err) == 3
        assert err[0].startswith(f"{broken}:2:8: ")  # where the bracket opens; words vary
        assert err[1:] == [
            f"{locked_out}: {HOT[0]} is read-only on disk (mode 444); "
            "curator does not overwrite it",
            f"{verb} heat=5 in 2 of 4 files; 2 refused",
        ]
    after = _snapshot(lib)
    assert after[HOT[0]] == before[HOT[0]] and after["broken.md"] == before["broken.md"]
    for name in HOT[1:]:
        assert _changed_lines(before[name][0], after[name][0])[1] == "+ heat: 5\n"


def test_a_record_changed_after_the_index_matched_it_is_read_again_and_left_alone(
    lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process lowers a match's quality between the query and the edit."""
    real_locked = setting.locked
    late = lib / HOT[0]

    def another_process_first(paths: list[Path]) -> Any:
        if paths == [late]:
            late.write_bytes(late.read_bytes().replace(b"quality: 88\n", b"quality: 10\n"))
        return real_locked(paths)

    monkeypatch.setattr(setting, "locked", another_process_first)
    assert main(["set", "-q", "quality:>=85", str(lib), "heat=5"]) == 0
    assert capsys.readouterr().err == "set heat=5 in 2 of 3 files; 1 no longer matched when read\n"
    assert b"\nheat: 100\n" in late.read_bytes()  # its new text kept, not edited


def test_files_named_directly_each_go_through_on_their_own(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = lib / HOT[1]
    missing = lib / "missing.md"
    odd = tmp_path / "odd=name.md"
    shutil.copyfile(good, odd)
    assert main(["set", str(missing), str(good), "heat=7", "--", str(odd)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{missing}:1:1: cannot read: No such file or directory",
        "set heat=7 in 2 of 3 files; 1 refused",
    ]
    assert b"\nheat: 7\n" in good.read_bytes() and b"\nheat: 7\n" in odd.read_bytes()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["{lib}", "heat=1"],
            "{lib} is a folder: give --query to pick its records (-q '' picks all)",
        ),
        (["{lib}/" + HOT[0]], "give at least one KEY=VALUE edit"),
        (["heat=1"], "give at least one file (a path with '=' in it goes after --)"),
        (["-q", "quality:>>", "{lib}", "heat=1"], "query: "),
        (["{lib}/" + HOT[0], ".bad=1"], "'.bad' is not a key path"),
        (["{lib}/" + HOT[0], "{lib}/odd=name.md"], "'{lib}/odd=name.md' looks like a path"),
        (["{lib}/" + HOT[0], "odd.md=x"], "'odd.md=x' looks like a path"),
    ],
)
def test_usage_errors_touch_nothing(
    lib: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    before = _snapshot(lib)
    assert main(["set", *(a.format(lib=lib) for a in args)]) == 2
    assert capsys.readouterr().err.startswith("curator set: " + said.format(lib=lib))
    assert _snapshot(lib) == before


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """Records whose dates are written in four ways."""
    folder = tmp_path / "dated"
    folder.mkdir()
    dates = {
        "a.md": "2022-07-12 10:24:00+00:00",
        "b.md": "2022-07-12T12:24:00+02:00",
        "c.md": "2022-07-12",
        "d.md": '"12 July 2022"',
    }
    for number, (name, when) in enumerate(dates.items()):
        (folder / name).write_text(
            f'---\ntitle: "Story {name[0]}"\nquality: {50 + number}\npublished: {number % 2 == 0}\n'
            f"publishedDateTime: {when}\nprovider: {{name: Ünïcode Times}}\n---\nBody\n",
            encoding="utf-8",
        )
    return folder


def _json_record(folder: Path, name: str, quality: int, when: str) -> str:
    published = "true" if quality % 2 == 0 else "false"
    return (
        f'{{"file": "{folder / name}", "published": {published}, "quality": {quality}, '
        f'"heat": null, "publishedDateTime": "{when}", "provider": "Ünïcode Times", '
        f'"title": "Story {name[0]}"}}'
    )


def test_list_jsonl_streams_one_object_per_line_with_iso_dates(
    dated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(dated), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        _json_record(dated, "a.md", 50, "2022-07-12T10:24:00Z"),
        _json_record(dated, "b.md", 51, "2022-07-12T12:24:00+02:00"),
        _json_record(dated, "c.md", 52, "2022-07-12"),
        _json_record(dated, "d.md", 53, "12 July 2022"),
    ]


def test_list_json_is_one_array_with_iso_dates(
    dated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(dated), "--format", "json", "-q", "quality:<=51"]) == 0
    assert capsys.readouterr().out == (
        "[\n"
        "  {\n"
        f'    "file": "{dated / "a.md"}",\n'
        '    "published": true,\n'
        '    "quality": 50,\n'
        '    "heat": null,\n'
        '    "publishedDateTime": "2022-07-12T10:24:00Z",\n'
        '    "provider": "Ünïcode Times",\n'
        '    "title": "Story a"\n'
        "  },\n"
        "  {\n"
        f'    "file": "{dated / "b.md"}",\n'
        '    "published": false,\n'
        '    "quality": 51,\n'
        '    "heat": null,\n'
        '    "publishedDateTime": "2022-07-12T12:24:00+02:00",\n'
        '    "provider": "Ünïcode Times",\n'
        '    "title": "Story b"\n'
        "  }\n"
        "]\n"
    )
    assert main(["list", str(dated), "--format", "json", "-q", "quality:>99"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_list_paths_one_per_line_or_nul_terminated(
    dated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(dated.parent)
    assert main(["list", "dated", "--format", "paths", "-q", "published:true"]) == 0
    assert capsys.readouterr().out == "dated/a.md\ndated/c.md\n"
    assert main(["list", "dated", "-0", "-q", "published:false"]) == 0
    assert capsys.readouterr().out == "dated/b.md\0dated/d.md\0"
    assert main(["list", "dated/c.md", "dated/a.md", "--null"]) == 0  # files named directly
    assert capsys.readouterr().out == "dated/a.md\0dated/c.md\0"
    assert main(["list", "dated", "-0", "--format", "json"]) == 2
    assert capsys.readouterr().err == "curator list: -0 goes with --format paths, not json\n"


def test_list_paths_compose_with_xargs_and_set(lib: Path) -> None:
    before = _snapshot(lib)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    curator = f"{sys.executable} -m curator"
    done = subprocess.run(
        f"{curator} list --format paths -0 lib -q 'quality:>=85'"
        f" | xargs -0 {curator} set quality=5",
        shell=True,
        cwd=lib.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "set quality=5 in 3 of 3 files\n")
    after = _snapshot(lib)
    assert {n for n in after if after[n] != before[n]} == set(HOT)
    assert _changed_lines(before[HOT[0]][0], after[HOT[0]][0]) == [
        "- quality: 88\n",
        "+ quality: 5\n",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_sub_command_explains_its_arguments_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert "\nexample" in out
    assert f"\n  curator {command} " in out
