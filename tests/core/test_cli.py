"""The command line: exact bytes after set/attach/detach, one-line errors, check output."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from paths import SEED

from curator.cli import main
from curator.core import files
from curator.core.record import Record, load_record


def _diff(before: bytes, after: bytes) -> list[str]:
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    return [d for d in difflib.ndiff(old, new) if d[:1] in "+-"]


def test_set_changes_only_the_edited_lines(seed_copy: Path) -> None:
    before = seed_copy.read_bytes()
    assert (
        main(
            [
                "set",
                str(seed_copy),
                "quality=42",
                "published=true",
                "title=Text: with a colon",
                "provider.name=Le Monde",
            ]
        )
        == 0
    )
    assert _diff(before, seed_copy.read_bytes()) == [
        '- title: "Harbour Town Pilots Tide Sensors Along Its Old Sea Wall: Council"\n',
        '+ title: "Text: with a colon"\n',
        "- quality: 41\n",
        "+ quality: 42\n",
        "- published: false\n",
        "+ published: true\n",
        "-   name: The Coastal Ledger\n",
        "+   name: Le Monde\n",
    ]


@pytest.mark.parametrize(
    ("assignment", "line"),
    [
        ("category='yes'", 'category: "yes"\n'),
        ("published=yes", "published: true\n"),
        ("category=Plain words", "category: Plain words\n"),
        ("category='quoted: yes'", 'category: "quoted: yes"\n'),
        ("heat=12", "heat: 12\n"),
        ("heat='012'", 'heat: "012"\n'),
        ("publishedDateTime=2023-01-02T03:04:05Z", "publishedDateTime: 2023-01-02T03:04:05Z\n"),
    ],
)
def test_set_reads_values_as_yaml_flow_scalars(seed_copy: Path, assignment: str, line: str) -> None:
    assert main(["set", str(seed_copy), assignment]) == 0
    assert line in seed_copy.read_text(encoding="utf-8")


def test_noop_set_writes_nothing(seed_copy: Path) -> None:
    stamp = seed_copy.stat().st_mtime_ns
    assert main(["set", str(seed_copy), "quality=41", "published=false"]) == 0
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert seed_copy.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"---\ntitle: a\ntitle: b\n---\n", "duplicate key 'title'"),
        (b"---\nbase: &b 5\nquality: *b\n---\n", "anchor or alias"),
        (b"---\nx: !!python/object/apply:os.system ['true']\n---\n", "constructor"),
        (b"---\n\tquality: 1\n---\n", "tab character"),
        (b"---\n- a\n- b\n---\n", "not a mapping"),
        (b"---\ntitle: \xff\xfe\n---\n", "not valid UTF-8"),
        (b"+++\ntitle = 'toml'\n+++\n", "read-only"),
        (b"---\ntitle: never closed\n", "never closed"),
    ],
)
def test_unsafe_files_are_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    assert main(["set", str(path), "quality=1"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(str(path))
    assert message in err
    assert path.read_bytes() == content


def test_bad_key_path_is_one_line_error(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["set", str(seed_copy), "images.7.width=3"]) == 1
    assert str(seed_copy) in capsys.readouterr().err
    assert seed_copy.read_bytes() == SEED.read_bytes()


def _second_record(tmp_path: Path) -> Path:
    other = tmp_path / "other.md"
    text = SEED.read_text(encoding="utf-8")
    text = text.replace(
        "https://coastalledger.example/2023/03/harbour", "https://example.org/2023/other"
    )
    text = text.replace('title: "Harbour Town Pilots', 'title: "Other Story About')
    other.write_text(text, encoding="utf-8")
    return other


def test_attach_adds_lines_only_indented_like_siblings(seed_copy: Path, tmp_path: Path) -> None:
    other = _second_record(tmp_path)
    before = seed_copy.read_bytes()
    assert main(["attach", str(seed_copy), str(other)]) == 0
    diff = _diff(before, seed_copy.read_bytes())
    assert all(line.startswith("+ ") for line in diff)
    added = [line[2:] for line in diff]
    assert added[0].startswith('  - title: "Other Story About')
    assert added[1].startswith('    excerpt: "')
    assert "    provider:\n" in added and "      name: The Coastal Ledger\n" in added
    assert (
        '      - url: "https://coastalledger.example/media/2023/03/sizes/story-m-2/coastalledger_2023-03-14-120500.jpg"\n'
        in added
    )
    record = load_record(seed_copy)
    assert isinstance(record, Record)
    assert [item["title"][:19] for item in record.data["related"]][-1] == "Other Story About T"
    assert other.read_bytes() != before  # untouched source, different file


def test_attach_twice_and_self_are_refused(seed_copy: Path, tmp_path: Path) -> None:
    other = _second_record(tmp_path)
    assert main(["attach", str(seed_copy), str(other)]) == 0
    once = seed_copy.read_bytes()
    assert main(["attach", str(seed_copy), str(other)]) == 1
    assert main(["attach", str(seed_copy), str(seed_copy)]) == 1
    assert seed_copy.read_bytes() == once


def test_attach_both_links_back(seed_copy: Path, tmp_path: Path) -> None:
    other = _second_record(tmp_path)
    assert main(["attach", str(seed_copy), str(other), "--both"]) == 0
    back = load_record(other)
    assert isinstance(back, Record)
    assert back.data["related"][-1]["webUrl"].startswith(
        "https://coastalledger.example/2023/03/harbour"
    )


def test_detach_by_index_and_url(seed_copy: Path) -> None:
    before = seed_copy.read_bytes()
    url = (
        "https://www.shorelinetech.example/202303/harbour-town-adds-tide-telemetry-smart-shoreline"
    )
    assert main(["detach", str(seed_copy), url]) == 0
    diff = _diff(before, seed_copy.read_bytes())
    assert len(diff) == 9 and all(line.startswith("- ") for line in diff)
    assert main(["detach", str(seed_copy), "0"]) == 0
    assert "related: []\n" in seed_copy.read_text(encoding="utf-8")
    assert main(["detach", str(seed_copy), "0"]) == 1


def test_check_reports_file_line_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(SEED, tmp_path / "good.md")
    (tmp_path / "dup.md").write_text("---\ntitle: a\nquality: 1\ntitle: b\n---\n")
    assert main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"{tmp_path / 'dup.md'}:4:1: error: duplicate key 'title'\n"
    (tmp_path / "dup.md").unlink()
    assert main(["check", str(tmp_path)]) == 0


def test_list_uses_the_query_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(SEED, tmp_path / "a.md")
    _second_record(tmp_path)
    main(["set", str(tmp_path / "other.md"), "quality=90"])
    assert main(["list", str(tmp_path), "--query", "quality:>50"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1].split("\t")[2] == "90"
    assert main(["list", str(tmp_path), "--query", "quality:>>"]) == 2  # a usage error


def test_command_line_does_not_import_qt(seed_copy: Path) -> None:
    code = (
        "import sys; from curator.__main__ import main;"
        f"rc = main(['set', {str(seed_copy)!r}, 'quality=1']);"
        "assert 'PySide6' not in sys.modules, 'Qt imported'; sys.exit(rc)"
    )
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "quality: 1\n" in seed_copy.read_text(encoding="utf-8")


def test_attach_to_a_record_without_related_adds_the_key_before_secured(
    seed_copy: Path, tmp_path: Path
) -> None:
    text = seed_copy.read_text(encoding="utf-8")
    start, end = text.index("related:\n"), text.index("secured:")
    seed_copy.write_text(text[:start] + text[end:], encoding="utf-8")
    before = seed_copy.read_bytes()
    other = _second_record(tmp_path)
    assert main(["attach", str(seed_copy), str(other)]) == 0
    diff = _diff(before, seed_copy.read_bytes())
    assert all(line.startswith("+ ") for line in diff)
    assert diff[0] == "+ related:\n" and diff[1].startswith('+   - title: "Other Story About')
    after = seed_copy.read_text(encoding="utf-8")
    assert after.index("related:\n") < after.index("secured:")
    assert "\n\nrelated:\n" in after


def test_list_prints_one_line_per_record_from_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(
        '---\ntitle: "Tabs\\tand  double  spaces "\nquality: 7.5\npublished: true\n'
        "publishedDateTime: 2022-07-12T10:24:00Z\nprovider: {name: Le Monde}\n---\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("---\ntitle: Plain\nheat: high\n---\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    # Python's shortest text of a float, not SQLite's 15 digits (0.333333333333333)
    (tmp_path / "d.md").write_text("---\ntitle: D\nheat: 0.3333333333333333\n---\n", "utf-8")
    for run in ("cold", "warm", "--no-index"):
        args = ["list", str(tmp_path)] + (["--no-index"] if run == "--no-index" else [])
        assert main(args) == 0
        captured = capsys.readouterr()
        assert captured.out.splitlines() == [
            "file\tpublished\tquality\theat\tpublishedDateTime\tprovider\ttitle",
            f"{tmp_path / 'a.md'}\ttrue\t7.5\t\t2022-07-12T10:24:00Z\tLe Monde\t"
            "Tabs and double spaces",
            f"{tmp_path / 'b.md'}\t\t\thigh\t\t\tPlain",
            f"{tmp_path / 'd.md'}\t\t\t0.3333333333333333\t\t\tD",
        ], run
        where = f"{tmp_path / 'c.md'}:2:8: "  # line 2, where the '[' opens
        assert where + "while parsing a flow sequence" in captured.err, run
    assert (tmp_path / ".curator" / "index.sqlite").is_file()


def test_list_rebuilds_a_damaged_index_says_so_and_lists_every_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(40):
        (tmp_path / f"r{i:02}.md").write_text(
            f'---\ntitle: "Record {i} {"x" * 300}"\nquality: {i}\n---\n', encoding="utf-8"
        )
    assert main(["list", str(tmp_path)]) == 0
    capsys.readouterr()
    index = tmp_path / ".curator" / "index.sqlite"
    good = index.read_bytes()
    expected = [
        f"{tmp_path / f'r{i:02}.md'}\t\t{i}\t\t\t\tRecord {i} {'x' * 300}" for i in range(40)
    ]
    rebuilt = 0
    for page in range(1, len(good) // 4096):  # a damaged page anywhere
        index.write_bytes(good[: page * 4096] + b"\xa5" * 4096 + good[(page + 1) * 4096 :])
        assert main(["list", str(tmp_path)]) == 0, page
        captured = capsys.readouterr()
        assert captured.out.splitlines()[1:] == expected, page
        if captured.err:  # seen when opening, or by the check beside the scan
            assert captured.err.endswith("and is being rebuilt\n"), (page, captured.err)
            rebuilt += 1
    assert rebuilt >= 5  # most pages are in use (the rest: damage nothing reads)


def test_list_keeps_control_characters_of_titles_in_their_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The TSV chunk is checked in one search with rows joined by U+0001: a title holding
    # U+0001 itself must not split its line in two.
    (tmp_path / "a.md").write_text('---\ntitle: "A\\x01B"\n---\n', encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: Plain\n---\n", encoding="utf-8")
    assert main(["list", str(tmp_path)]) == 0
    assert capsys.readouterr().out.split("\n")[1:] == [
        f"{tmp_path / 'a.md'}\t\t\t\t\t\tA\x01B",
        f"{tmp_path / 'b.md'}\t\t\t\t\t\tPlain",
        "",
    ]


def _related_urls(path: Path) -> list[str]:
    record = load_record(path)
    assert isinstance(record, Record)
    return [item["webUrl"] for item in record.data.get("related", [])]


SEED_URL = (
    "https://coastalledger.example/2023/03/harbour-town-pilots-tide-sensors-along-its-old-sea-wall"
    "-council/"
)
OTHER_URL = (
    "https://example.org/2023/other-town-pilots-tide-sensors-along-its-old-sea-wall-council/"
)


def test_attach_both_with_a_read_only_second_file_changes_neither_and_a_retry_completes(
    seed_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _second_record(tmp_path)
    before = {path: path.read_bytes() for path in (seed_copy, other)}
    os.chmod(other, 0o444)
    assert main(["attach", str(seed_copy), str(other), "--both"]) == 1
    assert capsys.readouterr().err == (
        f"{other}: other.md is read-only on disk (mode 444); curator does not overwrite it\n"
    )
    assert {path: path.read_bytes() for path in before} == before  # neither was written
    os.chmod(other, 0o644)
    assert main(["attach", str(seed_copy), str(other), "--both"]) == 0
    assert _related_urls(seed_copy)[-1] == OTHER_URL
    assert _related_urls(other)[-1] == SEED_URL


def test_attach_both_puts_the_first_file_back_when_the_second_write_fails(
    seed_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = _second_record(tmp_path)
    before = {path: path.read_bytes() for path in (seed_copy, other)}
    real_replace = os.replace
    replaced: list[str] = []

    def disk_full_on_other(source: str, target: str) -> None:
        replaced.append(Path(target).name)
        if Path(target).name == "other.md":
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", disk_full_on_other)
    assert main(["attach", str(seed_copy), str(other), "--both"]) == 1
    assert replaced == ["seed.md", "other.md", "seed.md"]  # written, failed, put back
    assert capsys.readouterr().err == (
        f"{other}: cannot write: No space left on device; "
        "seed.md put back as before, nothing saved\n"
    )
    assert {path: path.read_bytes() for path in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.md", "seed.md"]


def test_attach_both_completes_a_link_made_one_way(
    seed_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _second_record(tmp_path)
    assert main(["attach", str(seed_copy), str(other)]) == 0
    one_way = seed_copy.read_bytes()
    assert main(["attach", str(seed_copy), str(other), "--both"]) == 0
    assert seed_copy.read_bytes() == one_way  # it had the link: not added twice
    assert _related_urls(other)[-1] == SEED_URL
    assert _related_urls(other).count(SEED_URL) == 1
    assert main(["attach", str(seed_copy), str(other), "--both"]) == 1
    assert capsys.readouterr().err == (
        f"{seed_copy}: seed.md and other.md are already related both ways\n"
    )


def test_set_on_a_read_only_file_is_refused_in_one_line(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chmod(seed_copy, 0o444)
    assert main(["set", str(seed_copy), "heat=3"]) == 1
    assert capsys.readouterr().err == (
        f"{seed_copy}: seed.md is read-only on disk (mode 444); curator does not overwrite it\n"
    )
    assert seed_copy.read_bytes() == SEED.read_bytes()


def test_list_matches_plain_words_at_word_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(SEED, tmp_path / "a.md")  # "Harbour Town Pilots Tide Sensors ..."
    for query, found in (("sensor", 1), ("ensor", 0), ("arbour", 0), ("harb", 1)):
        assert main(["list", str(tmp_path), "--query", query]) == 0
        rows = capsys.readouterr().out.splitlines()[1:]  # below the header
        assert len(rows) == found, (query, rows)
