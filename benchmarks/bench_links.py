"""``is:duplicate`` and ``has:stale`` as a table filter keystroke, at 100k records.

    python3 benchmarks/bench_links.py --records 100000 [--repeat 5]

Fills the window's in-memory query table (:class:`curator.core.table.QueryTable`) with
synthetic rows whose link columns (``web_url``, ``original_url``, ``title_key``,
``own_digest``, ``related_digests``) look like a real library's: 2% of records share a
URL with another, 1% a title key, every record has two related items of which 1 in 50
points to a library record whose fields have changed. Times the filter (``matching``)
for each query, and the same queries on the on-disk index's schema (``curator list -q``).
Prints a table and, as the last line, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from curator.core.query import parse_query  # noqa: E402
from curator.core.summary import SUMMARY_COLUMNS  # noqa: E402
from curator.core.table import QUERY_COLUMNS, QueryTable  # noqa: E402

QUERIES = ("is:duplicate", "has:stale", "is:duplicate OR has:stale", "-is:duplicate quality:>50")


def _row(n: int, count: int, rng: random.Random) -> dict[str, object]:
    url = (
        f"https://news{n % 97}.example/{n}"
        if rng.random() > 0.02
        else f"https://dup.example/{n // 2}"
    )
    title = f"story {n} about {rng.randrange(10**6)}" if rng.random() > 0.01 else f"same {n // 2}"
    related = []
    for _ in range(2):
        other = rng.randrange(count)
        fresh = rng.random() > 0.02
        related.append(
            [f"https://news{other % 97}.example/{other}", f"d{other}" if fresh else "old"]
        )
    return {
        "title": title,
        "title_f": title,
        "quality": rng.randrange(101),
        "has_bits": 1,
        "n_related": 2,
        "web_url": url,
        "original_url": url,
        "title_key": title,
        "own_digest": f"d{n}",
        "related_digests": json.dumps(related),
    }


def fill(count: int) -> QueryTable:
    table = QueryTable()
    rng = random.Random(5)
    columns = ("id", "path", *QUERY_COLUMNS)
    rows = []
    for n in range(count):
        values = _row(n, count, rng)
        rows.append((n, f"r{n}.md", *(values.get(c) for c in QUERY_COLUMNS)))
    marks = ", ".join("?" * len(columns))
    table.db.execute("BEGIN")
    table.db.executemany(f"INSERT INTO files ({', '.join(columns)}) VALUES ({marks})", rows)
    table.db.execute("COMMIT")
    table.count = count
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    table = fill(args.records)
    result: dict[str, object] = {"records": args.records}
    print(f"{'query':<28} {'rows':>7} {'first ms':>9} {'keystroke ms':>13} {'after edit ms':>14}")
    for text in QUERIES:
        query = parse_query(text)
        start = time.perf_counter()
        found = len(table.matching(query))  # fills the link tables
        first = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            table.matching(query)
            times.append((time.perf_counter() - start) * 1000)
        table.update(0, [None] * len(SUMMARY_COLUMNS), [], False)  # one row edited
        start = time.perf_counter()
        table.matching(query)
        edited = (time.perf_counter() - start) * 1000
        median = statistics.median(times)
        print(f"{text:<28} {found:>7} {first:>9.1f} {median:>13.1f} {edited:>14.1f}")
        result[text] = {
            "rows": found,
            "first_ms": round(first, 1),
            "keystroke_ms": round(median, 1),
            "after_edit_ms": round(edited, 1),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
