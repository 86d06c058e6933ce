"""The persistent library index: one SQLite row per record file, summary and problem.

The index lives at ``<library>/.curator/index.sqlite`` (WAL mode). It answers listing,
sorting and querying without parsing unchanged files; it never feeds the writer, which
always reads the file itself. A row is trusted only while the file's size, modification
time, change time and inode are what the row says: any write to a file changes its change
time, which no one can set back, so an edit that keeps the size and restores the mtime is
still noticed. An index that is corrupt, foreign or of another schema version is rebuilt,
and :attr:`LibraryIndex.notice` says so.

Parsing runs on every core in worker processes (:class:`Indexer`); the index is written
by the process that opened it, one transaction per batch, so two curator processes can
refresh the same library at once (SQLite's locking, ``busy_timeout``).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import multiprocessing
import os
import re
import select
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool as BrokenExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from .leftovers import LEFTOVER_ENDS
from .links import LINK_VIEWS
from .summary import (
    FILE_COLUMNS,
    FREE_TEXT_SQL,
    PROBLEM_COLUMNS,
    SUMMARY_COLUMNS,
    summarize_file,
    unread_row,
)

SCHEMA_VERSION: Final = 9
BUSY_TIMEOUT_MS: Final = 30_000  # how long a statement waits for another connection's lock
LOG_WAIT_MS: Final = 250  # how long emptying the log waits for readers
WAL_AUTOCHECKPOINT: Final = 1000  # pages: SQLite's default
BULK_AUTOCHECKPOINT: Final = 10_000
APPLICATION_ID: Final = 0x43555231  # "CUR1": tells our index from any other SQLite file
SUFFIXES: Final = (".md", ".markdown")
INDEX_DIR: Final = ".curator"
INDEX_NAME: Final = "index.sqlite"

#: Below this many files to parse, worker processes cost more than they save.
POOL_THRESHOLD: Final = 256
#: From this many rows, an index is compared with its folder in a worker process when
#: the caller has workers (the window): reading the signatures, scanning and comparing
#: are 0.6 s of Python at 100,000 files, which in the window's process hold the GIL its
#: thread paints with (paints waited 40-75 ms for it).
PLAN_IN_WORKER: Final = 5000
#: Rows of an unchanged index shown before the folder is scanned (each one stat'ed).
EARLY_ROWS: Final = 300
#: Files of a new index parsed before the folder is scanned.
EARLY_PARSED: Final = 40
#: Files parsed in the calling thread while spawned worker processes start (forks of the
#: fork server are ready in milliseconds: then none, the thread would only compete).
INLINE_FIRST: Final = 48

ROW_COLUMNS: Final = (*FILE_COLUMNS, *SUMMARY_COLUMNS, *PROBLEM_COLUMNS)

SCHEMA: Final = f"""
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    {", ".join(c + " ANY" for c in ROW_COLUMNS[1:])},
    modified INTEGER NOT NULL DEFAULT 0,
    in_words INTEGER NOT NULL DEFAULT 0,
    free_f TEXT GENERATED ALWAYS AS ({FREE_TEXT_SQL}) STORED
) STRICT;
CREATE TABLE IF NOT EXISTS topics (
    file_id INTEGER NOT NULL,
    topic TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS topics_by_file ON topics(file_id);
CREATE INDEX IF NOT EXISTS topics_by_name ON topics(topic);
CREATE INDEX IF NOT EXISTS files_by_web_url ON files(web_url);
CREATE INDEX IF NOT EXISTS files_by_original_url ON files(original_url);
CREATE INDEX IF NOT EXISTS files_by_title_key ON files(title_key);
{LINK_VIEWS}
CREATE INDEX IF NOT EXISTS files_signature ON files(path, size, mtime_ns, ctime_ns, inode);
CREATE INDEX IF NOT EXISTS files_unreadable ON files(id) WHERE problem IS NOT NULL;
CREATE INDEX IF NOT EXISTS files_by_category ON files(category);
CREATE INDEX IF NOT EXISTS files_by_type ON files(type);
CREATE INDEX IF NOT EXISTS files_words_pending ON files(id) WHERE in_words = 0;
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(
    title, excerpt, tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS words_vocab USING fts5vocab(words, row);
CREATE TRIGGER IF NOT EXISTS words_on_delete AFTER DELETE ON files BEGIN
    DELETE FROM words WHERE rowid = old.id;
END;
"""
# ``words`` is the full-text index of titles and excerpts that related-story suggestions
# search (:mod:`~curator.core.suggest`). A row written or rewritten has ``in_words = 0``
# until :meth:`LibraryIndex.update_words` indexes its words: in one statement, after the
# rows are shown, so tokenizing never slows a cold open; a deleted row leaves by trigger.

_UPSERT: Final = (
    f"INSERT INTO files ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))}) "
    f"ON CONFLICT(path) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ROW_COLUMNS[1:])
    + ", in_words = 0"
)


#: Indexes a bulk write keeps: the path's own, the signatures (read at the start of every
#: refresh), the topics by file (each write replaces a file's topics), the unreadable
#: rows (each batch of rows reported asks which are problems) and the web URLs (the window
#: looks up each related item's record by it, on its thread: a scan of 100,000 rows per
#: item stalled it for 300 ms). The others are left out until the rows are in: at 10,000
#: new rows, writing took 0.42 s with them and 0.25 s without, plus 0.06 s to build them.
KEPT_INDEXES: Final = frozenset(
    ("files_signature", "topics_by_file", "files_unreadable", "files_by_web_url")
)
_INDEX_STATEMENT = re.compile(r"CREATE INDEX IF NOT EXISTS (\w+)")


@functools.cache
def _deferrable_indexes() -> dict[str, str]:
    """Name -> CREATE statement of each index of SCHEMA a bulk write may defer."""
    found = {}
    for statement in _statements(SCHEMA):
        match = _INDEX_STATEMENT.match(statement)
        if match and match.group(1) not in KEPT_INDEXES:
            found[match.group(1)] = statement
    return found


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script`` one by one (a trigger's body holds semicolons;
    ``executescript`` would commit the transaction the caller is in)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement.strip()
            statement = ""


def ensure_curator_dir(root: Path) -> Path:
    """``<root>/.curator``, created with a ``.gitignore`` of ``*`` the first time."""
    folder = root / INDEX_DIR
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        try:
            with open(ignore, "x", encoding="utf-8") as handle:
                handle.write("*\n")
        except FileExistsError:
            pass
    return folder


# --------------------------------------------------------------------------- scanning


#: A record file on disk: its path relative to the library, then its stat signature
#: (size, mtime_ns, ctime_ns, inode), all None when it cannot be stat'ed (a broken link)
#: or was not asked for.
Found = tuple[str, int | None, int | None, int | None, int | None]
_UNSTATED: Final = (None, None, None, None)


def scan_folder(
    root: Path,
    folders: list[str] | None = None,
    *,
    signatures: bool = True,
    holding: list[str] | None = None,
) -> list[Found]:
    """Every ``*.md``/``*.markdown`` under ``root`` (hidden folders skipped, symlink loops
    survived), with stat signatures unless ``signatures`` is false (a new index compares
    nothing: every file is parsed, and its row gets the signature its parse read), in no
    particular order; ``folders`` gets every folder looked into (what the window watches
    for changes) and ``holding`` those with a hidden name a leftover of an interrupted
    save could have (what the window cleans): no second walk of the tree for either."""
    found: list[Found] = []
    visited: set[str] = set()
    lists = (folders if folders is not None else [], holding if holding is not None else [])
    _walk(str(root), "", visited, found, lists, signatures)
    return found


def _walk(
    folder: str,
    prefix: str,
    visited: set[str],
    found: list[Found],
    lists: tuple[list[str], list[str]],
    signatures: bool = True,
) -> None:
    real = os.path.realpath(folder)
    if real in visited:
        return
    visited.add(real)
    folders, holding = lists
    folders.append(folder)
    subfolders: list[tuple[str, str]] = []
    append = found.append
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if name[0] == ".":
                    if name.endswith(LEFTOVER_ENDS) and (not holding or holding[-1] != folder):
                        holding.append(folder)
                    continue
                if name.lower().endswith(SUFFIXES):
                    try:
                        if entry.is_dir():
                            subfolders.append((entry.path, name))
                            continue
                        if not signatures:  # the stat is the scan's cost: 7 us a file
                            append((prefix + name, *_UNSTATED))
                            continue
                        info = entry.stat()
                    except OSError:
                        append((prefix + name, None, None, None, None))  # listed: reported
                        continue
                    append(
                        (
                            prefix + name,
                            info.st_size,
                            info.st_mtime_ns,
                            info.st_ctime_ns,
                            info.st_ino,
                        )
                    )
                else:
                    try:
                        if entry.is_dir():
                            subfolders.append((entry.path, name))
                    except OSError:
                        pass
    except OSError:
        return
    for path, name in subfolders:
        _walk(path, f"{prefix}{name}/", visited, found, lists, signatures)


# --------------------------------------------------------------------------- parsing


def _stopped(relative: str) -> tuple[Any, ...]:
    """The row of a file whose worker process died twice while parsing its chunk: never
    parsed in this process (if the file is what kills, it would kill the window too), and
    without a stat signature, so the next refresh tries it again."""
    message = "not indexed: the worker process parsing it stopped twice; reload to retry"
    return unread_row(relative, message)


def _parse_chunk(root: str, relatives: Sequence[str]) -> list[tuple[Any, ...]]:
    """Worker: index rows for files of one chunk (runs in a worker process)."""
    return [summarize_file(os.path.join(root, rel), rel) for rel in relatives]


@dataclass(frozen=True, slots=True)
class Plan:
    """What a refresh must do, from comparing the index with its folder: unchanged row
    ids, paths to parse, ids of rows whose file is gone (each sorted), how many files the
    scan found, and the folders it looked into and saw leftovers in (:func:`scan_folder`)."""

    total: int
    unchanged: list[int]
    stale: list[str]
    removed: list[int]
    folders: list[str]
    holding: list[str]


def plan_refresh(root: Path, db: sqlite3.Connection, trust_known: bool = False) -> Plan:
    """Scan ``root`` and compare it with the index ``db`` (``trust_known``: the index was
    just made, and its rows need no stat: see :meth:`LibraryIndex.refresh`)."""
    known = _signatures(db)  # read first: a file written meanwhile is then seen as changed
    folders: list[str] = []
    holding: list[str] = []
    found = scan_folder(root, folders, signatures=not trust_known, holding=holding)
    unchanged, stale, removed = _compare(found, known, trust_known)
    return Plan(len(found), unchanged, stale, removed, folders, holding)


def _plan_in_worker(root: str, index: str) -> Plan:
    """Worker: :func:`plan_refresh` for the index file at ``index``."""
    db = LibraryIndex._connect(index)
    try:
        return plan_refresh(Path(root), db)
    finally:
        db.close()


def _signatures(db: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
    """Each row's ``(path, size, mtime_ns, ctime_ns, inode, id)`` by path, read from a
    covering index (a few MB) rather than the rows."""
    listed = db.execute(
        "SELECT path, size, mtime_ns, ctime_ns, inode, id FROM files INDEXED BY files_signature"
    )
    return {row[0]: row for row in listed}


def _compare(
    found: list[Found], known: dict[str, tuple[Any, ...]], trust_known: bool = False
) -> tuple[list[int], list[str], list[int]]:
    """Unchanged row ids, paths to parse, and ids of rows whose file is gone (``known``
    is emptied); ``trust_known``: a row of a file found is unchanged (it was parsed in
    this refresh). Measured faster than set operations on the signatures."""
    unchanged: list[int] = []
    stale: list[str] = []
    for item in found:  # the signature is what the row says, or the file is parsed
        row = known.pop(item[0], None)
        if row is not None and (trust_known or (row[:5] == item and item[1] is not None)):
            unchanged.append(row[5])
        else:
            stale.append(item[0])
    unchanged.sort()
    stale.sort()
    return unchanged, stale, [row[5] for row in known.values()]


def _chunks(
    items: Sequence[str], first: int = 32, size: int = 400, workers: int = 0
) -> Iterator[Sequence[str]]:
    """Small chunks first (rows show early), then bigger ones (less overhead); for
    ``workers`` processes, smaller again towards the end, so they finish together rather
    than one parsing a last 400 files while the others wait."""
    start, step = 0, first
    while start < len(items):
        if workers:
            step = max(first, min(step, (len(items) - start) // (2 * workers)))
        yield items[start : start + step]
        start += step
        step = min(size, step * 2)


BACKGROUND_NICENESS = 10


def _start_worker(owner: int | None = None) -> None:
    """Worker start-up: the background priority, and an exit when ``owner`` dies."""
    _be_background()
    if owner is not None:
        _exit_with(owner)


def _exit_with(owner: int) -> None:
    """Leave when the process that owns the pool dies (a crash, a kill -9). Nothing else
    tells a worker waiting for its next chunk: it holds its task pipe's write end itself,
    so it would wait forever, and keep its fork server alive with it."""

    def watch() -> None:
        try:
            handle = os.pidfd_open(owner)  # readable once the owner has exited
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            select.select([handle], [], [])
            os._exit(0)
        while True:  # where there are no pidfds
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(0)
            except OSError:
                pass

    threading.Thread(target=watch, name="curator-owner-watch", daemon=True).start()


def _be_background() -> None:
    """In a worker: let the window's threads have a core first.

    The workers keep every core busy while a big library is indexed; at equal priority the
    GUI thread then waits its turn for a core, and the window stalls. A desktop indexer
    runs at a lower priority (as Baloo and Tracker do); on an idle machine this costs
    nothing. A fork of a fork server started early has it already (:func:`_lower`).
    """
    if hasattr(os, "getpriority"):
        with contextlib.suppress(OSError):
            now = os.getpriority(os.PRIO_PROCESS, 0)
            if now < BACKGROUND_NICENESS:
                os.setpriority(os.PRIO_PROCESS, 0, BACKGROUND_NICENESS)


def _lower(pid: int) -> None:
    """Give a process the background priority (its forks inherit it)."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, BACKGROUND_NICENESS)


def worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: from a fork server that has imported the parser once
    (a new worker is a fork of it, ready in milliseconds, without importing PyYAML again),
    or by ``spawn`` where there is no fork server. Never a fork of the caller, which may
    run Qt threads."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # only read when the server starts
    return context


def start_workers_early() -> None:
    """Start the fork server now (a process importing the parser at background
    priority), so the first library opened does not wait for it. Best effort."""
    context = worker_context()
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    with contextlib.suppress(Exception):
        forkserver.ensure_running()
        pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # private: best effort
        if pid:
            _lower(pid)  # its imports run in the background; its forks inherit it


class Indexer:
    """A pool of worker processes that parse files into index rows.

    Workers fork from a fork server that imported the parser (:func:`worker_context`;
    ``spawn`` where there is none): forking a process that runs Qt threads is unsafe.
    They run at a lower priority (:func:`_be_background`) and leave if the process that
    owns the pool dies (:func:`_exit_with`).
    """

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or max(1, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def warm(self) -> None:
        """Start the worker processes now, so the first parse does not wait for them.
        Best effort: a pool that cannot start is the next parse's to handle."""
        try:
            pool = self._get()
            for _ in range(self._workers):
                pool.submit(_parse_chunk, "", ())
        except (BrokenExecutor, RuntimeError, OSError):
            self.close()

    def _get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=worker_context(),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def parse(
        self, root: Path, relatives: Sequence[str], cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[list[tuple[Any, ...]]]:
        """Rows for ``relatives``, chunk by chunk as workers finish them (any order)."""
        if len(relatives) < POOL_THRESHOLD:
            for chunk in _chunks(relatives, 64, 64):
                if cancelled():
                    return
                yield _parse_chunk(str(root), chunk)
            return
        pending: dict[Future[list[tuple[Any, ...]]], tuple[Sequence[str], bool]] = {}
        inline = 0 if worker_context().get_start_method() == "forkserver" else INLINE_FIRST
        first, rest = relatives[:inline], relatives[inline:]
        chunks = _chunks(rest, workers=self._workers)
        left: list[Sequence[str]] = []  # chunks no pool would take

        def submit(chunk: Sequence[str], retry: bool = False) -> None:
            for _ in range(2):
                try:
                    pending[self._get().submit(_parse_chunk, str(root), chunk)] = (chunk, retry)
                    return
                except (BrokenExecutor, RuntimeError):
                    self.close()  # broken: the next _get() starts a new pool
            left.append(chunk)

        for chunk in itertools.islice(chunks, self._workers * 3):
            submit(chunk)
        if first:  # while spawned workers start (a few hundred ms): rows at once
            yield _parse_chunk(str(root), first)
        while pending:
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if cancelled():
                for future in pending:
                    future.cancel()
                return
            for future in done:
                chunk, retried = pending.pop(future)
                rows = self._rows(future)
                if rows is None and not retried:
                    submit(chunk, retry=True)  # once more, in a new pool
                    continue
                next_chunk = next(chunks, None)
                if next_chunk is not None:
                    submit(next_chunk)
                yield rows if rows is not None else [_stopped(rel) for rel in chunk]
        for chunk in itertools.chain(left, chunks):
            if cancelled():
                return
            yield _parse_chunk(str(root), chunk)

    def plan(self, root: Path, index: Path) -> Plan | None:
        """:func:`plan_refresh` of the index file ``index`` in a worker process; None if
        no worker could do it (the caller does it itself)."""
        try:
            return self._get().submit(_plan_in_worker, str(root), str(index)).result()
        except Exception as error:  # a broken pool, or an index the worker cannot read
            if isinstance(error, BrokenExecutor | RuntimeError):
                self.close()
            return None

    def _rows(self, future: Future[list[tuple[Any, ...]]]) -> list[tuple[Any, ...]] | None:
        """A worker's rows, or None if the worker process died (killed, out of memory);
        a broken pool is dropped, so the next task starts a new one."""
        try:
            return future.result()
        except Exception:
            if not future.cancelled() and isinstance(future.exception(), BrokenExecutor):
                self.close()
            return None

    def close(self, wait: bool = False) -> None:
        """Stop the worker processes (``wait``: and wait until they have exited)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None


# --------------------------------------------------------------------------- the index


def _busy(error: sqlite3.Error) -> bool:
    """Whether ``error`` says another connection holds a lock (SQLITE_BUSY, SQLITE_LOCKED):
    the file is in use, not damaged."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (5, 6)


_MEMORY_NAMES = itertools.count(1)


class IndexUnavailable(Exception):
    """The index cannot be opened or created (a read-only folder, say)."""


@dataclass
class Refresh:
    """What a refresh found: counts, and a message when the index had to be rebuilt."""

    total: int = 0
    unchanged: int = 0
    parsed: int = 0
    removed: int = 0
    notice: str | None = None
    ids: list[int] = field(default_factory=list)


#: When :class:`LibraryIndex` looks for damage.
Check = Literal["first", "aside", "never"]


class LibraryIndex:
    """The index of one library folder (or an in-memory one, for ``--no-index``)."""

    def __init__(self, root: Path, *, memory: bool = False, check: Check = "first") -> None:
        """``check``: when to look for damage (``PRAGMA quick_check``, 0.2-0.3 s at
        100,000 rows): ``first``, before anything is read; ``aside``, on a thread of its
        own while :meth:`refresh` scans (the refresh waits for it before it trusts or
        writes anything); ``never``, for a reader that trusts what it read only once a
        checked refresh has vouched for it (the index is opened as it stands)."""
        self.root = root
        self._check_aside = check == "aside"
        self.last_refresh: Refresh | None = None
        self._checking: threading.Thread | None = None
        self._damage: str | None = None  # what the check aside found
        self.folders: list[str] = []  # the folders the last scan looked into
        #: Those of them holding a name a leftover of a save could have; None: no scan here.
        self.holding: list[str] | None = None
        self._early_parsed = 0
        self.notice: str | None = None
        self.memory = memory
        if memory:
            self.path: Path | None = None
            # A named in-memory database, so another connection can attach it while
            # this one is open (the window copies rows from it in bulk).
            self.uri = f"file:curator-index-{next(_MEMORY_NAMES)}?mode=memory&cache=shared"
            self.db = self._connect(self.uri)
            self._create()
        else:
            try:
                self.path = ensure_curator_dir(root) / INDEX_NAME
            except OSError as error:
                raise IndexUnavailable(f"cannot create {root / INDEX_DIR}: {error}") from None
            self.db = self._connect(str(self.path)) if check == "never" else self._open_checked()
            self.uri = self.path.resolve().as_uri()

    # -- opening -----------------------------------------------------------------------

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        db = sqlite3.connect(
            target,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
            uri=target.startswith("file:"),
        )
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return db

    def _open_checked(self) -> sqlite3.Connection:
        assert self.path is not None
        try:
            db = self._connect(str(self.path))
            self._check(db)
            return db
        except sqlite3.DatabaseError as error:
            if _busy(error):  # in use by another process: never delete it
                raise IndexUnavailable(f"{self.path} is busy: {error}") from None
            with contextlib.suppress(Exception):
                db.close()
            return self._rebuilt(str(error))
        except OSError as error:
            raise IndexUnavailable(f"cannot open {self.path}: {error}") from None

    def _rebuilt(self, why: str) -> sqlite3.Connection:
        """A new, empty index in place of an unreadable one."""
        assert self.path is not None
        self.notice = f"the library index was unreadable ({why}) and is being rebuilt"
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            db = self._connect(str(self.path))
            self._check_aside = False
            self._check(db)
        except (OSError, sqlite3.DatabaseError) as again:
            # a read-only library indexed before, say: the old index cannot go
            raise IndexUnavailable(f"cannot rebuild {self.path}: {again}") from None
        return db

    def _check_in_thread(self) -> None:
        """Run :meth:`_quick_check` on a connection of its own, beside the scan (SQLite
        runs it with the GIL released)."""
        assert self.path is not None
        path = str(self.path)

        def check() -> None:
            try:
                db = self._connect(path)
                try:
                    self._quick_check(db)
                finally:
                    db.close()
            except sqlite3.DatabaseError as error:
                self._damage = str(error)

        self._checking = threading.Thread(target=check, name="index check", daemon=True)
        self._checking.start()

    def _checked(self) -> bool:
        """Wait for a check running aside; False when it found damage, and the index is
        now new and empty (the refresh starts again)."""
        if self._checking is None:
            return True
        self._checking.join()
        self._checking = None
        if self._damage is None:
            return True
        with contextlib.suppress(Exception):
            self.db.close()
        self.db = self._rebuilt(self._damage)
        self._damage = None
        return False

    @staticmethod
    def _quick_check(db: sqlite3.Connection) -> None:
        # A damaged page below the roots shows only when read: find it before the index
        # is trusted (about 0.1 s per 100,000 rows), not in the middle of a refresh or a
        # query.
        if db.execute("PRAGMA quick_check(1)").fetchone() != ("ok",):
            raise sqlite3.DatabaseError("failed its integrity check")

    def _check(self, db: sqlite3.Connection) -> None:
        """Use the index if it is ours and of this version; otherwise start it afresh."""
        self.db = db
        # Turning a new file to WAL takes a lock SQLite does not wait for (no busy
        # handler): a process opening the library at the same moment may hold it.
        deadline = time.monotonic() + 30
        while True:
            try:
                db.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        db.execute("PRAGMA synchronous = NORMAL")
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
            db.execute("SELECT count(*) FROM files WHERE id < 0").fetchone()
            if self._check_aside:
                self._check_in_thread()
            else:
                self._quick_check(db)
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master")]
                if tables:
                    why = "of another version" if app_id == APPLICATION_ID else "not curator's"
                    self.notice = f"the library index was {why} and is being rebuilt"
                for name in ("words_vocab", "words", "files", "topics", "meta"):
                    db.execute(f"DROP TABLE IF EXISTS {name}")
                self._create()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _create(self) -> None:
        for statement in _statements(SCHEMA):
            self.db.execute(statement)
        self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        if self._checking is not None:
            self._checking.join()
        self.db.close()

    def empty_log(self) -> bool:
        """Copy the write-ahead log into the index and empty it, if no reader holds it
        for more than a moment; whether it did. A big refresh leaves hundreds of MB of
        log, which the next open must read back in full when this session ends without
        closing the index (a crash): 0.5 s at 100,000 files."""
        if self.memory:
            return False
        db = self.db
        db.execute(f"PRAGMA busy_timeout = {LOG_WAIT_MS}")
        try:
            busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:
            busy = 1
        finally:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return not busy

    def ensure_indexes(self) -> None:
        """Build the indexes a bulk write left out (:data:`KEPT_INDEXES`); a no-op when
        they are all there."""
        present = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master")}
        for name, statement in _deferrable_indexes().items():
            if name not in present:
                self.db.execute(statement)

    def _defer_indexes(self) -> None:
        for name in _deferrable_indexes():
            self.db.execute(f"DROP INDEX IF EXISTS {name}")

    # -- refreshing --------------------------------------------------------------------

    def refresh(
        self,
        indexer: Indexer | None = None,
        *,
        found: list[Found] | Callable[[], list[Found]] | None = None,
        on_rows: Callable[[list[int]], None] | None = None,
        on_found: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        indexes_later: bool = False,
        plan_in_worker: bool = False,
    ) -> Refresh:
        """Bring the index up to date with the folder; parse only new or changed files.

        ``on_rows(ids)`` is called with the ids of rows that are ready: a few checked
        ones at once, the other unchanged ones after the scan, then each parsed batch as
        it is written. ``on_found(count)`` says how many files the scan found. ``found``
        may be the scan's result, or a callable that waits for a scan run elsewhere.
        When more files are parsed than kept, the secondary indexes are built after the
        rows are written (and any an interrupted refresh left out); ``indexes_later``:
        the caller builds them (:meth:`ensure_indexes`), after showing the rows, say.
        ``plan_in_worker``: compare a large index with its folder in one of ``indexer``'s
        processes (:data:`PLAN_IN_WORKER`), not in the calling thread.
        """
        self._early_parsed = 0
        if self._checking is not None and on_rows is not None:
            self._checked()  # rows are shown at once: the index must be sound first
        early = self._early_rows(on_rows, indexer) if on_rows is not None else set()
        try:
            plan: Plan | None = self._plan(found, indexer if plan_in_worker else None)
        except sqlite3.DatabaseError:
            if self._checking is None:
                raise
            plan = None  # damage the check aside is about to name
        if not self._checked():  # damaged: rebuilt, and refreshed from nothing
            return self.refresh(
                indexer,
                found=found,
                on_rows=on_rows,
                on_found=on_found,
                cancelled=cancelled,
                indexes_later=indexes_later,
                plan_in_worker=plan_in_worker,
            )
        if plan is None:  # the check found nothing wrong: read again, and let it raise
            plan = self._plan(found, indexer if plan_in_worker else None)
        if on_found is not None:
            on_found(plan.total)
        result = self.last_refresh = Refresh(total=plan.total, notice=self.notice)
        unchanged, stale, removed = plan.unchanged, plan.stale, plan.removed
        result.ids.extend(early)
        if early:
            unchanged = [i for i in unchanged if i not in early]
        if removed:
            self._remove(removed)
            result.removed = len(removed)
        result.unchanged = len(unchanged) + len(early) - self._early_parsed
        result.parsed = self._early_parsed
        result.ids.extend(unchanged)
        if on_rows is not None and unchanged:
            on_rows(unchanged)
        if stale:
            own = Indexer() if indexer is None and len(stale) >= POOL_THRESHOLD else None
            pool = indexer or own
            parse = pool.parse if pool is not None and len(stale) >= POOL_THRESHOLD else _inline
            bulk = len(stale) >= POOL_THRESHOLD and len(stale) >= len(unchanged)
            if bulk:
                self._defer_indexes()
                # A checkpoint per 40 MB of log rather than 4 MB while the rows are
                # written: each copies the pages back and syncs, and the index pages it
                # copies are written again by the next batches (10,000 rows wrote in
                # 0.21-0.25 s rather than 0.25-0.30 s).
                self.db.execute(f"PRAGMA wal_autocheckpoint = {BULK_AUTOCHECKPOINT}")
            try:
                for rows in parse(self.root, stale, cancelled):
                    ids = self.write(rows)
                    result.parsed += len(ids)
                    result.ids.extend(ids)
                    if on_rows is not None:
                        on_rows(ids)
            finally:
                if bulk:
                    self.db.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
                if own is not None:  # a pool of our own must not outlive the refresh
                    own.close(wait=True)
        if not indexes_later:  # also those an interrupted bulk write left out
            self.ensure_indexes()
        return result

    def _plan(
        self,
        found: list[Found] | Callable[[], list[Found]] | None,
        indexer: Indexer | None,
    ) -> Plan:
        """Compare the index with its folder, scanned here, in ``indexer``'s worker (a
        large index), or by the caller (``found``)."""
        if found is None:
            rows = self.db.execute("SELECT count(*) FROM files").fetchone()[0]
            # A new index holds only the rows parsed a moment ago, if any: the scan need
            # not stat the files, and those rows stand (each has the signature its parse
            # read).
            new = rows == self._early_parsed
            plan = None
            if indexer is not None and not new and rows >= PLAN_IN_WORKER and self.path:
                plan = indexer.plan(self.root, self.path)
            if plan is None:
                plan = plan_refresh(self.root, self.db, trust_known=new)
            self.folders, self.holding = plan.folders, plan.holding
            return plan
        known = _signatures(self.db)  # while the caller's scan still runs
        new = len(known) == self._early_parsed
        if callable(found):
            found = found()
        unchanged, stale, removed = _compare(found, known, trust_known=new)
        return Plan(len(found), unchanged, stale, removed, self.folders, self.holding or [])

    def _early_rows(
        self, on_rows: Callable[[list[int]], None], indexer: Indexer | None = None
    ) -> set[int]:
        """Report the first rows at once, each checked against its file's stat, so a
        window shows them before the whole folder is scanned; in a new index, parse the
        first few files for that (:meth:`_early_parse`)."""
        listed = self.db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, inode, id FROM files "
            "WHERE problem IS NULL ORDER BY id LIMIT ?",
            (EARLY_ROWS,),
        ).fetchall()
        root = str(self.root)
        if not listed:
            return self._early_parse(on_rows, indexer)
        good: list[int] = []
        for path, *signature, row_id in listed:
            try:
                info = os.stat(os.path.join(root, path))
            except OSError:
                continue
            if signature == [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]:
                good.append(row_id)
        if good:
            on_rows(good)
        return set(good)

    def _early_parse(
        self, on_rows: Callable[[list[int]], None], indexer: Indexer | None = None
    ) -> set[int]:
        """A new index: parse the first few files of the folder here and now, so a
        window shows rows while the folder is scanned and the workers start (those of
        ``indexer`` start now when there are more files than these)."""
        names: list[str] = []
        try:
            with os.scandir(self.root) as listing:
                for entry in listing:
                    name = entry.name
                    if name[0] != "." and name.lower().endswith(SUFFIXES) and entry.is_file():
                        names.append(name)
                        if len(names) >= EARLY_PARSED:
                            break
        except OSError:
            return set()
        if not names:
            return set()
        names.sort()
        ids = self.write(summarize_file(os.path.join(self.root, n), n) for n in names)
        self._early_parsed = len(ids)
        on_rows(sorted(ids))
        if indexer is not None and len(names) >= EARLY_PARSED:
            # Likely more files than these: the workers start while the folder is
            # scanned. After the first rows, not before: a fork server still starting
            # (a window just opened) would hold them back.
            indexer.warm()
        return set(ids)

    def update_words(self) -> int:
        """Index the words of the rows written since the last call (for suggestions);
        returns how many. About 1 s per 100,000 new rows, in SQLite with the GIL released."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            pending = "SELECT id FROM files WHERE in_words = 0"
            db.execute(f"DELETE FROM words WHERE rowid IN ({pending})")
            count = db.execute(
                "INSERT INTO words(rowid, title, excerpt) "
                f"SELECT id, title, excerpt FROM files WHERE id IN ({pending})"
            ).rowcount
            db.execute("UPDATE files SET in_words = 1 WHERE in_words = 0")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return count

    def write(self, rows: Iterable[tuple[Any, ...]]) -> list[int]:
        """Store parsed rows (with their topic lists last); returns their ids, in order.

        Bulk statements (executemany) rather than one call per row: loading 100,000
        files writes while the window runs, and Python per row holds the GIL it needs.
        """
        rows = list(rows)
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(_UPSERT, (row[:-1] for row in rows))
            paths = json.dumps([row[0] for row in rows])
            id_of = dict(
                db.execute(
                    "SELECT path, id FROM files WHERE path IN (SELECT value FROM json_each(?))",
                    (paths,),
                ).fetchall()
            )
            ids = [id_of[row[0]] for row in rows]
            id_list = json.dumps(ids)
            db.execute(
                "DELETE FROM topics WHERE file_id IN (SELECT value FROM json_each(?))", (id_list,)
            )
            db.executemany(
                "INSERT INTO topics VALUES (?, ?)",
                ((i, topic) for i, row in zip(ids, rows, strict=True) for topic in row[-1]),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return ids

    def _remove(self, ids: list[int]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("DELETE FROM files WHERE id = ?", ((i,) for i in ids))
            db.executemany("DELETE FROM topics WHERE file_id = ?", ((i,) for i in ids))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- reading -----------------------------------------------------------------------

    def select(self, columns: Sequence[str], where: str = "", params: Sequence[Any] = ()) -> Any:
        """A cursor over ``columns`` of the rows matching ``where``, ordered by path."""
        clause = f" WHERE {where}" if where else ""
        return self.db.execute(
            f"SELECT {', '.join(columns)} FROM files{clause} ORDER BY path", tuple(params)
        )


def _inline(
    root: Path, relatives: Sequence[str], cancelled: Callable[[], bool]
) -> Iterator[list[tuple[Any, ...]]]:
    for chunk in _chunks(relatives, 64, 64):
        if cancelled():
            return
        yield _parse_chunk(str(root), chunk)


def open_index(root: Path, *, use_disk: bool = True, check: Check = "first") -> LibraryIndex:
    """The library's index on disk, or an in-memory one where the folder is read-only
    (``check``: see :class:`LibraryIndex`)."""
    if use_disk:
        try:
            return LibraryIndex(root, check=check)
        except IndexUnavailable as error:
            index = LibraryIndex(root, memory=True)
            index.notice = f"{error}; using an index in memory"
            return index
    return LibraryIndex(root, memory=True)
