"""``curator check`` as the library's linter and ``curator refresh``: literal lines for
wrong-typed values, duplicates and stale related items; nothing on clean records."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import ROOT, SEED

from curator.cli import main
from curator.core.links import title_key
from curator.core.lint import ITEM_KINDS, TOP_KINDS, _all_fine, _findings, kind_problem

SAMPLE = ROOT / "resources" / "sample"

BAD = """\
---
title: 123
excerpt: fine
quality: "high"
heat: -7
published: "maybe"
publishedDateTime: maybe
topics: AI
images: {url: x}
related: 5
---
body
"""

STORY = """\
---
title: "{title}"
excerpt: "Tide gauges on nine piers."
publishedDateTime: 2023-03-14T12:05:00Z
webUrl: "{url}"
type: article
quality: {quality}
provider:
  name: The Coastal Ledger
  domain: coastalledger.example
related:{related}
---
"""

RELATED = """
  - title: "{title}"
    excerpt: "Tide gauges on nine piers."
    publishedDateTime: 2023-03-14T12:05:00Z
    webUrl: "{url}"
    type: article
    provider:
      name: The Coastal Ledger
      domain: coastalledger.example
    quality: {quality}"""


def _story(title: str, url: str, quality: int = 40, related: str = " []") -> str:
    return STORY.format(title=title, url=url, quality=quality, related=related)


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check", *args])
    return status, capsys.readouterr().out


def test_wrong_typed_values_are_reported_on_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(SEED, tmp_path / "good.md")
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    status, out = _check(capsys, str(tmp_path))
    bad = tmp_path / "bad.md"
    assert out.splitlines() == [
        f"{bad}:2:8: error: title is 123 — not text",
        f"{bad}:4:10: error: quality is “high” — not a whole number",
        f"{bad}:5:7: error: heat is -7 — outside 0–100",
        f"{bad}:6:12: error: published is “maybe” — not true/false",
        f"{bad}:7:20: error: publishedDateTime is “maybe” — not a date",
        f"{bad}:8:9: error: topics is the text “AI”, not a list",
        f"{bad}:9:9: error: images is a mapping, not a list",
        f"{bad}:10:10: error: related is 5, not a list",
    ]
    assert status == 1


def test_json_format_gives_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.md").write_text("---\ntitle: T\nheat: 101\n---\n", encoding="utf-8")
    status, out = _check(capsys, "--format", "json", str(tmp_path))
    assert json.loads(out) == [
        {
            "file": str(tmp_path / "bad.md"),
            "line": 3,
            "column": 7,
            "severity": "error",
            "message": "heat is 101 — outside 0–100",
        }
    ]
    assert status == 1


def test_clean_seed_and_the_bundled_sample_have_no_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SAMPLE, tmp_path / "sample")
    shutil.copyfile(SEED, tmp_path / "seed.md")
    assert _check(capsys, str(tmp_path / "sample")) == (0, "")
    assert _check(capsys, str(tmp_path / "seed.md")) == (0, "")


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: T\npublishedDateTime: 2023-03-14\n---\n", encoding="utf-8"
    )
    status, out = _check(capsys, str(tmp_path))
    expected = f"{tmp_path / 'a.md'}:3:20: warning: publishedDateTime is a date without a time\n"
    assert (status, out) == (0, expected)


def test_exact_duplicates_name_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://coastalledger.example/2023/03/sea-wall"
    (tmp_path / "a.md").write_text(_story("Sea wall", url), encoding="utf-8")
    (tmp_path / "b.md").write_text(_story("Sea wall, again", url), encoding="utf-8")
    (tmp_path / "c.md").write_text(
        _story("Other", "https://x.example/c").replace("type:", f'originalUrl: "{url}"\ntype:'),
        encoding="utf-8",
    )
    status, out = _check(capsys, str(tmp_path))
    a, b, c = (tmp_path / n for n in ("a.md", "b.md", "c.md"))
    assert out.splitlines() == [
        f"{a}:5:9: warning: duplicate: same webUrl as b.md",
        f"{a}:5:9: warning: duplicate: same webUrl as the originalUrl of c.md",
        f"{b}:5:9: warning: duplicate: same webUrl as a.md",
        f"{b}:5:9: warning: duplicate: same webUrl as the originalUrl of c.md",
        f"{c}:6:14: warning: duplicate: same originalUrl as the webUrl of a.md",
        f"{c}:6:14: warning: duplicate: same originalUrl as the webUrl of b.md",
    ]
    assert status == 0


def _stale_library(tmp_path: Path) -> tuple[Path, Path]:
    """a.md relates b.md; b.md's title and quality changed since it was attached."""
    b_url = "https://portnotes.example/b"
    item = RELATED.format(title="Old title", url=b_url, quality=24)
    a = tmp_path / "a.md"
    a.write_text(_story("Story A", "https://x.example/a", related=item), encoding="utf-8")
    b = tmp_path / "b.md"
    b.write_text(_story("New title", b_url, quality=30), encoding="utf-8")
    return a, b


def test_stale_related_items_are_reported_on_the_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _b = _stale_library(tmp_path)
    status, out = _check(capsys, str(tmp_path))
    expected = (
        f"{a}:12:5: warning: stale: related.0 differs from b.md in title, quality "
        "(curator refresh updates it)\n"
    )
    assert (status, out) == (0, expected)


def test_refresh_changes_only_the_stale_values_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _b = _stale_library(tmp_path)
    before = a.read_text(encoding="utf-8")
    assert main(["refresh", str(a)]) == 0
    assert capsys.readouterr().out == f"{a}: related.0 refreshed from b.md: title, quality\n"
    expected = before.replace('  - title: "Old title"', '  - title: "New title"').replace(
        "    quality: 24", "    quality: 30"
    )
    assert a.read_text(encoding="utf-8") == expected
    assert _check(capsys, str(tmp_path)) == (0, "")
    assert main(["refresh", str(a)]) == 0  # nothing left: the file is not written
    assert a.read_text(encoding="utf-8") == expected


def test_queries_find_duplicates_and_stale_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stale_library(tmp_path)
    (tmp_path / "c.md").write_text(
        _story("STORY: a!", "https://x.example/c"), encoding="utf-8"
    )  # the same title as a.md once case and punctuation are set aside
    for query, titles in (("has:stale", ["Story A"]), ("is:duplicate", ["Story A", "STORY: a!"])):
        capsys.readouterr()
        assert main(["list", "-q", query, str(tmp_path)]) == 0
        listed = [line.split("\t")[-1] for line in capsys.readouterr().out.splitlines()[1:]]
        assert listed == titles, query


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("text", 5, ("error", "5 — not text")),
        ("score", 7.5, ("error", "7.5 — not a whole number")),
        ("score", 100, None),
        ("bool", "yes", ("error", "“yes” — not true/false")),
        (
            "date",
            "2023-03-14T12:05:00Z",
            ("warning", "the text “2023-03-14T12:05:00Z”, not a timestamp"),
        ),
        ("tags", ["a", 3], ("error", "items that are not text: 3")),
        ("mappings", "x", ("error", "the text “x”, not a list")),
    ],
)
def test_one_rule_per_kind(kind: str, value: object, expected: tuple[str, str] | None) -> None:
    assert kind_problem(kind, value) == expected


def test_the_window_table_finds_duplicates_and_follows_edits(tmp_path: Path) -> None:
    from curator.core.query import parse_query
    from curator.core.summary import summarize_file
    from curator.core.table import QueryTable

    a, _b = _stale_library(tmp_path)
    (tmp_path / "c.md").write_text(_story("STORY: a!", "https://x.example/c"), encoding="utf-8")
    table = QueryTable()
    for row, name in enumerate(("a.md", "b.md", "c.md")):
        summary = summarize_file(str(tmp_path / name), name)[6:-5]
        table.db.execute("INSERT INTO files (id, path) VALUES (?, ?)", (row, name))
        table.count += 1
        table.update(row, summary, [], False)
    assert list(table.matching(parse_query("is:duplicate"))) == [0, 2]
    assert list(table.matching(parse_query("has:stale"))) == [0]
    retitled = a.read_text(encoding="utf-8").replace('title: "Story A"', 'title: "Story B"')
    a.write_text(retitled, encoding="utf-8")
    table.update(0, summarize_file(str(a), "a.md")[6:-5], [], False)
    assert list(table.matching(parse_query("is:duplicate"))) == []
    assert list(table.matching(parse_query("has:stale"))) == [0]


# Values of every kind a rule looks at, right and wrong: the shortcut that says "no
# findings" must agree with the rules themselves on every record.
_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=105),
    st.floats(allow_nan=False, width=16),
    st.sampled_from(["", "text", "2023-03-14T12:05:00Z", "yes"]),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC])),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
    st.dictionaries(st.sampled_from(["name", "domain"]), st.text(max_size=3), max_size=2),
)


def _records(kinds: dict[str, str]) -> st.SearchStrategy[dict[str, object]]:
    return st.dictionaries(st.sampled_from(sorted(kinds)), _ODD_VALUES, max_size=len(kinds))


@given(
    data=_records(TOP_KINDS),
    related=st.lists(st.one_of(_records(ITEM_KINDS), _ODD_VALUES), max_size=3),
    images=st.lists(
        st.one_of(st.fixed_dictionaries({"url": st.just("u")}), _ODD_VALUES), max_size=3
    ),
)
@settings(max_examples=400, deadline=None)
def test_the_no_findings_shortcut_agrees_with_the_rules(
    data: dict[str, object], related: list[object], images: list[object]
) -> None:
    record = {**data, "related": related, "images": images}
    assert _all_fine(record) == (_findings(record, {}, 1) == [])
    assert _all_fine(data) == (_findings(data, {}, 1) == [])


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("“Harbour Town: Sea-Wall”", "harbour town sea wall"),
        ("harbour town sea wall", "harbour town sea wall"),
        ("  Harbour_Town!!  Sea\tWall ", "harbour town sea wall"),
        ("Café déjà vu", "cafe deja vu"),
        ("2021: a review", "2021 a review"),
        ("!!! ---", None),
        ("", None),
        (42, None),
    ],
)
def test_titles_that_differ_only_in_case_marks_and_punctuation_share_a_key(
    title: object, key: str | None
) -> None:
    assert title_key(title) == key


@given(st.text(st.characters(max_codepoint=127), max_size=30))
@settings(max_examples=300, deadline=None)
def test_an_ascii_title_key_is_the_rule_word_runs_joined_by_one_space(title: str) -> None:
    words = re.findall(r"[a-z0-9]+", title.lower())
    assert title_key(title) == (" ".join(words) or None)
