"""What a save changes, in a curator's words: values set, items added, removed and moved.

Review Changes lists these above the exact diff. A list item that only changed place is
a move ("moved related item 3 to 1: <title>"), never a removal and an addition.
"""

from __future__ import annotations

import difflib
from typing import Any

from .edits import strict_equal

SHORT = 60
SINGULAR = {"related": "related item", "images": "image", "topics": "topic"}


def describe_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per changed key of the front matter (lists item by item)."""
    lines: list[str] = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if key in old and key in new and strict_equal(before, after):
            continue
        if key not in new:
            lines.append(f"removed {key}")
        elif key not in old:
            lines.append(f"added {key}: {_short(after)}")
        elif isinstance(before, list) and isinstance(after, list):
            lines.extend(_list_changes(key, before, after))
        else:
            lines.append(f"{key}: {_short(before)} → {_short(after)}")
    return lines


def _list_changes(key: str, old: list[Any], new: list[Any]) -> list[str]:
    """Items added, removed, moved (kept, but out of their old order) and edited in place."""
    noun = SINGULAR.get(key, f"{key} item")
    old_ids, new_ids = [_identity(i) for i in old], [_identity(i) for i in new]
    kept = set(old_ids) & set(new_ids)
    old_kept = [i for i in old_ids if i in kept]
    new_kept = [i for i in new_ids if i in kept]
    matcher = difflib.SequenceMatcher(a=old_kept, b=new_kept, autojunk=False)
    in_place = {old_kept[b.a + n] for b in matcher.get_matching_blocks() for n in range(b.size)}
    lines = []
    for index, item in enumerate(new):
        ident = new_ids[index]
        if ident not in kept:
            lines.append(f"added {noun} {index + 1}: {_name(item)}")
            continue
        source = old_ids.index(ident)
        if ident not in in_place:
            lines.append(f"moved {noun} {source + 1} to {index + 1}: {_name(item)}")
        if not strict_equal(old[source], item):
            lines.append(f"changed {noun} {index + 1}: {_name(item)}")
    lines.extend(
        f"removed {noun} {n + 1}: {_name(item)}"
        for n, item in enumerate(old)
        if old_ids[n] not in kept
    )
    return lines


def _identity(item: Any) -> str:
    """What names a list item across a change: its URL or title, else its whole value."""
    if isinstance(item, dict):
        for field in ("webUrl", "url", "originalUrl", "title"):
            if isinstance(item.get(field), str):
                return f"{field}:{item[field]}"
    return repr(item)


def _name(item: Any) -> str:
    if isinstance(item, dict):
        for field in ("title", "url", "webUrl"):
            if isinstance(item.get(field), str):
                return _short(item[field])
    return _short(item)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    if isinstance(value, list | dict):
        text = repr(value)
    if isinstance(value, bool) or value is None:
        text = {True: "true", False: "false", None: "null"}[value]
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"
