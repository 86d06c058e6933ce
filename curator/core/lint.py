"""The library's lint rules, in one place: what the record form flags and ``curator check``
reports (values of the wrong type or out of range), with where each value is written.

A rule names a *kind* of value (text, a 0–100 score, true/false, a date, a list of text,
a list of mappings) and says what is odd about a value as a phrase the form shows after
"file has" and ``check`` after the key. Findings carry the 1-based line and column of the
value in the file, from the composer's node marks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple

import yaml

from .fields import describe, read_date

SCORE_RANGE: Final = (0, 100)
ERROR: Final = "error"
WARNING: Final = "warning"

#: The kind of value each known key holds, top level and in a related item.
TOP_KINDS: Final[Mapping[str, str]] = {
    "title": "text",
    "excerpt": "text",
    "category": "text",
    "type": "text",
    "webUrl": "text",
    "originalUrl": "text",
    "quality": "score",
    "heat": "score",
    "published": "bool",
    "publishedDateTime": "date",
    "topics": "tags",
    "provider": "provider",
    "images": "mappings",
    "related": "mappings",
}
ITEM_KINDS: Final[Mapping[str, str]] = {
    key: TOP_KINDS[key]
    for key in ("title", "excerpt", "type", "webUrl", "quality", "publishedDateTime", "images")
} | {"provider": "provider"}

Marks = Mapping[tuple[Any, ...], tuple[int, int]]


class Finding(NamedTuple):
    """One lint finding: 1-based line and column of the value, severity, message."""

    line: int
    column: int
    severity: str
    message: str


def kind_problem(kind: str, value: Any) -> tuple[str, str] | None:
    """(severity, what is odd) for a value of ``kind``, or None when it is fine; the
    phrase reads after "file has": ``“high” — not a whole number``."""
    if value is None:
        return None
    if kind == "text":
        return None if isinstance(value, str) else (ERROR, f"{describe(value)} — not text")
    if kind == "score":
        if not isinstance(value, int) or isinstance(value, bool):
            return ERROR, f"{describe(value)} — not a whole number"
        low, high = SCORE_RANGE
        return (
            None if low <= value <= high else (ERROR, f"{describe(value)} — outside {low}–{high}")
        )
    if kind == "bool":
        return None if isinstance(value, bool) else (ERROR, f"{describe(value)} — not true/false")
    if kind == "date":
        moment, odd = read_date(value)
        return None if odd is None else (ERROR if moment is None else WARNING, odd)
    if kind == "tags":
        return _tags_problem(value)
    if kind == "provider":
        if isinstance(value, dict | str):
            return None
        return ERROR, f"{describe(value)} — not a provider's name and domain"
    if kind == "mapping":
        return None if isinstance(value, dict) else (ERROR, f"{describe(value)}, not a mapping")
    if not isinstance(value, list):  # "mappings"
        article = "the text " if isinstance(value, str) else ""
        return ERROR, f"{article}{describe(value)}, not a list"
    return None


def _tags_problem(value: Any) -> tuple[str, str] | None:
    if isinstance(value, list):
        odd = [describe(item) for item in value if not isinstance(item, str)]
        return (ERROR, f"items that are not text: {', '.join(odd)}") if odd else None
    kind = "the text " if isinstance(value, str) else ""
    return ERROR, f"{kind}{describe(value)}, not a list"


def lint_values(data: Mapping[str, Any], marks: Marks, first_line: int = 1) -> list[Finding]:
    """Every finding of one record's values; ``marks`` (from :func:`value_marks`) place
    them, ``first_line`` is the file line where the front matter starts."""
    return [] if _all_fine(data) else _findings(data, marks, first_line)


def _findings(data: Mapping[str, Any], marks: Marks, first_line: int) -> list[Finding]:
    found = [
        _finding(path, problem, marks, first_line)
        for path, kind, value in _checked(data)
        if value is not None
        and type(value) not in _PLAINLY_FINE.get(kind, ())
        and (problem := kind_problem(kind, value)) is not None
    ]
    return sorted(found)


#: Value types that are fine for a kind whatever the value (kind_problem's answer, without
#: the call: a record has some thirty values to check, nearly all of them fine).
_PLAINLY_FINE: Final[Mapping[str, tuple[type, ...]]] = {
    "text": (str,),
    "bool": (bool,),
    "provider": (dict, str),
    "mapping": (dict,),
    "mappings": (list,),
}


def _all_fine(data: Mapping[str, Any]) -> bool:
    """Whether :func:`lint_values` finds nothing: the same rules over the same values,
    without a path or a finding built per value (nearly every record is fine)."""
    if not _fine(data, TOP_KINDS):
        return False
    for name in ("images", "related"):
        items = data.get(name)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                if name == "related" and not _fine(item, ITEM_KINDS):
                    return False
            elif item is not None:
                return False  # "not a mapping"
    return True


def _fine(values: Mapping[str, Any], kinds: Mapping[str, str]) -> bool:
    """Whether no value of ``values`` breaks the rule of its kind in ``kinds``."""
    plainly = _PLAINLY_FINE
    for key, kind in kinds.items():
        value = values.get(key)
        if value is not None and type(value) not in plainly.get(kind, ()):
            if kind_problem(kind, value) is not None:
                return False
    return True


def _checked(data: Mapping[str, Any]) -> Iterator[tuple[tuple[Any, ...], str, Any]]:
    for key, kind in TOP_KINDS.items():
        if key in data:
            yield (key,), kind, data[key]
    for name in ("images", "related"):
        items = data.get(name)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    yield (name, i), "mapping", item
                elif name == "related":
                    yield from (
                        (("related", i, k), kind, item[k])
                        for k, kind in ITEM_KINDS.items()
                        if k in item
                    )


def _finding(
    path: tuple[Any, ...], problem: tuple[str, str], marks: Marks, first_line: int
) -> Finding:
    severity, odd = problem
    verb = "has" if odd.startswith(("no ", "items ")) else "is"
    text = f"{_dotted(path)} {verb} {odd}"
    at = path
    while at and at not in marks:
        at = at[:-1]
    line, column = marks.get(at, (0, 0))
    return Finding(line + first_line, column + 1, severity, text)


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(map(str, path))


def value_marks(root: yaml.Node | None) -> dict[tuple[Any, ...], tuple[int, int]]:
    """0-based (line, column) of each top-level value, each item of ``images`` and
    ``related``, and each value of a related item, from the composed root node."""
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    if not isinstance(root, yaml.MappingNode):
        return marks
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = key_node.value
        marks[(key,)] = _mark(value_node)
        if key in ("images", "related") and isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                marks[(key, i)] = _mark(item)
                if key == "related" and isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if isinstance(k, yaml.ScalarNode):
                            marks[(key, i, k.value)] = _mark(v)
    return marks


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def encode(findings: list[Finding]) -> str | None:
    """Findings as the index stores them (JSON), None when there are none."""
    return json.dumps([list(f) for f in findings], ensure_ascii=False) if findings else None


def decode(text: str | None) -> list[Finding]:
    """The findings :func:`encode` stored."""
    return [Finding(*item) for item in json.loads(text)] if text else []
