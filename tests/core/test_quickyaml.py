"""The line reader (:mod:`curator.core.quickyaml`): where it answers, PyYAML agrees.

It reads the plain block YAML records arrive in, and declines the rest. Two things must
hold: every text it accepts reads exactly as PyYAML's C loader reads it (the same keys in
the same order, the same values of the same types) and as the composed lean path reads
it; and the forms records use are accepted, or listing gains nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core import summary
from curator.core.fences import split_document
from curator.core.quickyaml import quick_read
from curator.core.summary import _NotOrdinary, lean_data

DATA = Path(__file__).resolve().parents[1] / "data"
SETTINGS: dict[str, Any] = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
# CURATOR_PROPERTY_SCALE=10 runs ten times the examples (a longer bug hunt).
SCALE = float(os.environ.get("CURATOR_PROPERTY_SCALE", "1"))


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


UTC = dt.UTC


def read(front: str) -> dict[str, Any] | None:
    return quick_read(front, summary._plain_scalar)


def typed(value: Any) -> Any:
    """``value`` with every scalar's type beside it and mappings as ordered pairs, so that
    1 and True, 1 and 1.0, or {"a", "b"} in another order, differ."""
    if isinstance(value, dict):
        return ("map", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def composed(front: str) -> Any:
    """What the lean path reads when it composes (the line reader turned off)."""
    reader = summary.quick_read
    summary.quick_read = lambda front, scalar: None
    try:
        return lean_data(front)
    finally:
        summary.quick_read = reader


# --------------------------------------------------------------------------- literal reads


def test_the_seed_record_is_read_by_lines_with_its_values() -> None:
    front = split_document((DATA / "seed.md").read_text(encoding="utf-8")).front
    data = read(front)
    assert data is not None
    assert data["quality"] == 41 and type(data["quality"]) is int
    assert data["published"] is False
    assert data["publishedDateTime"] == dt.datetime(2023, 3, 14, 12, 5, tzinfo=UTC)
    assert data["title"] == "Harbour Town Pilots Tide Sensors Along Its Old Sea Wall: Council"
    assert data["provider"] == {"name": "The Coastal Ledger", "domain": "coastalledger.example"}
    assert data["topics"] == ["Sensor Networks", "IoT"]
    assert data["images"] == [
        {
            "url": "https://coastalledger.example/media/2023/03/sizes/story-m-2/"
            "coastalledger_2023-03-14-120500.jpg",
            "width": 640,
            "height": 427,
            "isCached": True,
        }
    ]
    assert [r["title"] for r in data["related"]] == [
        "Port Notes: the old sea wall won’t mend itself, engineers warn",
        "Harbour Town adds tide telemetry to its ‘smart shoreline’",
    ]
    assert data["related"][0]["provider"] == {"name": "Port Notes", "domain": "portnotes.example"}
    assert data["related"][0]["images"][0]["width"] == 1280
    assert data["related"][1]["quality"] == 19
    assert list(data)[-1] == "secured"


ACCEPTED = [
    ("a: 1\nb: x y\n", {"a": 1, "b": "x y"}),
    ("a:   spaced out   \n", {"a": "spaced out"}),
    ("a: 'it''s'\nb: \"q # not a comment\" # a comment\n", {"a": "it's", "b": "q # not a comment"}),
    ("a: https://x.example/p#frag\n", {"a": "https://x.example/p#frag"}),
    ("a: []\nb: {}\nc:\nd: ~\ne: null\n", {"a": [], "b": {}, "c": None, "d": None, "e": None}),
    ("a: yes\nb: Off\nc: 0x1F\nd: 017\ne: 1_000\nf: .5\n",
     {"a": True, "b": False, "c": 31, "d": 15, "e": 1000, "f": 0.5}),
    ("d: 2022-07-12\nt: 2022-07-12T10:24:00Z\n",
     {"d": dt.date(2022, 7, 12), "t": dt.datetime(2022, 7, 12, 10, 24, tzinfo=UTC)}),
    ("# a comment\n\na:\n  # inside\n  b: 1\n\n  c: 2\n", {"a": {"b": 1, "c": 2}}),
    ("a:\n- x\n- y\nb: 1\n", {"a": ["x", "y"], "b": 1}),
    ("a:\n  - k: 1\n    l: 2\n  -   k: 3\n      l: 4\n",
     {"a": [{"k": 1, "l": 2}, {"k": 3, "l": 4}]}),
    ("a:\n  -\n    k: 1\n", {"a": [{"k": 1}]}),
    ("a:\n  -\n    - x\n", {"a": [["x"]]}),
    ("a:\n - k:\n   - 1\n   l: x\n", {"a": [{"k": [1], "l": "x"}]}),
    ("a:\n    b:\n        c: deep\n", {"a": {"b": {"c": "deep"}}}),
    ("a: x:y\nb: a,b [c] {d}\n", {"a": "x:y", "b": "a,b [c] {d}"}),
    ("e_: no\n", {"e_": False}),
    ("a: 中文 ünïcode\n", {"a": "中文 ünïcode"}),
]  # fmt: skip


@pytest.mark.parametrize(("front", "expected"), ACCEPTED)
def test_forms_records_use_are_read_with_literal_values(
    front: str, expected: dict[str, Any]
) -> None:
    assert typed(read(front)) == typed(expected)
    assert typed(yaml.load(front, Loader=yaml.CSafeLoader)) == typed(expected)


DECLINED = [
    "",  # empty: the composer says None
    "# only a comment\n",
    "  a: 1\n",  # an indented document
    "- a\n",  # a sequence
    "a: 1\r\nb: 2\r\n",
    "a:\t1\n",
    "a: x\u2028y\n",
    "\ufeffa: 1\n",
    'a: "esc\\"aped"\n',
    'a: "tab\\there"\n',
    'a: "two\n  lines"\n',
    "a: plain\n  continued\n",
    "a: x # a comment after a plain value\n",
    "a: b: c\n",
    "a: ends:\n",
    "a: |\n  block\n",
    "a: >\n  folded\n",
    "a: [x, y]\n",
    "a: {b: 1}\n",
    "a: &anchor x\nb: *anchor\n",
    "a: !!str 1\n",
    "a: !tag x\n",
    "a: -1\n",
    "a: 1\na: 2\n",
    "yes: 1\n",
    "null: 1\n",
    "1: one\n",
    '"quoted key": 1\n',
    "a key: 1\n",
    "a : 1\n",
    "a:1\n",
    "? a\n: 1\n",
    "<<: {a: 1}\n",
    "a: =\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "%YAML 1.1\n",
    "a:\n  - - x\n",
    "a:\n  -\n",
    "a:\n  -\nb: 1\n",
    "a:\n  - x\n    more\n",
    "a:\n  - x\n    b: 1\n",
    "a:\n  b: 1\n- x\n",
    "a:\n  - x\n   - y\n",
    "a: 1\n- x\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 'open\n",
    "a: 2022-02-30\n",
    "a: '\x7f'\n",
    "a: `x`\n",
    "a: @x\n",
]


@pytest.mark.parametrize("front", DECLINED)
def test_other_yaml_is_left_to_the_composer(front: str) -> None:
    assert read(front) is None


def test_a_document_nested_deeper_than_records_are_is_left_to_the_composer() -> None:
    deep = "".join(" " * n + f"k{n}:\n" for n in range(30)) + " " * 30 + "leaf: 1\n"
    assert yaml.load(deep, Loader=yaml.CSafeLoader) is not None
    assert read(deep) is None
    shallow = "".join(" " * n + f"k{n}:\n" for n in range(20)) + " " * 20 + "leaf: 1\n"
    assert read(shallow) == yaml.load(shallow, Loader=yaml.CSafeLoader)


def test_a_value_read_from_the_cache_is_the_value_read_first() -> None:
    first = read("a: 800\nb: article\nc: true\n")
    again = read("x: 800\ny: article\nz: true\n")
    assert first is not None and again is not None
    expected = typed([800, "article", True])
    assert typed(list(first.values())) == typed(list(again.values())) == expected
    # a collection is never shared between records
    one, two = read("a: []\n"), read("a: []\n")
    assert one == two == {"a": []} and one is not None and two is not None
    assert one["a"] is not two["a"]


# --------------------------------------------------------------------------- generated subset

WORDS = ["title", "quality", "heat", "published", "topics", "images", "related", "url", "width",
         "provider", "name", "domain", "isCached", "k", "_x", "web-url", "a1"]  # fmt: skip
WELL_KNOWN = ["true", "false", "yes", "No", "~", "null", "0x1F", "017", ".5", "1e3",
              "2022-07-12", "2022-07-12T10:24:00Z", "2022-07-12 10:24:00.5 +02:00",
              "1:30", "article", "Bay Area Byte"]  # fmt: skip
PLAIN_SAFE = string.ascii_letters + string.digits + "._/()+,é’中"
SCALARS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(WELL_KNOWN),
    st.text(PLAIN_SAFE, min_size=1, max_size=12).filter(lambda t: t[0] not in "._(),+'’"),
)
TEXT = st.text(string.printable.replace("\\", "").replace('"', "") + "é’", max_size=20)


@st.composite
def scalar_text(draw: Any) -> str:
    """A scalar as written: plain, double-quoted or single-quoted, trailing spaces or a
    comment after a quoted one."""
    style = draw(st.sampled_from(["plain", "double", "single"]))
    if style == "plain":
        words = draw(st.lists(SCALARS, min_size=1, max_size=3))
        text = " ".join(words) if len(words) > 1 and draw(st.booleans()) else words[0]
    else:
        raw = draw(TEXT).replace("\n", " ").replace("\t", " ").replace("\r", " ")
        raw = "".join(ch for ch in raw if ch.isprintable())
        text = f'"{raw}"' if style == "double" else "'" + raw.replace("'", "''") + "'"
        if draw(st.booleans()):
            text += " # note"
    return text + " " * draw(st.integers(0, 2))


@st.composite
def block(draw: Any, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping at ``indent``: scalars, nested mappings, sequences
    (indented or not), empty collections, comment and blank lines."""
    lines: list[str] = []
    pad = " " * indent
    for key in draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True)):
        if lines and draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", pad + "# note", "   "])))
        kinds = ["scalar"] * 3 + ["empty"] + (["map", "seq"] if depth < 3 else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "scalar":
            lines.append(f"{pad}{key}: {draw(scalar_text())}")
        elif kind == "empty":
            lines.append(f"{pad}{key}:{draw(st.sampled_from(['', ' []', ' {}', ' ~']))}")
        elif kind == "map":
            lines.append(f"{pad}{key}:")
            lines += draw(block(indent + draw(st.integers(1, 4)), depth + 1))
        else:
            lines.append(f"{pad}{key}:")
            lines += draw(sequence(indent + draw(st.integers(0, 3)), depth + 1))
    return lines


@st.composite
def sequence(draw: Any, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 3))):
        if depth < 3 and draw(st.booleans()):
            gap = draw(st.integers(1, 3))
            inner = draw(block(indent + 1 + gap, depth + 1))
            if draw(st.booleans()):  # "- key: value", the mapping's first key on the item
                lines.append(pad + "-" + " " * gap + inner[0].lstrip(" "))
                lines += inner[1:]
            else:  # "-" alone, the mapping below
                lines.append(pad + "-")
                lines += inner
        else:
            lines.append(f"{pad}- {draw(scalar_text())}")
    return lines


@settings(max_examples=examples(200), **SETTINGS)
@given(lines=block(0, 0))
def test_generated_plain_block_yaml_is_read_as_pyyaml_reads_it(lines: list[str]) -> None:
    front = "\n".join(lines) + "\n"
    expected = yaml.load(front, Loader=yaml.CSafeLoader)
    data = read(front)
    assert data is not None, front
    assert typed(data) == typed(expected)


# --------------------------------------------------------------------------- arbitrary text

INDENTS = st.sampled_from(["", "", " ", "  ", "   ", "    ", "      "])
MARKERS = st.sampled_from(["", "", "", "- ", "-", "-   ", "- - "])
ODD_KEYS = ["title", "quality", "topics", "images", "related", "url", "a", "a-b", "_k",
            "yes", "No", "null", "on", "1", "a b", '"q"', "<<", "? a", "~"]  # fmt: skip
KEYS = st.sampled_from(ODD_KEYS)
SEPARATORS = st.sampled_from([": ", ":", ": ", ":  ", " : ", ":\t"])
ODD_VALUES = ["", "x", "a b", "1", "-1", "0x1F", "017", ".5", "yes", "~", "null", "=", "<<",
              "2022-07-12", "2022-02-30", "2022-07-12T10:24:00Z", "12:30", "[]", "{}", "[a]",
              "{a: 1}", "|", ">", "&a x", "*a", "!!str x", "!!int x", "x # c", "x#c", "a: b",
              "x:", "#c", '"d"', '"d" # c', '"d"x', '"e\\"s"', '"t\\tx"', '"\\u00e9"', '"open',
              "'s'", "'it''s'", "'open", " ", "\t", "a\tb", "é", "x\u2028y", "x\x85y", "\ufeffx",
              "x\r", "-", "- x", "?", ":", "%x", "@x", "`x`", "a,b", "[", "]", "}"]  # fmt: skip
VALUES = st.sampled_from(ODD_VALUES)


@st.composite
def any_line(draw: Any) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(["", "  ", "# c", "   # c", "---", "...", "%YAML 1.1"]))
    key = draw(KEYS) + draw(SEPARATORS) if draw(st.integers(0, 4)) else ""
    return draw(INDENTS) + draw(MARKERS) + key + draw(VALUES)


@settings(max_examples=examples(500), **SETTINGS)
@given(lines=st.lists(any_line(), min_size=1, max_size=10), end=st.sampled_from(["\n", ""]))
def test_any_text_it_accepts_reads_as_pyyaml_and_the_composer_read_it(
    lines: list[str], end: str
) -> None:
    _agrees_or_declines("\n".join(lines) + end)


def _agrees_or_declines(front: str) -> None:
    data = read(front)
    try:
        expected = yaml.load(front, Loader=yaml.CSafeLoader)
    except Exception:  # YAMLError, or a value that does not construct (2022-02-30)
        assert data is None, front
        return
    if data is None:
        return
    assert typed(data) == typed(expected), front
    try:
        lean = composed(front)
    except _NotOrdinary:
        pytest.fail(f"read by lines, yet the composer finds it unusual: {front!r}")
    wanted = {k: v for k, v in data.items() if k in summary._WANTED}
    assert typed(lean) == typed(wanted), front


@st.composite
def mutated(draw: Any) -> str:
    """A generated plain block document with a few lines changed: one re-indented, one
    given an odd value, one put in from anywhere; most still load, near the edges."""
    lines = draw(block(0, 0))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        change = draw(st.integers(0, 2))
        if change == 0:
            lines[at] = draw(INDENTS) + line.lstrip(" ")
        elif change == 1 and ": " in line:
            lines[at] = line[: line.index(": ") + 2] + draw(VALUES)
        else:
            lines.insert(at, draw(any_line()))
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(800), **SETTINGS)
@given(front=mutated())
def test_a_document_changed_near_the_edges_reads_as_pyyaml_or_declines(front: str) -> None:
    _agrees_or_declines(front)
