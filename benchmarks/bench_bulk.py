"""Bulk from the command line: ``curator set --query`` and ``curator list`` formats over a
generated library, each timed as the process a user runs.

    python3 benchmarks/bench_bulk.py [--records 10000]

Generates the records (benchmarks/generate.py), builds the index with one ``list``, then
times: ``list`` as tsv, paths, jsonl and json (warm index); ``set`` over a query matching
a few records; ``set --dry-run`` and ``set`` over a query that matches a fifth of the
library, then over every record; and checks that each written file changed in exactly
one line (and none on the dry run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

ROOT = HERE.parent


def _run(*args: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "curator", *args], env=env, capture_output=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return seconds, done


def _one_line_each(before: dict[Path, bytes], folder: Path) -> tuple[int, bool]:
    """How many files changed, and whether each changed in exactly one line."""
    changed, exact = 0, True
    for path, old in before.items():
        new = path.read_bytes()
        if new != old:
            changed += 1
            pairs = zip(old.split(b"\n"), new.split(b"\n"), strict=False)
            exact &= old.count(b"\n") == new.count(b"\n") and sum(a != b for a, b in pairs) == 1
    return changed, exact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args(argv)
    results: dict[str, float | int | bool] = {"records": args.records}
    with tempfile.TemporaryDirectory() as temp:
        lib = Path(temp) / "lib"
        generate(lib, args.records)
        results["list_cold_s"], _ = _run("list", str(lib), "--format", "paths")
        for form in ("tsv", "paths", "jsonl", "json"):
            results[f"list_{form}_s"], _ = _run("list", str(lib), "--format", form)
        _, few = _run("list", str(lib), "--format", "paths", "-0", "-q", "quality:>=99")
        results["few_matched"] = few.stdout.count(b"\0")
        results["set_few_s"], _ = _run("set", "-q", "quality:>=99", str(lib), "heat=2")
        query = "quality:>=80"
        _, listed = _run("list", str(lib), "--format", "paths", "-0", "-q", query)
        results["matched"] = listed.stdout.count(b"\0")
        before = {p: p.read_bytes() for p in lib.glob("*.md")}
        results["dry_run_s"], dry = _run("set", "-n", "-q", query, str(lib), "quality=1")
        results["dry_run_diff_lines"] = dry.stdout.count(b"\n")
        results["dry_run_changed_files"], _ = _one_line_each(before, lib)
        results["set_query_s"], _ = _run("set", "-q", query, str(lib), "quality=1")
        results["set_query_changed"], results["set_query_one_line_each"] = _one_line_each(
            before, lib
        )
        before = {p: p.read_bytes() for p in lib.glob("*.md")}
        results["set_all_s"], _ = _run("set", "-q", "", str(lib), "heat=3")
        results["set_all_changed"], results["set_all_one_line_each"] = _one_line_each(before, lib)
    per_file = 1000 * float(results["set_all_s"]) / args.records
    results["set_all_ms_per_file"] = round(per_file, 2)
    print(f"{'measure':<40} {'value':>10}")
    for key, value in results.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:<40} {shown:>10}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
