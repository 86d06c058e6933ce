"""Tests for the library filter language in :mod:`curator.core.query`."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import SEED

from curator.core.query import FIELDS, QUERY_HELP, Query, QueryError, parse_query

MYANMAR = "Myanmar Expanding Use of Chinese-Made Facial Recognition Systems: Report"
TAIWAN = "Taiwan chip exports hit a record as demand for AI hardware soars"
CAFE = "Café owners in Paris embrace robot baristas"
BENCH = "A new benchmark for computer vision models"
GRAIN = "Ukraine grain deal signed in Istanbul"
BROKEN = "Broken types"
SPARSE = "Sparse"
ODD = "Odd values"


def _image(name: str) -> dict[str, Any]:
    return {"url": f"https://img.example/{name}.jpg", "width": 600, "height": 400, "isCached": True}


def _related(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "excerpt": "Related coverage.",
        "publishedDateTime": datetime(2022, 7, 11, 15, 27, tzinfo=UTC),
        "webUrl": "https://www.globaltimes.cn/page/202207/1270280.shtml",
        "type": "article",
        "provider": {"name": "Global Times", "domain": "globaltimes.cn"},
        "quality": 24,
        "images": [_image("related")],
    }


GOOD: list[dict[str, Any]] = [
    {
        "category": "news",
        "title": MYANMAR,
        "excerpt": "According to a Reuters investigation, the military junta has plans to install "
        "CCTV systems in all 14 states and divisions.",
        "publishedDateTime": datetime(2022, 7, 12, 10, 24, tzinfo=UTC),
        "originalUrl": "https://thediplomat.com/2022/07/myanmar-facial-recognition/",
        "webUrl": "https://thediplomat.com/2022/07/myanmar-facial-recognition/",
        "type": "article",
        "quality": 38,
        "heat": 38,
        "published": False,
        "provider": {"name": "The Diplomat", "domain": "thediplomat.com"},
        "topics": ["Computer Vision", "AI"],
        "images": [_image("myanmar")],
        "related": [_related("GT Voice"), _related("Safe cities")],
        "secured": "Uo3lwvWEWJRvrw66I3yu==",
    },
    {
        "category": "business",
        "title": TAIWAN,
        "excerpt": "Shipments of semiconductors rose 20% in June.",
        "publishedDateTime": datetime(2022, 7, 1, 0, 0, tzinfo=UTC),
        "webUrl": "https://asia.nikkei.com/business/taiwan-chips",
        "type": "article",
        "quality": 55,
        "heat": 12,
        "published": True,
        "provider": {"name": "Nikkei Asia", "domain": "asia.nikkei.com"},
        "topics": ["Semiconductors", "Trade"],
        "images": [],
    },
    {
        "category": "lifestyle",
        "title": CAFE,
        "excerpt": "Un café parisien teste un robot qui prépare l'espresso.",
        # 01:30 at +02:00 is 2022-06-30T23:30Z: still June in UTC.
        "publishedDateTime": datetime(2022, 7, 1, 1, 30, tzinfo=timezone(timedelta(hours=2))),
        "originalUrl": "https://LeMonde.fr/original/cafe",
        "webUrl": "https://www.lemonde.fr/cafe-robot",
        "type": "article",
        "quality": 10,
        "heat": 80,
        "published": True,
        "provider": {"name": "Le Monde", "domain": "lemonde.fr"},
        "topics": ["AI", "Robotics", "Food & Drink"],
        "images": [_image("cafe1"), _image("cafe2")],
        "related": [_related("Robots in kitchens")],
    },
    {
        "category": "research",
        "title": BENCH,
        "excerpt": "",
        "publishedDateTime": datetime(2022, 7, 15, 23, 59),  # naive: taken as UTC
        "webUrl": "https://www.nytimes.com/2022/07/15/technology/vision-benchmark.html",
        "type": "video",
        "quality": 30,
        "heat": 0,
        "published": False,
        "provider": {"name": "The New York Times", "domain": "nytimes.com"},
        "topics": ["Computer Vision", "Benchmarks", "Machine Learning"],
        "images": None,
        "related": [],
    },
    {
        "category": "news",
        "title": GRAIN,
        "excerpt": "The agreement reopens Black Sea ports.",
        "publishedDateTime": "2022-07-22T13:00:00+03:00",  # an ISO string: 10:00Z
        "webUrl": "https://www.reuters.com/world/grain-deal",
        "type": "article",
        "quality": 45,
        "heat": 99,
        "published": True,
        "provider": {"name": "Reuters", "domain": "reuters.com"},
        "topics": ["Ukraine", "Trade"],
        "images": [_image("grain")],
        "related": [_related("One"), _related("Two"), _related("Three")],
    },
]

MALFORMED: list[dict[str, Any]] = [
    {
        "title": BROKEN,
        "excerpt": 42,
        "category": None,
        "type": ["article"],
        "quality": "high",
        "heat": None,
        "published": "yes",
        "publishedDateTime": "not a date",
        "webUrl": 5,
        "originalUrl": None,
        "provider": None,
        "topics": "AI",
        "images": {"url": "https://img.example/x.jpg"},
        "related": "none",
    },
    {"title": SPARSE},
    {
        "title": ODD,
        "category": "News",
        "excerpt": "   ",
        "quality": True,  # a bool is not a number
        "heat": 12.5,
        "published": 1,  # not a bool
        "publishedDateTime": date(2022, 7, 12),  # a plain date: midnight UTC
        "webUrl": "",
        "originalUrl": "  ",
        "provider": {"name": 7, "domain": "odd.example"},
        "topics": [1, None, "Quantum Computing", {"x": 1}],
        "images": [None],
        "related": None,
    },
]

RECORDS = GOOD + MALFORMED
ALL = frozenset(record["title"] for record in RECORDS)
MODIFIED = frozenset({CAFE, BROKEN})


def select(query: str | Query) -> set[str]:
    """Titles of the records the query selects (CAFE and BROKEN count as modified)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    return {
        record["title"]
        for record in RECORDS
        if parsed.matches(record, modified=record["title"] in MODIFIED)
    }


def but(*titles: str) -> set[str]:
    return set(ALL - set(titles))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The empty query matches everything.
        ("", ALL),
        ("   \t ", ALL),
        # Free words: substrings of title, excerpt, provider name/domain and topics.
        ("myanmar", {MYANMAR}),
        ("MYANMAR", {MYANMAR}),
        ("MyAnMaR", {MYANMAR}),
        ("diplomat", {MYANMAR}),
        ("nikkei.com", {TAIWAN}),
        ("reuters", {MYANMAR, GRAIN}),  # excerpt of one, provider of the other
        ("vision", {MYANMAR, BENCH}),  # a topic of one, title and topic of the other
        ("ai", {MYANMAR, TAIWAN, CAFE}),  # "AI hardware", topic AI; not Taiwan, Ukraine, grain
        ("ukr", {GRAIN}),  # the start of a word
        ("raine", set()),  # not inside one: Ukraine
        ("grain deal", {GRAIN}),
        ("rain", set()),
        ("made", {MYANMAR}),  # after a hyphen: Chinese-Made
        ("chip", {TAIWAN}),
        ("hip", set()),
        ("asia.nikkei", {TAIWAN}),  # the provider's domain
        ("ikkei", set()),
        ("broken", {BROKEN}),
        ("quantum", {ODD}),
        ("lifestyle", set()),  # the category is not free text
        ("thediplomat.com/2022", set()),  # nor are URLs
        # Diacritics-insensitive both ways.
        ("cafe", {CAFE}),
        ("CAFÉ", {CAFE}),
        ("prepare", {CAFE}),
        ("prépare", {CAFE}),
        # Words are ANDed anywhere; a quoted phrase is one substring.
        ("computer vision", {MYANMAR, BENCH}),
        ('"computer vision"', {MYANMAR, BENCH}),
        ("deal grain", {GRAIN}),
        ('"deal grain"', set()),
        ('"grain deal"', {GRAIN}),
        ('"Black Sea"', {GRAIN}),
        # Text fields.
        ("title:chinese", {MYANMAR}),
        ("title:china", set()),
        ("title:CAFE", {CAFE}),
        ('title:"computer vision"', {BENCH}),
        ('title:"a new"', {BENCH}),
        ("excerpt:cctv", {MYANMAR}),
        ("excerpt:café", {CAFE}),
        ("category:news", {MYANMAR, GRAIN, ODD}),
        ("category:NEWS", {MYANMAR, GRAIN, ODD}),
        ("type:video", {BENCH}),
        ("type:art", {MYANMAR, TAIWAN, CAFE, GRAIN}),
        ("provider:diplomat", {MYANMAR}),
        ('provider:"the diplomat"', {MYANMAR}),
        ('provider:"New York"', {BENCH}),
        ("provider:times", {BENCH}),
        ("provider:.com", {MYANMAR, TAIWAN, BENCH, GRAIN}),
        ("provider:odd", {ODD}),
        ("url:lemonde", {CAFE}),
        ("url:original", {CAFE}),  # originalUrl only
        ("url:nytimes.com/2022", {BENCH}),
        ("url:https", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN}),
        # Topics: the whole topic, case-insensitive, with * wildcards.
        ('topic:"Computer Vision"', {MYANMAR, BENCH}),
        ('topic:"computer vision"', {MYANMAR, BENCH}),
        ("topic:ai", {MYANMAR, CAFE}),
        ("topic:AI", {MYANMAR, CAFE}),
        ("topic:comput", set()),
        ("topic:comp*", {MYANMAR, BENCH}),
        ("topic:*vision", {MYANMAR, BENCH}),
        ("topic:*comp*", {MYANMAR, BENCH, ODD}),
        ("topic:food*drink", {CAFE}),
        ("topic:*", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN, ODD}),
        ("topic:trade", {TAIWAN, GRAIN}),
        ('topic:"quantum computing"', {ODD}),
        ("topic:quantum computing", set()),  # topic:quantum AND the word computing
        # Numbers: every operator, ranges, and a bool is not a number.
        ("quality:38", {MYANMAR}),
        ("quality:=38", {MYANMAR}),
        ("quality:>38", {TAIWAN, GRAIN}),
        ("quality:>=38", {MYANMAR, TAIWAN, GRAIN}),
        ("quality:<30", {CAFE}),
        ("quality:<=30", {CAFE, BENCH}),
        ("quality:!=38", {TAIWAN, CAFE, BENCH, GRAIN}),
        ("quality:10..38", {MYANMAR, CAFE, BENCH}),
        ("quality:30..", {MYANMAR, TAIWAN, BENCH, GRAIN}),
        ("quality:..10", {CAFE}),
        ("quality:1", set()),
        ("quality:>0", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN}),
        ("heat:0", {BENCH}),
        ("heat:12", {TAIWAN}),
        ("heat:12.5", {ODD}),
        ("heat:>12", {MYANMAR, CAFE, GRAIN, ODD}),
        ("heat:>=12.5", {MYANMAR, CAFE, GRAIN, ODD}),
        ("heat:<=+12", {TAIWAN, BENCH}),
        # Counts: missing or null is 0, a non-list never matches.
        ("images:0", {TAIWAN, BENCH, SPARSE}),
        ("images:>=1", {MYANMAR, CAFE, GRAIN, ODD}),
        ("images:2", {CAFE}),
        ("related:0", {TAIWAN, BENCH, SPARSE, ODD}),
        ("related:>=2", {MYANMAR, GRAIN}),
        ("related:1..2", {MYANMAR, CAFE}),
        ("topics:3", {CAFE, BENCH}),
        ("topics:>3", {ODD}),
        ("topics:0", {SPARSE}),
        ("topics:!=2", {CAFE, BENCH, SPARSE, ODD}),
        # Dates: day, month, year, operators, ranges, times; compared in UTC.
        ("date:2022-07-12", {MYANMAR, ODD}),
        ("date:2022-07", {MYANMAR, TAIWAN, BENCH, GRAIN, ODD}),
        ("date:2022-06", {CAFE}),
        ("date:2022", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN, ODD}),
        ("date:2021", set()),
        ("date:=2022-07-15", {BENCH}),
        ("date:>=2022-07-01", {MYANMAR, TAIWAN, BENCH, GRAIN, ODD}),
        ("date:<2022-07-01", {CAFE}),
        ("date:<=2022-07-01", {TAIWAN, CAFE}),
        ("date:>2022-07-12", {BENCH, GRAIN}),
        ("date:!=2022-07", {CAFE}),
        ("date:2022-07-01..2022-07-15", {MYANMAR, TAIWAN, BENCH, ODD}),
        ("date:2022-07-13..2022-07-15", {BENCH}),
        ("date:..2022-06", {CAFE}),
        ("date:2022-07-20..", {GRAIN}),
        ("date:2022-07-22T10:00Z", {GRAIN}),
        ("date:2022-07-22T13:00+03:00", {GRAIN}),
        ("date:2022-07-12T10:24", {MYANMAR}),
        ("date:2022-07-01T01:30+02:00", {CAFE}),
        ("date:2022-07-15T23:59:00", {BENCH}),
        # Booleans: only real bools count.
        ("published:true", {TAIWAN, CAFE, GRAIN}),
        ("published:yes", {TAIWAN, CAFE, GRAIN}),
        ("published:TRUE", {TAIWAN, CAFE, GRAIN}),
        ("published:false", {MYANMAR, BENCH}),
        ("published:no", {MYANMAR, BENCH}),
        ("-published:true", {MYANMAR, BENCH, BROKEN, SPARSE, ODD}),
        ("is:published", {TAIWAN, CAFE, GRAIN}),
        ("modified:true", {CAFE, BROKEN}),
        ("modified:no", but(CAFE, BROKEN)),
        ("is:modified", {CAFE, BROKEN}),
        ("-is:modified", but(CAFE, BROKEN)),
        ("is:modified is:published", {CAFE}),
        # has: present and not empty.
        ("has:related", {MYANMAR, CAFE, GRAIN}),
        ("has:image", {MYANMAR, CAFE, GRAIN, ODD}),
        ("has:images", {MYANMAR, CAFE, GRAIN, ODD}),
        ("has:topics", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN, ODD}),
        ("has:excerpt", {MYANMAR, TAIWAN, CAFE, GRAIN}),
        ("has:url", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN}),
        ("-has:url", {BROKEN, SPARSE, ODD}),
        ("has:provider", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN, ODD}),
        ("has:date", {MYANMAR, TAIWAN, CAFE, BENCH, GRAIN, ODD}),
        ("has:title", ALL),
        ("HAS:Related", {MYANMAR, CAFE, GRAIN}),
        # Field names are case-insensitive.
        ("Quality:>50", {TAIWAN}),
        ("TOPIC:ai", {MYANMAR, CAFE}),
        # OR binds looser than AND; parentheses group; - negates terms and groups.
        ("myanmar OR taiwan", {MYANMAR, TAIWAN}),
        ("myanmar OR taiwan OR istanbul", {MYANMAR, TAIWAN, GRAIN}),
        ("myanmar or taiwan", set()),  # lowercase "or" is just a word
        ("topic:ai published:true OR topic:trade", {CAFE, TAIWAN, GRAIN}),
        ("topic:ai published:true OR topic:trade quality:>50", {CAFE, TAIWAN}),
        ("topic:ai (published:true OR topic:trade)", {CAFE}),
        ("(myanmar OR ukraine) (quality:>40 OR related:2)", {MYANMAR, GRAIN}),
        ("((topic:ai))", {MYANMAR, CAFE}),
        ("-(topic:ai OR topic:trade)", {BENCH, BROKEN, SPARSE, ODD}),
        ("-topic:ai -topic:trade", {BENCH, BROKEN, SPARSE, ODD}),
        ("--published:true", {TAIWAN, CAFE, GRAIN}),
        ("-myanmar", but(MYANMAR)),
        ('-"computer vision"', but(MYANMAR, BENCH)),
        ("-(published:true OR (quality:<35 has:related))", {MYANMAR, BENCH, BROKEN, SPARSE, ODD}),
        ("vision -published:true OR -has:topics", {MYANMAR, BENCH, BROKEN, SPARSE}),
        ("(myanmar)(taiwan)", set()),
        ("(myanmar)OR(taiwan)", {MYANMAR, TAIWAN}),
    ],
)
def test_query_selects(query: str, expected: set[str]) -> None:
    assert select(query) == expected


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("qualty:3", 0, "unknown field 'qualty'"),
        ("myanmar qualty:>3", 8, "did you mean 'quality'"),
        ("-qualty:3", 1, "unknown field"),
        ("http://example.com", 0, "unknown field 'http'"),
        (":cctv", 0, "missing field name"),
        ("title:", 6, "missing value after 'title:'"),
        ("title: cctv", 6, "missing value"),
        ("quality:>=abc", 10, "'abc' is not a number"),
        ("quality:abc", 8, "not a number"),
        ('quality:">=abc"', 11, "'abc' is not a number"),
        ('topic:""', 7, "missing value after 'topic:'"),
        ("quality:>=", 10, "missing number"),
        ("heat:1e5", 5, "not a number"),
        ("images:many", 7, "not a number"),
        ("quality:10..abc", 12, "not a number"),
        ("quality:50..10", 8, "empty range"),
        ("quality:>5..10", 8, "takes no operator"),
        ("quality:..", 8, "at least one bound"),
        ("published:maybe", 10, "true or false"),
        ("modified:perhaps", 9, "true or false"),
        ("date:notadate", 5, "is not a date"),
        ("date:2022-13", 5, "not a valid date"),
        ("date:2022-02-30", 5, "not a valid date"),
        ("date:>=", 7, "missing date"),
        ("date:2022-07-01..junk", 17, "not a date"),
        ("date:2022-07-15..2022-07-01", 5, "empty date range"),
        ("has:everything", 4, "unknown value 'everything' for 'has:'"),
        ("is:draft", 3, "unknown value 'draft' for 'is:'"),
        ("(topic:ai", 0, "unclosed '('"),
        ("a (b OR (c d)", 2, "unclosed '('"),
        ("-(", 1, "unclosed '('"),
        ("topic:ai)", 8, "unmatched ')'"),
        ("(a))", 3, "unmatched ')'"),
        (")", 0, "unmatched ')'"),
        ("()", 0, "empty parentheses"),
        ('"facial recognition', 0, "unclosed quote"),
        ('myanmar title:"junta', 14, "unclosed quote"),
        ('""', 0, "empty quoted phrase"),
        ("myanmar OR", 8, "'OR'"),
        ("OR myanmar", 0, "'OR'"),
        ("myanmar OR OR taiwan", 8, "'OR'"),
        ("(myanmar OR)", 9, "'OR'"),
        ("-", 0, "'-' must be followed"),
        ("myanmar -", 8, "'-' must be followed"),
        ("myanmar - taiwan", 8, "'-' must be followed"),
        ("(-)", 1, "'-' must be followed"),
        ("-OR taiwan", 0, "'-' must be followed"),
        # limits: each was a RecursionError or a ValueError traceback
        ("(" * 400 + "a" + ")" * 400, 16, "query nests too deeply (more than 16 levels)"),
        ("-" * 1000 + "a", 16, "too many '-' in a row (more than 16)"),
        ("-(a " * 17 + "b" + ")" * 17, 32, "query nests too deeply"),
        ("quality:" + "9" * 5000, 8, "number too long (more than 40 characters)"),
        ("heat:1.." + "9" * 5000, 8, "number too long"),
        (" OR ".join(f"w{i:03}" for i in range(300)), 200 * 8, "too many terms (more than 200)"),
    ],
)
def test_bad_query_raises(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    error = caught.value
    assert error.position == position
    assert fragment in str(error)
    assert 0 <= error.position <= len(query)
    assert str(error).startswith(f"{error.message} at column {position + 1}")


def test_queries_at_the_limits_parse_and_run() -> None:
    # 16 levels of the deepest SQL per level ("-(" + "OR"), with 200 terms, negated ones
    # and the excerpt's nested substr() at the bottom: SQLite runs it (its parser stack
    # overflowed near 18 such levels before the limit was set).
    terms = " ".join(f"-excerpt:w{i}" for i in range(190))  # each matches every record
    deepest = "-(x OR " * 7 + "(y OR " + terms + ")" * 8  # -(x OR -(x OR ... TRUE))
    assert select(deepest) == set()  # seven negations of (x OR ...) from TRUE: FALSE
    assert select("(" * 16 + "quality:" + "9" * 40 + ")" * 16) == set()
    assert select("-" * 16 + "x") == select("x")


#: Ways to wrap a query one level deeper (the deepest SQL per level is "-(a OR ...)").
_WRAPS = ("-(a OR {})", "({} b)", "-{}", "(a OR {} OR excerpt:c)", "-(quality:1..5 {})")


@st.composite
def _nested_queries(draw: st.DrawFn) -> str:
    query = draw(st.sampled_from(["a", '"b c"', "excerpt:x", "date:2022-07", "-topic:ai"]))
    for _ in range(draw(st.integers(0, 40))):
        query = draw(st.sampled_from(_WRAPS)).format(query)
    return query


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_nested_queries(), st.text('()-" :ORa9.>', max_size=400)))
def test_any_text_parses_and_runs_or_is_a_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        return
    query.matches(RECORDS[0])  # the SQL runs: SQLite's parser and depth limits hold


def test_query_error_text() -> None:
    with pytest.raises(ValueError, match=r"^unknown field 'qualty' at column 1 \(") as caught:
        parse_query("qualty:>=30")
    text = str(caught.value)
    assert "did you mean 'quality'?" in text
    assert all(name in text for name in FIELDS)


def test_query_properties() -> None:
    empty = parse_query("  ")
    assert empty.is_empty
    assert empty.text == "  "
    assert empty.matches({})
    query = parse_query("topic:ai -published:true")
    assert not query.is_empty
    assert query.text == "topic:ai -published:true"
    assert "topic:ai" in repr(query)


def test_help_mentions_every_field() -> None:
    for name in FIELDS:
        assert f"{name}:" in QUERY_HELP
    for line in QUERY_HELP.splitlines()[1:]:  # the examples in the help must all parse
        for example in re.findall(r"\S+:(?:\"[^\"]*\"|\S+)", line):
            parse_query(example)


def test_matches_is_stable_across_calls() -> None:
    query = parse_query("topic:ai OR cafe")
    assert select(query) == select(query) == {MYANMAR, CAFE}


# -- robustness: no term ever raises on malformed data ---------------------------------------

SAMPLES: dict[str, list[str]] = {
    "": ["ai", '"computer vision"', "café"],
    "title": ["title:a"],
    "excerpt": ["excerpt:a"],
    "category": ["category:news"],
    "type": ["type:article"],
    "provider": ["provider:a"],
    "url": ["url:http"],
    "topic": ["topic:ai", "topic:comp*", "topic:*"],
    "quality": ["quality:>=30", "quality:10..50", "quality:!=1", "quality:..0.5"],
    "heat": ["heat:<10", "heat:0"],
    "related": ["related:0", "related:>1"],
    "images": ["images:0", "images:1.."],
    "topics": ["topics:!=0"],
    "date": ["date:2022-07", "date:>=2022-07-01", "date:..2022-07-15", "date:2022-07-12T10:24Z"],
    "published": ["published:true", "published:false"],
    "modified": ["modified:true", "modified:false"],
    "has": [
        "has:related",
        "has:image",
        "has:images",
        "has:topic",
        "has:topics",
        "has:title",
        "has:excerpt",
        "has:category",
        "has:type",
        "has:url",
        "has:provider",
        "has:date",
    ],
    "is": ["is:published", "is:modified"],
}

HOSTILE: list[Any] = [
    *MALFORMED,
    {},
    {"title": 123, "excerpt": b"bytes", "provider": {"name": None, "domain": 3.5}},
    {"topics": [[], {}, "", "  "], "images": "image.jpg", "related": {"a": 1}},
    {"quality": math.nan, "heat": 10**400, "published": None},
    {"quality": [38], "heat": {"v": 1}, "provider": ["The Diplomat"], "topics": None},
    {"publishedDateTime": datetime.max.replace(tzinfo=timezone(timedelta(hours=-23)))},
    {"publishedDateTime": datetime.min.replace(tzinfo=timezone(timedelta(hours=23)))},
    {"publishedDateTime": 20220712},
    {"publishedDateTime": "2022-07-12"},
    {"publishedDateTime": ""},
    {"title": "Ñandú ﬁeld", "provider": {"name": "\u0301", "domain": ""}, "topics": ["\u0301"]},
    None,
    [],
    "a string",
    42,
]


def test_samples_cover_every_field() -> None:
    assert set(SAMPLES) - {""} == set(FIELDS)


@pytest.mark.parametrize("text", [text for texts in SAMPLES.values() for text in texts])
def test_matching_never_raises_on_malformed_data(text: str) -> None:
    query, negated = parse_query(text), parse_query(f"-{text}")
    grouped = parse_query(f"({text}) OR -({text})")
    for data in HOSTILE:
        for modified in (False, True):
            result = query.matches(data, modified=modified)
            assert isinstance(result, bool)
            assert negated.matches(data, modified=modified) is not result
            assert grouped.matches(data, modified=modified)


def test_non_mapping_data_is_treated_as_empty() -> None:
    for data in (None, [], "text", 3):
        assert not parse_query("published:false").matches(data)  # type: ignore[arg-type]
        assert parse_query("-published:false").matches(data)  # type: ignore[arg-type]
        assert parse_query("related:0").matches(data)  # type: ignore[arg-type]


def test_matches_accepts_any_mapping() -> None:
    class Front(Mapping[str, Any]):
        def __init__(self, data: dict[str, Any]) -> None:
            self._data = data

        def __getitem__(self, key: str) -> Any:
            return self._data[key]

        def __iter__(self) -> Any:
            return iter(self._data)

        def __len__(self) -> int:
            return len(self._data)

    front = Front(GOOD[0])
    assert parse_query('topic:"computer vision" quality:38 date:2022-07-12').matches(front)


# -- the seed record (tests/data/seed.md) ------------------------------------------------------


@pytest.fixture(scope="module")
def seed_front() -> dict[str, Any]:
    text = SEED.read_text(encoding="utf-8")
    _, front, _body = re.split(r"^---[ \t]*$", text, maxsplit=2, flags=re.MULTILINE)
    data = yaml.load(front, Loader=yaml.CSafeLoader)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('topic:"Sensor Networks"', True),
        ("provider:ledger", True),
        ("quality:>=41", True),
        ("has:related", True),
        ("-published:true", True),
        ("date:2023-03-14", True),
        ("related:2 images:1 topics:2", True),
        ("harbour tide", True),
        ("quality:>41", False),
        ("published:true", False),
        ("-has:image", False),
    ],
)
def test_seed_record(seed_front: dict[str, Any], query: str, expected: bool) -> None:
    assert isinstance(seed_front["publishedDateTime"], datetime)
    assert parse_query(query).matches(seed_front) is expected


@pytest.mark.parametrize("text", ["a*b", "x?y", "[z]", "50% off", "under_score", "back\\slash"])
def test_pattern_characters_in_words_are_plain_text(text: str) -> None:
    title = "a*b x?y [z] 50% off under_score back\\slash"
    assert parse_query(f'"{text}"').matches({"title": title}) is True
    assert parse_query(f'title:"{text}"').matches({"title": title}) is True
    assert parse_query(f'"{text}"').matches({"title": "ab xzy z 50 off underscore back"}) is False
