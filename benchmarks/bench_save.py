"""Saving: what the save lock costs, what it prevents, and what looking for leftovers costs.

    python3 benchmarks/bench_save.py [--saves 300] [--pairs 300] [--files 20000]

1. One-field saves of the seed record, one after another: ``Record.save`` (lock, checks,
   metadata, fsync of file and folder; the edit's own cost, timed alone, subtracted)
   beside a bare write (temp file, fsync, rename), in this run on the same file.
2. Pairs of processes started together at a barrier, saving two different fields of one
   file: as ``curator set`` runs (load inside the lock) and as two windows do (loaded
   before); edits lost silently (exit 0, value gone) and saves refused.
3. ``clean_tree`` over a flat folder of generated records with no leftovers (what the
   window adds after loading a library, and ``curator check``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from curator.cli import main as cli  # noqa: E402
from curator.core.edits import SetValue  # noqa: E402
from curator.core.leftovers import clean_tree  # noqa: E402
from curator.core.record import Record, SaveError, load_record  # noqa: E402

SEED = HERE.parent / "tests" / "data" / "seed.md"


def _load(path: Path) -> Record:
    loaded = load_record(path)
    assert isinstance(loaded, Record)
    return loaded


def _bare_write(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def save_times(folder: Path, saves: int) -> dict[str, float]:
    path = folder / "seed.md"
    shutil.copyfile(SEED, path)
    record = _load(path)
    start = time.perf_counter()
    for number in range(saves):
        record.apply(SetValue(("heat",), number % 2))
        record.current_bytes()
    edit = (time.perf_counter() - start) / saves
    start = time.perf_counter()
    for number in range(saves):
        record.apply(SetValue(("heat",), number % 2))
        record.save()
    saved = (time.perf_counter() - start) / saves - edit
    start = time.perf_counter()
    for number in range(saves):
        _bare_write(path, record.current_bytes().replace(b"heat: 0", f"heat: {number}".encode()))
    bare = (time.perf_counter() - start) / saves
    return {"edit_ms": edit * 1000, "record_save_ms": saved * 1000, "bare_write_ms": bare * 1000}


def _worker(path: Path, field: str, rounds: int, window: bool, barrier: Any, out: Any) -> None:
    for number in range(rounds):
        barrier.wait()
        if not window:
            out.value = cli(["set", str(path), f"{field}={1000 + number}"])
            barrier.wait()
            continue
        record = _load(path)
        record.apply(SetValue((field,), 1000 + number))
        barrier.wait()
        try:
            out.value = 0 if record.save() else 1
        except SaveError:
            out.value = 2
        barrier.wait()


def pairs(folder: Path, rounds: int, window: bool) -> dict[str, int]:
    path = folder / f"pair-{int(window)}.md"
    shutil.copyfile(SEED, path)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(3)
    outs = [context.Value("i", -1) for _ in range(2)]
    fields = ("quality", "heat")
    workers = [
        context.Process(target=_worker, args=(path, f, rounds, window, barrier, o))
        for f, o in zip(fields, outs, strict=True)
    ]
    for worker in workers:
        worker.start()
    lost = refused = 0
    stderr = os.dup(2)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # the refusals' one-line messages
    try:
        for number in range(rounds):
            for _ in range(3 if window else 2):
                barrier.wait(timeout=60)
            data = _load(path).data
            for field, out in zip(fields, outs, strict=True):
                refused += out.value != 0
                lost += out.value == 0 and data[field] != 1000 + number
    finally:
        os.dup2(stderr, 2)
        for worker in workers:
            worker.join(60)
    return {"rounds": rounds, "lost": lost, "refused": refused}


def cleanup_time(folder: Path, count: int) -> float:
    library = folder / "library"
    library.mkdir()
    generate(library, count)
    start = time.perf_counter()
    clean_tree(library)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--files", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        times = save_times(folder, args.saves)
        cli_pairs = pairs(folder, args.pairs, window=False)
        window_pairs = pairs(folder, args.pairs, window=True)
        cleanup = cleanup_time(folder, args.files)
    print(f"{'measure':<44} {'value':>10}")
    print(f"{'the edit alone (apply, bytes), ms':<44} {times['edit_ms']:>10.2f}")
    print(f"{'Record.save without the edit, ms per save':<44} {times['record_save_ms']:>10.2f}")
    print(f"{'bare temp+fsync+rename, ms per save':<44} {times['bare_write_ms']:>10.2f}")
    for name, found in (("curator set", cli_pairs), ("two windows", window_pairs)):
        print(f"{name + ' pairs: lost / refused / rounds':<44} "
              f"{found['lost']:>3} / {found['refused']} / {found['rounds']}")  # fmt: skip
    print(f"{f'clean_tree over {args.files} files, s':<44} {cleanup:>10.3f}")
    print(
        json.dumps(
            {
                **times,
                "cli_pairs": cli_pairs,
                "window_pairs": window_pairs,
                "cleanup_files": args.files,
                "cleanup_s": cleanup,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
