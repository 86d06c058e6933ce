"""One bad file among good ones: every command names it with its line and carries on.

Special files (a FIFO, a link to ``/dev/zero``, a symbolic link loop) run the real
command line in a subprocess with a time limit, so a hang fails the test instead of
blocking the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from curator.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD = 12

#: A poisoned record's text, and what check says about it after ``FILE:``.
POISONS = [
    pytest.param(
        b"---\ntitle: Bad\npublishedDateTime: 2022-02-30\n---\nbody\n",
        "3:20: publishedDateTime: 2022-02-30 is not a valid date (day is out of range for month)",
        id="february-30",
    ),
    pytest.param(
        b"---\ntitle: Bad\npublishedDateTime: 0000-01-01\n---\n",
        "3:20: publishedDateTime: 0000-01-01 is not a valid date (year 0 is out of range)",
        id="year-zero",
    ),
    pytest.param(
        b"---\ntitle: Bad\npublishedDateTime: 2022-07-12T99:00:00Z\n---\n",
        "3:20: publishedDateTime: 2022-07-12T99:00:00Z is not a valid date (hour must be in 0..23)",
        id="hour-99",
    ),
    pytest.param(
        b"---\ntitle: Bad\nrelated: []\npublishedDateTime: !!timestamp junk\n---\n",
        "4:20: publishedDateTime: junk is not a valid date (YAML cannot read it as one)",
        id="timestamp-junk",
    ),
    pytest.param(
        b"---\ntitle: Bad\nquality: !!int abc\n---\n",
        "3:10: quality: abc is not a valid integer (invalid literal for int() with base 10: 'abc')",
        id="int-abc",
    ),
    pytest.param(
        b"---\ntitle: Bad\nquality: " + b"7" * 5000 + b"\n---\n",
        "3:10: quality: " + "7" * 37 + "… is not a valid integer "
        "(5,000 digits; Python reads at most 4,300)",
        id="5000-digit-int",
    ),
]


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    for n in range(GOOD):
        (root / f"good{n:02}.md").write_text(
            f"---\ntitle: Good {n}\nwebUrl: https://example.org/{n}\nrelated: []\n---\nbody\n",
            encoding="utf-8",
        )
    return root


def _listed_titles(out: str) -> list[str]:
    return [line.split("\t")[-1] for line in out.splitlines()[1:]]


@pytest.mark.parametrize(("content", "said"), POISONS)
def test_check_and_list_name_the_poisoned_file_and_list_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    root = _library(tmp_path)
    bad = root / "bad.md"
    bad.write_bytes(content)
    line, column, message = said.split(":", 2)
    checked = f"{bad}:{line}:{column}: error:{message}\n"  # check says the severity
    for extra in ([], ["--no-index"]):
        assert main(["check", str(root), *extra]) == 1
        assert capsys.readouterr().out == checked
        assert main(["list", str(root), *extra]) == 0
        captured = capsys.readouterr()
        assert _listed_titles(captured.out) == [f"Good {n}" for n in range(GOOD)]
        assert captured.err == f"{bad}:{said}\n"
    assert main(["check", str(bad), str(root / "good00.md")]) == 1
    assert capsys.readouterr().out == checked


@pytest.mark.parametrize(("content", "said"), POISONS)
def test_editing_commands_refuse_the_poisoned_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    root = _library(tmp_path)
    bad, good = root / "bad.md", root / "good00.md"
    bad.write_bytes(content)
    before = good.read_bytes()
    for args in (
        ["set", str(bad), "quality=1"],
        ["attach", str(bad), str(good)],
        ["attach", str(good), str(bad)],
        ["detach", str(bad), "0"],
    ):
        assert main(args) == 1, args
        assert capsys.readouterr().err == f"{bad}:{said}\n", args
    assert bad.read_bytes() == content and good.read_bytes() == before
    assert main(["set", str(good), "quality=3"]) == 0  # the good ones still edit
    assert b"quality: 3\n" in good.read_bytes()


def _special(root: Path, kind: str) -> Path:
    path = root / "bad.md"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:  # a loop of two links
        path.symlink_to(root / "bad2.md")
        (root / "bad2.md").symlink_to(path)
    return path


SPECIAL = {
    "fifo": "not a regular file: a FIFO (named pipe)",
    "dev-zero": "not a regular file: a character device",
    "loop": "symbolic link loop",
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line; a hang fails after 60 s instead of blocking the suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "curator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.parametrize("kind", SPECIAL)
def test_special_files_are_refused_without_reading_them(tmp_path: Path, kind: str) -> None:
    root = _library(tmp_path)
    bad, good = _special(root, kind), root / "good00.md"
    said = f"{bad}:1:1: cannot read: {SPECIAL[kind]}"
    checked = _run("check", "--no-index", str(root))
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines[0] == said.replace(":1:1: ", ":1:1: error: ") and all(
        line.startswith(f"{root / 'bad'}") for line in lines
    )
    listed = _run("list", str(root))
    assert listed.returncode == 0
    assert _listed_titles(listed.stdout) == [f"Good {n}" for n in range(GOOD)]
    assert said in listed.stderr.splitlines()
    for args in (("set", str(bad), "quality=1"), ("attach", str(good), str(bad))):
        done = _run(*args)
        assert (done.returncode, done.stderr) == (1, said + "\n"), args
    named = _run("check", str(bad), str(good))  # the file passed as a path
    assert (named.returncode, named.stdout) == (1, said.replace(":1:1: ", ":1:1: error: ") + "\n")
    assert b"related: []\n" in good.read_bytes()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("(" * 400 + "a" + ")" * 400, "query nests too deeply (more than 16 levels) at column 17"),
        ("-" * 1000 + "a", "too many '-' in a row (more than 16) at column 17"),
        ("quality:" + "9" * 5000, "number too long (more than 40 characters) at column 9"),
    ],
)
def test_a_query_past_the_limits_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], query: str, said: str
) -> None:
    root = _library(tmp_path)
    assert main(["list", str(root), f"--query={query}"]) == 2
    assert capsys.readouterr() == ("", f"query: {said}\n")


@pytest.mark.parametrize(
    ("assignment", "said"),
    [
        (
            "publishedDateTime=2022-02-30",
            "publishedDateTime: 2022-02-30 is not a valid date (day is out of range for month)",
        ),
        (
            "heat=2022-07-12T99:00:00Z",
            "heat: 2022-07-12T99:00:00Z is not a valid date (hour must be in 0..23)",
        ),
        (
            "quality=!!int abc",
            "quality: abc is not a valid integer (invalid literal for int() with base 10: 'abc')",
        ),
        (
            "quality=" + "7" * 5000,
            "quality: "
            + "7" * 37
            + "… is not a valid integer (5,000 digits; Python reads at most 4,300)",
        ),
    ],
)
def test_set_refuses_a_value_that_would_poison_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], assignment: str, said: str
) -> None:
    good = _library(tmp_path) / "good00.md"
    before = good.read_bytes()
    assert main(["set", str(good), assignment]) == 2  # a usage error: no file is read
    assert capsys.readouterr().err == f"curator set: {said}; quote it to store it as text\n"
    assert good.read_bytes() == before
    assert main(["set", str(good), "excerpt='2022-02-30'"]) == 0  # quoted: the text it is
    assert b'excerpt: "2022-02-30"\n' in good.read_bytes()


def test_brackets_nested_200000_deep_are_refused_not_a_crash(tmp_path: Path) -> None:
    # The C composer recursed once per level on the C stack: a segfault near 25,000.
    root = _library(tmp_path)
    deep = root / "deep.md"
    deep.write_text("---\ntitle: T\na: " + "[" * 200_000 + "]" * 200_000 + "\n---\n")
    said = f"{deep}:3:103: front matter is nested too deeply (more than 100 levels)\n"
    checked = _run("check", "--no-index", str(root))
    assert (checked.returncode, checked.stdout) == (1, said.replace(":3:103: ", ":3:103: error: "))
    done = _run("set", str(deep), "quality=1")
    assert (done.returncode, done.stderr) == (1, said)
