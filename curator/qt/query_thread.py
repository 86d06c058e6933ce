"""The thread that owns the library's :class:`~curator.core.table.QueryTable`.

Sorting and filtering 100,000 rows takes SQLite a good fraction of a second; here it
happens on a thread of its own, in C with the GIL released, while the window stays
responsive. Jobs run in the order they were given (rows are inserted before a sort that
must include them); a sort or filter that a newer one of the same client (the library
table, the Attach dialog) has replaced is skipped, and its result is never delivered.

Signals:
    ordered(str, int, object): client, generation, rows in view order (a NumPy array).
"""

from __future__ import annotations

import atexit
import queue
import sqlite3
import threading
from collections import deque
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from ..core.query import Query
from ..core.table import QueryTable
from .loading import Source


class QueryThread(QThread):
    """Runs table jobs one at a time, off the GUI thread."""

    ordered = Signal(str, int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._latest: dict[str, int] = {}  # the newest generation asked for, by client
        self.table = QueryTable()
        self._lock = threading.Lock()  # guards _running against interrupt()
        self._running = ""
        self._warm: deque[str] = deque()  # sort keys to compute while idle
        _RUNNING.add(self)

    # -- called on the GUI thread --------------------------------------------------------

    def reset(self) -> None:
        self._jobs.put(("reset",))

    def copy(self, source: Source, ids: list[int], first: int) -> None:
        """Copy a loading batch's rows from its index, numbered from ``first``."""
        self._jobs.put(("copy", source, ids, first))

    def update(self, row: int, summary: Sequence[Any], topics: Sequence[str], modified: bool):
        self._jobs.put(("update", row, summary, topics, modified))

    def order(
        self, generation: int, query: Query, key: str | None, descending: bool, *, client: str
    ) -> None:
        """Compute ``client``'s view order; only its newest generation's result is delivered.

        A sort or filter of the same client still running is interrupted (its result would
        be dropped anyway, and the newest keystroke should not wait for it), and so is a
        warm-up sort.
        """
        self._latest[client] = generation
        self._jobs.put(("order", client, generation, query, key, descending))
        with self._lock:
            if self._running in (f"order:{client}", "warm"):
                self.table.db.interrupt()

    def warm(self, keys: Sequence[str]) -> None:
        """Sort by these keys when there is nothing else to do, so the first click on
        their headers is instant; any other job goes first."""
        self._warm.extend(keys)

    def stop(self) -> None:
        """End the thread (waits for the job at hand)."""
        if self in _RUNNING:
            _RUNNING.discard(self)
            self._jobs.put(None)
            self.wait(10000)

    # -- the thread ----------------------------------------------------------------------

    def run(self) -> None:
        ahead: Any = _NOTHING  # a job read while gathering copies (None: stop)
        while True:
            if ahead is not _NOTHING:
                job, ahead = ahead, _NOTHING
            else:
                try:
                    job = self._jobs.get(timeout=0.02) if self._warm else self._jobs.get()
                except queue.Empty:
                    job = ("warm", self._warm.popleft())
            if job is None:
                return
            if job[0] == "copy":
                job, ahead = self._gathered(job)
            with self._lock:
                self._running = f"order:{job[1]}" if job[0] == "order" else job[0]
            try:
                self._do(job)
            except sqlite3.OperationalError as error:
                if job[0] not in ("order", "warm") or "interrupt" not in str(error):
                    print(f"curator: query thread: {type(error).__name__}: {error}")
            except Exception as error:  # a failed job must not end the thread
                print(f"curator: query thread: {type(error).__name__}: {error}")
            finally:
                with self._lock:
                    self._running = ""

    def _gathered(self, job: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
        """``job`` and the copies queued right behind it, of the same index and the next
        rows, as one copy; and the first other job met (None when the queue ran dry).

        A warm open hands over 100,000 rows in batches of 8,000 within a second: copied
        one by one they took 0.9 s (each attaches the index again), gathered about half.
        The job met may be None (stop); :data:`_NOTHING` when the queue ran dry."""
        source, ids, first = job[1:]
        gathered = list(ids)
        while True:
            try:
                following = self._jobs.get_nowait()
            except queue.Empty:
                return ("copy", source, gathered, first), _NOTHING
            if (
                following is None
                or following[0] != "copy"
                or following[1] != source
                or following[3] != first + len(gathered)
            ):
                return ("copy", source, gathered, first), following
            gathered.extend(following[2])

    def _do(self, job: tuple[Any, ...]) -> None:
        kind = job[0]
        if kind == "reset":
            self._warm.clear()
            self.table = QueryTable()
        elif kind == "copy":
            source, ids, first = job[1:]
            self.table.copy(source.uri, source.prefix, ids, first)
        elif kind == "update":
            self.table.update(*job[1:])
        elif kind == "order":
            client, generation, query, key, descending = job[1:]
            if generation != self._latest.get(client):
                return  # a newer sort or filter replaced this one
            rows = self.table.order(query, key, descending)
            if generation == self._latest.get(client):
                self.ordered.emit(client, generation, rows)
        elif kind == "warm":
            self.table.sorted_rows(job[1])


_NOTHING: Any = object()  # no job read ahead
_RUNNING: set[QueryThread] = set()


@atexit.register
def _stop_all() -> None:
    """A QThread still running when Python exits aborts the process: stop them first."""
    for thread in list(_RUNNING):
        thread.stop()
