"""``curator list`` printing ahead (:mod:`curator.cli.ahead`): a child prints the rows
the index holds while the parent brings the index up to date; its text goes out only
when nothing changed. Run as the command runs (a process of its own, one thread), with
``Ahead.finish`` watched to know which way each list went."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from paths import ROOT

#: Runs ``curator ARGS...`` after wrapping Ahead.finish: each call's verdict and result
#: goes to stderr as one JSON line starting with "ahead:".
SPY = """
import json, sys
from curator.cli import ahead
real = ahead.Ahead.finish
def finish(self, unchanged):
    printed = real(self, unchanged)
    sys.stderr.write("ahead:" + json.dumps([unchanged, printed]) + "\\n")
    return printed
ahead.Ahead.finish = finish
from curator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _list(*args: str, ahead: bool = True) -> tuple[str, str, list[list[bool]]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("CURATOR_NO_AHEAD", None)
    if not ahead:
        env["CURATOR_NO_AHEAD"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", SPY, "list", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines(keepends=True)
    verdicts = [json.loads(x[len("ahead:") :]) for x in lines if x.startswith("ahead:")]
    said = "".join(x for x in lines if not x.startswith("ahead:"))
    return done.stdout, said, verdicts


def _library(root: Path) -> Path:
    root.mkdir()
    for n in range(25):
        (root / f"r{n:02}.md").write_text(
            f'---\ntitle: "Record {n}"\nquality: {n}\npublished: {str(n % 2 == 0).lower()}\n'
            "---\nbody\n",
            encoding="utf-8",
        )
    (root / "broken.md").write_text("---\ntitle: [open\n---\n", encoding="utf-8")
    return root


def test_a_warm_list_is_printed_ahead_and_reads_as_the_list_printed_after(
    tmp_path: Path,
) -> None:
    root = _library(tmp_path / "lib")
    cold = _list(str(root))
    assert cold[2] == []  # no index yet: nothing to print ahead
    header = "file\tpublished\tquality\theat\tpublishedDateTime\tprovider\ttitle"
    rows = [
        f"{root / f'r{n:02}.md'}\t{str(n % 2 == 0).lower()}\t{n}\t\t\t\tRecord {n}"
        for n in range(25)
    ]
    assert cold[0].splitlines() == [header, *rows]
    said = "while parsing a flow sequence, did not find expected ',' or ']'"
    assert cold[1] == f"{root / 'broken.md'}:2:8: {said}\n"
    for args in ([str(root)], [str(root), "-q", "quality:>=20"], [str(root), "-0"]):
        printed = _list(*args)
        assert printed[2] == [[True, True]], args  # unchanged: the child's text went out
        assert printed[:2] == _list(*args, ahead=False)[:2], args
    filtered = _list(str(root), "-q", "quality:>=20")[0].splitlines()
    assert filtered == [header, *rows[20:]]


def test_a_list_after_an_edit_outside_curator_drops_what_was_printed_ahead(
    tmp_path: Path,
) -> None:
    root = _library(tmp_path / "lib")
    _list(str(root))
    record = root / "r07.md"
    record.write_text(record.read_text(encoding="utf-8").replace("quality: 7", "quality: 70"))
    (root / "r08.md").unlink()
    out, _, verdicts = _list(str(root))
    assert verdicts == [[False, False]]  # changed: the parent printed
    lines = out.splitlines()
    assert f"{record}\tfalse\t70\t\t\t\tRecord 7" in lines
    assert not any("r08.md" in line for line in lines)
    assert len(lines) == 1 + 24
    assert _list(str(root))[2] == [[True, True]]  # and the next list is ahead again


def test_json_and_lists_without_an_index_are_never_printed_ahead(tmp_path: Path) -> None:
    root = _library(tmp_path / "lib")
    _list(str(root))
    out, _, verdicts = _list(str(root), "--format", "json")
    assert verdicts == []
    assert [item["title"] for item in json.loads(out)] == [f"Record {n}" for n in range(25)]
    assert _list(str(root), "--no-index")[2] == []
