"""Related-story suggestions over the library index: the same story told by other
providers comes first; itself, what is attached and stale text never do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from story_clusters import write_library

from curator.core.index import LibraryIndex
from curator.core.suggest import Suggestion, subject_of, suggest, words_of


def _front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.fixture
def lib(tmp_path: Path) -> tuple[Path, dict[str, str], LibraryIndex]:
    root = tmp_path / "lib"
    clusters = write_library(root)
    index = LibraryIndex(root)
    index.refresh()
    assert index.update_words() == 36
    yield root, clusters, index
    index.close()


def _suggested(index: LibraryIndex, root: Path, name: str, limit: int = 5) -> list[Suggestion]:
    (own,) = index.db.execute("SELECT id FROM files WHERE path = ?", (name,)).fetchone()
    return suggest(index.db, subject_of(_front(root / name), own_id=own), limit)


def test_the_other_reports_of_a_story_are_in_its_top_five(lib) -> None:  # type: ignore[no-untyped-def]
    root, clusters, index = lib
    found = 0
    for name, cluster in clusters.items():
        siblings = {n for n, c in clusters.items() if c == cluster and n != name}
        top = {s.path for s in _suggested(index, root, name)}
        assert name not in top
        found += siblings <= top
    assert len(clusters) == 24
    assert found >= 22  # the issue asks for nine in ten


def test_a_suggestion_says_why(lib) -> None:  # type: ignore[no-untyped-def]
    root, _clusters, index = lib
    first, second = _suggested(index, root, "004_glacier.md")
    assert first.path == "005_glacier.md"
    assert first.title == "Italy Mourns Climbers Lost in Dolomites Ice Avalanche"
    assert (first.provider, first.date) == ("Meridian Times", "2022-07-05T07:15:00Z")
    assert first.reason == "topics italy; words marmolada, glacier, dolomites, italy"
    assert second.path == "006_glacier.md"
    assert second.words == ("marmolada", "glacier", "dolomites", "serac", "broke")
    assert second.topics == ("climate",)


def test_records_already_related_and_the_same_url_are_left_out(lib) -> None:  # type: ignore[no-untyped-def]
    root, _clusters, index = lib
    data = _front(root / "007_rhine.md")
    data["related"] = [{"title": "x", "webUrl": "https://news.example/rhine/8"}]
    (own,) = index.db.execute("SELECT id FROM files WHERE path = '007_rhine.md'").fetchone()
    paths = [s.path for s in suggest(index.db, subject_of(data, own_id=own))]
    assert paths[0] == "009_rhine.md"
    assert "008_rhine.md" not in paths and "007_rhine.md" not in paths
    # a copy of the record under another name has its webUrl: not a related story
    copy = (root / "007_rhine.md").read_text(encoding="utf-8").replace("Low Water", "Low water")
    (root / "050_copy.md").write_text(copy, encoding="utf-8")
    index.refresh()
    assert index.update_words() == 1
    paths = [s.path for s in suggest(index.db, subject_of(data, own_id=own))]
    assert "050_copy.md" not in paths


def test_suggestions_follow_edits_and_files_changed_on_disk(lib) -> None:  # type: ignore[no-untyped-def]
    root, _clusters, index = lib
    data = _front(root / "101_other.md")  # office vacancies: no story of its own here
    (own,) = index.db.execute("SELECT id FROM files WHERE path = '101_other.md'").fetchone()
    assert suggest(index.db, subject_of(data, own_id=own)) == []
    data["title"] = "Hivemind Ransomware Hits Another Hospital"  # an unsaved edit
    paths = [s.path for s in suggest(index.db, subject_of(data, own_id=own), limit=3)]
    assert sorted(paths) == ["022_ransomware.md", "023_ransomware.md", "024_ransomware.md"]
    # a file rewritten outside curator: its new words count after the index refresh
    path = root / "102_other.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Robot Kitchens Struggle to Move Beyond the Demo Stage",
            "Hivemind Ransomware Loader Found in Hospital Phishing Mails",
        ),
        encoding="utf-8",
    )
    os.utime(path, ns=(1, 1))
    (root / "024_ransomware.md").unlink()
    index.refresh()
    assert index.update_words() == 1  # the rewritten file; the deleted one left by trigger
    paths = [s.path for s in suggest(index.db, subject_of(data, own_id=own), limit=4)]
    assert "102_other.md" in paths and "024_ransomware.md" not in paths


def test_words_are_folded_and_common_ones_dropped() -> None:
    assert words_of("Zürich's Mayor Says the 2022 Budget Is Too Small") == [
        "zurich",
        "mayor",
        "budget",
        "small",
    ]
