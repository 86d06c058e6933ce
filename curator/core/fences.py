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
    found = close.search(rest, start)
    if found is None:
        raise FenceError("front matter opened on line 1 is never closed (no '---' or '...')", 1)
    return Split(
        kind=kind,
        bom=bom,
        opening=rest[:start],
        front=rest[start : found.start()],
        closing=rest[found.start() : found.end()],
        body=rest[found.end() :],
        newline=newline,
    )


def _split_json(rest: str, bom: bool, newline: str) -> Split:
    """JSON front matter as python-frontmatter writes it: a ``{`` line to a ``}`` line."""
    found = re.search(r"^\}[ \t]*(?:\r\n|\n|$)", rest, re.MULTILINE)
    if found is None:
        return Split("none", bom, "", "", "", rest, newline)
    return Split("json", bom, "", rest[: found.end()], "", rest[found.end() :], newline)
