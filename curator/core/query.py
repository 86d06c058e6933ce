"""The library filter language: parse a query once, then match it against many records.

A query is a list of whitespace-separated terms that must all match (AND). The uppercase
keyword ``OR`` between terms gives alternatives and binds more loosely than AND, so
``a b OR c`` means ``(a AND b) OR c``. Parentheses group, and a leading ``-`` negates a term
or a group (``-published:true``, ``-"exact phrase"``, ``-(a OR b)``).

Free words and ``"quoted phrases"`` are case- and diacritics-insensitive and match at the
start of a word of the title, excerpt, provider name/domain or a topic (``heat`` finds
"heatwave", not "Wheat"). ``field:value`` terms test one field; see
:data:`FIELDS` and :data:`QUERY_HELP`.

Matching works on the front-matter mapping exactly as YAML loaded it, so it never raises on
missing keys or values of the wrong type: such a term simply does not match (and its
negation does). In particular a bool is never a number, ``published`` must be a real bool, a
missing or null list counts as 0 items, and naive or date-only dates are taken as UTC.
Quoted text has no escapes.

A query compiles to one SQL condition over the library index's summary columns
(:mod:`curator.core.summary`), so a whole library is filtered by SQLite in one statement,
never by a Python call per record; :meth:`Query.matches` runs the same condition on a
one-row table, so one record and a hundred thousand follow the same rules.

The module is Qt-free and uses only the standard library.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, Final

from .links import DUPLICATE_SQL, STALE_SQL
from .summary import (
    EXCERPT_OF_FREE_SQL,
    HAS_BITS,
    SUMMARY_COLUMNS,
    fold,
    summarize,
    topic_keys,
)

__all__ = ["FIELDS", "QUERY_HELP", "Query", "QueryError", "parse_query"]

#: Field names understood in ``field:value`` terms, with a one-line description each.
FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "title": "title contains the text",
        "excerpt": "excerpt contains the text",
        "category": "category contains the text",
        "type": "type contains the text",
        "provider": "provider name or domain contains the text",
        "url": "webUrl or originalUrl contains the text",
        "topic": "a topic equals the value; * is a wildcard (topic:comp*)",
        "quality": "quality number: quality:>=30, quality:!=0, quality:10..50",
        "heat": "heat number: heat:>50, heat:0..10",
        "related": "number of related articles: related:>=2",
        "images": "number of images: images:0",
        "topics": "number of topics: topics:>2",
        "date": (
            "publishedDateTime, compared in UTC: date:2022-07-12, date:2022-07, "
            "date:>=2022-07-01, date:2022-07-01..2022-07-15"
        ),
        "published": "published:true or published:false (yes/no)",
        "modified": "modified:true or modified:false (unsaved changes)",
        "has": (
            "the value is present and not empty: has:related, has:image, has:topics, ...; "
            "has:stale: a related item differs from its record"
        ),
        "is": "is:published, is:modified, is:duplicate",
    }
)

#: Short help text for the filter line's tooltip.
QUERY_HELP: Final[str] = """\
Terms are ANDed; OR (uppercase) between terms; ( ) groups; a leading - negates.
  myanmar "facial recognition"    word starts in title, excerpt, provider, topics
  title:china  excerpt:cctv  category:news  type:article  provider:diplomat  url:.cn
  topic:"Computer Vision"  topic:comp*    a topic (whole name, * wildcard)
  quality:>=30  heat:<10  quality:10..50  images:0  related:>=2  topics:!=0
  date:2022-07  date:>=2022-07-01  date:2022-07-01..2022-07-15  (UTC)
  published:true  modified:false  is:published  is:modified
  is:duplicate (same url, or near-identical title)  has:stale (a related item to refresh)
  has:related  has:image  has:topics  has:excerpt  has:url
  china OR taiwan    -published:true    (cctv OR camera) -topic:ai"""


class QueryError(ValueError):
    """A query that cannot be parsed; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int, hint: str = "") -> None:
        super().__init__(message, position, hint)
        self.message = message
        self.position = position
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.message} at column {self.position + 1}"
        return f"{text} ({self.hint})" if self.hint else text


# --------------------------------------------------------------------------- SQL fragments

# A query compiles to one SQL condition over the index's ``files`` table (and its
# ``topics`` table), the same in the on-disk index, the window's in-memory copy and a
# one-row table for :meth:`Query.matches`: one semantics, evaluated in bulk by SQLite.
# Every leaf is wrapped so it is 0 or 1, never NULL: a missing value does not match, and
# its negation does, as the module docstring promises.

_Sql = tuple[str, tuple[Any, ...]]
_Test = tuple[str, tuple[Any, ...]]  # a condition on "{x}", the value under test

_fold = fold


def _leaf(sql: str, params: tuple[Any, ...] = ()) -> _Sql:
    return f"coalesce({sql}, 0)", params


def _all_of(parts: Sequence[_Sql]) -> _Sql:
    if len(parts) == 1:
        return parts[0]
    return "(" + " AND ".join(p[0] for p in parts) + ")", sum((p[1] for p in parts), ())


def _any_of(parts: Sequence[_Sql]) -> _Sql:
    if len(parts) == 1:
        return parts[0]
    return "(" + " OR ".join(p[0] for p in parts) + ")", sum((p[1] for p in parts), ())


def _negate(inner: _Sql) -> _Sql:
    return f"(NOT {inner[0]})", inner[1]


def _free_words(needles: Sequence[str]) -> _Sql:
    # One string per row holds every part (free_f): one scan, not four.
    return _all_of([_word_start_in("free_f", needle) for needle in needles])


# Where a word starts: after one of these (or at the start of the text). Each break is its
# own literal GLOB ('* needle*', '*-needle*', ...) behind a plain substring test: a
# character class after '*' ('*[^a-z]needle*') defeats SQLite's fast scan and measured 40
# times slower (1.6 s against 40 ms over 100,000 rows). A needle that does not start with
# a letter or digit of an alphabet with word breaks (punctuation, CJK) stays a substring.
# Only the common breaks: a row holding the substring but no word start pays one scan per
# break (a one-letter word over 100,000 rows: 95 ms against 27 ms for a substring; from
# three letters on within 15%). \x1f joins the fields and topics in free_f.
_WORD_BREAKS: Final = " \x1f-\u2014\"'\u201c\u2018(/.,:"
_WORD_START = re.compile("[0-9a-z\u00c0-\u024f\u0370-\u052f]")


def _word_start_in(column: str, needle: str) -> _Sql:
    """``needle`` at the start of a word of ``column`` (``heat`` finds "heat wave" and
    "over-heating", not "Wheat")."""
    if not _WORD_START.match(needle):
        return _text_in(column, needle)
    literal = _glob_literal(needle)
    # CASE, not AND/OR: SQLite evaluates every operand of an AND or OR computed as a
    # value (as inside the coalesce() that keeps a leaf 0 or 1); CASE stops at the first
    # WHEN that holds, so a row without the substring costs one scan.
    starts = " ".join(f"WHEN {column} GLOB ? THEN 1" for _ in range(len(_WORD_BREAKS) + 1))
    params = (literal + "*", *(f"*{_glob_literal(b)}{literal}*" for b in _WORD_BREAKS))
    return _leaf(
        f"(CASE WHEN NOT {column} GLOB ? THEN 0 {starts} ELSE 0 END)",
        ("*" + literal + "*", *params),
    )


def _text_in(column: str, needle: str) -> _Sql:
    # GLOB '*needle*' is a substring test, like instr(), but measured twice as fast
    # (31 against 61 ms over 100,000 rows); the folded needle's own * ? [ are escaped.
    return _leaf(f"{column} GLOB ?", ("*" + _glob_literal(needle) + "*",))


def _glob_literal(text: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)


def _glob_escape(text: str) -> str:
    return "".join(f"[{ch}]" if ch in "[?" else ch for ch in text)


def _topic_is(pattern: str) -> _Sql:
    if "*" not in pattern:
        return "files.id IN (SELECT file_id FROM topics WHERE topic = ?)", (pattern,)
    glob = "*".join(_glob_escape(piece) for piece in pattern.split("*"))
    return "files.id IN (SELECT file_id FROM topics WHERE topic GLOB ?)", (glob,)


def _on(column: str, test: _Test) -> _Sql:
    return _leaf(test[0].format(x=column), test[1])


_HAS: Final[Mapping[str, _Sql]] = MappingProxyType(
    {
        name: (f"(has_bits & {HAS_BITS[bit]} != 0)", ())
        for name, bit in (
            ("related", "related"),
            ("image", "images"),
            ("images", "images"),
            ("topic", "topics"),
            ("topics", "topics"),
            ("title", "title"),
            ("excerpt", "excerpt"),
            ("category", "category"),
            ("type", "type"),
            ("url", "url"),
            ("provider", "provider"),
            ("date", "date"),
        )
    }
    | {"stale": (STALE_SQL, ())}  # compares rows: never true of one record alone
)


def _published(want: bool) -> _Sql:
    return _leaf("published = ?", (int(want),))


def _modified(want: bool) -> _Sql:
    return _leaf("modified = ?", (int(want),))


_IS: Final[Mapping[str, _Sql]] = MappingProxyType(
    {
        "published": _published(True),
        "modified": _modified(True),
        "duplicate": (DUPLICATE_SQL, ()),  # compares rows: never true of one record alone
    }
)

_BOOLS: Final[Mapping[str, bool]] = MappingProxyType(
    {"true": True, "yes": True, "false": False, "no": False}
)

# --------------------------------------------------------------------------- values

_OPERATORS: Final = (">=", "<=", "!=", ">", "<", "=")  # longest first
_NUMBER_RE: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_DATE_RE: Final = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?)?)?",
    re.ASCII | re.IGNORECASE,
)
_INT64: Final = 2**63 - 1

#: Limits that keep a query's parse and its SQL bounded (SQLite refuses expressions
#: nested more than 1,000 deep; Python's recursion stops near 1,000 frames).
MAX_NESTING: Final = 16  # "(" and "-" inside one another: SQLite parses about 18
MAX_TERMS: Final = 200
MAX_NUMBER_CHARS: Final = 40


def _split_operator(value: str) -> tuple[str, str]:
    for op in _OPERATORS:
        if value.startswith(op):
            return op, value[len(op) :]
    return "", value


def _parse_number(text: str, pos: int) -> float:
    if not text:
        raise QueryError("missing number", pos, "e.g. quality:>=30 or quality:10..50")
    if len(text) > MAX_NUMBER_CHARS:
        raise QueryError(f"number too long (more than {MAX_NUMBER_CHARS} characters)", pos)
    if not _NUMBER_RE.fullmatch(text):
        raise QueryError(f"{text!r} is not a number", pos, "e.g. quality:>=30 or quality:10..50")
    if text.lstrip("+-").isdigit():
        if len(text) > 19 and abs(int(text)) > _INT64:  # beyond SQLite's integers
            return math.copysign(math.inf, -1 if text.startswith("-") else 1)
        return int(text)
    return float(text)


def _parse_day_or_time(text: str, pos: int) -> tuple[float, float]:
    """The UTC interval ``[start, end)`` that a date value like ``2022-07`` denotes, in
    seconds since the epoch."""
    hint = "dates look like 2022, 2022-07, 2022-07-12 or 2022-07-12T10:24Z"
    if not text:
        raise QueryError("missing date", pos, hint)
    found = _DATE_RE.fullmatch(text)
    if found is None:
        raise QueryError(f"{text!r} is not a date", pos, hint)
    year, month, day, hour, minute, second, zone = found.groups()
    try:
        tz: timezone = UTC
        if zone and zone.upper() != "Z":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            tz = timezone(sign * offset)
        if month is None:
            start = datetime(int(year), 1, 1, tzinfo=tz)
            end = datetime(int(year) + 1, 1, 1, tzinfo=tz)
        elif day is None:
            start = datetime(int(year), int(month), 1, tzinfo=tz)
            end = (start + timedelta(days=32)).replace(day=1)
        elif hour is None:
            start = datetime(int(year), int(month), int(day), tzinfo=tz)
            end = start + timedelta(days=1)
        else:
            whole = (int(year), int(month), int(day), int(hour), int(minute))
            start = datetime(*whole, int(second or 0), tzinfo=tz)
            end = start + timedelta(seconds=1 if second is not None else 60)
    except (ValueError, OverflowError):
        raise QueryError(f"{text!r} is not a valid date", pos, hint) from None
    return _seconds(start), _seconds(end)


def _seconds(moment: datetime) -> float:
    """Seconds since the epoch; past the ends of ``datetime``, the matching infinity."""
    try:
        return moment.timestamp()
    except (OverflowError, ValueError):
        return -math.inf if moment.year < 1970 else math.inf


def _split_range(value: str, pos: int, what: str) -> tuple[str, str, int] | None:
    """``(low, high, high_pos)`` if ``value`` is a ``low..high`` range, else None."""
    if ".." not in value:
        return None
    if value[:1] in ("<", ">", "=", "!"):
        raise QueryError(f"a {what} range takes no operator", pos, "e.g. 10..50")
    low_text, high_text = value.split("..", 1)
    if not low_text and not high_text:
        raise QueryError(f"a {what} range needs at least one bound", pos, "e.g. 10..50")
    return low_text, high_text, pos + len(low_text) + 2


def _bounds_test(lo: Any, hi: Any, *, inclusive_high: bool) -> _Test:
    """Range test; ``hi`` is an inclusive bound or, if not ``inclusive_high``, an exclusive end."""
    high = "{x} <= ?" if inclusive_high else "{x} < ?"
    if lo is None:
        return high, (hi,)
    if hi is None:
        return "{x} >= ?", (lo,)
    return f"({{x}} >= ? AND {high})", (lo, hi)


def _numeric_test(value: str, pos: int) -> _Test:
    parts = _split_range(value, pos, "number")
    if parts is not None:
        low_text, high_text, high_pos = parts
        lo = _parse_number(low_text, pos) if low_text else None
        hi = _parse_number(high_text, high_pos) if high_text else None
        if lo is not None and hi is not None and lo > hi:
            raise QueryError(f"empty range {value!r}", pos, "put the lower bound first")
        return _bounds_test(lo, hi, inclusive_high=True)
    op, rest = _split_operator(value)
    bound = _parse_number(rest, pos + len(op))
    return f"{{x}} {op or '='} ?", (bound,)


def _date_test(value: str, pos: int) -> _Test:
    parts = _split_range(value, pos, "date")
    if parts is not None:
        low_text, high_text, high_pos = parts
        lo = _parse_day_or_time(low_text, pos)[0] if low_text else None
        hi = _parse_day_or_time(high_text, high_pos)[1] if high_text else None
        if lo is not None and hi is not None and lo >= hi:
            raise QueryError(f"empty date range {value!r}", pos, "put the earlier date first")
        return _bounds_test(lo, hi, inclusive_high=False)
    op, rest = _split_operator(value)
    start, end = _parse_day_or_time(rest, pos + len(op))
    if op in ("", "="):
        return "({x} >= ? AND {x} < ?)", (start, end)
    if op == "!=":
        return "NOT ({x} >= ? AND {x} < ?)", (start, end)
    if op == ">":
        return "{x} >= ?", (end,)
    if op == ">=":
        return "{x} >= ?", (start,)
    if op == "<":
        return "{x} < ?", (start,)
    return "{x} < ?", (end,)  # "<=": up to the end of the named day, month or year


def _parse_bool(value: str, pos: int, field: str) -> bool:
    want = _BOOLS.get(value.lower())
    if want is None:
        shown = value or "nothing"
        raise QueryError(f"{field}: expects true or false, not {shown!r}", pos, "or yes/no")
    return want


def _choice(table: Mapping[str, _Sql], value: str, pos: int, field: str) -> _Sql:
    pred = table.get(value.lower())
    if pred is None:
        choices = "|".join(table)
        raise QueryError(f"unknown value {value!r} for '{field}:'", pos, f"use {field}:{choices}")
    return pred


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "-", "OR" or "TERM"
    pos: int
    field: str | None = None  # as typed, for field:value terms
    value: str = ""
    value_pos: int = 0


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError("unclosed quote", start, 'close the phrase with "')
    return text[start + 1 : end], end + 1


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch, i))
            i += 1
        elif ch == "-":
            following = text[i + 1 : i + 2]
            if not following or following.isspace() or following == ")":
                raise QueryError("'-' must be followed by a term or a group", i, "e.g. -topic:ai")
            tokens.append(_Token("-", i))
            i += 1
        elif ch == '"':
            phrase, i_next = _read_quoted(text, i)
            if not phrase:
                raise QueryError("empty quoted phrase", i)
            tokens.append(_Token("TERM", i, None, phrase, i))
            i = i_next
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"':
                i += 1
            word = text[start:i]
            colon = word.find(":")
            if word == "OR":
                tokens.append(_Token("OR", start))
            elif colon < 0:
                tokens.append(_Token("TERM", start, None, word, start))
            else:
                value, value_pos = word[colon + 1 :], start + colon + 1
                if not value and i < n and text[i] == '"':
                    value_pos = i + 1  # offsets inside the quotes stay exact
                    value, i = _read_quoted(text, i)
                tokens.append(_Token("TERM", start, word[:colon], value, value_pos))
    return tokens


# --------------------------------------------------------------------------- terms


def _field_term(tok: _Token) -> _Sql:
    assert tok.field is not None
    field, value, pos = tok.field.lower(), tok.value, tok.value_pos
    if field not in FIELDS:
        if not field:
            raise QueryError("missing field name before ':'", tok.pos, "quote text with a colon")
        close = difflib.get_close_matches(field, FIELDS, n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + "fields: " + ", ".join(FIELDS)
        raise QueryError(f"unknown field {tok.field!r}", tok.pos, hint)
    if not value:
        raise QueryError(f"missing value after '{tok.field}:'", pos, "no space after the colon")
    if field == "excerpt":  # its part of free_f: the window's table keeps no other copy
        return _text_in(f"({EXCERPT_OF_FREE_SQL})", _fold(value))
    if field in ("title", "category", "type"):
        return _text_in(f"{field}_f", _fold(value))
    if field == "url":
        return _text_in("url_f", _fold(value))
    if field == "provider":
        return _text_in("provider_f", _fold(value))
    if field == "topic":
        return _topic_is(_fold(value).strip())
    if field in ("quality", "heat"):
        return _on(field, _numeric_test(value, pos))
    if field in ("related", "images", "topics"):
        return _on(f"n_{field}", _numeric_test(value, pos))
    if field == "date":
        return _on("date_utc", _date_test(value, pos))
    if field == "published":
        return _published(_parse_bool(value, pos, field))
    if field == "modified":
        return _modified(_parse_bool(value, pos, field))
    if field == "has":
        return _choice(_HAS, value, pos, field)
    return _choice(_IS, value, pos, field)  # "is"


class _Parser:
    """Recursive descent: ``or := and ("OR" and)*``, ``and := unary+``, ``unary := "-"* atom``."""

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._i = 0
        self._depth = 0
        terms = [t for t in tokens if t.kind == "TERM"]
        if len(terms) > MAX_TERMS:
            raise QueryError(
                f"query has too many terms (more than {MAX_TERMS})", terms[MAX_TERMS].pos
            )

    def _peek(self) -> _Token | None:
        return self._tokens[self._i] if self._i < len(self._tokens) else None

    def parse(self) -> _Sql:
        pred = self._or()
        tok = self._peek()
        if tok is not None:  # only a stray ")" stops _or() early
            raise QueryError("unmatched ')'", tok.pos, "remove it or add a '('")
        return pred

    def _or(self) -> _Sql:
        alternatives = [self._and()]
        while (tok := self._peek()) is not None and tok.kind == "OR":
            self._i += 1
            following = self._peek()
            if following is None or following.kind in ("OR", ")"):
                raise QueryError("'OR' must have a term on both sides", tok.pos)
            alternatives.append(self._and())
        return _any_of(alternatives)

    def _and(self) -> _Sql:
        preds: list[_Sql] = []
        needles: list[str] = []  # plain free words share one haystack per record
        while (tok := self._peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "TERM" and tok.field is None:
                needles.append(_fold(tok.value))
                self._i += 1
            else:
                preds.append(self._unary())
        if needles:
            preds.append(_free_words(needles))
        if not preds:
            tok = self._peek()
            if tok is not None and tok.kind == "OR":
                raise QueryError("'OR' must have a term on both sides", tok.pos)
            if tok is not None:
                raise QueryError("unmatched ')'", tok.pos, "remove it or add a '('")
            raise QueryError("expected a term", 0)  # unreachable: callers check first
        return _all_of(preds)

    def _unary(self) -> _Sql:
        tok = self._tokens[self._i]
        if tok.kind not in ("-", "("):
            self._i += 1
            return self._atom(tok)
        if self._depth >= MAX_NESTING:
            if tok.kind == "-" and self._tokens[self._i - 1].kind == "-":
                raise QueryError(f"too many '-' in a row (more than {MAX_NESTING})", tok.pos)
            raise QueryError(f"query nests too deeply (more than {MAX_NESTING} levels)", tok.pos)
        self._depth += 1
        try:
            return self._nested(tok)
        finally:
            self._depth -= 1

    def _nested(self, tok: _Token) -> _Sql:
        self._i += 1
        if tok.kind == "-":
            following = self._peek()
            if following is None or following.kind in ("OR", ")"):
                raise QueryError("'-' must be followed by a term or a group", tok.pos)
            return _negate(self._unary())
        following = self._peek()  # after a "("
        if following is None:
            raise QueryError("unclosed '('", tok.pos, "add a ')'")
        if following.kind == ")":
            raise QueryError("empty parentheses", tok.pos)
        inner = self._or()
        if self._peek() is None:
            raise QueryError("unclosed '('", tok.pos, "add a ')'")
        self._i += 1  # the ")"
        return inner

    @staticmethod
    def _atom(tok: _Token) -> _Sql:
        if tok.field is None:
            return _free_words([_fold(tok.value)])
        return _field_term(tok)


# --------------------------------------------------------------------------- public API


class Query:
    """A parsed filter; build it with :func:`parse_query`.

    :attr:`where` and :attr:`params` are an SQL condition over the index's ``files`` table
    (``None`` for the empty query, which matches everything).
    """

    __slots__ = ("_sql", "_text")

    def __init__(self, text: str, sql: _Sql | None) -> None:
        self._text = text
        self._sql = sql

    @property
    def text(self) -> str:
        """The query text as given to :func:`parse_query`."""
        return self._text

    @property
    def is_empty(self) -> bool:
        """True for a blank query, which matches every record."""
        return self._sql is None

    @property
    def where(self) -> str:
        """The SQL condition (``1`` for the empty query)."""
        return "1" if self._sql is None else self._sql[0]

    @property
    def params(self) -> tuple[Any, ...]:
        """The values of the condition's ``?`` placeholders."""
        return () if self._sql is None else self._sql[1]

    @property
    def is_one_word(self) -> bool:
        """True for one free word that matches at word starts (``wind``), the query
        typing a word builds key by key."""
        return self._sql is not None and self._sql[0] == _one_word_where()

    def narrows(self, other: Query) -> bool:
        """Whether every record this query matches is one ``other`` matches: both are one
        free word, and this one is the other or carries it on (``wind`` after ``win``)."""
        if not (self.is_one_word and other.is_one_word):
            return False
        mine, theirs = self.params[0], other.params[0]  # "*needle*", needles glob-escaped
        return mine.startswith(theirs[:-1])

    def matches(self, data: Mapping[str, Any], *, modified: bool = False) -> bool:
        """Whether a record's front matter (``modified``: it has unsaved edits) matches.

        Evaluated by the same SQL as a whole library, on a one-row table.
        """
        if self._sql is None:
            return True
        if not isinstance(data, Mapping):
            data = {}  # not a mapping at all: every field is missing
        return _one_row_match(self._sql, data, modified)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._text!r})"


@functools.cache
def _one_word_where() -> str:
    """The condition of any one free word that matches at word starts (the same text
    for every such word: only the parameters differ)."""
    sql = _Parser(_tokenize("x")).parse()
    return sql[0]


def parse_query(text: str) -> Query:
    """Parse filter ``text`` once; raises :class:`QueryError` with the offending position."""
    tokens = _tokenize(text)
    if not tokens:
        return Query(text, None)
    try:
        return Query(text, _Parser(tokens).parse())
    except RecursionError:  # the limits above should make this unreachable
        raise QueryError("query nests too deeply", 0) from None


_ONE_ROW = threading.local()


def _one_row_match(sql: _Sql, data: Mapping[str, Any], modified: bool) -> bool:
    db = getattr(_ONE_ROW, "db", None)
    if db is None:
        from .index import SCHEMA

        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(SCHEMA)
        _ONE_ROW.db = db
    db.execute("DELETE FROM files")
    db.execute("DELETE FROM topics")
    columns = ("id", "path", *SUMMARY_COLUMNS, "modified")
    values = (1, "", *summarize(data), int(modified))
    db.execute(
        f"INSERT INTO files ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        values,
    )
    db.executemany("INSERT INTO topics VALUES (1, ?)", ((t,) for t in topic_keys(data)))
    return db.execute(f"SELECT 1 FROM files WHERE {sql[0]}", sql[1]).fetchone() is not None
