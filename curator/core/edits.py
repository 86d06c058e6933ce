"""Edits to a record's front matter, as plain values, and their effect on loaded data.

An edit names a path into the front matter (``("related", 0, "title")``, written
``related.0.title`` on the command line) and what to do there. The writer turns an edit
into text patches; :func:`apply_to_data` says what the data must be afterwards, which is
what the writer checks its result against.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

Key = str | int
KeyPath = tuple[Key, ...]


class EditError(ValueError):
    """An edit that cannot be made safely; nothing was written."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class SetValue:
    """Set a scalar, replace a list of scalars, or add a key that is missing."""

    path: KeyPath
    value: Any


@dataclass(frozen=True)
class InsertItem:
    """Insert ``item`` into the list at ``path`` before ``index`` (None appends)."""

    path: KeyPath
    item: Any
    index: int | None = None


@dataclass(frozen=True)
class RemoveItem:
    """Remove item ``index`` of the list at ``path``."""

    path: KeyPath
    index: int


@dataclass(frozen=True)
class MoveItem:
    """Move item ``source`` of the list at ``path`` so that it ends up at ``target``."""

    path: KeyPath
    source: int
    target: int


Edit = SetValue | InsertItem | RemoveItem | MoveItem
STRUCTURAL = (InsertItem, RemoveItem, MoveItem)


def parse_path(text: str) -> KeyPath:
    """``"images.0.width"`` → ``("images", 0, "width")``."""
    if not text or any(part == "" for part in text.split(".")):
        raise EditError(f"'{text}' is not a key path (use dots: provider.name, images.0.url)")
    return tuple(int(part) if part.isdigit() else part for part in text.split("."))


def format_path(path: KeyPath) -> str:
    """The dotted spelling of ``path``."""
    return ".".join(str(part) for part in path)


def get_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path``; raises KeyError/IndexError/TypeError when it is not there."""
    for key in path:
        if isinstance(key, int) and isinstance(data, list):
            data = data[key]
        elif isinstance(data, dict):
            data = data[key]
        else:
            raise TypeError(f"'{key}' is not inside a mapping or list")
    return data


def has_path(data: Any, path: KeyPath) -> bool:
    """Whether ``path`` leads to a value in ``data``."""
    try:
        get_at(data, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def apply_to_data(data: Any, edit: Edit) -> Any:
    """``data`` with ``edit`` applied, as a new value; raises :class:`EditError` if impossible.

    Only the mappings and lists on the edit's path are copied; the rest is shared with
    ``data``, so neither may be changed in place afterwards.
    """
    if data is not None and not isinstance(data, dict):
        raise EditError("front matter is not a mapping")
    result: dict[str, Any] = dict(data or {})
    try:
        if isinstance(edit, SetValue):
            parent = _copy_path(result, edit.path[:-1])
            _set_child(parent, edit.path[-1], copy.deepcopy(edit.value))
            return result
        items = _copy_path(result, edit.path)
        if items is None and isinstance(edit, InsertItem) and edit.path:
            items = []
            _set_child(get_at(result, edit.path[:-1]), edit.path[-1], items)
    except (KeyError, IndexError, TypeError) as error:
        raise EditError(f"no value at '{format_path(edit.path)}' ({error})") from None
    if not isinstance(items, list):
        raise EditError(f"'{format_path(edit.path)}' is not a list")
    _apply_list_edit(items, edit)
    return result


def _copy_path(root: dict[str, Any], path: KeyPath) -> Any:
    """Replace each mapping or list along ``path`` by a shallow copy; return the last."""
    node: Any = root
    for key in path:
        child = get_at(node, (key,))
        if isinstance(child, dict | list):
            child = type(child)(child)
            node[key] = child
        node = child
    return node


def _set_child(parent: Any, key: Key, value: Any) -> None:
    if isinstance(parent, dict) and isinstance(key, str):
        parent[key] = value
    elif isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
        parent[key] = value
    else:
        raise KeyError(key)


def _apply_list_edit(items: list[Any], edit: Edit) -> None:
    count = len(items)
    if isinstance(edit, InsertItem):
        index = count if edit.index is None else edit.index
        if not 0 <= index <= count:
            raise EditError(f"cannot insert at {index}: the list has {count} items")
        items.insert(index, copy.deepcopy(edit.item))
    elif isinstance(edit, RemoveItem):
        _check_index(edit.index, count)
        del items[edit.index]
    elif isinstance(edit, MoveItem):
        _check_index(edit.source, count)
        _check_index(edit.target, count)
        items.insert(edit.target, items.pop(edit.source))


def _check_index(index: int, count: int) -> None:
    if not 0 <= index < count:
        raise EditError(f"no item {index}: the list has {count} items")


def overlaps(a: KeyPath, b: KeyPath) -> bool:
    """Whether one path leads into the other (``topics`` and ``topics.0``), or they are equal."""
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def strict_equal(a: Any, b: Any) -> bool:
    """Equality that also tells ``True`` from ``1`` and ``1`` from ``1.0``."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return bool(b != b)
    if isinstance(a, dt.datetime):
        return bool(a == b and a.utcoffset() == b.utcoffset())
    return bool(a == b)
