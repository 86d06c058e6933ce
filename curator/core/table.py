"""The open library's rows in columns, for sorting and filtering in bulk.

A :class:`QueryTable` keeps every row's summary in an in-memory SQLite table with the
index's schema (so a :class:`~curator.core.query.Query` runs on it unchanged) plus the
``modified`` flag of unsaved edits. Sorting and filtering are one SQL statement each,
answered as NumPy arrays of row numbers: no Python runs per row or per comparison. Sort
orders are cached per column until the rows change, so a filter over a sorted table is a
filter plus an array mask.

Not thread-safe: one thread owns a table (the window's query thread).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .index import SCHEMA
from .query import Query
from .summary import SUMMARY_COLUMNS

Rows = npt.NDArray[np.int64]

#: How each sortable key orders rows (blanks last), by name.
SORT_KEYS: Final = {
    "title": "(title = ''), coalesce(title_f, title)",
    "provider": "(provider = ''), provider_f, provider",
    "date": "(date_utc IS NULL), date_utc",
    "quality": "(quality IS NULL), quality",
    "heat": "(heat IS NULL), heat",
    "published": "coalesce(published, 0)",
    "modified": "modified",
    "topics": "(topics = ''), topics_f",
    "related": "coalesce(n_related, -1)",
    "images": "coalesce(n_images, -1)",
    "file": "path",
}

_INSERT_COLUMNS: Final = ("id", "path", *SUMMARY_COLUMNS, "modified")
_INSERT: Final = (
    f"INSERT OR REPLACE INTO files ({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})"
)
_UPDATE: Final = (
    f"UPDATE files SET {', '.join(c + ' = ?' for c in SUMMARY_COLUMNS)}, modified = ? WHERE id = ?"
)


def _ids(text: str | None) -> Rows:
    """Row numbers from SQLite's ``group_concat``: one C call for any count."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


class QueryTable:
    """Summaries of the open library's rows, sorted and filtered by SQL."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self.db.executescript(SCHEMA)
        self._sorted: dict[str, Rows] = {}
        self.count = 0

    def insert(self, rows: Iterable[tuple[int, str, Sequence[Any], Sequence[str]]]) -> None:
        """Add rows: ``(row, path, summary, topics)``."""
        db = self.db
        db.execute("BEGIN")
        topics: list[tuple[int, str]] = []
        values = []
        for row, path, summary, keys in rows:
            values.append((row, path, *summary, 0))
            topics.extend((row, key) for key in keys)
        db.executemany(_INSERT, values)
        db.executemany("INSERT INTO topics VALUES (?, ?)", topics)
        db.execute("COMMIT")
        self.count += len(values)
        self._sorted.clear()

    def update(
        self, row: int, summary: Sequence[Any], topics: Sequence[str], modified: bool
    ) -> None:
        """Replace one row's summary (an edit, a save, a reload from disk)."""
        db = self.db
        db.execute("BEGIN")
        db.execute(_UPDATE, (*summary, int(modified), row))
        db.execute("DELETE FROM topics WHERE file_id = ?", (row,))
        db.executemany("INSERT INTO topics VALUES (?, ?)", ((row, t) for t in topics))
        db.execute("COMMIT")
        self._sorted.clear()

    def sorted_rows(self, key: str | None, descending: bool = False) -> Rows:
        """Every row, ordered by ``key`` (a :data:`SORT_KEYS` name; None: load order)."""
        name = key or "row"
        order = self._sorted.get(name)
        if order is None:
            by = f"{SORT_KEYS[key]}, id" if key else "id"
            text = self.db.execute(
                f"SELECT group_concat(id) FROM (SELECT id FROM files ORDER BY {by})"
            ).fetchone()[0]
            order = self._sorted[name] = _ids(text)
        return order[::-1] if descending else order

    def matching(self, query: Query) -> Rows:
        """The rows ``query`` matches, in row order."""
        text = self.db.execute(
            f"SELECT group_concat(id) FROM (SELECT id FROM files WHERE {query.where} ORDER BY id)",
            query.params,
        ).fetchone()[0]
        return _ids(text)

    def order(self, query: Query, key: str | None, descending: bool = False) -> Rows:
        """The rows ``query`` matches, ordered by ``key``."""
        order = self.sorted_rows(key, descending)
        if query.is_empty:
            return order
        mask = np.zeros(self.count, dtype=bool)
        mask[self.matching(query)] = True
        return order[mask[order]]
