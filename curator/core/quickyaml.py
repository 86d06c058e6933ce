"""Read the plain block YAML of an ordinary record line by line, or decline.

Listing a library composes every file's front matter with PyYAML's C composer: for a
seed-style record, 84 nodes and 168 marks built as Python objects, then walked; most of
an index worker's time. Records as they arrive use a small part of YAML: block mappings
and sequences, ``key: value`` lines, plain scalars on one line, double-quoted strings
without escapes, single-quoted strings, ``[]`` and ``{}``, comment lines.
:func:`quick_read` reads exactly that part, one regular expression over the text and a
descent over its lines, and declines (returns None) anything else, for the composer to
read as before: tabs, carriage returns, control characters, flow collections, block
scalars, anchors and aliases, tags, escapes, multi-line scalars, comments after a plain
value, keys that are not simple words, duplicate keys, any indentation it cannot place.

What it returns is what :func:`.summary.lean_data` builds from the composed tree: the
same dict, with the same types (a hypothesis test compares the two on generated documents
and on arbitrary text, where every text it accepts must agree).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

import yaml

from .yamlsafe import Loader

_STR: Final = "tag:yaml.org,2002:str"
_NULL: Final = "tag:yaml.org,2002:null"
_TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"
_MAX_LEVEL: Final = 24  # deeper than any record; MAX_DEPTH (100) stays the composer's

#: One line that is not blank or a comment: its indentation, a ``- `` item marker with
#: the spaces after it, a simple key with its colon, and the text after them. A line
#: that is neither an item nor a key is found too (key and marker empty) and declines.
_LINE: Final = re.compile(
    r"^( *)(?=[^ \n#])(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.M
)
_DOUBLE: Final = re.compile(r'"([^"\\]*)" *(?: #.*)?')
_SINGLE: Final = re.compile(r"'((?:[^']|'')*)' *(?: #.*)?")
#: First characters of a plain scalar that make it something else, or need a rule this
#: reader leaves to the composer ("-1", "? x", ": y").
_INDICATORS: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: First characters no implicit resolver claims: a plain scalar starting so is a string.
_STR_FIRST: Final = frozenset(
    ch for ch in map(chr, range(0x21, 0x7F)) if ch not in Loader.yaml_implicit_resolvers
)
_KEPT: Final = 8192  # entries each cache below keeps at most

#: Plain texts resolved: text → tag (a plain scalar's tag depends on its text alone).
_TAGS: dict[str, str] = {}
#: Keys known to be strings (not ``yes``, ``null``, ``on``: those decline).
_KEYS: set[str] = set()
#: Short plain scalars read: text as written → (value,). Values repeat across files
#: (800, true, article) and every one kept is immutable (str, int, float, bool, None, a
#: date); 2021-09-22T05:17:00Z is unique to a file and never kept.
_PLAIN: dict[str, tuple[Any]] = {}

#: A line: indentation, item marker ("- " or ""), key ("" if none), text after them.
_Line = tuple[str, str, str, str]


class _Decline(Exception):
    pass


def quick_read(front: str, scalar: Callable[[str, str], Any]) -> dict[str, Any] | None:
    """The mapping a plain block front matter holds, or None to decline.

    ``scalar(tag, text)`` gives a plain scalar's value for a tag other than str and null,
    and raises for a tag or text it does not take; :mod:`.summary` passes the one its
    walk uses.
    """
    # What isprintable() takes is what libyaml takes as text on one line, less a few it
    # would also take (private use, spaces other than " "), which decline; "\n" is the one
    # line break let through (no "\r", NEL, U+2028), and no tab or byte order mark.
    if not front.replace("\n", " ").isprintable():
        return None
    try:
        return _Reader(_LINE.findall(front), scalar).document()
    except Exception:  # _Decline, or a scalar that would not construct: the composer's
        return None


def builder() -> Any:
    """A loader kept for resolving and constructing lone scalars (its stream is empty)."""
    if not _BUILDER:
        _BUILDER.append(Loader(""))
    return _BUILDER[0]


_BUILDER: list[Any] = []


class _Reader:
    """A recursive descent over the lines, comparing indentations as texts of spaces
    (for those, a longer text is a greater one)."""

    __slots__ = ("at", "lines", "scalar")

    def __init__(self, lines: list[_Line], scalar: Callable[[str, str], Any]) -> None:
        self.lines, self.at, self.scalar = lines, 0, scalar

    def document(self) -> dict[str, Any]:
        """The root mapping. Each block takes the lines at its own indentation only, so
        every line YAML would read otherwise (a continuation, a block after a value, an
        item among keys, a bare scalar, a dedent to no block) is left over: declined."""
        lines = self.lines
        if not lines or lines[0][0] or lines[0][1]:
            raise _Decline  # empty, indented or a sequence: the composer's
        data = self.mapping("", 1, False)
        if self.at != len(lines):
            raise _Decline
        return data

    def block(self, level: int) -> Any:
        if level > _MAX_LEVEL:
            raise _Decline
        indent, item = self.lines[self.at][:2]
        return self.sequence(indent, level) if item else self.mapping(indent, level, False)

    def mapping(self, indent: str, level: int, in_item: bool) -> dict[str, Any]:
        """The mapping at ``indent``; ``in_item``: its first key is on an item's line."""
        lines = self.lines
        end = len(lines)
        built: dict[str, Any] = {}
        at = self.at
        while at < end:
            column, item, key, text = lines[at]
            if in_item:
                in_item = False
            elif column != indent or item:
                break
            if not key or key in built or (key not in _KEYS and not _string_key(key)):
                raise _Decline  # a bare scalar, a duplicate key, a key that is no string
            at += 1
            if text:
                built[key] = self.value(text)
                continue
            if at < end:
                column, item = lines[at][:2]
                if column > indent or (column == indent and item):
                    self.at = at
                    built[key] = self.block(level + 1)
                    at = self.at
                    continue
            built[key] = None
        self.at = at
        return built

    def sequence(self, indent: str, level: int) -> list[Any]:
        lines = self.lines
        end = len(lines)
        built: list[Any] = []
        at = self.at
        while at < end:
            column, item, key, text = lines[at]
            if column != indent or not item:
                break
            if key:  # "- url: x": a mapping at the key's column, its first key here
                if level >= _MAX_LEVEL:
                    raise _Decline
                self.at = at
                built.append(self.mapping(" " * (len(column) + len(item)), level + 1, True))
                at = self.at
                continue
            at += 1
            if text:
                built.append(self.value(text))
            elif at < end and lines[at][0] > indent:
                self.at = at  # "-" then the item's block on the lines below
                built.append(self.block(level + 1))
                at = self.at
            else:
                raise _Decline  # "-" alone: an empty item, the composer's
        self.at = at
        return built

    def value(self, text: str) -> Any:
        first = text[0]
        if first == '"':
            if text[-1] == '"' and text.count('"') == 2 and "\\" not in text:
                return text[1:-1]  # the commonest form, without the expression
            found = _DOUBLE.fullmatch(text)
            if found is None:
                raise _Decline
            return found.group(1)
        known = _PLAIN.get(text)
        if known is not None:
            return known[0]
        if first == "'":
            found = _SINGLE.fullmatch(text)
            if found is None:
                raise _Decline
            return found.group(1).replace("''", "'")
        if first in _INDICATORS:
            text = text.rstrip(" ")
            if text == "[]":
                return []
            if text == "{}":
                return {}
            raise _Decline
        return self.plain(text)

    def plain(self, text: str) -> Any:
        if ": " in text or " #" in text:
            raise _Decline  # a mapping inside a value, or a comment after it
        stripped = text.rstrip(" ")
        if stripped[-1] == ":":
            raise _Decline
        if _stamped(stripped):
            return self.scalar(_TIMESTAMP, stripped)
        tag = plain_tag(stripped)
        value = stripped if tag == _STR else None if tag == _NULL else self.scalar(tag, stripped)
        if len(text) <= 24 and len(_PLAIN) < _KEPT:
            _PLAIN[text] = (value,)
        return value


def plain_tag(text: str) -> str:
    """The tag the implicit resolvers give a plain scalar's text (the composer's
    resolver in :mod:`.summary` asks here too)."""
    if text and text[0] in _STR_FIRST:
        return _STR
    tag = _TAGS.get(text)
    if tag is None:
        tag = str(builder().resolve(yaml.ScalarNode, text, (True, False)))
        if len(text) <= 24 and len(_TAGS) < _KEPT:
            _TAGS[text] = tag
    return tag


def _string_key(key: str) -> bool:
    if plain_tag(key) != _STR:
        return False
    if len(_KEYS) < _KEPT:
        _KEYS.add(key)
    return True


def _stamped(text: str) -> bool:
    """Whether a plain scalar reads as 2021-09-22T05:17:00Z: only the timestamp resolver
    takes that form (the int and float ones need digits, "_", ":" or "." throughout)."""
    return (
        len(text) == 20
        and text[4] == text[7] == "-"
        and text[10] == "T"
        and text[13] == text[16] == ":"
        and text[19] == "Z"
        and text.isascii()
        and (text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:19]).isdigit()
    )
