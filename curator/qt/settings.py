"""What curator remembers between runs (QSettings), and where its sample library lives."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from ..resources import sample_library_dir

MAX_RECENT = 10


class Settings:
    """Typed access to the few values curator keeps: last library, geometry, columns."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def last_library(self) -> Path | None:
        value = self.qsettings.value("library/last")
        return Path(str(value)) if value else None

    @last_library.setter
    def last_library(self, path: Path) -> None:
        self.qsettings.setValue("library/last", str(path))

    def recent_libraries(self) -> list[Path]:
        """Libraries opened lately, the newest first (at most :data:`MAX_RECENT`)."""
        value = self.qsettings.value("library/recent", [])
        if isinstance(value, str):  # QSettings gives one string for a list of one
            value = [value]
        items = list(value) if isinstance(value, (list, tuple)) else []
        return [Path(str(item)) for item in items if item][:MAX_RECENT]

    def remember_library(self, path: Path) -> None:
        """Put ``path`` first in the recent libraries (and make it the last one opened)."""
        self.last_library = path
        rest = [p for p in self.recent_libraries() if p != path]
        self.set_recent_libraries([path, *rest])

    def set_recent_libraries(self, paths: list[Path]) -> None:
        self.qsettings.setValue("library/recent", [str(p) for p in paths[:MAX_RECENT]])

    @property
    def offline(self) -> bool:
        return str(self.qsettings.value("images/offline", "false")).lower() == "true"

    @offline.setter
    def offline(self, value: bool) -> None:
        self.qsettings.setValue("images/offline", "true" if value else "false")

    @property
    def advance_after_scoring(self) -> bool:
        return self._flag("triage/advance")

    @advance_after_scoring.setter
    def advance_after_scoring(self, value: bool) -> None:
        self.qsettings.setValue("triage/advance", "true" if value else "false")

    @property
    def save_on_leave(self) -> bool:
        return self._flag("triage/save_on_leave")

    @save_on_leave.setter
    def save_on_leave(self, value: bool) -> None:
        self.qsettings.setValue("triage/save_on_leave", "true" if value else "false")

    def _flag(self, key: str) -> bool:
        return str(self.qsettings.value(key, "false")).lower() == "true"

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        return self._bytes("window/geometry"), self._bytes("window/state")

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def header_state(self) -> QByteArray | None:
        return self._bytes("table/header")

    def save_header_state(self, state: QByteArray) -> None:
        self.qsettings.setValue("table/header", state)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def save_splitter_state(self, name: str, state: QByteArray) -> None:
        self.qsettings.setValue(f"splitters/{name}", state)


def data_dir() -> Path:
    """The user's data folder for curator (Qt's AppDataLocation)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def ensure_sample_library() -> Path:
    """A copy of the bundled sample library in the data folder, made on first use."""
    target = data_dir() / "sample-library"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".partial")
        shutil.rmtree(temp, ignore_errors=True)
        shutil.copytree(sample_library_dir(), temp)
        temp.replace(target)
    return target
