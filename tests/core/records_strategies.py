"""Hypothesis strategies that write seed-style records as text, in varied formatting.

The text is written here by hand (never ``yaml.dump``): quote styles per scalar, 2- or
4-space nesting, list dashes indented or flush with their key, flow lists, comments, blank
lines between groups, CRLF, a byte-order mark, block scalars, ``...`` closing fences and
bodies holding ``---`` lines. Each generated record carries the data its front matter is
meant to hold, so a test can check the generator itself (``yaml.CSafeLoader`` must read
exactly that data back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st

from curator.core.layout import TOP_ORDER  # the seed record's key order

LOADER = yaml.CSafeLoader
BOM = "\ufeff"
UTC = dt.UTC

GROUP_STARTS = frozenset({"provider", "topics", "images", "related", "secured"})
UNKNOWN_KEYS = ("notes", "x-review", "légende", "customId")
RELATED_OPTIONAL = ("excerpt", "publishedDateTime", "webUrl", "type", "provider", "quality")

# Text a curator might meet: punctuation that matters to YAML, non-ASCII, emoji.
WORDS = (
    "Myanmar",
    "AI",
    "facial",
    "recognition",
    "report",
    "Zürich",
    "naïve",
    "‘safe cities’",
    "won’t",
    "中文",
    "Жизнь",
    "😀",
    "C#",
    "50%",
    "O'Brien",
    'say "hi"',
    "a: b",
    "#tag",
    "x # y",
    "yes",
    "No",
    "012",
    "2024-01-01",
    "null",
    "~",
    "10:00",
    "- dash",
    "[x]",
    "{y}",
    "*star",
    "&amp",
    "!bang",
    "|pipe",
    ">gt",
    "@at",
    "`tick`",
    "---",
    "...",
    "=",
    "<<",
    "a,b",
    "end:",
    "https://example.org/a?b=c#frag",
)
_ALPHA = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " .,:;!?'\"#-/&*[]{}|>%@`~=+()\\"
    "éüßñçåø’“”…–中文Ж😀🎉"
)
COMMENT_TEXT = st.text(alphabet=_ALPHA, max_size=20).map(str.rstrip)
RECORD_TEXT = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join),
    st.text(alphabet=_ALPHA, max_size=30),
)
LINE_TEXT = st.text(alphabet=_ALPHA, min_size=1, max_size=25).map(str.strip).filter(bool)
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=10)


@dataclass(frozen=True)
class Generated:
    """A generated record file: its text and bytes, and what its front matter holds."""

    text: str
    front: str
    data: dict[str, Any]
    newline: str
    bom: bool
    closing: str
    body: str

    @property
    def raw(self) -> bytes:
        return self.text.encode("utf-8")


# -- scalars -----------------------------------------------------------------------------


def double_quoted(text: str) -> str:
    """``text`` double-quoted on one line (escapes written here, not by curator)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable():
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    """``text`` single-quoted, or None when single quotes cannot hold it on one line."""
    if any(not ch.isprintable() for ch in text):
        return None
    return "'" + text.replace("'", "''") + "'"


def plain_ok(text: str, *, flow: bool = False) -> bool:
    """Whether the generator may write ``text`` unquoted (checked by loading it)."""
    if not text or text != text.strip() or text[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if any(not ch.isprintable() for ch in text):
        return False
    if flow and any(ch in ",[]{}" for ch in text):
        return False
    source = f"[{text}]" if flow else f"k: {text}"
    try:
        loaded = yaml.load(source, Loader=LOADER)
    except yaml.YAMLError:
        return False
    return bool(loaded == ([text] if flow else {"k": text}))


def spell_string(draw: Any, text: str, *, flow: bool = False) -> str:
    """``text`` plain, single- or double-quoted (drawn), falling back when unsafe."""
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain" and plain_ok(text, flow=flow):
        return text
    if style in ("single", "plain"):
        quoted = single_quoted(text)
        if quoted is not None:
            return quoted
    return double_quoted(text)


def spell_scalar(draw: Any, value: Any, *, flow: bool = False) -> str:
    """Any generated scalar as YAML text, in a drawn spelling."""
    if isinstance(value, str):
        return spell_string(draw, value, flow=flow)
    if value is None:
        return draw(st.sampled_from(["null", "~", "Null"]))
    if isinstance(value, bool):
        word = "true" if value else "false"
        return draw(st.sampled_from([word, word.capitalize()]))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is UTC:
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(value)


@st.composite
def dates(draw: Any) -> dt.date:
    """A date or datetime as a record spells it: ``...Z``, ``...+02:00`` or date-only."""
    day = draw(st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2035, 12, 31)))
    kind = draw(st.sampled_from(["z", "z", "offset", "date"]))
    if kind == "date":
        return day
    hour, minute, second = (draw(st.integers(0, n)) for n in (23, 59, 59))
    if kind == "z":
        tz = UTC
    else:
        minutes = draw(st.sampled_from([-300, -60, 60, 120, 330]))
        tz = dt.timezone(dt.timedelta(minutes=minutes))
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)


# -- values ------------------------------------------------------------------------------

URLS = st.builds(
    lambda host, path: f"https://{host}.org/{path}",
    WORD,
    st.text(alphabet="abcdefghij0123456789-/_", max_size=20),
)


@st.composite
def images(draw: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"url": draw(URLS)}
    for key in ("width", "height"):
        if draw(st.booleans()) or key == "width":
            item[key] = draw(st.integers(1, 4000))
    if draw(st.booleans()):
        item["isCached"] = draw(st.booleans())
    return item


@st.composite
def providers(draw: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"name": draw(RECORD_TEXT)}
    if draw(st.integers(0, 4)):
        item["domain"] = draw(WORD) + ".com"
    return item


@st.composite
def related_items(draw: Any) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if draw(st.integers(0, 4)):
        item["title"] = draw(RECORD_TEXT)
    present = draw(st.sets(st.sampled_from(RELATED_OPTIONAL), min_size=0 if item else 1))
    for key in RELATED_OPTIONAL:
        if key not in present:
            continue
        if key == "excerpt":
            item[key] = draw(RECORD_TEXT)
        elif key == "publishedDateTime":
            item[key] = draw(dates())
        elif key == "webUrl":
            item[key] = draw(URLS)
        elif key == "type":
            item[key] = "article"
        elif key == "provider":
            item[key] = draw(providers())
        else:
            item[key] = draw(st.integers(0, 100))
    if draw(st.integers(0, 2)) == 0:
        item["images"] = draw(st.lists(images(), min_size=1, max_size=2))
    return item


@st.composite
def record_data(draw: Any) -> dict[str, Any]:
    """The values of a seed-style front matter, keys in the order the file lists them."""
    data: dict[str, Any] = {}
    omitted = draw(
        st.sets(
            st.sampled_from(
                ["category", "excerpt", "originalUrl", "webUrl", "type", "heat", "secured"]
            )
        )
    )
    for key in ("provider", "topics", "images", "related"):
        if draw(st.integers(0, 9)) == 0:
            omitted.add(key)
    for key in TOP_ORDER:
        if key in omitted:
            continue
        if key in ("category",):
            data[key] = draw(st.sampled_from(["news", "blog", "research"]) | RECORD_TEXT)
        elif key in ("title", "excerpt"):
            data[key] = draw(RECORD_TEXT)
        elif key == "publishedDateTime":
            data[key] = draw(dates())
        elif key in ("originalUrl", "webUrl"):
            data[key] = draw(URLS)
        elif key == "type":
            data[key] = "article"
        elif key in ("quality", "heat"):
            data[key] = draw(st.integers(0, 100))
        elif key == "published":
            data[key] = draw(st.booleans())
        elif key == "provider":
            data[key] = draw(providers())
        elif key == "topics":
            data[key] = draw(st.lists(RECORD_TEXT, max_size=4))
        elif key == "images":
            data[key] = draw(st.lists(images(), max_size=2))
        elif key == "related":
            data[key] = draw(st.lists(related_items(), max_size=3))
        else:
            data[key] = draw(st.text(alphabet="ABCDEFabcdef0123456789+/=;", min_size=20))
    unknown = draw(st.lists(st.sampled_from(UNKNOWN_KEYS), max_size=2, unique=True))
    keys = list(data)
    for name in unknown:
        value = draw(
            st.one_of(
                RECORD_TEXT,
                st.integers(-5, 5000),
                st.none(),
                st.lists(WORD, min_size=1, max_size=3),
                st.fixed_dictionaries({"a": st.integers(0, 9), "b": WORD}),
            )
        )
        keys.insert(draw(st.integers(0, len(keys))), name)
        data[name] = value
    return {key: data[key] for key in keys}


# -- layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """One file's habits: nesting and dash indentation, comments, blank lines, styles."""

    map_indent: int
    seq_indent: int
    comments: bool
    blank_groups: bool
    block_excerpt: str | None
    flow_topics: str | None
    flow_provider: bool
    flow_images: bool


class _Writer:
    """Writes the lines of a front matter for ``data`` in one file's habits."""

    def __init__(self, draw: Any, layout: Layout, block_lines: list[str]) -> None:
        self.draw = draw
        self.layout = layout
        self.block_lines = block_lines
        self.lines: list[str] = []

    def chance(self, one_in: int) -> bool:
        return bool(self.layout.comments and self.draw(st.integers(0, one_in - 1)) == 0)

    def maybe_comment(self, indent: int) -> None:
        if self.chance(7):
            self.lines.append(" " * indent + "# " + self.draw(COMMENT_TEXT))

    def trailing(self) -> str:
        if self.chance(5):
            space = self.draw(st.sampled_from([" ", "  ", "   ", "\t"]))
            return f"{space}# {self.draw(COMMENT_TEXT)}"
        if self.chance(9):
            return self.draw(st.sampled_from([" ", "   ", "\t"]))
        return ""

    def mapping(self, data: dict[str, Any], indent: int, *, top: bool = False) -> None:
        for position, (key, value) in enumerate(data.items()):
            if top and position and self.layout.blank_groups and key in GROUP_STARTS:
                self.lines.append("")
            elif position and self.chance(11):
                self.lines.append("")
            self.maybe_comment(indent)
            self.pair(key, value, indent, top=top)

    def pair(self, key: str, value: Any, indent: int, *, top: bool = False) -> None:
        pad = " " * indent
        sep = self.draw(st.sampled_from([" ", " ", " ", " ", "  ", "\t"]))
        if isinstance(value, dict):
            if key == "provider" and self.layout.flow_provider:
                inner = ", ".join(
                    f"{k}: {spell_scalar(self.draw, v, flow=True)}" for k, v in value.items()
                )
                self.lines.append(f"{pad}{key}:{sep}{{{inner}}}{self.trailing()}")
                return
            self.lines.append(f"{pad}{key}:{self.trailing()}")
            self.mapping(value, indent + self.layout.map_indent)
            return
        if isinstance(value, list):
            self.sequence(key, value, indent)
            return
        if top and key == "excerpt" and self.layout.block_excerpt:
            self.block_scalar(key, indent)
            return
        if value is None and self.draw(st.booleans()):
            self.lines.append(f"{pad}{key}:{self.trailing()}")
            return
        self.lines.append(f"{pad}{key}:{sep}{spell_scalar(self.draw, value)}{self.trailing()}")

    def block_scalar(self, key: str, indent: int) -> None:
        self.lines.append(f"{' ' * indent}{key}: {self.layout.block_excerpt}{self.trailing()}")
        pad = " " * (indent + self.layout.map_indent)
        self.lines.extend(pad + line if line else "" for line in self.block_lines)

    def sequence(self, key: str, items: list[Any], indent: int) -> None:
        pad = " " * indent
        flow = self.layout.flow_topics if key in ("topics", "x-review", "customId") else None
        if not items or (flow is not None and all(isinstance(v, str) for v in items)):
            inner = (flow or ", ").join(spell_scalar(self.draw, v, flow=True) for v in items)
            inside = f"[ {inner} ]" if items and flow == " , " else f"[{inner}]"
            self.lines.append(f"{pad}{key}: {inside}{self.trailing()}")
            return
        self.lines.append(f"{pad}{key}:{self.trailing()}")
        dash = indent + self.layout.seq_indent
        for position, item in enumerate(items):
            if position and self.chance(5):
                self.lines.append("")
            self.maybe_comment(dash)
            if isinstance(item, dict) and key == "images" and self.layout.flow_images:
                inner = ", ".join(
                    f"{k}: {spell_scalar(self.draw, v, flow=True)}" for k, v in item.items()
                )
                self.lines.append(f"{' ' * dash}- {{{inner}}}{self.trailing()}")
                continue
            if not isinstance(item, dict):
                text = spell_scalar(self.draw, item)
                self.lines.append(f"{' ' * dash}- {text}{self.trailing()}")
                continue
            start = len(self.lines)
            first, *rest = item
            self.pair(first, item[first], dash + 2)
            self.lines[start] = " " * dash + "- " + self.lines[start][dash + 2 :]
            for name in rest:
                self.maybe_comment(dash + 2)
                self.pair(name, item[name], dash + 2)


def _block_lines(draw: Any, header: str) -> tuple[list[str], str]:
    """Body lines of a block scalar with header ``header`` and the text they hold."""
    extra = st.sampled_from(["---", "...", "# not a comment", "key: value", "- item"])
    lines = draw(st.lists(LINE_TEXT | extra, min_size=1, max_size=4))
    if header == ">":
        return lines, " ".join(lines) + "\n"
    if len(lines) > 2 and draw(st.booleans()):
        lines.insert(1, "")
    text = "\n".join(lines)
    return lines, text + "\n" if header == "|" else text


BODY_LINES = st.sampled_from(
    ["", "# Heading", "---", "...", "Some text: with a colon", "- item", "Zürich 😀", "key: value"]
)


@st.composite
def records(draw: Any) -> Generated:
    """A record file in the seed's format, written in varied formatting."""
    data = draw(record_data())
    map_indent = draw(st.sampled_from([2, 4]))
    block = draw(st.sampled_from([None, None, "|", "|-", ">"]))
    block_lines: list[str] = []
    if block is not None and "excerpt" in data:
        block_lines, data["excerpt"] = _block_lines(draw, block)
    layout = Layout(
        map_indent=map_indent,
        seq_indent=draw(st.sampled_from(sorted({0, 2, map_indent}))),
        comments=draw(st.booleans()),
        blank_groups=draw(st.booleans()),
        block_excerpt=block,
        flow_topics=draw(st.sampled_from([None, None, ", ", ",", " , "])),
        flow_provider=draw(st.integers(0, 5)) == 0,
        flow_images=draw(st.integers(0, 5)) == 0,
    )
    writer = _Writer(draw, layout, block_lines)
    if layout.comments and draw(st.booleans()):
        writer.lines.append("# " + draw(COMMENT_TEXT))
    writer.mapping(data, 0, top=True)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    front = "".join(line + newline for line in writer.lines)
    bom = draw(st.booleans())
    opening = "---" + draw(st.sampled_from(["", "", "  "])) + newline
    fence = draw(st.sampled_from(["---", "---", "..."])) + draw(st.sampled_from(["", "", " "]))
    body_lines = draw(st.lists(BODY_LINES | LINE_TEXT, max_size=5))
    body = newline.join(body_lines)
    ending = draw(st.sampled_from([newline, newline, ""]))
    closing = fence + (newline if body or ending else "")
    body = body + ending if body else (newline if ending and draw(st.booleans()) else "")
    text = (BOM if bom else "") + opening + front + closing + body
    return Generated(text, front, data, newline, bom, closing, body)


# -- checking ----------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Deep equality that tells types apart and compares datetime offsets too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def load(front: str) -> Any:
    return yaml.load(front, Loader=LOADER)
