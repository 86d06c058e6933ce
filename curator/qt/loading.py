"""Loading a library for the window: the index answers, worker processes parse the rest.

:func:`load_rows` runs on a pool thread. It opens each folder's index, brings it up to
date (unchanged files are not read; new and changed ones are parsed in worker processes)
and reports rows in batches as they become ready, so the first rows show while the rest
is still being parsed. The thread itself mostly waits: the parsing happens in other
processes, so it does not hold the GIL the window needs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..core.index import Indexer, LibraryIndex, open_index, scan_folder
from ..core.record import Problem
from ..core.summary import SUMMARY_COLUMNS, summarize_file

#: The summary columns a table row keeps in memory (the rest live in the query table).
DISPLAY_COLUMNS: Final = (
    "title",
    "provider",
    "date",
    "date_utc",
    "date_only",
    "quality",
    "quality_text",
    "heat",
    "heat_text",
    "published",
    "topics",
    "n_related",
    "n_images",
    "web_url",
    "readonly",
    "category",
    "type",
)
_DISPLAY_AT: Final = tuple(SUMMARY_COLUMNS.index(c) for c in DISPLAY_COLUMNS)
_FETCH_COLUMNS: Final = (
    "id",
    "path",
    *SUMMARY_COLUMNS,
    "problem",
    "problem_line",
    "problem_column",
)
BATCH: Final = 4000
_INTERNED: Final = tuple(SUMMARY_COLUMNS.index(c) for c in ("provider", "category", "type"))


@dataclass(frozen=True, slots=True)
class LoadedRow:
    """One record file ready for the table: where it is, its summary and topic keys."""

    path: Path
    summary: tuple[Any, ...]
    topics: Sequence[str]

    def display(self) -> tuple[Any, ...]:
        return display_of(self.summary)


def display_of(summary: Sequence[Any]) -> tuple[Any, ...]:
    """The :data:`DISPLAY_COLUMNS` of a full summary."""
    return tuple(summary[i] for i in _DISPLAY_AT)


@dataclass(frozen=True, slots=True)
class Batch:
    """Rows and problems that became ready, and how far loading has come."""

    rows: list[LoadedRow]
    problems: list[Problem]
    done: int
    total: int
    notice: str | None = None


def load_rows(
    paths: list[Path],
    indexer: Indexer,
    cancelled: Callable[[], bool],
    report: Callable[[Batch], None],
) -> None:
    """Worker: report every record of ``paths`` in batches (see the module docstring)."""
    done = 0
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    for root in folders:
        if cancelled():
            return
        index = open_index(root)
        try:
            found = scan_folder(root)
            total = len(found) + len(files)
            if index.notice:
                report(Batch([], [], done, total, index.notice))

            def emit(
                ids: list[int], index: LibraryIndex = index, root: Path = root, total: int = total
            ) -> None:
                nonlocal done
                for start in range(0, len(ids), BATCH):
                    rows, problems = _fetch(index, root, ids[start : start + BATCH])
                    done += len(rows) + len(problems)
                    report(Batch(rows, problems, done, total))

            index.refresh(indexer, found=found, on_rows=emit, cancelled=cancelled)
        finally:
            index.close()
    for path in files:
        row = summarize_file(str(path), path.name)
        rows, problems = _split([(0, *row[:-1])], {0: row[-1]}, path.parent)
        done += 1
        report(Batch(rows, problems, done, done))
    report(Batch([], [], done, done))


def _fetch(
    index: LibraryIndex, root: Path, ids: list[int]
) -> tuple[list[LoadedRow], list[Problem]]:
    marks = ",".join("?" * len(ids))
    found = index.db.execute(
        f"SELECT {', '.join(_FETCH_COLUMNS)} FROM files WHERE id IN ({marks}) ORDER BY path",
        ids,
    ).fetchall()
    topics: dict[int, list[str]] = {}
    for file_id, topic in index.db.execute(
        f"SELECT file_id, topic FROM topics WHERE file_id IN ({marks})", ids
    ):
        topics.setdefault(file_id, []).append(topic)
    return _split(found, topics, root)


def _split(
    found: list[tuple[Any, ...]], topics: dict[int, list[str]], root: Path
) -> tuple[list[LoadedRow], list[Problem]]:
    rows: list[LoadedRow] = []
    problems: list[Problem] = []
    width = len(SUMMARY_COLUMNS)
    intern = sys.intern
    for item in found:
        path = root / item[1]
        problem = item[2 + width]
        if problem is not None:
            problems.append(Problem(path, problem, item[3 + width] or 1, item[4 + width] or 1))
            continue
        summary = list(item[2 : 2 + width])
        for at in _INTERNED:  # few distinct values, many rows
            if isinstance(summary[at], str):
                summary[at] = intern(summary[at])
        rows.append(LoadedRow(path, tuple(summary), topics.get(item[0], ())))
    return rows, problems


def start_indexer() -> Indexer:
    """The worker processes for parsing, started at once so they are ready when needed."""
    indexer = Indexer()
    indexer.warm()
    return indexer


def close_indexer(indexer: Indexer | None) -> None:
    if indexer is not None:
        indexer.close()
