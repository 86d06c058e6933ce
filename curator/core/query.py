"""The library filter language: parse a query once, then match it against many records.

A query is a list of whitespace-separated terms that must all match (AND). The uppercase
keyword ``OR`` between terms gives alternatives and binds more loosely than AND, so
``a b OR c`` means ``(a AND b) OR c``. Parentheses group, and a leading ``-`` negates a term
or a group (``-published:true``, ``-"exact phrase"``, ``-(a OR b)``).

Free words and ``"quoted phrases"`` are case- and diacritics-insensitive substrings of the
title, excerpt, provider name/domain or a topic. ``field:value`` terms test one field; see
:data:`FIELDS` and :data:`QUERY_HELP`.

Matching works on the front-matter mapping exactly as YAML loaded it, so it never raises on
missing keys or values of the wrong type: such a term simply does not match (and its
negation does). In particular a bool is never a number, ``published`` must be a real bool, a
missing or null list counts as 0 items, and naive or date-only dates are taken as UTC.
Quoted text has no escapes.

Everything that can be computed up front (folded needles, numeric bounds, date intervals) is
computed by :func:`parse_query`, so :meth:`Query.matches` stays cheap enough to run over
thousands of records on every keystroke.

The module is Qt-free and uses only the standard library.
"""

from __future__ import annotations

import difflib
import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, Final

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
        "has": "the value is present and not empty: has:related, has:image, has:topics, ...",
        "is": "is:published, is:modified",
    }
)

#: Short help text for the filter line's tooltip.
QUERY_HELP: Final[str] = """\
Terms are ANDed; OR (uppercase) between terms; ( ) groups; a leading - negates.
  myanmar "facial recognition"    words/phrases in title, excerpt, provider, topics
  title:china  excerpt:cctv  category:news  type:article  provider:diplomat  url:.cn
  topic:"Computer Vision"  topic:comp*    a topic (whole name, * wildcard)
  quality:>=30  heat:<10  quality:10..50  images:0  related:>=2  topics:!=0
  date:2022-07  date:>=2022-07-01  date:2022-07-01..2022-07-15  (UTC)
  published:true  modified:false  is:published  is:modified
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


# --------------------------------------------------------------------------- folding

_SEP: Final = "\x00"  # joins free-text haystacks; never produced by typing a query


@functools.lru_cache(maxsize=1 << 17)  # keys are the records' own strings: little extra memory
def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold(text: str) -> str:
    """Case- and diacritics-insensitive form of ``text`` (ASCII takes a fast path)."""
    return text.lower() if text.isascii() else _fold_slow(text)


# --------------------------------------------------------------------------- predicates

_Pred = Callable[[Mapping[str, Any], bool], bool]
_Test = Callable[[Any], bool]


def _all_of(preds: Sequence[_Pred]) -> _Pred:
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda d, m: first(d, m) and second(d, m)
    items = tuple(preds)

    def pred(d: Mapping[str, Any], m: bool) -> bool:
        for item in items:  # noqa: SIM110 - plain loops beat all()/any() on this hot path
            if not item(d, m):
                return False
        return True

    return pred


def _any_of(preds: Sequence[_Pred]) -> _Pred:
    if len(preds) == 1:
        return preds[0]
    items = tuple(preds)

    def pred(d: Mapping[str, Any], m: bool) -> bool:
        for item in items:  # noqa: SIM110
            if item(d, m):
                return True
        return False

    return pred


def _negate(inner: _Pred) -> _Pred:
    return lambda d, m: not inner(d, m)


def _free_text(data: Mapping[str, Any]) -> str:
    # Fold the parts, not the joined text: the parts are the record's own (cached) strings.
    parts: list[str] = []
    for key in ("title", "excerpt"):
        value = data.get(key)
        if isinstance(value, str):
            parts.append(_fold(value))
    provider = data.get("provider")
    if isinstance(provider, Mapping):
        for key in ("name", "domain"):
            value = provider.get(key)
            if isinstance(value, str):
                parts.append(_fold(value))
    topics = data.get("topics")
    if isinstance(topics, list | tuple):
        parts.extend(_fold(topic) for topic in topics if isinstance(topic, str))
    return _SEP.join(parts)


def _free_words(needles: Sequence[str]) -> _Pred:
    items = tuple(needles)

    def pred(d: Mapping[str, Any], m: bool) -> bool:
        haystack = _free_text(d)
        for needle in items:  # noqa: SIM110
            if needle not in haystack:
                return False
        return True

    return pred


def _text_in(keys: tuple[str, ...], needle: str) -> _Pred:
    def pred(d: Mapping[str, Any], m: bool) -> bool:
        for key in keys:
            value = d.get(key)
            if isinstance(value, str) and needle in _fold(value):
                return True
        return False

    return pred


def _provider_has(needle: str) -> _Pred:
    def pred(d: Mapping[str, Any], m: bool) -> bool:
        provider = d.get("provider")
        if not isinstance(provider, Mapping):
            return False
        for key in ("name", "domain"):
            value = provider.get(key)
            if isinstance(value, str) and needle in _fold(value):
                return True
        return False

    return pred


def _glob(pattern: str) -> Callable[[str], bool]:
    """Whole-string matcher for ``pattern`` where ``*`` matches any run of characters."""
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return pattern.__eq__
    head, *middle, tail = pieces
    minimum = len(head) + len(tail)

    def match(text: str) -> bool:
        if len(text) < minimum or not text.startswith(head) or not text.endswith(tail):
            return False
        pos, stop = len(head), len(text) - len(tail)
        for piece in middle:
            found = text.find(piece, pos, stop)
            if found < 0:
                return False
            pos = found + len(piece)
        return True

    return match


def _topic_is(pattern: str) -> _Pred:
    match = _glob(pattern)

    def pred(d: Mapping[str, Any], m: bool) -> bool:
        topics = d.get("topics")
        if not isinstance(topics, list | tuple):
            return False
        for topic in topics:  # noqa: SIM110
            if isinstance(topic, str) and match(_fold(topic).strip()):
                return True
        return False

    return pred


def _number(key: str, test: _Test) -> _Pred:
    def pred(d: Mapping[str, Any], m: bool) -> bool:
        value = d.get(key)
        return isinstance(value, int | float) and not isinstance(value, bool) and test(value)

    return pred


def _count(key: str, test: _Test) -> _Pred:
    def pred(d: Mapping[str, Any], m: bool) -> bool:
        value = d.get(key)
        if value is None:
            return test(0)
        return isinstance(value, list | tuple) and test(len(value))

    return pred


def _as_utc(value: Any) -> datetime | None:
    """``publishedDateTime`` as an aware datetime (naive and date-only values are UTC)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _date(test: _Test) -> _Pred:
    def pred(d: Mapping[str, Any], m: bool) -> bool:
        moment = _as_utc(d.get("publishedDateTime"))
        if moment is None:
            return False
        try:
            return test(moment)
        except (OverflowError, ValueError):  # extreme offsets near datetime.min/max
            return False

    return pred


def _non_empty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _non_empty_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and len(value) > 0


def _has_key(key: str, check: Callable[[Any], bool]) -> _Pred:
    return lambda d, m: check(d.get(key))


def _has_url(d: Mapping[str, Any], m: bool) -> bool:
    return _non_empty_str(d.get("webUrl")) or _non_empty_str(d.get("originalUrl"))


def _has_provider(d: Mapping[str, Any], m: bool) -> bool:
    provider = d.get("provider")
    return isinstance(provider, Mapping) and (
        _non_empty_str(provider.get("name")) or _non_empty_str(provider.get("domain"))
    )


def _has_date(d: Mapping[str, Any], m: bool) -> bool:
    return _as_utc(d.get("publishedDateTime")) is not None


_HAS: Final[Mapping[str, _Pred]] = MappingProxyType(
    {
        "related": _has_key("related", _non_empty_list),
        "image": _has_key("images", _non_empty_list),
        "images": _has_key("images", _non_empty_list),
        "topic": _has_key("topics", _non_empty_list),
        "topics": _has_key("topics", _non_empty_list),
        "title": _has_key("title", _non_empty_str),
        "excerpt": _has_key("excerpt", _non_empty_str),
        "category": _has_key("category", _non_empty_str),
        "type": _has_key("type", _non_empty_str),
        "url": _has_url,
        "provider": _has_provider,
        "date": _has_date,
    }
)


def _published(want: bool) -> _Pred:
    return lambda d, m: d.get("published") is want


def _modified(want: bool) -> _Pred:
    return lambda d, m: bool(m) is want


_IS: Final[Mapping[str, _Pred]] = MappingProxyType(
    {"published": _published(True), "modified": _modified(True)}
)

_BOOLS: Final[Mapping[str, bool]] = MappingProxyType(
    {"true": True, "yes": True, "false": False, "no": False}
)

# --------------------------------------------------------------------------- values

_OPERATORS: Final = (">=", "<=", "!=", ">", "<", "=")  # longest first
_COMPARE: Final[Mapping[str, Callable[[Any, Any], bool]]] = MappingProxyType(
    {
        ">=": operator.ge,
        "<=": operator.le,
        "!=": operator.ne,
        ">": operator.gt,
        "<": operator.lt,
        "=": operator.eq,
    }
)
_NUMBER_RE: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_DATE_RE: Final = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?)?)?",
    re.ASCII | re.IGNORECASE,
)


def _split_operator(value: str) -> tuple[str, str]:
    for op in _OPERATORS:
        if value.startswith(op):
            return op, value[len(op) :]
    return "", value


def _parse_number(text: str, pos: int) -> float:
    if not text:
        raise QueryError("missing number", pos, "e.g. quality:>=30 or quality:10..50")
    if not _NUMBER_RE.fullmatch(text):
        raise QueryError(f"{text!r} is not a number", pos, "e.g. quality:>=30 or quality:10..50")
    return int(text) if text.lstrip("+-").isdigit() else float(text)


def _parse_day_or_time(text: str, pos: int) -> tuple[datetime, datetime]:
    """The UTC interval ``[start, end)`` that a date value like ``2022-07`` denotes."""
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
    return start, end


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
    if lo is None:
        return (lambda x: x <= hi) if inclusive_high else (lambda x: x < hi)
    if hi is None:
        return lambda x: x >= lo
    return (lambda x: lo <= x <= hi) if inclusive_high else (lambda x: lo <= x < hi)


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
    compare = _COMPARE[op or "="]
    return lambda x: compare(x, bound)


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
        return lambda x: start <= x < end
    if op == "!=":
        return lambda x: not start <= x < end
    if op == ">":
        return lambda x: x >= end
    if op == ">=":
        return lambda x: x >= start
    if op == "<":
        return lambda x: x < start
    return lambda x: x < end  # "<=": up to the end of the named day, month or year


def _parse_bool(value: str, pos: int, field: str) -> bool:
    want = _BOOLS.get(value.lower())
    if want is None:
        shown = value or "nothing"
        raise QueryError(f"{field}: expects true or false, not {shown!r}", pos, "or yes/no")
    return want


def _choice(table: Mapping[str, _Pred], value: str, pos: int, field: str) -> _Pred:
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


def _field_term(tok: _Token) -> _Pred:
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
    if field in ("title", "excerpt", "category", "type"):
        return _text_in((field,), _fold(value))
    if field == "url":
        return _text_in(("webUrl", "originalUrl"), _fold(value))
    if field == "provider":
        return _provider_has(_fold(value))
    if field == "topic":
        return _topic_is(_fold(value).strip())
    if field in ("quality", "heat"):
        return _number(field, _numeric_test(value, pos))
    if field in ("related", "images", "topics"):
        return _count(field, _numeric_test(value, pos))
    if field == "date":
        return _date(_date_test(value, pos))
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

    def _peek(self) -> _Token | None:
        return self._tokens[self._i] if self._i < len(self._tokens) else None

    def parse(self) -> _Pred:
        pred = self._or()
        tok = self._peek()
        if tok is not None:  # only a stray ")" stops _or() early
            raise QueryError("unmatched ')'", tok.pos, "remove it or add a '('")
        return pred

    def _or(self) -> _Pred:
        alternatives = [self._and()]
        while (tok := self._peek()) is not None and tok.kind == "OR":
            self._i += 1
            following = self._peek()
            if following is None or following.kind in ("OR", ")"):
                raise QueryError("'OR' must have a term on both sides", tok.pos)
            alternatives.append(self._and())
        return _any_of(alternatives)

    def _and(self) -> _Pred:
        preds: list[_Pred] = []
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

    def _unary(self) -> _Pred:
        tok = self._tokens[self._i]
        self._i += 1
        if tok.kind == "-":
            following = self._peek()
            if following is None or following.kind in ("OR", ")"):
                raise QueryError("'-' must be followed by a term or a group", tok.pos)
            return _negate(self._unary())
        if tok.kind == "(":
            following = self._peek()
            if following is None:
                raise QueryError("unclosed '('", tok.pos, "add a ')'")
            if following.kind == ")":
                raise QueryError("empty parentheses", tok.pos)
            inner = self._or()
            if self._peek() is None:
                raise QueryError("unclosed '('", tok.pos, "add a ')'")
            self._i += 1  # the ")"
            return inner
        if tok.field is None:
            return _free_words([_fold(tok.value)])
        return _field_term(tok)


# --------------------------------------------------------------------------- public API

_EMPTY: Final[Mapping[str, Any]] = MappingProxyType({})


class Query:
    """A parsed filter; build it with :func:`parse_query`."""

    __slots__ = ("_pred", "_text")

    def __init__(self, text: str, pred: _Pred | None) -> None:
        self._text = text
        self._pred = pred

    @property
    def text(self) -> str:
        """The query text as given to :func:`parse_query`."""
        return self._text

    @property
    def is_empty(self) -> bool:
        """True for a blank query, which matches every record."""
        return self._pred is None

    def matches(self, data: Mapping[str, Any], *, modified: bool = False) -> bool:
        """Whether a record's front matter (``modified``: it has unsaved edits) matches."""
        pred = self._pred
        if pred is None:
            return True
        if type(data) is not dict and not isinstance(data, Mapping):
            data = _EMPTY  # not a mapping at all: every field is missing
        return pred(data, modified)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._text!r})"


def parse_query(text: str) -> Query:
    """Parse filter ``text`` once; raises :class:`QueryError` with the offending position."""
    tokens = _tokenize(text)
    if not tokens:
        return Query(text, None)
    return Query(text, _Parser(tokens).parse())
