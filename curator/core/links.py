"""Duplicates and stale related items, found in bulk by SQL over the index.

*Duplicates.* Two records are duplicates when they share a URL (the ``webUrl`` or
``originalUrl`` of one equals either URL of the other, exactly as written) or a
title key: the title folded for case and diacritics, every run of characters that are not
letters or digits made one space, trimmed (``“Harbour Town: Sea-Wall”`` and ``harbour town
sea wall`` share ``harbour town sea wall``). An empty key matches nothing.

*Stale related items.* A related item copies another record's :data:`COPIED` fields. The
index stores, per record, a digest of its own copied fields (``own_digest``) and the
``[webUrl, digest]`` of each related item (``related_digests``, JSON). An item is stale
when the library holds a record with its webUrl and no record with that webUrl has the
item's digest. The comparison runs at query time (a join on ``web_url``), so it stays
right whichever side changes: only the changed file's row is rewritten. The costs:
building ``related`` and ``images`` when indexing (the summary used to count them only;
about +150 µs per sample record, ~60%), two short text columns per record, and the
query itself (at 100k records ~0.3 s for duplicates and ~1 s for stale items, paid
once per change of the rows in the window: ``benchmarks/bench_links.py``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from typing import Any, Final

from .edits import SetValue
from .fields import read_date

#: The fields of a record that a related item copies and that make it stale.
COPIED: Final = ("title", "excerpt", "quality", "provider", "publishedDateTime", "images")

_NOT_WORD: Final = re.compile(r"[\W_]+")
#: The ASCII characters ``_NOT_WORD`` matches, each made a space (split() then joins runs).
_ASCII_NOT_WORD: Final = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
#: ``json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)``, without
#: building an encoder per call (a digest is taken per record and per related item).
_ENCODE: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=repr).encode
#: The same text from the C encoder itself, built once and without the circular-reference
#: bookkeeping: 8 -> 4 us per digest. Only values built by aliases can be circular; that
#: recursion ends in RecursionError and takes the checked encoder (which refuses it).
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)  # the C accelerator, if built
_C_ENCODER: Final = (
    None
    if _MAKE_ENCODER is None
    else _MAKE_ENCODER(
        None, repr, json.encoder.encode_basestring, None, ": ", ", ", True, False, True
    )
)


def _encode(value: Any) -> str:
    if _C_ENCODER is not None:
        try:
            return "".join(_C_ENCODER(value, 0))
        except RecursionError:
            pass
    return _ENCODE(value)


def title_key(title: Any) -> str | None:
    """The near-identical-title key of a title (None when it has no letters or digits)."""
    if not isinstance(title, str):
        return None
    if title.isascii():  # nothing to decompose, casefold() is lower(), and no regex
        return " ".join(title.lower().translate(_ASCII_NOT_WORD).split()) or None
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _NOT_WORD.sub(" ", bare).strip()
    return key or None


def _canonical(key: str, value: Any) -> str:
    if key == "publishedDateTime":
        moment = read_date(value)[0]
        if moment is not None:
            return "date:" + moment.isoformat()
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # keys that are not text, integers too long for str()
        return "pickle:" + hashlib.blake2b(pickle.dumps(value)).hexdigest()


def copied_digest(fields: Mapping[str, Any]) -> str:
    """A digest of the :data:`COPIED` fields of a record or a related item (a missing
    field differs from a null one); one JSON text of them all when it can be written."""
    parts: dict[str, Any] = {k: fields[k] for k in COPIED if k in fields}
    if "publishedDateTime" in parts:
        moment = read_date(parts["publishedDateTime"])[0]
        if moment is not None:
            parts["publishedDateTime"] = "date:" + moment.isoformat()
    try:
        text = _encode(parts)
    except (TypeError, ValueError):  # keys that are not text, integers too long for str()
        text = json.dumps({k: _canonical(k, v) for k, v in parts.items()}, sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def own_digest(data: Mapping[str, Any]) -> str | None:
    """The digest related items of this record are compared with (None without a webUrl)."""
    url = data.get("webUrl")
    return copied_digest(data) if isinstance(url, str) and url.strip() else None


def related_digests(data: Mapping[str, Any]) -> str | None:
    """``[[webUrl, digest], ...]`` of the related items that have a webUrl, as JSON."""
    items = data.get("related")
    if not isinstance(items, list):
        return None
    pairs = [
        [item["webUrl"], copied_digest(item)]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("webUrl"), str)
    ]
    return json.dumps(pairs, ensure_ascii=False) if pairs else None


def stale_fields(item: Mapping[str, Any], source: Mapping[str, Any]) -> list[str]:
    """The :data:`COPIED` fields on which a related item differs from its record."""
    differ = []
    for key in COPIED:
        mine = _canonical(key, item[key]) if key in item else None
        theirs = _canonical(key, source[key]) if key in source else None
        if mine != theirs:
            differ.append(key)
    return differ


def refresh_edits(index: int, item: Mapping[str, Any], source: Mapping[str, Any]) -> list[SetValue]:
    """The edits making related item ``index`` a copy of ``source`` again: one value per
    differing field (a field the record no longer has is left as it is)."""
    return [
        SetValue(("related", index, key), source[key])
        for key in stale_fields(item, source)
        if key in source
    ]


#: The ids of the records that share a URL or a title key with another record (a
#: record whose originalUrl is its webUrl counts that URL once).
DUPLICATE_IDS_SQL: Final = (
    "WITH shared(u) AS (SELECT u FROM (SELECT web_url AS u FROM files WHERE web_url <> '' "
    "UNION ALL SELECT original_url FROM files WHERE original_url <> '' "
    "AND original_url IS NOT web_url) GROUP BY u HAVING count(*) > 1), "
    "titles(k) AS (SELECT title_key FROM files WHERE title_key IS NOT NULL "
    "GROUP BY title_key HAVING count(*) > 1) "
    "SELECT id FROM files WHERE web_url IN shared OR original_url IN shared "
    "OR title_key IN titles"
)
#: The ids of the records with a stale related item.
STALE_IDS_SQL: Final = (
    "SELECT f.id FROM files f WHERE f.related_digests IS NOT NULL AND EXISTS (SELECT 1 "
    "FROM json_each(f.related_digests) j "
    "WHERE EXISTS (SELECT 1 FROM files s WHERE s.web_url = json_extract(j.value, '$[0]')) "
    "AND NOT EXISTS (SELECT 1 FROM files s WHERE s.web_url = json_extract(j.value, '$[0]') "
    "AND s.own_digest = json_extract(j.value, '$[1]')))"
)
#: ``is:duplicate`` and ``has:stale``: ``duplicate_ids`` and ``stale_ids`` are views of
#: the SQL above in the index, and tables the window's query table fills when a query
#: first needs them after its rows changed (:class:`~curator.core.table.QueryTable`).
DUPLICATE_SQL: Final = "(files.id IN (SELECT id FROM duplicate_ids))"
STALE_SQL: Final = "(files.id IN (SELECT id FROM stale_ids))"
LINK_VIEWS: Final = (
    f"CREATE VIEW IF NOT EXISTS duplicate_ids AS {DUPLICATE_IDS_SQL};\n"
    f"CREATE VIEW IF NOT EXISTS stale_ids AS {STALE_IDS_SQL};\n"
)


_GROUPS: Final = (
    "WITH urls(u, id) AS (SELECT web_url, id FROM files WHERE web_url <> '' "
    "UNION SELECT original_url, id FROM files WHERE original_url <> '') "
    "SELECT 'url', u, json_group_array(id) FROM urls GROUP BY u HAVING count(*) > 1 "
    "UNION ALL SELECT 'title', title_key, json_group_array(id) FROM files "
    "WHERE title_key IS NOT NULL GROUP BY title_key HAVING count(*) > 1 ORDER BY 1 DESC, 2"
)


def duplicate_groups(db: sqlite3.Connection) -> list[tuple[str, str, list[int]]]:
    """Each group of duplicates in an index: ``("url", url, ids)`` for records sharing a
    URL, ``("title", title key, ids)`` for near-identical titles that no URL group holds
    already; ids in index order."""
    groups = [(why, key, sorted(json.loads(ids))) for why, key, ids in db.execute(_GROUPS)]
    by_url = [set(ids) for why, _key, ids in groups if why == "url"]
    return [
        (why, key, ids)
        for why, key, ids in groups
        if why == "url" or not any(set(ids) <= seen for seen in by_url)
    ]
