"""``curator related``: the window's suggestions on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from story_clusters import write_library

from curator.cli import main


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write_library(root)
    return root


def test_related_lists_the_other_reports_with_scores(library: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["related", str(library / "004_glacier.md"), "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "score\tfile\tprovider\tpublishedDateTime\ttitle\treason"
    cells = [line.split("\t") for line in lines[1:]]
    assert [c[1] for c in cells] == [
        str(library / "005_glacier.md"),
        str(library / "006_glacier.md"),
    ]
    assert cells[0][2:] == [
        "Meridian Times",
        "2022-07-05T07:15:00Z",
        "Italy Mourns Climbers Lost in Dolomites Ice Avalanche",
        "topics italy; words marmolada, glacier, dolomites, italy",
    ]
    assert float(cells[0][0]) >= float(cells[1][0]) > 0


def test_related_as_json_leaves_out_what_is_attached(library: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = library / "013_neon.md"
    assert main(["attach", str(target), str(library / "014_neon.md")]) == 0
    assert main(["related", str(target), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [Path(row["file"]).name for row in found] == ["015_neon.md"]
    assert found[0]["title"] == "Fabs Recycle Neon as Mariupol Gas Plants Stay Dark"
    assert found[0]["publishedDateTime"] == "2022-07-08T10:00:00Z"
    assert found[0]["topics"] == ["semiconductors", "ukraine"]


def test_related_of_a_file_that_does_not_load_says_why(library: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = library / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert main(["related", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"{bad}:")
