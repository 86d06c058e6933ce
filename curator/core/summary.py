"""The summary of one record file: what the table and the query language need, nothing more.

Listing a library only needs a few top-level values per file (title, dates, scores,
counts), never the positions or the whole constructed value tree that editing needs. So
:func:`summarize_file` takes a lean path for ordinary files: compose with the C loader,
walk the nodes once to check what editing would refuse (duplicate keys, shared nodes,
unusual tags, complex keys), then construct only the values a summary shows. Every file
that is not ordinary (aliases, merge keys, explicit tags, a scalar that would not construct,
TOML/JSON front matter, a parse error) takes the full path, :func:`~.record.parse_record`,
so its summary or problem is exactly what opening it for editing would give.

Runs in worker processes: plain data in, plain tuples out, no Qt.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import math
import os
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

import yaml

from .fences import FenceError, split_document
from .fields import as_datetime as as_utc
from .links import own_digest, related_digests, title_key
from .lint import Marks, encode, lint_values, value_marks
from .quickyaml import builder as _builder
from .quickyaml import plain_tag, quick_read
from .reading import Unreadable, read_regular
from .yamlsafe import MAX_DEPTH, MAX_FRONT_CHARS, Loader, deeply_bracketed

#: Summary columns, in the order :func:`summarize` returns them.
SUMMARY_COLUMNS: Final = (
    "title",  # display text ('' when missing)
    "title_f",  # folded, only when the value is a string (the query's rule)
    "excerpt",
    "excerpt_f",
    "category",
    "category_f",
    "type",
    "type_f",
    "provider",  # display name (or domain)
    "provider_f",  # folded name and domain, joined by SEP
    "date",  # the value as written (ISO text)
    "date_utc",  # seconds since the epoch, UTC; NULL when not a date
    "date_only",  # 1 when the value is a date without a time
    "quality",  # the number, NULL when not a number
    "quality_text",  # what the file holds when it is not a number
    "heat",
    "heat_text",
    "published",  # 1/0 for a real bool, NULL otherwise
    "topics",  # display text
    "topics_f",  # folded topics joined by SEP (free-text search)
    "n_topics",  # count; 0 when missing; NULL when not a list
    "n_related",
    "n_images",
    "web_url",
    "original_url",
    "url_f",
    "has_bits",
    "readonly",
    "title_key",  # near-identical titles share it (duplicates, see links.py)
    "own_digest",  # digest of the fields a related item copies
    "related_digests",  # JSON [[webUrl, digest], ...] of the related items
)

SEP: Final = "\x1f"  # joins folded parts; never typed into a query

HAS_BITS: Final[Mapping[str, int]] = {
    "related": 1,
    "images": 2,
    "topics": 4,
    "title": 8,
    "excerpt": 16,
    "category": 32,
    "type": 64,
    "url": 128,
    "provider": 256,
    "date": 512,
}

_STR: Final = "tag:yaml.org,2002:str"
_MAP: Final = "tag:yaml.org,2002:map"
_SEQ: Final = "tag:yaml.org,2002:seq"
_NULL: Final = "tag:yaml.org,2002:null"
_CHECKED_SCALARS: Final = frozenset(
    "tag:yaml.org,2002:" + name for name in ("int", "float", "bool", "timestamp")
)
_WANTED: Final = frozenset(
    (
        "title",
        "excerpt",
        "category",
        "type",
        "provider",
        "publishedDateTime",
        "quality",
        "heat",
        "published",
        "topics",
        "webUrl",
        "originalUrl",
        "related",
        "images",
    )
)


# --------------------------------------------------------------------------- folding


@functools.lru_cache(maxsize=1 << 14)
def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of ``text`` (ASCII takes a fast path)."""
    return text.lower() if text.isascii() else _fold_slow(text)


# --------------------------------------------------------------------------- values


_INT64: Final = 2**63 - 1


def _number(value: Any) -> int | float | None:
    """A number as SQLite can hold it (huge integers become floats, or infinities)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if -_INT64 <= value <= _INT64:
            return value
        return math.inf if value > 0 else -math.inf
    if isinstance(value, float):
        return value
    return None


def _show(value: Any) -> str:
    """``str(value)``, or a stand-in where Python refuses to print it: an integer longer
    than ``sys.get_int_max_str_digits()`` (``0x`` and a few thousand digits), alone or in
    a list."""
    try:
        return str(value)
    except ValueError:
        return f"({type(value).__name__} too long to show)"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _folded(value: Any) -> str | None:
    return fold(value) if isinstance(value, str) else None


def _count(value: Any) -> int | None:
    if value is None:
        return 0
    if isinstance(value, list | tuple):
        return len(value)
    return None


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else _show(value)


def _epoch(moment: datetime | None) -> float | None:
    if moment is None:
        return None
    try:
        return moment.timestamp()
    except (OverflowError, ValueError):
        return None


def summarize(data: Mapping[str, Any], readonly: str | None = None) -> tuple[Any, ...]:
    """The :data:`SUMMARY_COLUMNS` of a record's front-matter values."""
    title = data.get("title")
    provider = data.get("provider")
    name = domain = None
    if isinstance(provider, Mapping):
        name, domain = provider.get("name"), provider.get("domain")
        provider_text = _show(name or domain or "")
        parts = [fold(v) for v in (name, domain) if isinstance(v, str)]
        provider_f: str | None = SEP.join(parts)
    else:
        provider_text = "" if provider is None else _show(provider)
        provider_f = None
    when = data.get("publishedDateTime")
    moment = as_utc(when)
    quality, heat = data.get("quality"), data.get("heat")
    published = data.get("published")
    topics = data.get("topics")
    if isinstance(topics, list):
        topics_text = ", ".join(map(_show, topics))
        topics_f: str | None = SEP.join(fold(t) for t in topics if isinstance(t, str))
    else:
        topics_text, topics_f = _show(topics or ""), None
    web, original = _text(data.get("webUrl")), _text(data.get("originalUrl"))
    urls = [fold(u) for u in (web, original) if u is not None]
    n_related, n_images, n_topics = (_count(data.get(k)) for k in ("related", "images", "topics"))
    bits = (
        (1 if n_related else 0)
        | (2 if n_images else 0)
        | (4 if n_topics else 0)
        | (8 if _filled(title) else 0)
        | (16 if _filled(data.get("excerpt")) else 0)
        | (32 if _filled(data.get("category")) else 0)
        | (64 if _filled(data.get("type")) else 0)
        | (128 if _filled(web) or _filled(original) else 0)
        | (256 if _filled(name) or _filled(domain) else 0)
        | (512 if moment is not None else 0)
    )
    excerpt = data.get("excerpt")
    return (
        "" if title is None else _show(title),
        _folded(title),
        None if excerpt is None else _show(excerpt),
        _folded(excerpt),
        _text(data.get("category")),
        _folded(data.get("category")),
        _text(data.get("type")),
        _folded(data.get("type")),
        provider_text,
        provider_f,
        _iso(when),
        _epoch(moment),
        1 if isinstance(when, date) and not isinstance(when, datetime) else 0,
        _number(quality),
        None if quality is None or _number(quality) is not None else _show(quality),
        _number(heat),
        None if heat is None or _number(heat) is not None else _show(heat),
        int(published) if isinstance(published, bool) else None,
        topics_text,
        topics_f,
        n_topics,
        n_related,
        n_images,
        web,
        original,
        SEP.join(urls) if urls else None,
        bits,
        readonly,
        title_key(title),
        own_digest(data),
        related_digests(data),
    )


#: SQL for :func:`free_text` over the summary columns (the index stores it).
FREE_TEXT_SQL: Final = (
    "coalesce(title_f, '') || char(31) || coalesce(excerpt_f, '') || char(31) || "
    "coalesce(provider_f, '') || char(31) || coalesce(topics_f, '')"
)
#: SQL for the excerpt's part of ``free_f`` (its second field).
EXCERPT_OF_FREE_SQL: Final = (
    "substr(substr(free_f, instr(free_f, char(31)) + 1), 1, "
    "instr(substr(free_f, instr(free_f, char(31)) + 1), char(31)) - 1)"
)


def free_text(summary: Sequence[Any]) -> str:
    """What free words search in one string: folded title, excerpt, provider and topics,
    joined by :data:`SEP` (so a word never matches across two of them)."""
    at = SUMMARY_COLUMNS.index
    parts = (summary[at(c)] for c in ("title_f", "excerpt_f", "provider_f", "topics_f"))
    return SEP.join(p or "" for p in parts)


def topic_keys(data: Mapping[str, Any]) -> list[str]:
    """The record's topics as ``topic:`` matches them: folded, stripped strings."""
    topics = data.get("topics")
    if not isinstance(topics, list):
        return []
    return [fold(t).strip() for t in topics if isinstance(t, str)]


# --------------------------------------------------------------------------- lean loading


class _LeanLoader(Loader):  # type: ignore[misc, valid-type]
    """The same C loader with the per-node Python callbacks made cheap.

    The composer calls ``resolve`` for every node and ``descend_resolver``/
    ``ascend_resolver`` around it; with no path resolvers these are no-ops, and a plain
    scalar's tag depends on its text alone (:func:`.quickyaml.plain_tag`, which knows most
    are strings by their first letter). The answers are exactly the base class's (a test
    compares them on generated scalars).
    """

    descend_resolver = staticmethod(slice)  # two arguments, no effect, no Python frame
    ascend_resolver = staticmethod(tuple)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return plain_tag(value) if implicit[0] else _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


class _NotOrdinary(Exception):
    """The lean path cannot vouch for this front matter: take the full path."""


def lean_data(front: str) -> dict[str, Any] | None:
    """The summary's values of an ordinary YAML front matter, or raise :class:`_NotOrdinary`.

    None when the front matter is empty.
    """
    return _lean(front)[0]


def _lean(front: str) -> tuple[dict[str, Any] | None, yaml.Node | None]:
    """:func:`lean_data` and its node tree (where its values are written, for
    :func:`.lint.value_marks`)."""
    if len(front) > MAX_FRONT_CHARS or deeply_bracketed(front):
        raise _NotOrdinary  # the full path refuses it, or composes it safely
    quick = quick_read(front, _plain_scalar)
    if quick is not None:
        return {k: v for k, v in quick.items() if k in _WANTED}, None
    loader = _LeanLoader(front)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        if not isinstance(root, yaml.MappingNode) or root.tag != _MAP:
            raise _NotOrdinary
        # Without a "*" in the text there is no alias, so no node is shared.
        data = _Walk(loader, set() if "*" in front else None).mapping(root, 1)
        return {k: v for k, v in data.items() if k in _WANTED}, root
    except Exception:  # what a constructor raises is open-ended (IndexError, AttributeError)
        raise _NotOrdinary from None
    finally:
        loader.dispose()


def _marks(front: str, root: yaml.Node | None) -> Marks:
    """:func:`.lint.value_marks` of a front matter :func:`_lean` took (its node tree, or
    composed now where :func:`.quickyaml.quick_read` read it without one)."""
    if root is None:
        loader = _LeanLoader(front)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    return value_marks(root)


_SCALAR: Final = yaml.ScalarNode
_INT: Final = "tag:yaml.org,2002:int"
_TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"
_BOOL: Final = "tag:yaml.org,2002:bool"
_BOOLS: Final[Mapping[str, bool]] = dict(Loader.bool_values)
_SCALAR_BUILDERS: Final = {tag: Loader.yaml_constructors[tag] for tag in _CHECKED_SCALARS}


def _quick_scalar(tag: str, text: str) -> Any:
    """The value of the commonest checked scalars (``600``, ``2022-07-12T10:24:00Z``)
    without the constructor's regular expressions; None for any other text. The same
    values as the constructors (a test compares them)."""
    if tag == _BOOL:
        return _BOOLS.get(text.lower())
    if tag == _INT:
        if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
            return int(text)  # no sign, base prefix, underscore, colon or octal zero
    elif (
        tag == _TIMESTAMP
        and len(text) == 20
        and text[4] == text[7] == "-"
        and text[10] == "T"
        and text[13] == text[16] == ":"
        and text[19] == "Z"
    ):
        digits = text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:19]
        if digits.isdigit() and digits.isascii():
            return datetime(  # ValueError for a day or hour out of range, as the constructor
                int(text[:4]),
                int(text[5:7]),
                int(text[8:10]),
                int(text[11:13]),
                int(text[14:16]),
                int(text[17:19]),
                tzinfo=UTC,
            )
    return None


def _plain_scalar(tag: str, text: str) -> Any:
    """The value of a plain scalar :func:`.quickyaml.quick_read` met, tagged neither str
    nor null: what the walk builds for it; raises for a tag it does not take."""
    quick = _quick_scalar(tag, text)
    if quick is not None:
        return quick
    return _SCALAR_BUILDERS[tag](_builder(), yaml.ScalarNode(tag, text))


class _Walk:
    """Build a composed tree's values in one pass, raising :class:`_NotOrdinary` for
    anything the full path treats specially: a shared node (an alias), a tag other than
    the standard ones, a key that is not a string (merge and complex keys), a duplicate
    key, nesting past MAX_DEPTH, or a scalar that would not construct. What it builds is
    what ``construct_object`` builds, without that per-node machinery (a test compares
    them)."""

    __slots__ = ("loader", "seen")

    def __init__(self, loader: Any, seen: set[int] | None) -> None:
        self.loader, self.seen = loader, seen

    def value(self, node: yaml.Node, level: int) -> Any:
        """The value of ``node``, at ``level`` (the root is level 1)."""
        if self.seen is not None:
            self.shared(node)
        kind, tag = type(node), node.tag
        if kind is _SCALAR:
            if tag == _STR:
                return node.value
            if tag == _NULL:
                return None
            quick = _quick_scalar(tag, node.value)
            if quick is not None:
                return quick
            build = _SCALAR_BUILDERS.get(tag)
            if build is None:
                raise _NotOrdinary
            return build(self.loader, node)  # raises if it would not construct
        if level >= MAX_DEPTH and node.value:
            raise _NotOrdinary  # deeper than MAX_DEPTH: the full path says where
        if kind is yaml.MappingNode:
            return self.mapping(node, level)
        if tag != _SEQ:
            raise _NotOrdinary
        value, below = self.value, level + 1
        if self.seen is None:  # a string item is its text (inlined: most items are)
            return [
                item.value if type(item) is _SCALAR and item.tag == _STR else value(item, below)
                for item in node.value
            ]
        return [value(item, below) for item in node.value]

    def mapping(self, node: yaml.Node, level: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise _NotOrdinary
        built: dict[str, Any] = {}
        seen, value, below = self.seen, self.value, level + 1
        for key_node, value_node in node.value:
            if type(key_node) is not _SCALAR or key_node.tag != _STR:
                raise _NotOrdinary  # merge keys, complex keys, non-string keys
            if seen is not None:
                self.shared(key_node)
            elif type(value_node) is _SCALAR and value_node.tag == _STR:
                built[key_node.value] = value_node.value  # inlined: most values are text
                continue
            built[key_node.value] = value(value_node, below)
        if len(built) != len(node.value):
            raise _NotOrdinary  # a duplicate key: the full path reports where
        return built

    def shared(self, node: yaml.Node) -> None:
        assert self.seen is not None
        if id(node) in self.seen:
            raise _NotOrdinary  # a node met twice: an alias
        self.seen.add(id(node))


# --------------------------------------------------------------------------- files

#: Columns of a listed file, before its summary: where it is and what it holds.
FILE_COLUMNS: Final = ("path", "size", "mtime_ns", "ctime_ns", "inode", "hash")
PROBLEM_COLUMNS: Final = ("problem", "problem_line", "problem_column", "lint")

_EMPTY_SUMMARY: Final = (None,) * len(SUMMARY_COLUMNS)


def content_hash(raw: bytes) -> str:
    """A short content hash: notices a change that keeps size and modification time."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def summarize_file(path: str, relative: str) -> tuple[Any, ...]:
    """One index row for the file at ``path``: file columns, summary, problem, topics.

    Never raises: a file that cannot be read or parsed gives a row with its problem.
    The last column is the list of :func:`topic_keys`.
    """
    try:
        info, raw = read_regular(path)
    except Unreadable as error:
        return _problem_row(relative, None, None, f"cannot read: {error.message}", 1, 1)
    digest = content_hash(raw)
    try:
        data, readonly, findings = _load(path, raw)
        summary = summarize(data, readonly)
        topics = topic_keys(data)
    except _Refused as refused:
        return _problem_row(relative, info, digest, refused.message, refused.line, refused.column)
    except Exception as error:  # a bug here must cost this file alone, never a batch
        # No stat signature: the row is not trusted, so the file is parsed again next time.
        message = f"cannot read: {type(error).__name__}: {error}"
        return _problem_row(relative, None, None, message, 1, 1)
    return (*_file_part(relative, info, digest), *summary, None, None, None, findings, topics)


def _file_part(relative: str, info: os.stat_result | None, digest: str | None) -> tuple[Any, ...]:
    if info is None:
        return (relative, None, None, None, None, digest)
    return (relative, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, digest)


def _problem_row(
    relative: str,
    info: os.stat_result | None,
    digest: str | None,
    message: str,
    line: int,
    column: int,
) -> tuple[Any, ...]:
    return (*_file_part(relative, info, digest), *_EMPTY_SUMMARY, message, line, column, None, [])


def unread_row(relative: str, message: str) -> tuple[Any, ...]:
    """The row of a file that was not read: its problem, no summary and no stat signature
    (a row without one is never trusted, so the file is read again next time)."""
    return _problem_row(relative, None, None, message, 1, 1)


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


#: Past this size the lean path decodes only a file's head (room for the largest front
#: matter it reads, 4 bytes a character) and checks the rest is UTF-8 piece by piece, so
#: a large body is held once, as the bytes read, never also as text.
_HEAD_BYTES: Final = 4 * MAX_FRONT_CHARS + 64
_CHUNK: Final = 1 << 20


def _front_text(raw: bytes) -> str:
    """All of a small file's text; the whole lines of a large file's head, once the rest is
    known to be UTF-8. Raises UnicodeDecodeError as ``raw.decode()`` would."""
    if len(raw) <= _HEAD_BYTES:
        return raw.decode("utf-8")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    head = decoder.decode(view[:_HEAD_BYTES])
    for start in range(_HEAD_BYTES, len(raw), _CHUNK):
        decoder.decode(view[start : start + _CHUNK])  # checked, then dropped
    decoder.decode(b"", final=True)
    return head[: head.rfind("\n") + 1]  # a cut line could pass for a closing fence


Loaded = tuple[Mapping[str, Any], str | None, str | None]


def _load(path: str, raw: bytes) -> Loaded:
    """The values a summary needs, why the file is read-only (if it is) and its lint
    findings (:func:`.lint.encode`)."""
    try:
        split = split_document(_front_text(raw))
    except (UnicodeDecodeError, FenceError):
        split = None
    if split is not None and split.kind == "yaml":
        try:
            data, root = _lean(split.front)
        except _NotOrdinary:
            pass
        else:
            data = {} if data is None else data
            findings = lint_values(data, {}, split.front_line)  # where: only when needed
            if findings:
                findings = lint_values(data, _marks(split.front, root), split.front_line)
            return data, None, encode(findings)
    return _full(path, raw)


def values_and_marks(path: str) -> tuple[Mapping[str, Any], Marks, int] | None:
    """A record file's summary values (related items and images whole), where each is
    written (:func:`.lint.value_marks`, 0-based) and the file line its front matter starts
    on; None when it does not load. The lean path where it can, for ``check``."""
    try:
        raw = read_regular(path)[1]
        split = split_document(_front_text(raw))
        if split.kind == "yaml":
            data, root = _lean(split.front)
            return ({} if data is None else data), _marks(split.front, root), split.front_line
    except (Unreadable, UnicodeDecodeError, FenceError):
        return None
    except _NotOrdinary:
        pass
    from .record import Problem, parse_record
    from .yamlsafe import YamlProblem, compose

    loaded = parse_record(Path(path), raw)
    if isinstance(loaded, Problem) or loaded.split.kind != "yaml":
        return None
    try:
        marks = value_marks(compose(loaded.split.front).node)
    except YamlProblem:
        marks = {}
    return loaded.data, marks, loaded.split.front_line


def _full(path: str, raw: bytes) -> Loaded:
    from .record import Problem, parse_record  # the editing path: the reference
    from .yamlsafe import compose

    try:
        loaded = parse_record(Path(path), raw)
    except Exception as error:
        raise _Refused(f"cannot read: {type(error).__name__}: {error}", 1, 1) from None
    if isinstance(loaded, Problem):
        raise _Refused(loaded.message, loaded.line, loaded.column)
    split = loaded.split
    marks = value_marks(compose(split.front).node) if split.kind == "yaml" else {}
    findings = lint_values(loaded.data, marks, split.front_line)
    return loaded.data, loaded.readonly, encode(findings)
