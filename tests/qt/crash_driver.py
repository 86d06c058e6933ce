"""Run by test_journal_window: open the window, type an edit, wait for the journal, kill -9.

python crash_driver.py LIBRARY JOURNAL_DIR SETTINGS_FILE RECORD_NAME QUALITY
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSpinBox

from curator.core.journal import journal_prefix
from curator.qt.app import build
from curator.qt.settings import Settings


def wait_for(app: QApplication, done: object, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not done():  # type: ignore[operator]
        if time.monotonic() > end:
            sys.exit("timed out")
        app.processEvents()
        time.sleep(0.01)


def main(library: Path, journal_dir: Path, settings_file: str, name: str, quality: str) -> None:
    app = QApplication([sys.argv[0]])
    settings = Settings(QSettings(settings_file, QSettings.Format.IniFormat))
    curator = build(settings, offline=True, journal_dir=journal_dir)
    window = curator.window
    window.show()
    window.open_library([library], ask=False, background=False)
    wait_for(app, lambda: window.table_model.rowCount() > 0)
    store = curator.store
    record = store.record(store.row_of_path(library / name))
    assert record is not None
    window.select_record(record)
    wait_for(app, lambda: window.current_record() is record)
    spin = window.findChild(QSpinBox, "qualitySpin")
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, quality)
    QTest.keyClick(spin, Qt.Key.Key_Tab)
    assert record.modified, "the typed edit did not reach the record"
    wait_for(app, lambda: any(journal_dir.glob(f"{journal_prefix([library])}*.json")))
    os.kill(os.getpid(), signal.SIGKILL)  # a crash: no close, no save, no cleanup


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
