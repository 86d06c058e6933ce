"""Split a Markdown file into its front matter and body without changing a byte.

The scanner keeps everything it does not own verbatim: the byte-order mark, the fence
lines (trailing spaces, CRLF, a closing ``...``), and the body. Joining the parts of a
:class:`Split` gives back the exact text that was split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BOM = "\ufeff"

FrontKind = Literal["yaml", "toml", "json", "none"]

_YAML_OPEN = re.compile(r"---[ \t]*(\r\n|\n)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|$)", re.MULTILINE)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(\r\n|\n)")


@dataclass(frozen=True)
class Split:
    """A document cut into parts; ``bom + opening + front + closing + body`` is the source.

    ``front`` is the front-matter text exactly as written, ending with the newline of its
    last line (or empty). ``front_line`` is the 1-based line of the file where it starts.
    """

    kind: FrontKind
    bom: bool
    opening: str
    front: str
    closing: str
    body: str
    newline: str

    @property
    def front_line(self) -> int:
        """1-based file line on which the front-matter text starts."""
        return self.opening.count("\n") + 1

    def join(self, front: str | None = None) -> str:
        """The whole document text, with ``front`` in place of the original if given."""
        head = BOM if self.bom else ""
        middle = self.front if front is None else front
        return head + self.opening + middle + self.closing + self.body


class FenceError(ValueError):
    """The document starts a front-matter block that never closes."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def detect_newline(text: str) -> str:
    """The line ending the text uses first: ``"\\r\\n"`` or ``"\\n"``."""
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    return "\n"


def split_document(text: str) -> Split:
    """Cut ``text`` (decoded, BOM included if any) into its parts.

    A document without front matter gives ``kind == "none"`` with everything in ``body``.
    Raises :class:`FenceError` when an opening ``---`` has no closing fence.
    """
    bom = text.startswith(BOM)
    rest = text[1:] if bom else text
    newline = detect_newline(rest)
    opening = _YAML_OPEN.match(rest)
    if opening is not None:
        return _split_fenced(rest, opening.end(), bom, newline, "yaml", _YAML_CLOSE)
    toml = _TOML_OPEN.match(rest)
    if toml is not None:
        close = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\n|$)", re.MULTILINE)
        return _split_fenced(rest, toml.end(), bom, newline, "toml", close)
    if rest.startswith("{"):
        return _split_json(rest, bom, newline)
    return Split("none", bom, "", "", "", rest, newline)


def _split_fenced(
    rest: str, start: int, bom: bool, newline: str, kind: FrontKind, close: re.Pattern[str]
) -> Split:
    found = _yaml_close(rest, start) if kind == "yaml" else close.search(rest, start)
    if found is None:
        raise FenceError("front matter opened on line 1 is never closed (no '---' or '...')", 1)
    begin, end = found.start(), found.end()
    return Split(
        kind=kind,
        bom=bom,
        opening=rest[:start],
        front=rest[start:begin],
        closing=rest[begin:end],
        body=rest[end:],
        newline=newline,
    )


_FENCE_TAIL = re.compile(r"[ \t]*(?:\r\n|\n|\Z)")


class _Span:
    """Where a closing fence was found (what ``re.Match`` offers of it)."""

    __slots__ = ("_begin", "_end")

    def __init__(self, begin: int, end: int) -> None:
        self._begin, self._end = begin, end

    def start(self) -> int:
        return self._begin

    def end(self) -> int:
        return self._end


def _yaml_close(rest: str, start: int) -> _Span | None:
    """What ``_YAML_CLOSE.search(rest, start)`` finds (``start`` begins a line), found
    with ``str.find`` rather than by trying the pattern at every character: 19 µs ->
    2 µs on a 2.5 kB front matter, once per file listed."""
    found: _Span | None = None
    for fence in ("---", "..."):
        at = start - 1  # the newline ending the opening line: a fence may start at once
        while True:
            at = rest.find("\n" + fence, at)
            if at < 0 or (found is not None and at + 1 >= found.start()):
                break
            tail = _FENCE_TAIL.match(rest, at + 4)
            if tail is not None:
                found = _Span(at + 1, tail.end())
                break
            at += 1
    return found


def _split_json(rest: str, bom: bool, newline: str) -> Split:
    """JSON front matter as python-frontmatter writes it: a ``{`` line to a ``}`` line."""
    found = re.search(r"^\}[ \t]*(?:\r\n|\n|$)", rest, re.MULTILINE)
    if found is None:
        return Split("none", bom, "", "", "", rest, newline)
    return Split("json", bom, "", rest[: found.end()], "", rest[found.end() :], newline)
