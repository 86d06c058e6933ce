"""A screenshot of the form editing a selection of three records (mixed values).

    QT_QPA_PLATFORM=offscreen python3 resources/make_bulk_screenshot.py

Opens a temporary copy of the sample library with private settings, selects three rows
(ctrl-click), scores them with the 7 key and renders the window into
``resources/screenshots/bulk-edit.png`` (a widget grab: no display needed).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from curator.qt.app import build, configure_application
from curator.qt.settings import Settings
from curator.resources import sample_library_dir

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(app: QApplication, seconds: float = 0.8) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    app = QApplication(sys.argv)
    configure_application(app)
    temp = Path(tempfile.mkdtemp())
    library = temp / "sample-library"
    shutil.copytree(sample_library_dir(), library)
    settings = Settings(QSettings(str(temp / "settings.ini"), QSettings.Format.IniFormat))
    curator = build(settings, offline=True)
    window = curator.window
    window.resize(1366, 768)
    window.show()
    window.open_library([library], ask=False, background=False)
    settle(app)
    model, selection = window.table_model, window.table.selectionModel()
    rows = QItemSelectionModel.SelectionFlag.Rows
    selection.setCurrentIndex(
        model.index(1, 2), QItemSelectionModel.SelectionFlag.ClearAndSelect | rows
    )
    for row in (2, 4):
        selection.setCurrentIndex(
            model.index(row, 2), QItemSelectionModel.SelectionFlag.Select | rows
        )
    QTest.keyClick(window.table, Qt.Key.Key_7)
    settle(app)
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / "bulk-edit.png"))
    print("wrote", OUT / "bulk-edit.png")
    for changed in curator.store.modified_records():
        curator.store.set_edits(changed, changed.saved_edits)
    window.close()
    shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
