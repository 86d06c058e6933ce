"""Run by .ci/wheel-check inside a fresh venv: the installed app opens its sample library."""

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

import curator
from curator.qt import icons
from curator.qt.app import build, configure_application, library_to_open

checkout = Path(sys.argv[1]).resolve()
package = Path(curator.__file__).resolve().parent
assert checkout not in package.parents, f"curator imported from the checkout: {package}"
app = QApplication([sys.argv[0]])
configure_application(app)
cur = build(offline=True)
library = library_to_open(None, cur.settings)  # a fresh copy of the bundled sample
missing = [name for name in icons.ICON_NAMES if icons.icon(name).isNull()]
assert not missing, f"icons missing from the wheel: {missing}"
assert not icons.app_icon().isNull()
loop = QEventLoop()
cur.store.loading_finished.connect(loop.quit)
QTimer.singleShot(60_000, loop.quit)
cur.window.show()
cur.window.open_library([library], ask=False)
loop.exec()
rows = cur.window.table_model.rowCount()
assert rows == 30, f"{rows} rows shown from {library}"
print(f"wheel ok: {package}, {rows} sample records from {library}, {len(icons.ICON_NAMES)} icons")
cur.store.shutdown()
