"""Bulk edits on a selection: what selecting, scoring, undoing and saving K rows costs.

    QT_QPA_PLATFORM=offscreen python3 benchmarks/bench_triage.py [--records N]

Generates N seed-style records (benchmarks/generate.py), opens them in the real window,
and for K selected rows times: the form showing the selection (every record parsed and
its mixed values shown), one scoring key over the selection (one undo step), its undo,
and Save All of the K records. Prints a table, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings
from PySide6.QtWidgets import QApplication

from curator.qt.app import build
from curator.qt.settings import Settings
from curator.qt.triage import TableKey

HERE = Path(__file__).resolve().parent


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return round((time.perf_counter() - start) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as temp:
        library = Path(temp) / "library"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(library), str(args.records)],
            check=True,
            capture_output=True,
        )
        settings = Settings(QSettings(str(Path(temp) / "s.ini"), QSettings.Format.IniFormat))
        curator = build(settings, offline=True)
        window = curator.window
        window.open_library([library], ask=False, background=False)
        deadline = time.monotonic() + 60
        while window.table_model.rowCount() < args.records and time.monotonic() < deadline:
            app.processEvents()
        model, selection = window.table_model, window.table.selectionModel()
        for size in (int(s) for s in args.sizes.split(",")):
            last = model.index(size - 1, model.columnCount() - 1)
            chosen = QItemSelection(model.index(0, 0), last)
            selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            figures[f"form_shows_{size}_ms"] = _ms(window._on_selection_timer_timeout)
            figures[f"key_7_on_{size}_ms"] = _ms(
                lambda: window.triage.on_key(TableKey("set", "quality", 70))
            )
            app.processEvents()
            figures[f"undo_{size}_ms"] = _ms(curator.stack.undo)
            app.processEvents()
            curator.stack.redo()
            figures[f"save_all_{size}_ms"] = _ms(window.save_all)
            app.processEvents()
        window.close()
    figures["records_in_library"] = args.records
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:>10}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
