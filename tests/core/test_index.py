"""The persistent library index (:mod:`curator.core.index`): an index that lies is worse
than none.

Every test builds its library in ``tmp_path`` and checks what the index answers against
what the files hold, written out literally: after edits made behind curator's back, after
the index file is damaged or replaced, and with two processes refreshing at once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT

from curator.core import index as index_module
from curator.core.index import (
    APPLICATION_ID,
    EARLY_PARSED,
    INDEX_DIR,
    INDEX_NAME,
    POOL_THRESHOLD,
    SCHEMA_VERSION,
    Indexer,
    LibraryIndex,
    open_index,
)
from curator.core.query import parse_query


def record(title: str, *lines: str) -> str:
    """A small seed-style record: a title and any further front-matter lines."""
    return "\n".join(["---", f'title: "{title}"', *lines, "---", "Body.", ""])


def library(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


Refresher = Callable[[LibraryIndex], Any]


@pytest.fixture(params=["in this process", "in a worker"])
def refresh(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Refresher]:
    """Both places a refresh compares the index with its folder: the calling thread, and
    a worker process (what the window asks for; here for an index of any size)."""
    if request.param == "in this process":
        yield lambda index: index.refresh()
        return
    monkeypatch.setattr(index_module, "PLAN_IN_WORKER", 0)
    indexer = Indexer(1)
    planned: list[Any] = []
    plan = indexer.plan

    def spied(root: Path, path: Path) -> Any:
        planned.append(plan(root, path))
        return planned[-1]

    monkeypatch.setattr(indexer, "plan", spied)
    yield lambda index: index.refresh(indexer, plan_in_worker=True)
    indexer.close(wait=True)
    assert planned and None not in planned, "the worker did not compare"


def titles(index: LibraryIndex) -> dict[str, Any]:
    return dict(index.select(["path", "title"]).fetchall())


def matching(index: LibraryIndex, text: str) -> list[str]:
    """Paths of the readable records that match the query ``text``."""
    query = parse_query(text)
    where = f"problem IS NULL AND {query.where}"
    return [path for (path,) in index.select(["path"], where, query.params)]


def index_file(root: Path) -> Path:
    return root / INDEX_DIR / INDEX_NAME


def index_once(root: Path) -> None:
    """Index the library and close the index, as a curator session that ends does."""
    index = LibraryIndex(root)
    index.refresh()
    index.close()
    assert not Path(f"{index_file(root)}-wal").exists()


FIVE = {f"r{i}.md": record(f"Record {i}", f"quality: {i}") for i in range(5)}


# --------------------------------------------------------------------------- refreshing


def test_a_second_refresh_of_an_unchanged_library_parses_nothing(tmp_path: Path) -> None:
    root = library(tmp_path, FIVE)
    index = LibraryIndex(root)
    announced: list[int] = []
    first = index.refresh(on_rows=announced.extend)
    assert (first.total, first.parsed, first.unchanged, first.removed) == (5, 5, 0, 0)
    assert first.notice is None
    all_ids = [row_id for (row_id,) in index.select(["id"])]
    assert sorted(announced) == sorted(first.ids) == sorted(all_ids)
    second = index.refresh()
    assert (second.total, second.parsed, second.unchanged, second.removed) == (5, 0, 5, 0)
    assert sorted(second.ids) == sorted(all_ids)
    index.close()
    # and a new process (a new LibraryIndex) trusts the same rows
    again = LibraryIndex(root)
    third = again.refresh()
    assert (third.parsed, third.unchanged, again.notice) == (0, 5, None)
    assert titles(again) == {f"r{i}.md": f"Record {i}" for i in range(5)}


def test_a_new_index_parses_each_file_once_and_its_rows_are_trusted_next_time(
    tmp_path: Path,
) -> None:
    # More files than are parsed before the scan: the scan of a new index reads no
    # signatures, so the rows parsed before it must stand and the rest be parsed once.
    files = {f"r{i:03}.md": record(f"Record {i}") for i in range(EARLY_PARSED + 25)}
    files["sub/deep.md"] = record("Deep")
    root = library(tmp_path, files)
    index = LibraryIndex(root)
    announced: list[int] = []
    first = index.refresh(on_rows=announced.extend)
    assert (first.total, first.parsed, first.unchanged) == (EARLY_PARSED + 26, EARLY_PARSED + 26, 0)
    assert len(announced) == len(set(announced)) == EARLY_PARSED + 26
    assert titles(index)["sub/deep.md"] == "Deep"
    index.close()
    again = LibraryIndex(root)
    second = again.refresh()
    assert (second.parsed, second.unchanged) == (0, EARLY_PARSED + 26)
    again.close()


def test_the_curator_folder_is_ignored_by_git_and_by_the_scan(tmp_path: Path) -> None:
    root = library(tmp_path, {"a.md": record("A")})
    index = LibraryIndex(root)
    assert (root / ".curator" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    assert index_file(root).is_file()
    (root / ".curator" / "stray.md").write_text(record("Stray"), encoding="utf-8")
    assert index.refresh().total == 1
    assert titles(index) == {"a.md": "A"}


def test_the_scan_names_the_folders_holding_what_could_be_leftovers_of_saves(
    tmp_path: Path, refresh: Refresher
) -> None:
    root = library(
        tmp_path,
        {
            "a.md": record("A"),
            ".a.md.curator-1-abcd1234.tmp": "half",
            "desk/b.md": record("B"),
            "desk/.b.md.x1y2z3w4.tmp": "half",
            "desk/.b.md.curator-1-abcd1234.old": "old",
            "quiet/c.md": record("C"),
            "quiet/.notes": "not a leftover",
            ".hidden/.d.md.curator-1-abcd1234.tmp": "in a folder the scan skips",
        },
    )
    index = LibraryIndex(root)
    assert index.holding is None  # no scan yet
    index.refresh()  # a new index: scanned here
    assert index.holding is not None
    assert sorted(index.holding) == [str(root), str(root / "desk")]
    (root / "quiet" / ".c.md.curator-1-abcd1234.old").write_text("old", encoding="utf-8")
    (root / "desk" / ".b.md.x1y2z3w4.tmp").unlink()
    refresh(index)
    assert sorted(index.holding) == [str(root), str(root / "desk"), str(root / "quiet")]
    assert sorted(index.folders) == sorted(str(root / f) for f in ("", "desk", "quiet"))
    index.close()


def test_changes_made_outside_curator_show_their_true_state(
    tmp_path: Path, refresh: Refresher
) -> None:
    root = library(
        tmp_path,
        {
            "keep.md": record("Kept", "quality: 1"),
            "gone.md": record("Gone", "quality: 2"),
            "old-name.md": record("Renamed", "quality: 3"),
            "edit.md": record("Before", "quality: 4", "published: false"),
            "break.md": record("Fine for now", "quality: 5"),
        },
    )
    index = LibraryIndex(root)
    index.refresh()
    (root / "gone.md").unlink()
    (root / "sub").mkdir()
    (root / "old-name.md").rename(root / "sub" / "new-name.md")
    (root / "edit.md").write_text(record("After the edit", "quality: 95", "published: true"))
    (root / "break.md").write_text(record("Broken", "quality: 5", "quality: 6"))
    (root / "added.md").write_text(record("Added", "quality: 7"))

    result = refresh(index)
    assert (result.total, result.unchanged, result.parsed, result.removed) == (5, 1, 4, 2)
    assert titles(index) == {
        "added.md": "Added",
        "break.md": None,  # a problem row: no stale title
        "edit.md": "After the edit",
        "keep.md": "Kept",
        "sub/new-name.md": "Renamed",
    }
    problems = index.select(["path", "problem", "problem_line"], "problem IS NOT NULL")
    assert problems.fetchall() == [("break.md", "duplicate key 'quality'", 4)]
    assert matching(index, "quality:>=90") == ["edit.md"]
    assert matching(index, "published:true") == ["edit.md"]
    assert matching(index, "renamed") == ["sub/new-name.md"]
    assert matching(index, "gone OR before OR fine") == []

    (root / "break.md").write_text(record("Mended", "quality: 6"))
    assert refresh(index).parsed == 1
    assert titles(index)["break.md"] == "Mended"
    assert index.select(["count(*)"], "problem IS NOT NULL").fetchone() == (0,)


@pytest.mark.parametrize("how", ["in-place", "replaced"])
def test_a_same_size_rewrite_with_the_old_mtime_is_seen(
    tmp_path: Path, how: str, refresh: Refresher
) -> None:
    old, new = record("Tide sensors", "quality: 41"), record("Tide gauges!", "quality: 99")
    assert len(old) == len(new)
    root = library(tmp_path, {"a.md": old, "b.md": record("Other")})
    path = root / "a.md"
    before = os.stat(path)
    index = LibraryIndex(root)
    index.refresh()

    if how == "in-place":
        path.write_text(new, encoding="utf-8")
    else:  # how editors save: a new file renamed over the old one (a new inode)
        (root / "a.md.tmp").write_text(new, encoding="utf-8")
        os.replace(root / "a.md.tmp", path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    result = refresh(index)
    assert (result.parsed, result.unchanged) == (1, 1)
    assert titles(index) == {"a.md": "Tide gauges!", "b.md": "Other"}
    assert matching(index, "quality:99") == ["a.md"]
    assert matching(index, "sensors") == []


def test_a_fifo_in_the_library_is_a_problem_and_does_not_hang(tmp_path: Path) -> None:
    root = library(tmp_path, {"a.md": record("A")})
    os.mkfifo(root / "pipe.md")
    index = LibraryIndex(root)
    index.refresh()
    rows = index.select(["path", "title", "problem"]).fetchall()
    assert rows == [
        ("a.md", "A", None),
        ("pipe.md", None, "cannot read: not a regular file: a FIFO (named pipe)"),
    ]


POISONS = {
    "feb30.md": (record("X", "publishedDateTime: 2022-02-30"), 3, "2022-02-30 is not a valid date"),
    "int.md": (record("X", "quality: !!int abc"), 3, "abc is not a valid integer"),
    "huge.md": (record("X", "heat: " + "7" * 5000), 3, "5,000 digits"),
    "hour.md": (record("X", "publishedDateTime: 2022-01-01T99:00:00Z"), 3, "hour must be"),
}


def test_poisoned_files_among_many_are_their_own_problems_in_the_worker_pool(
    tmp_path: Path,
) -> None:
    good = {f"r{i:03}.md": record(f"Record {i}") for i in range(POOL_THRESHOLD + 20)}
    root = library(tmp_path, {**good, **{name: text for name, (text, _, _) in POISONS.items()}})
    indexer = Indexer(workers=2)
    try:
        result = LibraryIndex(root).refresh(indexer)
    finally:
        indexer.close(wait=True)
    assert result.parsed == len(good) + len(POISONS)
    index = LibraryIndex(root)
    assert matching(index, "") == sorted(good)
    problems = index.select(["path", "problem", "problem_line"], "problem IS NOT NULL")
    found = {path: (line, message) for path, message, line in problems}
    assert found.keys() == POISONS.keys()
    for name, (_, line, fragment) in POISONS.items():
        assert found[name][0] == line and fragment in found[name][1], found[name]


class _DyingPool:
    """An executor whose tasks die as a worker killed by the OOM killer would: the second
    task once, and every task that parses a ``crash.md``."""

    def __init__(self) -> None:
        self.tasks = 0

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        self.tasks += 1
        future: Future[Any] = Future()
        if self.tasks == 2 or any(name.endswith("crash.md") for name in args[-1]):
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def _dying_indexer(monkeypatch: pytest.MonkeyPatch) -> tuple[Indexer, _DyingPool]:
    indexer, pool = Indexer(workers=1), _DyingPool()
    monkeypatch.setattr(indexer, "_get", lambda: pool)
    return indexer, pool


def test_a_worker_that_dies_once_costs_no_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"r{i:03}.md" for i in range(POOL_THRESHOLD + 200)]
    root = library(tmp_path, {name: record(name) for name in names})
    indexer, pool = _dying_indexer(monkeypatch)
    index = LibraryIndex(root)
    result = index.refresh(indexer)
    assert result.parsed == len(names)
    assert titles(index) == {name: name for name in names}
    assert index.select(["count(*)"], "problem IS NOT NULL").fetchone() == (0,)
    assert pool.tasks == 8  # chunks of 32, 64, 128, 116, 58, 32 and 26, and a retry


def test_a_chunk_whose_worker_dies_twice_is_reported_and_retried_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"r{i:03}.md" for i in range(POOL_THRESHOLD + 200)]
    root = library(tmp_path, {name: record(name) for name in [*names, "zz-crash.md"]})
    indexer, _ = _dying_indexer(monkeypatch)
    index = LibraryIndex(root)
    index.refresh(indexer)
    problems = index.select(["path", "problem"], "problem IS NOT NULL").fetchall()
    assert problems[-1] == (
        "zz-crash.md",
        "not indexed: the worker process parsing it stopped twice; reload to retry",
    )
    assert len(problems) == 27  # the last chunk's, after 32, 64, 128, 116, 58 and 32
    listed = titles(index)
    assert all(listed[name] == name for name in names[:430])
    again = index.refresh()  # no stat signature: parsed again, here in this process
    assert again.parsed == 27
    assert index.select(["count(*)"], "problem IS NOT NULL").fetchone() == (0,)


def test_symbolic_link_loops_are_problems_and_the_scan_ends(tmp_path: Path) -> None:
    root = library(tmp_path, {"a.md": record("A"), "sub/b.md": record("B")})
    (root / "sub" / "up").symlink_to(root)  # a folder loop
    (root / "sub" / "again.md").symlink_to(root / "sub")  # a folder named like a record
    (root / "one.md").symlink_to(root / "two.md")
    (root / "two.md").symlink_to(root / "one.md")
    index = LibraryIndex(root)
    index.refresh()
    rows = index.select(["path", "title", "problem"]).fetchall()
    assert rows == [
        ("a.md", "A", None),
        ("one.md", None, "cannot read: symbolic link loop"),
        ("sub/b.md", "B", None),
        ("two.md", None, "cannot read: symbolic link loop"),
    ]


# --------------------------------------------------------------------------- a bad index


def _notice(index: LibraryIndex) -> str:
    assert index.notice is not None
    return index.notice


def test_an_index_overwritten_with_garbage_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    root = library(tmp_path, FIVE)
    index_once(root)
    index_file(root).write_bytes(b"this is not an SQLite database\n" * 500)
    index = LibraryIndex(root)
    assert "unreadable" in _notice(index) and "rebuilt" in _notice(index)
    result = index.refresh()
    assert result.notice == index.notice
    assert (result.parsed, result.unchanged) == (5, 0)
    assert titles(index) == {f"r{i}.md": f"Record {i}" for i in range(5)}


@pytest.mark.parametrize("check", ["on opening", "beside the scan"])
def test_an_index_with_damaged_pages_is_rebuilt_never_trusted(tmp_path: Path, check: str) -> None:
    # A damaged page anywhere (a disk error, a half-copied file) must not stop the
    # library from opening, nor answer a query from what is left.
    long = "x" * 300
    files = {
        f"r{i:02}.md": record(f"Record {i} {long}", f"quality: {i}", "topics: [AI, IoT]")
        for i in range(40)
    }
    root = library(tmp_path, files)
    index_once(root)
    good = index_file(root).read_bytes()
    page = 4096
    assert len(good) // page >= 8
    expected = {f"r{i:02}.md": f"Record {i} {long}" for i in range(40)}
    for number in range(1, len(good) // page):
        damaged = good[: number * page] + b"\xa5" * page + good[(number + 1) * page :]
        index_file(root).write_bytes(damaged)
        index = LibraryIndex(root, check="aside" if check == "beside the scan" else "first")
        result = index.refresh()
        assert titles(index) == expected, f"page {number}"
        assert len(matching(index, "topic:iot quality:>=0")) == 40, f"page {number}"
        if result.parsed == 0:  # trusted: only when the damage touched nothing in use
            assert index.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        else:
            assert "rebuilt" in _notice(index), f"page {number}"
        index.close()


def test_an_index_of_another_schema_version_is_rebuilt(tmp_path: Path) -> None:
    root = library(tmp_path, FIVE)
    index_once(root)
    db = sqlite3.connect(index_file(root))
    db.execute("PRAGMA user_version = 999")
    db.execute("UPDATE files SET title = 'stale'")
    db.commit()
    db.close()
    index = LibraryIndex(root)
    assert "another version" in _notice(index) and "rebuilt" in _notice(index)
    assert index.db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert (index.refresh().parsed, index.refresh().parsed) == (5, 0)
    assert titles(index) == {f"r{i}.md": f"Record {i}" for i in range(5)}


@pytest.mark.parametrize("app_id", [0x12345678, 0], ids=["other-application", "plain-sqlite"])
def test_a_foreign_sqlite_file_is_rebuilt_never_trusted(tmp_path: Path, app_id: int) -> None:
    root = library(tmp_path, FIVE)
    (root / INDEX_DIR).mkdir()
    db = sqlite3.connect(index_file(root))
    db.execute(f"PRAGMA application_id = {app_id}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO photos (name) VALUES ('beach.jpg')")
    # a table that looks like ours and lies about a file
    db.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT, title TEXT)")
    db.execute("INSERT INTO files (path, title) VALUES ('r0.md', 'A lie')")
    db.commit()
    db.close()
    index = LibraryIndex(root)
    assert "not curator's" in _notice(index) and "rebuilt" in _notice(index)
    assert index.db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    result = index.refresh()
    assert (result.parsed, result.unchanged) == (5, 0)
    assert titles(index) == {f"r{i}.md": f"Record {i}" for i in range(5)}


def test_an_empty_index_file_is_simply_used(tmp_path: Path) -> None:
    root = library(tmp_path, FIVE)
    (root / INDEX_DIR).mkdir()
    index_file(root).write_bytes(b"")
    index = LibraryIndex(root)
    assert index.notice is None  # nothing was lost, nothing to say
    assert index.refresh().parsed == 5


# --------------------------------------------------------------------------- no index on disk


def test_a_library_whose_index_cannot_be_created_uses_one_in_memory(tmp_path: Path) -> None:
    root = library(tmp_path, FIVE)
    (root / INDEX_DIR).write_text("a file where the folder would go")
    index = open_index(root)
    assert index.memory and "using an index in memory" in _notice(index)
    assert index.refresh().parsed == 5
    assert titles(index) == {f"r{i}.md": f"Record {i}" for i in range(5)}
    assert (root / INDEX_DIR).read_text() == "a file where the folder would go"


def test_an_index_that_cannot_be_replaced_falls_back_to_memory(tmp_path: Path) -> None:
    # index.sqlite is unusable and cannot be deleted (here: a folder; in life: a
    # read-only library that was indexed before). Opening must not fail.
    root = library(tmp_path, FIVE)
    index_file(root).mkdir(parents=True)
    index = open_index(root)
    assert index.memory and "using an index in memory" in _notice(index)
    assert index.refresh().parsed == 5
    assert titles(index) == {f"r{i}.md": f"Record {i}" for i in range(5)}


_OPEN_READ_ONLY = """
import json, sys
from pathlib import Path
from curator.core.index import open_index
index = open_index(Path(sys.argv[1]))
refreshed = index.refresh()
titles = dict(index.select(["path", "title"]).fetchall())
print(json.dumps([index.memory, index.notice or "", refreshed.parsed, titles]))
"""


def _without_root_powers() -> list[str]:
    """A command prefix under which permissions hold: root ignores them, so as root the
    check runs without the capabilities that override them (setpriv, util-linux)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: folder permissions cannot hold")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("indexed_before", [False, True])
def test_a_read_only_library_uses_an_index_in_memory(tmp_path: Path, indexed_before: bool) -> None:
    root = library(tmp_path / "lib", FIVE)
    if indexed_before:
        index_once(root)
        os.chmod(index_file(root), 0o444)
        os.chmod(root / INDEX_DIR, 0o555)
    os.chmod(root, 0o555)
    try:
        before = sorted(p.name for p in (root / INDEX_DIR).glob("*")) if indexed_before else []
        done = subprocess.run(
            [*_without_root_powers(), sys.executable, "-c", _OPEN_READ_ONLY, str(root)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
        )
        memory, notice, parsed, titles_seen = json.loads(done.stdout)
        assert memory and "using an index in memory" in notice
        assert parsed == 5
        assert titles_seen == {f"r{i}.md": f"Record {i}" for i in range(5)}
        if indexed_before:
            assert sorted(p.name for p in (root / INDEX_DIR).glob("*")) == before
        else:
            assert not (root / INDEX_DIR).exists()
    finally:
        os.chmod(root, 0o755)
        if indexed_before:
            os.chmod(root / INDEX_DIR, 0o755)


# --------------------------------------------------------------------------- two processes

MANY = 600  # above POOL_THRESHOLD: each process parses with its worker pool


def _refresh_in_another_process(root: str, start: Any, results: Any) -> None:
    try:
        start.wait(timeout=60)  # both open and refresh at the same moment
        index = LibraryIndex(Path(root))
        result = index.refresh()
        results.put((result.total, result.parsed, result.unchanged, index.notice))
        index.close()
    except BaseException as error:  # report, so the test fails at once and says why
        results.put(repr(error))
        raise


def test_a_refresh_that_starts_worker_processes_stops_them(tmp_path: Path) -> None:
    # A pool left running outlives the refresh; in a child process it even blocks the
    # exit (multiprocessing joins its children before the pool is told to stop).
    root = library(tmp_path, {f"r{i:03}.md": record(f"Record {i}") for i in range(300)})
    before = set(multiprocessing.active_children())
    result = LibraryIndex(root).refresh()
    assert result.parsed == 300 >= POOL_THRESHOLD
    assert set(multiprocessing.active_children()) == before


def _open_in_another_process(roots: list[str], start: Any, results: Any) -> None:
    notices: list[str | None] = []
    try:
        for root in roots:
            start.wait(timeout=60)
            index = LibraryIndex(Path(root))
            notices.append(index.notice)
            index.close()
        results.put(notices)
    except BaseException as error:
        results.put(repr(error))
        raise


def _run_twice(target: Any, *args: Any) -> list[Any]:
    """Run ``target(*args, start, results)`` in two spawned processes; their results."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    workers = [context.Process(target=target, args=(*args, start, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0], outcomes
    return outcomes


def test_two_processes_opening_a_new_library_at_once_share_one_index(tmp_path: Path) -> None:
    # Both create the index file at the same moment, ten times over: neither may take
    # the other's lock for damage and delete the file the other is using.
    roots = [library(tmp_path / f"lib{n}", {"a.md": record("A")}) for n in range(10)]
    outcomes = _run_twice(_open_in_another_process, [str(root) for root in roots])
    assert outcomes == [[None] * 10] * 2
    for root in roots:
        index = LibraryIndex(root)
        assert index.notice is None
        assert index.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        index.close()


def test_two_processes_refreshing_at_once_leave_one_true_row_per_file(tmp_path: Path) -> None:
    assert MANY >= POOL_THRESHOLD
    root = library(
        tmp_path,
        {
            f"d{i % 7}/r{i:04}.md": record(
                f"Record {i}", f"quality: {i % 101}", f"topics: [T{i}, All]"
            )
            for i in range(MANY)
        },
    )
    outcomes = _run_twice(_refresh_in_another_process, str(root))
    for total, parsed, unchanged, notice in outcomes:
        assert total == MANY and parsed + unchanged == MANY and notice is None

    index = LibraryIndex(root)
    assert index.notice is None
    db = index.db
    assert db.execute("SELECT count(*), count(DISTINCT path) FROM files").fetchone() == (MANY,) * 2
    assert titles(index) == {f"d{i % 7}/r{i:04}.md": f"Record {i}" for i in range(MANY)}
    topics = db.execute("SELECT file_id, topic FROM topics").fetchall()
    assert len(topics) == len(set(topics)) == 2 * MANY
    orphans = "SELECT count(*) FROM topics WHERE file_id NOT IN (SELECT id FROM files)"
    assert db.execute(orphans).fetchone() == (0,)
    assert matching(index, "topic:t123") == ["d4/r0123.md"]
    assert len(matching(index, "topic:all")) == MANY
    assert index.refresh().parsed == 0


# --------------------------------------------------------------------------- queries

QUERY_LIBRARY = {
    "news/cafe.md": record(
        "Café owners in Paris embrace robot baristas",
        "publishedDateTime: 2022-07-12T10:24:00Z",
        "quality: 40",
        "published: false",
        "topics: [Computer Vision, Robotics]",
        "images:",
        "  - url: https://img.example/cafe.jpg",
    ),
    "news/bench.md": record(
        "A new benchmark for vision models",
        "publishedDateTime: 2022-07-01",
        "quality: 10",
        "published: true",
        "topics: [Computing]",
        "images: []",
    ),
    "news/grain.md": record(
        "Ukraine grain deal signed",
        "publishedDateTime: 2022-06-30T23:30:00-02:00",  # 1 July in UTC
        "quality: 50",
        "topics: [Trade]",
    ),
    "news/late.md": record(
        "Late night at the lab",
        "publishedDateTime: 2022-07-01T01:00:00+02:00",  # 30 June in UTC
        "quality: 51",
        "published: false",
        "topics: [AI]",
    ),
    "odd.md": record(
        "Odd values",
        "publishedDateTime: soon",
        "quality: '40'",
        "published: 'yes'",
        "topics: Computing",
        "images: cafe.jpg",
    ),
    "broken.md": record("Café broken", "quality: 1", "quality: 2"),
}


@pytest.fixture(scope="module")
def query_index(tmp_path_factory: pytest.TempPathFactory) -> LibraryIndex:
    root = library(tmp_path_factory.mktemp("queries"), QUERY_LIBRARY)
    index = LibraryIndex(root)
    index.refresh()
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cafe", ["news/cafe.md"]),
        ("CAFÉ", ["news/cafe.md"]),
        ("topic:comp*", ["news/bench.md", "news/cafe.md"]),
        ('topic:"computer vision"', ["news/cafe.md"]),
        ("topic:vision", []),
        ("quality:10..50", ["news/bench.md", "news/cafe.md", "news/grain.md"]),
        ("quality:>50", ["news/late.md"]),
        ("date:2022-07", ["news/bench.md", "news/cafe.md", "news/grain.md"]),
        ("date:2022-06", ["news/late.md"]),
        ("-published:true", ["news/cafe.md", "news/grain.md", "news/late.md", "odd.md"]),
        ("published:false", ["news/cafe.md", "news/late.md"]),
        ("has:image", ["news/cafe.md"]),
        ("images:0", ["news/bench.md", "news/grain.md", "news/late.md"]),
        ("vision -topic:robotics", ["news/bench.md"]),
        ("grain OR late", ["news/grain.md", "news/late.md"]),
        ("(cafe OR odd) quality:40", ["news/cafe.md"]),
    ],
)
def test_queries_over_the_index_find_the_right_files(
    query_index: LibraryIndex, query: str, expected: list[str]
) -> None:
    assert matching(query_index, query) == expected


def test_first_rows_come_before_the_scan_and_only_if_their_file_is_unchanged(
    tmp_path: Path,
) -> None:
    files = {f"r{i:02}.md": record(f"Record {i}", f"quality: {i}") for i in range(12)}
    root = library(tmp_path, files)
    index_once(root)
    changed = root / "r01.md"
    text = changed.read_text(encoding="utf-8")
    before = changed.stat()
    changed.write_text(text.replace("Record 1", "Record X"), encoding="utf-8")
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size and mtime
    (root / "r02.md").unlink()
    index = LibraryIndex(root)
    batches: list[list[str]] = []

    def on_rows(ids: list[int]) -> None:
        marks = ",".join("?" * len(ids))
        found = index.db.execute(f"SELECT path FROM files WHERE id IN ({marks})", ids)
        batches.append(sorted(p for (p,) in found))

    result = index.refresh(on_rows=on_rows)
    assert batches[0] == [f"r{i:02}.md" for i in range(12) if i not in (1, 2)]
    assert batches[1:] == [["r01.md"]]  # parsed again, never shown from the index
    assert (result.unchanged, result.parsed, result.removed) == (10, 1, 1)
    assert titles(index)["r01.md"] == "Record X"
    index.close()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_indexing_workers_run_below_the_window_priority() -> None:
    indexer = Indexer(workers=1)
    try:
        worker = indexer._get().submit(os.nice, 0).result(timeout=60)
    finally:
        indexer.close(wait=True)
    assert worker == min(os.nice(0) + 10, 19)


ALL_INDEXES = {
    "files_by_category",
    "files_by_original_url",
    "files_by_title_key",
    "files_by_type",
    "files_by_web_url",
    "files_signature",
    "files_unreadable",
    "files_words_pending",
    "topics_by_file",
    "topics_by_name",
}


KEPT = {"files_signature", "topics_by_file", "files_unreadable", "files_by_web_url"}


def _index_names(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    return {name for (name,) in rows}


def _many_with_a_duplicate(root: Path) -> Path:
    files = {
        f"r{i:03}.md": record(f"Record {i}", f"webUrl: https://x.test/{i}") for i in range(300)
    }
    files["r300.md"] = record("Copy", "webUrl: https://x.test/7")
    return library(root, files)


def test_a_bulk_refresh_builds_every_index_after_its_rows(tmp_path: Path) -> None:
    index = LibraryIndex(_many_with_a_duplicate(tmp_path))
    assert index.refresh().parsed == 301
    assert _index_names(index.db) == ALL_INDEXES
    assert matching(index, "is:duplicate") == ["r007.md", "r300.md"]


def test_indexes_left_for_later_are_built_by_ensure_indexes(tmp_path: Path) -> None:
    index = LibraryIndex(_many_with_a_duplicate(tmp_path))
    index.refresh(indexes_later=True)
    assert _index_names(index.db) == KEPT
    assert matching(index, "is:duplicate") == ["r007.md", "r300.md"]  # slower, still right
    index.ensure_indexes()
    assert _index_names(index.db) == ALL_INDEXES


def test_indexes_a_stopped_bulk_refresh_left_out_are_built_by_the_next(tmp_path: Path) -> None:
    root = _many_with_a_duplicate(tmp_path)
    index = LibraryIndex(root)
    index.refresh(indexes_later=True)  # and the process ends before building them
    index.close()
    again = LibraryIndex(root)  # opening waits for no index: rows come first
    assert again.notice is None
    assert _index_names(again.db) == KEPT
    assert again.refresh().parsed == 0
    assert _index_names(again.db) == ALL_INDEXES
    assert matching(again, "is:duplicate") == ["r007.md", "r300.md"]


_OWNER_DIES = """
import os, signal, sys
from curator.core.index import Indexer
indexer = Indexer(workers=2)
indexer.warm()
indexer._pool.submit(os.getpid).result(timeout=60)  # the workers are up
print(" ".join(map(str, indexer._pool._processes)), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # a crash: no shutdown, no atexit
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_leave_when_the_process_owning_them_is_killed() -> None:
    # Killed, the owner cannot tell its workers to stop; they wait on their task pipe,
    # whose write end they hold themselves, and would stay forever.
    done = subprocess.run(
        [sys.executable, "-c", _OWNER_DIES],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert done.returncode == -9, done.stderr
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while any(map(_running, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in pids if _running(pid)] == []


def test_after_a_big_refresh_the_log_is_emptied_unless_a_reader_holds_it(tmp_path: Path) -> None:
    root = _many_with_a_duplicate(tmp_path)
    index = LibraryIndex(root)
    index.refresh()
    log = Path(f"{index_file(root)}-wal")
    assert log.stat().st_size > 0
    reader = sqlite3.connect(index_file(root))
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM files").fetchone() == (301,)
        started = time.monotonic()
        assert index.empty_log() is False  # it waits a moment, not the 30 s of a write
        assert time.monotonic() - started < 5
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert index.empty_log() is True
    assert log.stat().st_size == 0
    assert titles(index)["r300.md"] == "Copy"  # and every row is still there
    index.close()
