"""The open library's rows in columns, for sorting and filtering in bulk.

A :class:`QueryTable` keeps the summary columns that queries and sorts read, for every
row, in an in-memory SQLite table named like the index's (so a
:class:`~curator.core.query.Query` runs on it unchanged), plus the ``modified`` flag of
unsaved edits. What only the display needs (excerpt, urls, texts) stays out: a filter
scans fewer bytes. The topics table has no index: keeping one up to date cost more than
half of copying 100,000 rows in (0.37 of 0.65 s), and a topic query scans it in ~25 ms.
Sorting and filtering are one SQL statement each, answered as NumPy arrays of row
numbers: no Python runs per row or per comparison. Sort orders are cached per column
until the rows change, so a filter over a sorted table is a filter plus an array mask.

Not thread-safe: one thread owns a table (the window's query thread).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .links import DUPLICATE_IDS_SQL, STALE_IDS_SQL
from .query import Query
from .summary import SUMMARY_COLUMNS, free_text

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

#: The summary columns a query or a sort reads.
QUERY_COLUMNS: Final = (
    "title",
    "title_f",
    "category_f",
    "type_f",
    "provider",
    "provider_f",
    "date_utc",
    "quality",
    "heat",
    "published",
    "topics",
    "topics_f",
    "n_topics",
    "n_related",
    "n_images",
    "url_f",
    "has_bits",
    "web_url",  # is:duplicate and has:stale compare rows by these (core/links.py)
    "original_url",
    "title_key",
    "own_digest",
    "related_digests",
)
_AT: Final = tuple(SUMMARY_COLUMNS.index(c) for c in QUERY_COLUMNS)
_SCHEMA: Final = f"""
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    {", ".join(c + " ANY" for c in QUERY_COLUMNS)},
    modified INTEGER NOT NULL DEFAULT 0,
    free_f TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE topics (file_id INTEGER NOT NULL, topic TEXT NOT NULL) STRICT;
CREATE TABLE duplicate_ids (id INTEGER PRIMARY KEY);
CREATE TABLE stale_ids (id INTEGER PRIMARY KEY);
"""
#: Tables of row ids that ``is:duplicate`` and ``has:stale`` read (views in the index),
#: each filled by its SQL when a query first needs it after the rows changed.
_LINK_TABLES: Final = {"duplicate_ids": DUPLICATE_IDS_SQL, "stale_ids": STALE_IDS_SQL}
_LINK_COLUMNS: Final = ("web_url", "original_url", "title_key", "own_digest", "related_digests")
_INSERT_COLUMNS: Final = ("id", "path", *QUERY_COLUMNS, "modified", "free_f")
_UPDATE: Final = (
    f"UPDATE files SET {', '.join(c + ' = ?' for c in QUERY_COLUMNS)}, modified = ?, "
    "free_f = ? WHERE id = ?"
)


def _query_part(summary: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(summary[i] for i in _AT)


#: A one-word filter's rows are kept for the next key when they are at most this share of
#: all rows: looking up the rows of a bigger share costs more than scanning them all.
FEW_MATCHED: Final = 0.3


def _ids(text: str | None) -> Rows:
    """Row numbers from SQLite's ``group_concat``: one C call for any count."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


class QueryTable:
    """Summaries of the open library's rows, sorted and filtered by SQL."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(
            "file::memory:", isolation_level=None, check_same_thread=False, uri=True
        )
        self.db.executescript(_SCHEMA)
        self.db.execute("CREATE TEMP TABLE batch (src INTEGER PRIMARY KEY, row INTEGER)")
        for n in (0, 1):
            self.db.execute(f"CREATE TEMP TABLE matched_{n} (id INTEGER PRIMARY KEY)")
        # The rows the last one-word query matched (in temp.matched_<_matched>): the next
        # key of that word looks among them only (Query.narrows), 'wind' among the 13,000
        # rows 'win' matched rather than all 100,000.
        self._last_word: Query | None = None
        self._matched = 0
        self._sorted: dict[str, Rows] = {}
        self._linked: set[str] = set()  # link tables filled since the rows last changed
        self.count = 0

    def copy(self, uri: str, prefix: str, ids: Sequence[int], first: int) -> int:
        """Add the rows of an index (attached by ``uri``) with these ids, as rows
        ``first``, ``first + 1``, ...; paths get ``prefix``. The ids must be sorted and
        be rows without a problem.

        All in SQL: nothing runs in Python per row. Returns how many rows were added.
        """
        db = self.db
        id_list = json.dumps(list(ids))
        db.execute("ATTACH DATABASE ? AS disk", (uri,))
        try:
            db.execute("BEGIN")
            db.execute("DELETE FROM temp.batch")
            # ids are sorted and readable (the loader says so): row = first + position
            added = db.execute(
                "INSERT INTO temp.batch SELECT value, ? + key FROM json_each(?)",
                (first, id_list),
            ).rowcount
            columns = ", ".join(f"d.{c}" for c in QUERY_COLUMNS)
            # CROSS JOIN: the batch drives, each of its rows looked up by id. With a plain
            # JOIN SQLite chose to scan every topic of the index for every batch (300,000
            # rows, 250 times over in a cold open of 100,000 files: 8 s of this thread).
            db.execute(
                f"INSERT INTO files ({', '.join(_INSERT_COLUMNS)}) "
                f"SELECT b.row, ? || d.path, {columns}, 0, d.free_f "
                "FROM temp.batch b CROSS JOIN disk.files d ON d.id = b.src",
                (prefix,),
            )
            db.execute(
                "INSERT INTO topics SELECT b.row, t.topic "
                "FROM temp.batch b CROSS JOIN disk.topics t ON t.file_id = b.src"
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.execute("DETACH DATABASE disk")
        self.count += added
        self._changed()
        return added

    def update(
        self, row: int, summary: Sequence[Any], topics: Sequence[str], modified: bool
    ) -> None:
        """Replace one row's summary (an edit, a save, a reload from disk)."""
        db = self.db
        links = tuple(summary[SUMMARY_COLUMNS.index(c)] for c in _LINK_COLUMNS)
        query = f"SELECT {', '.join(_LINK_COLUMNS)} FROM files WHERE id = ?"
        before = db.execute(query, (row,)).fetchone()
        db.execute("BEGIN")
        db.execute(_UPDATE, (*_query_part(summary), int(modified), free_text(summary), row))
        db.execute("DELETE FROM topics WHERE file_id = ?", (row,))
        db.executemany("INSERT INTO topics VALUES (?, ?)", ((row, t) for t in topics))
        db.execute("COMMIT")
        self._sorted.clear()
        self._last_word = None  # the row may match the word now, or no longer
        if before != links:  # heat, topics, published...: the links stand
            self._linked.clear()

    def _changed(self) -> None:
        self._sorted.clear()
        self._linked.clear()
        self._last_word = None

    def _fill_links(self, where: str) -> None:
        """Fill the link tables ``where`` reads, if the rows changed since they were.

        The web_url index they join on is made here, the first time: kept up to date while
        100,000 rows are copied in, it made the copy (and the first sort after a warm
        open, which waits for it) twice as slow, for a query few filters use."""
        for name, sql in _LINK_TABLES.items():
            if name in where and name not in self._linked:
                self.db.execute("CREATE INDEX IF NOT EXISTS files_by_web_url ON files(web_url)")
                self.db.execute("BEGIN")
                self.db.execute(f"DELETE FROM {name}")
                self.db.execute(f"INSERT INTO {name} {sql}")
                self.db.execute("COMMIT")
                self._linked.add(name)

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
        self._fill_links(query.where)
        if query.is_one_word:
            return self._matching_word(query)
        return self._matching_all(query)

    def _matching_all(self, query: Query) -> Rows:
        text = self.db.execute(
            f"SELECT group_concat(id) FROM (SELECT id FROM files WHERE {query.where} ORDER BY id)",
            query.params,
        ).fetchone()[0]
        return _ids(text)

    def _matching_word(self, query: Query) -> Rows:
        """:meth:`matching` of one free word; its rows are kept for the next key when
        they are few (looking a row up by id costs twice a row of a full scan)."""
        last, self._last_word = self._last_word, None  # trusted again once this is done
        db = self.db
        into = f"temp.matched_{1 - self._matched}"
        db.execute(f"DELETE FROM {into}")
        if last is not None and query.narrows(last):
            among = f"id IN temp.matched_{self._matched} AND "
            db.execute(
                f"INSERT INTO {into} SELECT id FROM files WHERE {among}{query.where}",
                query.params,
            )
            text = db.execute(f"SELECT group_concat(id) FROM (SELECT id FROM {into} ORDER BY id)")
            rows = _ids(text.fetchone()[0])
        else:
            rows = self._matching_all(query)
            if rows.size > self.count * FEW_MATCHED:
                return rows
            db.execute(
                f"INSERT INTO {into} SELECT value FROM json_each(?)", (json.dumps(rows.tolist()),)
            )
        self._matched, self._last_word = 1 - self._matched, query
        return rows

    def order(self, query: Query, key: str | None, descending: bool = False) -> Rows:
        """The rows ``query`` matches, ordered by ``key``."""
        order = self.sorted_rows(key, descending)
        if query.is_empty:
            return order
        mask = np.zeros(self.count, dtype=bool)
        mask[self.matching(query)] = True
        return order[mask[order]]
