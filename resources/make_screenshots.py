"""Screenshots of the real curator window for the README.

Run on a display (an X server such as Xvfb: ``Xvfb :99 -screen 0 1600x1000x24 &`` then
``DISPLAY=:99 QT_QPA_PLATFORM=xcb python3 resources/make_screenshots.py``). It opens a
temporary copy of the sample library with private settings, drives the window the way a
curator would (select a record, change its quality, open Review and Attach; score three
selected rows with the 7 key; a dark palette) and grabs the screen into
``resources/screenshots/``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from curator.core.record import Record
from curator.qt.app import Curator, build, configure_application
from curator.qt.review import ReviewDialog
from curator.qt.settings import Settings
from curator.resources import sample_library_dir

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(app: QApplication, seconds: float = 0.8) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def grab(app: QApplication, widget: QWidget, name: str) -> None:
    settle(app)
    screen = app.primaryScreen()
    frame = widget.frameGeometry()
    shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    OUT.mkdir(exist_ok=True)
    shot.save(str(OUT / name))
    print("wrote", OUT / name)


def records(curator: Curator) -> list[Record]:
    found = (curator.store.record(row) for row in range(curator.store.count()))
    return [r for r in found if r is not None]


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2f33"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1f2124"),
        (QPalette.ColorRole.AlternateBase, "#26292d"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#373a3f"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d7bd9"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a8"),
        (QPalette.ColorRole.ToolTipBase, "#373a3f"),
        (QPalette.ColorRole.ToolTipText, "#e6e6e6"),
        (QPalette.ColorRole.Mid, "#4a4d52"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def open_window(app: QApplication, temp: Path, name: str, size: tuple[int, int]) -> Curator:
    """A window with private settings over a fresh copy of the sample library."""
    library = temp / f"{name}-library"
    shutil.copytree(sample_library_dir(), library)
    settings = Settings(QSettings(str(temp / f"{name}.ini"), QSettings.Format.IniFormat))
    curator = build(settings, offline=True)
    window = curator.window
    window.move(0, 0)
    window.resize(*size)
    window.show()
    window.open_library([library], ask=False, background=False)
    return curator


def drop_edits_and_close(curator: Curator) -> None:
    for changed in curator.store.modified_records():
        curator.store.set_edits(changed, changed.saved_edits)
    curator.window.close()


def bulk_shot(app: QApplication, temp: Path) -> None:
    """Three rows selected and scored with the 7 key: the form shows what differs."""
    curator = open_window(app, temp, "bulk", (1366, 768))
    window = curator.window
    settle(app)
    model, selection = window.table_model, window.table.selectionModel()
    flag = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(model.index(1, 2), flag.ClearAndSelect | flag.Rows)
    for row in (2, 4):
        selection.setCurrentIndex(model.index(row, 2), flag.Select | flag.Rows)
    QTest.keyClick(window.table, Qt.Key.Key_7)
    grab(app, window, "bulk-edit.png")
    drop_edits_and_close(curator)


def small_screen_shots(app: QApplication, curator: Curator) -> None:
    """The window at 1366×768 (a common laptop screen), as a curator first sees it."""
    window = curator.window
    window.resize(1366, 768)
    uncached = next(r for r in records(curator) if r.path.name.startswith("016_"))
    window.select_record(uncached)  # an image not in the cache: the placeholder shows
    grab(app, window, "window-1366x768.png")


def dark_shot(app: QApplication, temp: Path) -> None:
    """The window under a dark palette set before it is built, as a dark desktop does."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    curator = open_window(app, temp, "dark", (1366, 768))
    window = curator.window
    record = next(r for r in records(curator) if r.path.name.startswith("005_"))
    window.select_record(record)
    curator.editor.set_value(record, ("quality",), 81)
    window.filter_edit.setText("quality:>>")  # the error line, in the palette's red
    grab(app, window, "window-dark.png")
    drop_edits_and_close(curator)


def main() -> int:
    app = QApplication(sys.argv)
    configure_application(app)
    temp = Path(tempfile.mkdtemp())
    bulk_shot(app, temp)
    curator = open_window(app, temp, "main", (1560, 940))
    window = curator.window
    record = next(r for r in records(curator) if r.path.name.startswith("005_"))
    window.select_record(record)
    curator.editor.set_value(record, ("quality",), 81)
    curator.editor.set_value(record, ("heat",), 77)
    grab(app, window, "main-window.png")

    photo = next(r for r in records(curator) if r.path.name.startswith("007_"))
    window.select_record(photo)
    grab(app, window, "image-size-flag.png")

    review = ReviewDialog(curator.store.modified_records(), window)
    review.move(120, 80)
    review.show()
    grab(app, review, "review-changes.png")
    review.close()

    window.select_record(next(r for r in records(curator) if r.path.name.startswith("015_")))
    button = window.related_panel.findChild(QWidget, "attachButton")
    button.click()  # type: ignore[attr-defined]
    dialog = window.findChild(QDialog, "attachDialog")
    if dialog is not None:
        dialog.move(200, 120)
        search = dialog.findChild(QWidget, "pickerSearch")
        search.setText("has:related -published:false")  # type: ignore[attr-defined]
        grab(app, dialog, "attach-related.png")
        dialog.close()
    small_screen_shots(app, curator)
    drop_edits_and_close(curator)
    dark_shot(app, temp)
    shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
