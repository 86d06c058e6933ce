"""Core speed, each figure beside a baseline run on the same files in the same run.

    python3 benchmarks/bench_core.py [FOLDER] [--copies N]

Loads the folder (default: the shared real-world corpus plus the bundled sample, copied
N times into a temporary folder to reach library sizes curators have) with curator's
loader and with a python-frontmatter load loop; then times a one-field edit + save with
curator's writer against python-frontmatter's load/set/dump, and a `curator set` process.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import frontmatter

from curator.core.edits import SetValue
from curator.core.library import load_library, scan
from curator.core.record import Record, load_record

HERE = Path(__file__).resolve().parent
DEFAULT = [
    HERE.parent.parent / "shared" / "corpus" / "realworld",
    HERE.parent / "resources" / "sample",
]


def _copy_library(sources: list[Path], copies: int, target: Path) -> int:
    count = 0
    for n in range(copies):
        for source in sources:
            for path in scan([source]):
                out = target / f"c{n}" / source.name / path.relative_to(source)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out.with_suffix(".md"))
                count += 1
    return count


def _best(function, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _frontmatter_loop(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(Exception):  # the baseline skips what it cannot read
            frontmatter.load(str(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        count = _copy_library(args.folders or DEFAULT, args.copies, root)
        paths = list(scan([root]))
        ours = _best(lambda: load_library([root]))
        theirs = _best(lambda: _frontmatter_loop(paths))
        print(
            f"load {count} files   curator {ours * 1000:8.0f} ms   "
            f"python-frontmatter loop {theirs * 1000:8.0f} ms   ratio {ours / theirs:4.2f}"
        )
        records = [
            r for r in map(load_record, paths[:300]) if isinstance(r, Record) and not r.readonly
        ]
        edit_ours, edit_theirs = [], []
        for record in records:
            start = time.perf_counter()
            record.apply(SetValue(("curatorBench",), 42))
            record.save()
            edit_ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            post = frontmatter.load(str(record.path))
            post["curatorBench"] = 43
            record.path.write_text(frontmatter.dumps(post), encoding="utf-8")
            edit_theirs.append(time.perf_counter() - start)
        print(
            f"edit+save one field (median of {len(records)})   curator "
            f"{statistics.median(edit_ours) * 1000:6.2f} ms   python-frontmatter "
            f"{statistics.median(edit_theirs) * 1000:6.2f} ms"
        )
        target = records[0].path
        runs = []
        for value in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "curator", "set", str(target), f"quality={value}"],
                check=True,
            )
            runs.append(time.perf_counter() - start)
        python_only = _best(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
        print(
            f"`curator set` process  median {statistics.median(runs) * 1000:6.0f} ms   "
            f"(bare python start {python_only * 1000:4.0f} ms)"
        )


if __name__ == "__main__":
    main()
