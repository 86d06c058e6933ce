"""Costs of never losing an edit: journal writes, re-bases, disk checks, the folder walk.

    python3 benchmarks/bench_sync.py [--records N]

Generates N seed-style records (benchmarks/generate.py) in a temporary folder, edits
them, and times: writing the journal with K modified records (what happens at most every
500 ms while editing), re-basing one record's edits onto changed bytes, comparing K held
records with their files (what a focus change or a folder change costs), and listing the
folders a FolderWatcher watches. Prints a table, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from curator.core.edits import SetValue
from curator.core.journal import Journal, entry_of
from curator.core.rebase import rebase
from curator.core.record import Record, load_record
from curator.qt.sync import _folders

HERE = Path(__file__).resolve().parent


def _ms(action: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _edited(paths: list[Path]) -> list[Record]:
    records = []
    for path in paths:
        record = load_record(path)
        assert isinstance(record, Record)
        record.apply(SetValue(("quality",), 7))
        records.append(record)
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "lib"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(library), str(args.records)],
            check=True,
            capture_output=True,
        )
        paths = sorted(library.glob("*.md"))
        journal = Journal(Path(tmp) / "journal", [library])
        for count in (1, 100, 1000):
            records = _edited(paths[:count])
            figures[f"journal_write_{count}_ms"] = _ms(
                lambda r=records: journal.write([entry_of(x, library) for x in r])
            )
            figures[f"journal_{count}_kb"] = round(journal.file.stat().st_size / 1024, 1)
        journal.close()
        (record,) = _edited(paths[:1])
        changed = record.disk_bytes.replace(b"\nheat: ", b"\nheat: 1", 1)
        figures["rebase_one_ms"] = _ms(lambda: rebase(record, changed), 20)
        held = _edited(paths[:1000])
        figures["check_1000_unchanged_ms"] = _ms(
            lambda: [r.path.read_bytes() == r.disk_bytes for r in held]
        )
        figures["list_folders_ms"] = _ms(lambda: _folders(library))
    figures["records_in_folder"] = args.records
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:>10}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
