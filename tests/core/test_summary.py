"""Per-file summaries (:mod:`curator.core.summary`): the rows the library index stores.

A summary takes a lean path for ordinary files and the full editing parser
(:func:`~curator.core.record.parse_record`) for anything unusual. Whichever path a file
takes, the row must say what opening the file for editing would say: the same values, or
the same problem on the same line. Every expectation below is written out literally; the
three routes (``summarize_file``, the lean loader alone, the editing parser) are each held
to it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import string
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records_strategies import records

from curator.core import summary
from curator.core.fences import split_document
from curator.core.record import Record, parse_record
from curator.core.summary import (
    FILE_COLUMNS,
    PROBLEM_COLUMNS,
    SEP,
    SUMMARY_COLUMNS,
    _LeanLoader,
    _NotOrdinary,
    lean_data,
    summarize,
    summarize_file,
    topic_keys,
)

COLUMNS = (*FILE_COLUMNS, *SUMMARY_COLUMNS, *PROBLEM_COLUMNS, "topic_keys")
# CURATOR_PROPERTY_SCALE=10 runs ten times the examples (a longer bug hunt).
SCALE = float(os.environ.get("CURATOR_PROPERTY_SCALE", "1"))
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


@pytest.fixture(params=["by lines", "composed"])
def parsing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways the lean path reads: line by line (:mod:`curator.core.quickyaml`, where
    it can), and composed by PyYAML (what it does with everything else)."""
    if request.param == "composed":
        monkeypatch.setattr(summary, "quick_read", lambda front, scalar: None)
    return str(request.param)


def row_of(path: Path) -> dict[str, Any]:
    """The index row of ``path`` as a column → value mapping."""
    return dict(zip(COLUMNS, summarize_file(str(path), path.name), strict=True))


def written(tmp_path: Path, raw: bytes, name: str = "x.md") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Values:
    """Summary columns the row must hold (others are not checked), and the topic keys."""

    columns: dict[str, Any]
    topic_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refused:
    """The problem the row must report: a message substring and its position."""

    message: str
    line: int
    column: int | None = None


SEED = """\
---
category: news
title: "Harbour Town Pilots Tide Sensors: Café Council"
excerpt: "The town plans to fit low-power tide gauges on all 9 piers."
publishedDateTime: 2023-03-14T12:05:00Z
originalUrl: "https://coastalledger.example/2023/03/tide-sensors/"
webUrl: "https://coastalledger.example/2023/03/tide-sensors/"
type: article
quality: 41
heat: 27
published: false

provider:
  name: The Coastal Ledger
  domain: coastalledger.example

topics:
  - Sensor Networks
  - IoT

images:
  - url: "https://coastalledger.example/media/story.jpg"
    width: 640
    height: 427
    isCached: true

related:
  - title: "Port Notes: the old sea wall won’t mend itself"
    publishedDateTime: 2023-03-13T16:05:00Z
    webUrl: "https://www.portnotes.example/news/1183342.html"
    provider:
      name: Port Notes
      domain: portnotes.example
    quality: 24
  - title: "Harbour Town adds tide telemetry"
    quality: 19

secured: "c1BfxzjsQGaphAEzZzAwiDaGj5hh/K04RVP0FRHkIDG8JZ5lruhb0==;DdJetdgSAFXWEzrhOgPw5Q=="
---

Body text.
"""

SEED_URL = "https://coastalledger.example/2023/03/tide-sensors/"
SEED_SUMMARY: dict[str, Any] = {
    "title": "Harbour Town Pilots Tide Sensors: Café Council",
    "title_f": "harbour town pilots tide sensors: cafe council",
    "excerpt": "The town plans to fit low-power tide gauges on all 9 piers.",
    "excerpt_f": "the town plans to fit low-power tide gauges on all 9 piers.",
    "category": "news",
    "category_f": "news",
    "type": "article",
    "type_f": "article",
    "provider": "The Coastal Ledger",
    "provider_f": "the coastal ledger" + SEP + "coastalledger.example",
    "date": "2023-03-14T12:05:00Z",
    "date_utc": 1678795500.0,
    "date_only": 0,
    "quality": 41,
    "quality_text": None,
    "heat": 27,
    "heat_text": None,
    "published": 0,
    "topics": "Sensor Networks, IoT",
    "topics_f": "sensor networks" + SEP + "iot",
    "n_topics": 2,
    "n_related": 2,
    "n_images": 1,
    "web_url": SEED_URL,
    "original_url": SEED_URL,
    "url_f": SEED_URL + SEP + SEED_URL,
    "has_bits": 1023,  # every "has:" bit
    "readonly": None,
    "problem": None,
    "problem_line": None,
    "problem_column": None,
}

NOTHING: dict[str, Any] = {
    "title": "",
    "title_f": None,
    "excerpt": None,
    "provider": "",
    "date": None,
    "date_utc": None,
    "quality": None,
    "heat": None,
    "published": None,
    "topics": "",
    "n_topics": 0,
    "n_related": 0,
    "n_images": 0,
    "has_bits": 0,
    "readonly": None,
    "problem": None,
}

# (raw bytes, expectation, whether the lean path must take the file itself)
CASES = [
    pytest.param(
        SEED.encode(),
        Values(SEED_SUMMARY, ("sensor networks", "iot")),
        True,
        id="seed-style",
    ),
    pytest.param(
        SEED.replace("\n", "\r\n").encode(),
        Values(SEED_SUMMARY, ("sensor networks", "iot")),
        True,
        id="seed-style-crlf",
    ),
    pytest.param(
        b"\xef\xbb\xbf---\ntitle: B\nquality: 9\n---\nbody\n",
        Values({"title": "B", "quality": 9, "has_bits": 8, "problem": None}),
        True,
        id="bom",
    ),
    pytest.param(
        b"\xef\xbb\xbf---\r\ntitle: C\r\npublished: true\r\nheat: 10\r\n---\r\nbody\r\n",
        Values({"title": "C", "heat": 10, "published": 1, "problem": None}),
        True,
        id="bom-crlf",
    ),
    pytest.param(b"---\n---\nbody\n", Values(NOTHING), True, id="empty-front-matter"),
    pytest.param(
        b"---\n# only a comment\n---\n", Values(NOTHING), True, id="comment-only-front-matter"
    ),
    pytest.param(
        b"---\ntitle: !!str 123\nheat: !!float 7\nquality: 0x1F\n---\n",
        Values({"title": "123", "title_f": "123", "heat": 7.0, "quality": 31, "problem": None}),
        True,
        id="explicit-str-and-float-tags",
    ),
    pytest.param(
        b'---\ntitle: a\tb\nexcerpt: "c\\td"\n---\n',
        Values({"title": "a\tb", "excerpt": "c\td", "problem": None}),
        True,
        id="tabs-inside-values",
    ),
    pytest.param(
        b"---\ntitle: T\nquality: '41'\nheat: high\npublished: 'true'\ntopics: IoT\n"
        b"related: []\nimages:\n---\n",
        Values(
            {
                "quality": None,
                "quality_text": "41",
                "heat": None,
                "heat_text": "high",
                "published": None,
                "topics": "IoT",
                "n_topics": None,  # not a list
                "n_related": 0,
                "n_images": 0,
                "has_bits": 8,
                "problem": None,
            }
        ),
        True,
        id="values-of-the-wrong-type",
    ),
    pytest.param(
        b"---\ntitle: T\npublished: yes\npublishedDateTime: 2022-07-12\n---\n",
        Values(
            {
                "published": 1,
                "date": "2022-07-12",
                "date_utc": 1657584000.0,
                "date_only": 1,
                "problem": None,
            }
        ),
        True,
        id="yaml-1.1-bool-and-date-only",
    ),
    pytest.param(
        b"---\ntitle: T\npublishedDateTime: 2022-07-11T23:30:00+02:00\n---\n",
        Values({"date": "2022-07-11T23:30:00+02:00", "date_utc": 1657575000.0, "date_only": 0}),
        True,
        id="date-with-offset",
    ),
    pytest.param(
        b"---\ntitle: T\npublishedDateTime: '2022-07-11T23:30:00+02:00'\n---\n",
        Values({"date": "2022-07-11T23:30:00+02:00", "date_utc": 1657575000.0, "date_only": 0}),
        True,
        id="date-as-quoted-text",
    ),
    pytest.param(
        b"---\ntitle: T\nquality: 99999999999999999999\nheat: -99999999999999999999\n---\n",
        Values({"quality": math.inf, "quality_text": None, "heat": -math.inf}),
        True,
        id="integers-beyond-sqlite",
    ),
    # ---- hostile front matter
    pytest.param(
        b"---\ntitle: A\nquality: 1\ntitle: B\n---\n",
        Refused("duplicate key 'title'", 4, 1),
        False,
        id="duplicate-top-level-key",
    ),
    pytest.param(
        b"---\ntitle: A\nrelated:\n  - title: X\n    quality: 2\n    title: Y\n---\n",
        Refused("duplicate key 'title'", 6, 5),
        False,
        id="duplicate-key-in-related-item",
    ),
    pytest.param(
        b"---\ntitle: &t A\nexcerpt: *t\nquality: 3\n---\n",
        Values(
            {
                "title": "A",
                "excerpt": "A",
                "quality": 3,
                "readonly": None,  # only edits touching the aliased value are refused
                "problem": None,
            }
        ),
        False,
        id="alias-and-anchor",
    ),
    pytest.param(
        b"---\nbase: &b {quality: 5}\nother:\n  <<: *b\ntitle: M\n---\n",
        Values(
            {
                "title": "M",
                "quality": None,  # the merge is inside "other", not at the top
                "readonly": "front matter uses a merge key (<<)",
                "problem": None,
            }
        ),
        False,
        id="merge-key",
    ),
    pytest.param(
        b"---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n".encode()
            for p, n in zip("abcdef", "bcdefg", strict=True)
        )
        + b"---\n",
        Refused("repeat more than 100,000 values (an alias bomb)", 6, 4),
        False,
        id="alias-bomb",
    ),
    pytest.param(
        b"---\ntitle: T\na: &x [1, *x]\n---\n",
        Refused("recursive alias", 3, 4),
        False,
        id="recursive-alias",
    ),
    pytest.param(
        b"---\ntitle: !!python/object:os.system x\n---\n",
        Refused("could not determine a constructor for the tag", 2, 8),
        False,
        id="python-object-tag",
    ),
    pytest.param(
        b"---\ntitle: !foo x\n---\n",
        Refused("could not determine a constructor for the tag '!foo'", 2, 8),
        False,
        id="unknown-local-tag",
    ),
    pytest.param(
        b"---\ntitle: T\nquality: !!int abc\n---\n",
        Refused(
            "quality: abc is not a valid integer (invalid literal for int() with base 10: 'abc')",
            3,
            10,
        ),
        False,
        id="int-tag-on-text",
    ),
    pytest.param(
        b"---\ntitle: T\npublishedDateTime: 2022-02-30\n---\n",
        Refused(
            "publishedDateTime: 2022-02-30 is not a valid date (day is out of range for month)",
            3,
            20,
        ),
        False,
        id="february-30",
    ),
    pytest.param(
        b"---\ntitle: T\npublishedDateTime: 0000-01-01\n---\n",
        Refused(
            "publishedDateTime: 0000-01-01 is not a valid date (year 0 is out of range)", 3, 20
        ),
        False,
        id="year-zero",
    ),
    pytest.param(
        b"---\ntitle: T\nquality: " + b"7" * 5000 + b"\n---\n",
        Refused(
            "quality: 7777777777777777777777777777777777777… is not a valid integer "
            "(5,000 digits; Python reads at most 4,300)",
            3,
            10,
        ),
        False,
        id="5000-digit-int",
    ),
    pytest.param(
        b"---\ntitle: T\npublishedDateTime: 2022-07-12T99:00:00Z\n---\n",
        Refused(
            "publishedDateTime: 2022-07-12T99:00:00Z is not a valid date (hour must be in 0..23)",
            3,
            20,
        ),
        False,
        id="hour-99",
    ),
    pytest.param(
        b"---\ntitle: T\npublishedDateTime: !!timestamp junk\n---\n",
        Refused("publishedDateTime: junk is not a valid date (YAML cannot read it as one)", 3, 20),
        False,
        id="timestamp-tag-on-text",
    ),
    pytest.param(
        b"---\ntitle: T\nrelated:\n  - title: R\n    publishedDateTime: 2021-02-29\n---\n",
        Refused(
            "related.0.publishedDateTime: 2021-02-29 is not a valid date "
            "(day is out of range for month)",
            5,
            24,
        ),
        False,
        id="bad-date-in-a-related-item",
    ),
    pytest.param(
        b"---\ntitle: T\nexcerpt: caf\xc3\xa9 au lait\nheat: a\x07b\n---\n",
        Refused("control character U+0007 is not allowed in YAML front matter", 4, 8),
        False,
        id="control-character-after-non-ascii",
    ),
    pytest.param(
        "---\ntitle: 'a\u2028b'\nexcerpt: 'c\u0085d'\nquality: [1\nheat: 2\n---\n".encode(),
        Refused("did not find expected ',' or ']'", 4, 10),  # where the '[' opens
        False,
        id="unicode-line-separators-are-not-file-lines",
    ),
    pytest.param(
        b"---\ntitle: T\na: " + b"[" * 101 + b"]" * 101 + b"\n---\n",
        Refused("front matter is nested too deeply (more than 100 levels)", 3, 103),
        False,
        id="nested-101-deep",
    ),
    pytest.param(  # past MAX_C_OPENERS: the pure-Python composer, the same answer
        b"---\ntitle: T\na: " + b"[" * 3000 + b"]" * 3000 + b"\n---\n",
        Refused("front matter is nested too deeply (more than 100 levels)", 3, 103),
        False,
        id="nested-3000-deep",
    ),
    pytest.param(
        b"---\ntitle: T\nb: " + b"[" * 99 + b"]" * 99 + b"\n---\n",
        Values({"title": "T", "problem": None}),
        True,
        id="nested-100-deep",
    ),
    pytest.param(  # many brackets, shallow: composed by the pure-Python loader, listed
        b"---\ntitle: T\nb: [" + b"[], " * 2500 + b"[]]\nquality: 2\n---\n",
        Values({"title": "T", "quality": 2, "problem": None}),
        False,
        id="many-brackets-shallow",
    ),
    pytest.param(
        b"---\ntitle: T\n\tquality: 1\n---\n",
        Refused("tab character where YAML needs spaces", 3, 1),
        False,
        id="tab-indentation",
    ),
    pytest.param(
        b"---\ntitle: T\nprovider:\n\tname: X\n---\n",
        Refused("tab character where YAML needs spaces", 4, 1),
        False,
        id="tab-indentation-nested",
    ),
    pytest.param(
        b"---\ntitle: caf\xe9\n---\n",
        Refused("not valid UTF-8", 2, 1),
        False,
        id="latin-1-byte",
    ),
    pytest.param(
        b"---\ntitle: T\n---\nbody \xff\xfe line 4\n",
        Refused("not valid UTF-8", 4, 1),
        False,
        id="bad-byte-in-body",
    ),
    pytest.param(
        b"---\ntitle: T\nquality: 1\n",
        Refused("never closed", 1, 1),
        False,
        id="unclosed-fence",
    ),
    pytest.param(
        b'+++\ntitle = "Tom"\nquality = 7\npublished = true\ntopics = ["Computing"]\n+++\nbody\n',
        Values(
            {
                "title": "Tom",
                "quality": 7,
                "published": 1,
                "n_topics": 1,
                "readonly": "TOML front matter is read-only",
                "problem": None,
            },
            ("computing",),
        ),
        False,
        id="toml-front-matter",
    ),
    pytest.param(
        b'{\n  "title": "Jay",\n  "quality": 8,\n  "images": [{"url": "a.jpg"}]\n}\nbody\n',
        Values(
            {
                "title": "Jay",
                "quality": 8,
                "n_images": 1,
                "readonly": "JSON front matter is read-only",
                "problem": None,
            }
        ),
        False,
        id="json-front-matter",
    ),
    pytest.param(
        b"---\n- a\n- b\n---\n",
        Refused("not a mapping", 2, 1),
        False,
        id="front-matter-is-a-list",
    ),
    pytest.param(
        b"---\njust words\n---\n",
        Refused("not a mapping", 2, 1),
        False,
        id="front-matter-is-a-scalar",
    ),
    pytest.param(
        b"---\ntitle: T\nquality: [1, 2\nheat: 3\n---\n",
        Refused("did not find expected ',' or ']'", 3, 10),  # where the '[' opens
        False,
        id="unclosed-flow-list",
    ),
    pytest.param(
        "\ufeff---\r\ntitle: T\r\nquality: [1, 2\r\nheat: 3\r\n---\r\n".encode(),
        Refused("did not find expected ',' or ']'", 3, 10),
        False,
        id="unclosed-flow-list-bom-crlf",
    ),
    pytest.param(
        b"# Notes\n\nno front matter here\n",
        Refused("no front matter", 1, 1),
        False,
        id="no-front-matter",
    ),
]


def _check_row(row: dict[str, Any], expected: Values | Refused) -> None:
    if isinstance(expected, Refused):
        assert row["problem"] is not None and expected.message in row["problem"], row["problem"]
        assert row["problem_line"] == expected.line
        if expected.column is not None:
            assert row["problem_column"] == expected.column
        assert all(row[c] is None for c in SUMMARY_COLUMNS), "a problem row has no summary"
        assert row["topic_keys"] == []
    else:
        assert {k: row[k] for k in expected.columns} == expected.columns
        assert row["topic_keys"] == list(expected.topic_keys)


def _summary_row(data: Any, readonly: str | None) -> dict[str, Any]:
    """A row made from already-loaded values (the lean or the editing path's)."""
    summary = dict(zip(SUMMARY_COLUMNS, summarize(data, readonly), strict=True))
    return {**summary, "problem": None, "problem_line": None, "problem_column": None,
            "topic_keys": topic_keys(data)}  # fmt: skip


@pytest.mark.parametrize(("raw", "expected", "lean"), CASES)
def test_every_path_gives_the_expected_summary_or_problem(
    tmp_path: Path, parsing: str, raw: bytes, expected: Values | Refused, lean: bool
) -> None:
    path = written(tmp_path, raw)
    row = row_of(path)
    _check_row(row, expected)
    assert row["path"] == "x.md"
    assert row["size"] == len(raw)

    # The editing parser, the reference, says the same thing.
    loaded = parse_record(path, raw)
    if isinstance(loaded, Record):
        _check_row(_summary_row(loaded.data, loaded.readonly), expected)
    else:
        problem = {c: None for c in SUMMARY_COLUMNS}
        problem.update(problem=loaded.message, problem_line=loaded.line, topic_keys=[])
        problem["problem_column"] = loaded.column
        _check_row(problem, expected)

    # The lean path alone: ordinary files must take it, and wherever it gives an answer,
    # that answer is the expected one.
    try:
        split = split_document(raw.decode("utf-8"))
        data = lean_data(split.front) if split.kind == "yaml" else None
        took = split.kind == "yaml"
    except (UnicodeDecodeError, ValueError, _NotOrdinary):
        took = False
    if lean:
        assert took, "an ordinary file left the lean path"
    if took:
        _check_row(_summary_row({} if data is None else data, None), expected)


def test_a_value_that_does_not_construct_names_its_line(tmp_path: Path) -> None:
    row = row_of(written(tmp_path, b"---\ntitle: T\nquality: !!int abc\n---\n"))
    assert (row["problem_line"], row["problem_column"]) == (3, 10)
    assert row["problem"].startswith("quality: abc is not a valid integer")


def test_an_integer_too_long_to_print_is_listed_not_fatal(tmp_path: Path) -> None:
    # 0x and 5,000 hex digits is a valid int of about 6,000 decimal digits: the editor
    # opens the file, and Python refuses str() on it.
    huge = b"0x" + b"F" * 5000
    raw = b"---\ntitle: " + huge + b"\nquality: " + huge + b"\ntopics: [" + huge + b", AI]\n---\n"
    row = row_of(written(tmp_path, raw))
    assert row["problem"] is None
    assert row["title"] == "(int too long to show)"
    assert row["quality"] == math.inf
    assert row["topics"] == "(int too long to show), AI"
    assert row["n_topics"] == 2
    assert row["topic_keys"] == ["ai"]


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    raw = f'---\ntitle: T\nx: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    row = row_of(written(tmp_path, raw.encode()))
    assert "could not determine a constructor" in row["problem"]
    assert (row["problem_line"], row["problem_column"]) == (3, 4)
    assert not marker.exists()


# --------------------------------------------------------------------------- never raises

# Explicit tags on values their constructors cannot take: a lean path that let any of
# these escape would fail a whole library refresh for one file.
UNCONSTRUCTIBLE = [
    b"publishedDateTime: !!timestamp hello",
    b"quality: !!int",
    b"quality: !!int ''",
    b"heat: !!float ''",
    b"published: !!bool maybe",
    b"related: [{quality: !!int ''}]",
    b"images: !!binary 'abc'",
]


@pytest.mark.parametrize("line", UNCONSTRUCTIBLE, ids=[x.decode() for x in UNCONSTRUCTIBLE])
def test_values_that_do_not_construct_are_problems_not_exceptions(
    tmp_path: Path, line: bytes
) -> None:
    row = row_of(written(tmp_path, b"---\ntitle: T\n" + line + b"\n---\n"))
    assert row["problem"] is not None
    assert row["problem_line"] >= 1 and row["problem_column"] >= 1
    assert row["title"] is None


TAGS = ["", "", "", "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!str ", "!!null ",
        "!!binary ", "!!set ", "!!omap ", "!foo ", "!!python/name:os.system "]  # fmt: skip
SCALARS = ["", "''", "abc", "1", "-0x1F", "1_000", ".5", "~", "yes", "2022-07-12",
           "2022-02-30", "0000-01-01", "12:30", "[1, 2]", "{a: 1}", "[", "\t1", "'x'",
           "0x" + "F" * 5000]  # fmt: skip
KEYS = ["title", "quality", "heat", "published", "publishedDateTime", "topics", "images",
        "related", "excerpt", "provider", "other", "? [a]", "<<", "1", "title"]  # fmt: skip


@st.composite
def hostile_fronts(draw: Any) -> str:
    """Front matter lines mixing tags, anchors, aliases and odd scalars on seed keys."""
    lines = []
    anchors: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(KEYS))
        value = draw(st.sampled_from(TAGS)) + draw(st.sampled_from(SCALARS))
        if anchors and draw(st.integers(0, 4)) == 0:
            value = "*" + draw(st.sampled_from(anchors))
        elif draw(st.integers(0, 4)) == 0:
            anchors.append(f"a{len(anchors)}")
            value = f"&{anchors[-1]} {value}"
        if draw(st.booleans()):
            value = f"[{value}]" if draw(st.booleans()) else f"\n  - {value}"
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(150), **SETTINGS)
@given(front=hostile_fronts())
def test_hostile_front_matter_never_raises_and_matches_the_editor(
    tmp_path: Path, parsing: str, front: str
) -> None:
    raw = f"---\n{front}---\nbody\n".encode()
    path = written(tmp_path, raw)
    row = row_of(path)  # must not raise
    loaded = parse_record(path, raw)  # nor must the editor's parser
    if isinstance(loaded, Record):
        assert row["problem"] is None
        expected = _summary_row(loaded.data, loaded.readonly)
        assert {k: row[k] for k in expected} == expected
    else:
        assert (row["problem"], row["problem_line"], row["problem_column"]) == (
            loaded.message,
            loaded.line,
            loaded.column,
        )


# --------------------------------------------------------------------------- generated records


def _epoch(value: Any) -> float:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value.timestamp()


@settings(max_examples=examples(30), **SETTINGS)
@given(generated=records())
def test_generated_seed_style_records_take_the_lean_path_and_read_right(
    tmp_path: Path, parsing: str, generated: Any
) -> None:
    data = generated.data
    path = written(tmp_path, generated.raw)
    row = row_of(path)
    assert row["problem"] is None and row["readonly"] is None
    assert row["title"] == data["title"]
    assert row["quality"] == data["quality"]
    assert row["heat"] == data.get("heat")
    assert row["published"] == int(data["published"])
    assert row["date_utc"] == _epoch(data["publishedDateTime"])
    assert row["n_topics"] == len(data.get("topics", []))
    assert row["n_images"] == len(data.get("images", []))
    assert row["n_related"] == len(data.get("related", []))
    assert row["topics"] == ", ".join(data.get("topics", []))
    if "webUrl" in data:
        assert row["web_url"] == data["webUrl"]
    # the lean path takes ordinary records itself, and agrees with the editing parser
    split = split_document(generated.text)
    lean = lean_data(split.front)
    loaded = parse_record(path, generated.raw)
    assert isinstance(loaded, Record)
    assert _summary_row(lean, None) == _summary_row(loaded.data, loaded.readonly)


# --------------------------------------------------------------------------- the resolver

TRICKY = ["yes", "No", "NO", "y", "n", "on", "Off", "true", "False", "0x1F", "0o17", "0b101",
          "017", "1_000", "1:30", "190:20:30", ".5", "-.5", "+.5", ".inf", "-.Inf", ".NaN",
          "1e3", "1.0e+3", "6.8523015e+5", "~", "null", "Null", "NULL", "2022-07-12",
          "2022-7-1", "2022-07-12T10:24:00Z", "2022-07-12 10:24:00.5 +02:00", "+1", "-1",
          "+", "-", "=", "<<", "0", "00", "0.", "._", "_1", "12abc", "x", "é", "中文",
          "Yes please", "nullable", "~x", "=x", "<x", ".x", "+x"]  # fmt: skip
PLAIN_ALPHABET = string.ascii_letters + string.digits + "-+._:~/=<>!&*@%^$()'\"`,;?\\|{}[]# \t"
SCALAR_TEXT = st.sampled_from(TRICKY) | st.text(PLAIN_ALPHABET, min_size=1, max_size=12)


def _shape(text: str, loader: Any) -> Any:
    """What composing ``text`` gives: every node's kind, tag and (scalar) value, or the
    error type."""
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as error:
        return type(error).__name__

    def walk(node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return ("scalar", node.tag, node.value, node.style)
        if isinstance(node, yaml.SequenceNode):
            return ("seq", node.tag, [walk(n) for n in node.value])
        return ("map", node.tag, [(walk(k), walk(v)) for k, v in node.value])

    return None if root is None else walk(root)


@settings(max_examples=examples(400), **SETTINGS)
@given(
    scalar=SCALAR_TEXT, layout=st.sampled_from(["key: {}", "{}: v", "- {}", "[{}]", "{{a: {}}}"])
)
def test_lean_loader_resolves_plain_scalars_as_the_c_loader_does(scalar: str, layout: str) -> None:
    text = layout.format(scalar) + "\n"
    assert _shape(text, _LeanLoader) == _shape(text, yaml.CSafeLoader)


@pytest.mark.parametrize("scalar", TRICKY)
def test_lean_loader_agrees_on_well_known_scalars(scalar: str) -> None:
    for layout in ("key: {}", "{}: v", "- {}", "[{}]"):
        text = layout.format(scalar) + "\n"
        assert _shape(text, _LeanLoader) == _shape(text, yaml.CSafeLoader), text


@pytest.mark.parametrize(
    ("scalar", "tag"),
    [("yes", "bool"), ("No", "bool"), ("0x1F", "int"), ("1_000", "int"), (".5", "float"),
     ("~", "null"), ("null", "null"), ("2022-07-12", "timestamp"), ("+1", "int"),
     ("Yes please", "str"), ("x", "str"), ("é", "str"), ("<<", "merge")],
)  # fmt: skip
def test_lean_loader_literal_tags(scalar: str, tag: str) -> None:
    node = yaml.compose(f"key: {scalar}\n", Loader=_LeanLoader).value[0][1]
    assert node.tag == f"tag:yaml.org,2002:{tag}"


QUICK_INTS = ["0", "7", "600", "1200", "010", "0x1F", "1_000", "+5", "-5", "1:30", "٣"]
QUICK_STAMPS = ["2022-07-12T10:24:00Z", "2022-7-12T10:24:00Z", "2022-07-12t10:24:00Z",
                "2022-07-12T10:24:00.5Z", "2022-07-12 10:24:00Z", "2022-07-12T10:24:00+02:00",
                "2022-07-12", "0000-01-01T00:00:00Z", "2022-02-30T10:24:00Z",
                "2022-07-12T24:00:00Z", "2022-07-12T10:24:00z"]  # fmt: skip


def _constructed(text: str) -> Any:
    try:
        return yaml.load(f"v: {text}\n", Loader=yaml.CSafeLoader)["v"]
    except (yaml.YAMLError, ValueError, KeyError) as error:  # KeyError: !!bool maybe
        return type(error).__name__


def _lean_value(text: str) -> Any:
    try:
        data = lean_data(f"title: {text}\n")
    except _NotOrdinary:
        return "refused"
    assert data is not None
    return data["title"]


QUICK_BOOLS = ["yes", "No", "TRUE", "off", "On", "y", "!!bool maybe", "!!bool 1"]


@pytest.mark.parametrize("text", QUICK_INTS + QUICK_STAMPS + QUICK_BOOLS)
def test_scalars_the_walk_builds_itself_are_the_constructors_values(
    parsing: str, text: str
) -> None:
    expected = _constructed(text)
    got = _lean_value(text)
    if isinstance(expected, str) and expected.endswith("Error"):
        assert got == "refused"  # the full path reports where
    else:
        assert (got, type(got)) == (expected, type(expected))
        if isinstance(expected, dt.datetime):
            assert got.utcoffset() == expected.utcoffset()


def test_quick_scalars_literal_values(parsing: str) -> None:
    assert _lean_value("600") == 600
    assert _lean_value("010") == 8  # YAML 1.1 octal: the constructor's answer
    assert _lean_value("2022-07-12T10:24:00Z") == dt.datetime(2022, 7, 12, 10, 24, tzinfo=dt.UTC)
    assert _lean_value("2022-02-30T10:24:00Z") == "refused"
    assert (_lean_value("Yes"), _lean_value("off")) == (True, False)


def test_findings_are_placed_on_their_lines_in_a_worker_too(tmp_path: Path, parsing: str) -> None:
    raw = b'---\ntitle: "T"\nquality: high\nrelated:\n  - title: 5\n---\nbody\n'
    row = row_of(written(tmp_path, raw))
    assert row["problem"] is None
    assert json.loads(row["lint"]) == [
        [3, 10, "error", "quality is “high” — not a whole number"],
        [5, 12, "error", "related.0.title is 5 — not text"],
    ]


# --------------------------------------------------------------------------- odd files


def test_a_fifo_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    rows: list[tuple[Any, ...]] = []
    worker = threading.Thread(
        target=lambda: rows.append(summarize_file(str(fifo), "x.md")), daemon=True
    )
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let the reader go
        pytest.fail("summarize_file blocked on a FIFO")
    row = dict(zip(COLUMNS, rows[0], strict=True))
    assert row["problem"] == "cannot read: not a regular file: a FIFO (named pipe)"
    assert (row["problem_line"], row["problem_column"]) == (1, 1)
    assert row["path"] == "x.md" and row["size"] is None


def test_a_device_behind_a_link_is_not_read(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "zero.md")
    row = row_of(tmp_path / "zero.md")
    assert row["problem"] == "cannot read: not a regular file: a character device"


def test_a_file_over_16_mib_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:
        handle.write(b"---\ntitle: T\n---\n")
        handle.truncate(17 * 1024 * 1024)  # sparse: costs no disk
    row = row_of(path)
    assert row["problem"] == (
        "cannot read: file is too large (17.0 MiB, 17,825,792 bytes); "
        "curator reads record files of up to 16 MiB"
    )


LARGE_BODY = "".join(f"line {n} é\n" for n in range(5, 40)).encode()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"---\ntitle: T\nquality: 4\n---\n" + LARGE_BODY, Values({"title": "T", "quality": 4})),
        (
            b"---\ntitle: T\n---\n" + LARGE_BODY + b"bad \xff byte\n" + LARGE_BODY,
            Refused("not valid UTF-8", 39, 1),
        ),
        (  # the closing fence lies past the head: the whole text decides
            b"---\ntitle: T\nexcerpt: |\n" + b"  long line\n" * 30 + b"quality: 5\n---\nbody\n",
            Values({"title": "T", "quality": 5}),
        ),
        (  # a line '---x' cut after '---' by the head's end is no closing fence
            b"---\ntitle: T\nexcerpt: |\n  " + b"a" * 34 + b"\n---x\nquality: 6\n---\n",
            Refused("could not find expected ':'", 6, 1),
        ),
        (  # a two-byte character cut in two by the head's end
            b"---\ntitle: " + "é".encode() * 40 + b"\n---\n" + LARGE_BODY,
            Values({"title": "é" * 40}),
        ),
    ],
    ids=["valid", "bad-byte-deep-in-the-body", "fence-past-the-head", "cut-fence", "cut-char"],
)
def test_a_large_file_is_summarized_from_its_head_as_from_its_whole_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, expected: Values | Refused
) -> None:
    monkeypatch.setattr(summary, "_HEAD_BYTES", 64)  # the same code as at 4 MB, on small files
    monkeypatch.setattr(summary, "_CHUNK", 16)
    assert len(raw) > 64
    path = written(tmp_path, raw)
    row = row_of(path)
    _check_row(row, expected)
    loaded = parse_record(path, raw)  # the editor, which decodes everything, agrees
    if isinstance(loaded, Record):
        assert {k: row[k] for k in expected.columns} == {
            k: _summary_row(loaded.data, loaded.readonly)[k] for k in expected.columns
        }
    else:
        assert (row["problem"], row["problem_line"], row["problem_column"]) == (
            loaded.message,
            loaded.line,
            loaded.column,
        )


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    row = row_of(tmp_path / "gone.md")
    assert row["problem"].startswith("cannot read: ")
    assert "No such file" in row["problem"]
    assert row["hash"] is None


def test_the_content_hash_changes_with_any_byte(tmp_path: Path) -> None:
    a = row_of(written(tmp_path, b"---\ntitle: Abc\n---\n", "a.md"))
    b = row_of(written(tmp_path, b"---\ntitle: Abd\n---\n", "b.md"))
    c = row_of(written(tmp_path, b"---\ntitle: Abc\n---\n", "c.md"))
    assert a["hash"] != b["hash"]
    assert a["hash"] == c["hash"]
