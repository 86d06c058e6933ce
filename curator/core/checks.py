"""Findings that compare records: exact duplicates and stale related items, for
``curator check`` and ``curator refresh``.

SQL over the index picks the few records concerned; only those files are parsed again,
to place each finding on the line of its value and name the fields that differ.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .links import STALE_SQL, stale_fields
from .lint import WARNING, Finding, Marks
from .summary import values_and_marks

_PAIRS: Final = """
WITH urls AS (
    SELECT web_url AS u, 'webUrl' AS f, id, path FROM files WHERE web_url <> ''
    UNION ALL
    SELECT original_url, 'originalUrl', id, path FROM files WHERE original_url <> ''
)
SELECT a.path, a.f, b.path, b.f FROM urls a JOIN urls b ON a.u = b.u AND a.id <> b.id
ORDER BY a.path, b.path, a.f DESC, b.f DESC
"""


@dataclass(frozen=True)
class Placed:
    """A finding and the file (relative to its library) it belongs to."""

    path: str
    finding: Finding


class _Files:
    """Records read on demand, once each (the lean path), with where values are written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._seen: dict[str, tuple[Mapping[str, Any], Marks, int] | None] = {}

    def get(self, path: str) -> tuple[Mapping[str, Any], Marks, int] | None:
        """The values of ``path``, their marks and its front matter's first line."""
        if path not in self._seen:
            self._seen[path] = values_and_marks(str(self.root / path))
        return self._seen[path]

    def at(self, path: str, key: tuple[Any, ...]) -> tuple[int, int]:
        """1-based line and column of a value of ``path`` (1, 1 when unknown)."""
        got = self.get(path)
        if got is None or key not in got[1]:
            return 1, 1
        line, column = got[1][key]
        return line + got[2], column + 1


def duplicates(db: sqlite3.Connection, root: Path) -> Iterator[Placed]:
    """Each record sharing a webUrl or originalUrl with another, once per other record."""
    files = _Files(root)
    done: set[tuple[str, str]] = set()
    for path, field, other, other_field in db.execute(_PAIRS):
        if (path, other) in done:
            continue
        done.add((path, other))
        same = field if field == other_field else f"{field} as the {other_field} of"
        line, column = files.at(path, (field,))
        message = f"duplicate: same {same} {_name(other, field == other_field)}"
        yield Placed(path, Finding(line, column, WARNING, message))


def _name(other: str, same_field: bool) -> str:
    return f"as {other}" if same_field else other


def stale_items(
    db: sqlite3.Connection, root: Path, files: _Files | None = None
) -> Iterator[tuple[str, int, list[str], str]]:
    """(record, item index, differing fields, source record) of every stale related item."""
    files = files or _Files(root)
    for (path,) in db.execute(f"SELECT path FROM files WHERE {STALE_SQL} ORDER BY path"):
        got = files.get(path)
        if got is not None:
            for index, differ, source, _data in stale_in(db, root, got[0], path, files):
                yield path, index, differ, source


def stale_in(
    db: sqlite3.Connection,
    root: Path,
    data: Mapping[str, Any],
    own: str | Path,
    files: _Files | None = None,
) -> Iterator[tuple[int, list[str], str, Mapping[str, Any]]]:
    """(item index, differing fields, source path, source values) of each stale related
    item of the record holding ``data`` (at ``own``, relative to ``root`` or absolute),
    compared with the library in ``db`` (paths relative to ``root``)."""
    files = files or _Files(root)
    me = os.path.realpath(root / own)
    items = data.get("related")
    for index, item in enumerate(items if isinstance(items, list) else []):
        url = item.get("webUrl") if isinstance(item, dict) else None
        if not isinstance(url, str) or not url:
            continue
        rows = db.execute("SELECT path FROM files WHERE web_url = ? ORDER BY path", (url,))
        candidates = [
            (p, got[0])
            for (p,) in rows.fetchall()
            if os.path.realpath(root / p) != me and (got := files.get(p))
        ]
        if not candidates:
            continue
        fresh = [c for c in candidates if not stale_fields(item, c[1])]
        source, values = (fresh or candidates)[0]
        differ = stale_fields(item, values)
        if differ:
            yield index, differ, source, values


def stale(db: sqlite3.Connection, root: Path) -> Iterator[Placed]:
    """A warning per stale related item, on the line of the item."""
    files = _Files(root)
    for path, index, differ, source in stale_items(db, root, files):
        line, column = files.at(path, ("related", index))
        message = (
            f"stale: related.{index} differs from {source} in {', '.join(differ)} "
            "(curator refresh updates it)"
        )
        yield Placed(path, Finding(line, column, WARNING, message))
