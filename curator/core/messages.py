"""Problems in a curator's words: a parser's message becomes a sentence saying what is wrong
and what to do, and the parser's own text is kept as the detail under it.

One table of rules, matched in order; a message no rule knows is shown as it is.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Explained(NamedTuple):
    """What a curator reads (``headline``) and the parser's own text (``detail``, may be '')."""

    headline: str
    detail: str


# (pattern over the parser's message, headline; {name} takes the pattern's named groups)
_RULES: tuple[tuple[str, str], ...] = (
    (
        r"could not determine a constructor for the tag '(?:tag:yaml\.org,2002:)?"
        r"(?P<tag>python/[^']*)'",
        "A value is tagged to run Python code (!!{tag}); curator never runs code from a file "
        "and does not open it",
    ),
    (
        r"could not determine a constructor for the tag '(?P<tag>[^']*)'",
        "A value has the tag {tag}, which curator does not know: remove the tag to open the file",
    ),
    (
        r"exceeded maximum nesting depth|nested too deeply",
        "Lists or maps are nested too deeply here; curator does not open the file",
    ),
    (
        r"while scanning a quoted scalar",
        "A quoted value that starts here is never closed: add the closing quote",
    ),
    (
        r"while parsing a flow (?P<what>sequence|mapping)",
        "A {what} opened here with '[' or '{{' is never closed, or misses a comma",
    ),
    (
        r"mapping values are not allowed",
        "A ':' where a value was expected: indent the line like its neighbours, or put a "
        "value that contains ': ' in quotes",
    ),
    (
        r"did not find expected key|expected <block end>|did not find expected '-' indicator"
        r"|did not find expected <document start>",
        "The indentation does not line up here: indent each key of a block by the same spaces",
    ),
    (
        r"could not find expected ':'",
        "A line here is not 'key: value': add the ':' or join it to the line above",
    ),
    (r"^duplicate key '(?P<key>.*)'$", "The key '{key}' appears twice: keep one of them"),
    (r"found undefined alias", "Uses *name, but no &name earlier defines it"),
    (
        r"found character .* that cannot start any token",
        "A character that cannot start a value here: put the value in quotes",
    ),
    (
        r"^no front matter",
        "No front matter: the file does not start with a '---' line, so it holds no record",
    ),
    (r"^the file is empty$", "The file is empty: there is no record in it"),
    (
        r"^file is not valid UTF-8",
        "The file is not UTF-8 text; curator does not edit it (re-save it as UTF-8)",
    ),
)

_COMPILED = tuple((re.compile(pattern), headline) for pattern, headline in _RULES)

# Messages curator itself writes in plain words: their headline needs no detail.
_KEY_PATH = re.compile(r"^[\w.]+: ")
_OWN = re.compile(r"^(the file is empty|no front matter|file is not valid UTF-8)")


def explain(message: str) -> Explained:
    """``message`` (a problem's text) in a curator's words, with the original as detail."""
    for pattern, headline in _COMPILED:
        found = pattern.search(message)
        if found is not None:
            words = headline.format(**found.groupdict())
            return Explained(words, "" if _OWN.match(message) else message)
    if _KEY_PATH.match(message):  # "publishedDateTime: …" names a key: never "Published…"
        return Explained(message, "")
    return Explained(message[:1].upper() + message[1:], "")
