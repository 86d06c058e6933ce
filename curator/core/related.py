"""Related items: building one record's summary to attach to another.

Attaching B to A appends to A's ``related`` an item made of B's ``title``, ``excerpt``,
``publishedDateTime``, ``webUrl``, ``type``, ``provider``, ``quality`` and ``images``, in the
key order A's existing related items use (the seed's order when A has none).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Collection
from typing import Any, Final

from .edits import Edit, EditError, InsertItem, RemoveItem, SetValue
from .layout import RELATED_ORDER
from .record import Record


def related_order(data: dict[str, Any]) -> tuple[str, ...]:
    """Key order for a new related item of ``data``: its first item's order, then the seed's."""
    items = data.get("related")
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and item:
                known = [k for k in item if k in RELATED_ORDER]
                rest = [k for k in RELATED_ORDER if k not in known]
                return (*known, *rest)
    return RELATED_ORDER


def build_item(source: dict[str, Any], order: tuple[str, ...] = RELATED_ORDER) -> dict[str, Any]:
    """The related item that stands for ``source``; keys it lacks are left out."""
    return {key: copy.deepcopy(source[key]) for key in order if key in source}


def related_urls(data: dict[str, Any]) -> list[str]:
    """The ``webUrl`` of each related item (empty string where missing)."""
    items = data.get("related")
    if not isinstance(items, list):
        return []
    return [str(item.get("webUrl", "")) if isinstance(item, dict) else "" for item in items]


#: Why a record cannot be attached (:func:`attach_refusal`).
NO_URL: Final = "no-url"
TAKEN: Final = "taken"
SAME_URL: Final = "same-url"


def attach_refusal(
    url: Any,
    target_url: Any,
    taken: Collection[str],
    *,
    links_back: Callable[[], bool] | None = None,
) -> str | None:
    """The one attach rule (the command line's and the Attach dialog's): why a record
    whose webUrl is ``url`` cannot be attached to a target whose webUrl is ``target_url``
    and whose related items have the urls ``taken``; None when it can. Attaching both
    ways, an already related record is refused only when it ``links_back`` already."""
    if not isinstance(url, str) or not url:
        return NO_URL
    if url in taken and (links_back is None or links_back()):
        return TAKEN
    if url == target_url:
        return SAME_URL
    return None


def attach_edit(target: Record, source: Record) -> Edit:
    """The edit that attaches ``source`` to ``target``; refuses self and duplicates."""
    if os.path.realpath(target.path) == os.path.realpath(source.path):  # never raises
        raise EditError(f"cannot attach {target.path.name} to itself")
    url = source.data.get("webUrl")
    refusal = attach_refusal(url, target.data.get("webUrl"), related_urls(target.data))
    if refusal == NO_URL:
        raise EditError(f"{source.path.name} has no webUrl to attach by")
    if refusal == SAME_URL:
        raise EditError(f"{source.path.name} has the same webUrl as {target.path.name}")
    if refusal == TAKEN:
        raise EditError(f"{target.path.name} already has {url} among its related items")
    related = target.data.get("related")
    if related is not None and not isinstance(related, list):
        raise EditError(f"'related' in {target.path.name} is not a list")
    item = build_item(source.data, related_order(target.data))
    if "related" not in target.data:
        return SetValue(("related",), [item])  # the key goes where the seed has it
    return InsertItem(("related",), item)


def attach_edits(target: Record, source: Record, *, both: bool) -> list[tuple[Record, Edit]]:
    """The edits attaching ``source`` to ``target`` (and, with ``both``, back): with
    ``both``, a side that links the other already is skipped, so a retry completes a
    half-done attach; refused only when nothing is left to do."""
    if not both:
        return [(target, attach_edit(target, source))]
    pairs = ((target, source), (source, target))
    steps = [(a, attach_edit(a, b)) for a, b in pairs if not links_to(a, b)]
    if not steps:
        raise EditError(f"{target.path.name} and {source.path.name} are already related both ways")
    return steps


def links_to(target: Record, source: Record) -> bool:
    """Whether ``target``'s related items hold ``source``'s webUrl."""
    url = source.data.get("webUrl")
    return bool(url) and url in related_urls(target.data)


def detach_edit(target: Record, which: str) -> Edit:
    """The edit removing one related item: ``which`` is its index, counted from 0 in ASCII
    digits (as in ``related.0.title``), or its exact ``webUrl`` when one item alone has it.

    Anything else is refused: ``-1``, ``²`` or ``١`` (not an index, and no item's webUrl),
    an index past the end, and a webUrl several items share (the message lists them).
    """
    urls = related_urls(target.data)
    name = target.path.name
    if which.isascii() and which.isdigit():
        if len(which) > 9 or int(which) >= len(urls):
            shown = which if len(which) <= 12 else which[:12] + "…"
            raise EditError(f"{name} has {_items(len(urls))}, no item {shown}{_range(urls)}")
        return RemoveItem(("related",), int(which))
    matching = [i for i, url in enumerate(urls) if url and url == which]
    if len(matching) == 1:
        return RemoveItem(("related",), matching[0])
    if matching:
        listed = ", ".join(map(str, matching))
        raise EditError(f"{len(matching)} related items have that webUrl: {listed}; give the index")
    if which.lstrip("+-").isdigit() or not which.strip():
        raise EditError(f"{which!r} is not an index{_range(urls)} or a related item's webUrl")
    raise EditError(f"{name} has no related item with webUrl {which}")


def _items(count: int) -> str:
    return f"{count} related item{'' if count == 1 else 's'}"


def _range(urls: list[str]) -> str:
    """Which indexes there are, for a message: `` (0 to 2, in ASCII digits)``."""
    if not urls:
        return ""
    return f" (0 to {len(urls) - 1}, in ASCII digits)" if len(urls) > 1 else " (only 0)"
