"""Loading a library for the window: the index answers, worker processes parse the rest.

:func:`load_rows` runs on a pool thread. It opens each folder's index, brings it up to
date (unchanged files are not read; new and changed ones are parsed in worker processes)
and reports rows in batches as they become ready, so the first rows show while the rest
is still being parsed. A batch is a list of index ids: the window reads the few rows it
shows from the index, and the query thread copies the batch with one ``INSERT ...
SELECT``, so no Python runs per row on the window's thread.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..core.files import real_path
from ..core.index import Indexer, LibraryIndex, open_index
from ..core.leftovers import Cleanup, clean_folder, clean_tree, interrupted_message
from ..core.record import Problem
from ..core.summary import SUMMARY_COLUMNS, summarize_file

#: The summary columns the table shows, read from the index for visible rows only.
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
FIRST_BATCH: Final = 400  # small, so the first rows show at once
BATCH: Final = 8000


def display_of(summary: Sequence[Any], path: str) -> tuple[Any, ...]:
    """The :data:`DISPLAY_COLUMNS` of a full summary, and the file's indexed path."""
    return (*(summary[i] for i in _DISPLAY_AT), path)


@dataclass(frozen=True, slots=True)
class Source:
    """An index rows come from: how to attach it, and the prefix that makes its paths whole.

    ``keep`` holds an in-memory index open until its readers have attached it.
    """

    uri: str
    prefix: str
    keep: Any = None


@dataclass(frozen=True, slots=True)
class Batch:
    """Rows and problems that became ready, and how far loading has come.

    ``ids`` are index ids of ``source`` for rows ``first`` onwards, in id order; the
    window reads what it shows of them from the index, and the query thread copies them.
    """

    first: int
    ids: list[int]
    source: Source | None
    problems: list[Problem]
    done: int
    total: int
    notice: str | None = None
    words_ready: bool = False  # after loading: the suggestions' word index is up to date
    folders: list[str] | None = None  # with the last batch: every folder of the library


class _Reporter:
    """Counts rows across batches so they are numbered as the store will number them."""

    def __init__(self, report: Callable[[Batch], None], total: int) -> None:
        self.report = report
        self.total = total
        self.next_row = 0
        self.done = 0

    def rows_from(self, index: LibraryIndex, source: Source, ids: list[int]) -> None:
        """Report the rows with ``ids`` (first a small batch, so rows show at once)."""
        start, size = 0, FIRST_BATCH if self.next_row == 0 else BATCH
        while start < len(ids):
            self._send(index, source, ids[start : start + size])
            start, size = start + size, BATCH

    def _send(self, index: LibraryIndex, source: Source, ids: list[int]) -> None:
        ids = sorted(ids)  # the query thread numbers a batch's rows in id order
        # Which ids are problems: usually none, and one look at a small index says so.
        broken = {i for (i,) in index.db.execute("SELECT id FROM files WHERE problem IS NOT NULL")}
        bad = broken.intersection(ids)
        good = [i for i in ids if i not in bad] if bad else ids
        problems = [
            Problem(Path(source.prefix + path), message, line or 1, column or 1)
            for path, message, line, column in index.db.execute(
                "SELECT path, problem, problem_line, problem_column FROM files "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(bad)),),
            )
        ]
        first = self.next_row
        self.next_row += len(good)
        self.done += len(ids)
        self.report(Batch(first, good, source, problems, self.done, self.total))


def load_rows(
    paths: list[Path],
    indexer: Indexer,
    cancelled: Callable[[], bool],
    report: Callable[[Batch], None],
) -> None:
    """Worker: report every record of ``paths`` in batches (see the module docstring)."""
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    reporter = _Reporter(report, len(files))
    opened: list[LibraryIndex] = []  # kept open until the word index is up to date
    try:
        _load(folders, files, indexer, cancelled, report, reporter, opened)
    finally:
        for index in opened:
            if not index.memory:  # an in-memory index lives as long as its readers
                index.close()


def _load(
    folders: list[Path],
    files: list[Path],
    indexer: Indexer,
    cancelled: Callable[[], bool],
    report: Callable[[Batch], None],
    reporter: _Reporter,
    opened: list[LibraryIndex],
) -> None:
    watched: list[str] = [str(p.parent) for p in files]  # what the window watches
    indexed: list[tuple[Path, LibraryIndex]] = []
    for root in folders:
        if cancelled():
            return
        # (Scanning on a second thread while the index opens was measured slower: two
        # Python threads beside the window's thread fight over the GIL.)
        index = open_index(root)
        opened.append(index)
        indexed.append((root, index))
        if index.notice:
            report(Batch(0, [], None, [], reporter.done, reporter.total, index.notice))
        source = Source(index.uri, str(root) + os.sep, index if index.memory else None)

        def on_rows(ids: list[int], index: LibraryIndex = index, to: Source = source) -> None:
            reporter.rows_from(index, to, ids)

        def on_found(count: int) -> None:
            reporter.total += count

        index.refresh(
            indexer,
            on_rows=on_rows,
            on_found=on_found,
            cancelled=cancelled,
            indexes_later=True,
            plan_in_worker=True,  # the window's thread needs the GIL to paint
        )
        watched.extend(index.folders)
    if files:
        index = LibraryIndex(Path("/"), memory=True)
        opened.append(index)
        index.write(summarize_file(str(p), str(p.absolute())) for p in files)
        ids = [row[0] for row in index.db.execute("SELECT id FROM files ORDER BY id")]
        reporter.rows_from(index, Source(index.uri, "", index), ids)
    if cancelled():
        return
    done = reporter.done
    # Every row is shown: the window may say so now. Cleaning up after interrupted saves
    # walks the folders again, and indexing words tokenizes the new rows: both after.
    report(Batch(reporter.next_row, [], None, [], done, done, folders=list(dict.fromkeys(watched))))
    for index in opened:  # the rows are shown: build what a bulk write left out
        index.ensure_indexes()
    cleanup = _clean_leftovers(indexed, files)
    kept = [Problem(record, interrupted_message(backup)) for record, backup in cleanup.kept]
    if kept or cleanup.summary():
        report(Batch(reporter.next_row, [], None, kept, done, done, cleanup.summary()))
    for index in opened:  # tokenizing during the load would slow it
        if cancelled():
            return
        index.update_words()
        index.empty_log()  # so that an open after a crash need not read it back
    report(Batch(reporter.next_row, [], None, [], done, done, words_ready=True))


def _clean_leftovers(roots: list[tuple[Path, LibraryIndex]], files: list[Path]) -> Cleanup:
    """What interrupted saves left in the library, removed once all rows are shown: in
    the folders where the index's scan saw a name one could have (walking the tree again
    would hold the GIL the window paints with: 90 ms at 100,000 files)."""
    cleanup = Cleanup()
    for root, index in roots:
        if index.holding is None:  # no scan of its own (it was given the files found)
            cleanup.add(clean_tree(root))
            continue
        for folder in index.holding:
            cleanup.add(clean_folder(Path(folder)))
    for path in files:
        real = real_path(path)
        cleanup.add(clean_folder(real.parent, [real.name]))
    return cleanup
