"""The one module that names icon files: cached QIcons for actions, markers and the window."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from curator.resources import icon_path, resource_path

ICON_NAMES: tuple[str, ...] = (
    "app",
    "open-folder",
    "reload",
    "save",
    "save-all",
    "revert",
    "undo",
    "redo",
    "review",
    "filter",
    "attach",
    "remove",
    "up",
    "down",
    "open-url",
    "real-size",
    "image-missing",
    "problems",
    "published",
    "modified",
)


@cache
def icon(name: str) -> QIcon:
    """Return the icon `name` (one of ICON_NAMES); create it after the QGuiApplication."""
    if name not in ICON_NAMES:
        raise KeyError(f"unknown icon {name!r}; known: {', '.join(ICON_NAMES)}")
    return QIcon(str(icon_path(name)))


@cache
def app_icon() -> QIcon:
    """Return the window icon: the scalable SVG plus the 256 px PNG for platforms that want one."""
    result = QIcon(str(icon_path("app")))
    result.addFile(str(resource_path("icons", "app.png")))
    return result
