"""File → Open Recent: the libraries opened lately; a folder that is gone is greyed out,
and Remove Missing forgets those."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from .settings import Settings


class RecentMenu(QMenu):
    """Rebuilt from the settings each time it opens.

    Signals:
        open_requested(Path): the user chose a library that exists.
    """

    open_requested = Signal(Path)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.setObjectName("recentMenu")
        self._settings = settings
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        paths = self._settings.recent_libraries()
        for number, path in enumerate(paths, 1):
            there = path.is_dir()
            label = f"&{number % 10} {path.name}  —  {path.parent}"
            action = self.addAction(label if there else f"{label}  (missing)")
            action.setData(str(path))
            action.setToolTip(str(path))
            action.setEnabled(there)
            action.triggered.connect(lambda _checked=False, p=path: self.open_requested.emit(p))
        if not paths:
            self.addAction("No recent libraries").setEnabled(False)
            return
        self.addSeparator()
        missing = [p for p in paths if not p.is_dir()]
        remove = self.addAction("Remove &Missing")
        remove.setEnabled(bool(missing))
        remove.triggered.connect(self._on_remove_missing)
        self.addAction("&Clear List").triggered.connect(self._on_clear)

    def _on_remove_missing(self) -> None:
        self._settings.set_recent_libraries(
            [p for p in self._settings.recent_libraries() if p.is_dir()]
        )
        self.rebuild()

    def _on_clear(self) -> None:
        self._settings.set_recent_libraries([])
        self.rebuild()
