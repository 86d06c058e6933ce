"""The one module that names icon files: cached QIcons for actions, markers and the window.

The icons draw in a dark slate ink; under a dark palette that ink is swapped for a light
one, so toolbar and button icons stay visible."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from curator.resources import icon_path, resource_path

from .colors import is_dark

INK = "#37474f"  # the icons' line colour
INK_ON_DARK = "#cfd8dc"
SIZES = (16, 20, 24, 32, 48)

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


def icon(name: str) -> QIcon:
    """Return the icon `name` (one of ICON_NAMES), inked for the application's palette;
    create it after the QGuiApplication."""
    if name not in ICON_NAMES:
        raise KeyError(f"unknown icon {name!r}; known: {', '.join(ICON_NAMES)}")
    return _icon(name, is_dark())


@cache
def _icon(name: str, dark: bool) -> QIcon:
    path = icon_path(name)
    if not dark:
        return QIcon(str(path))
    svg = path.read_text(encoding="utf-8").replace(INK, INK_ON_DARK)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


@cache
def app_icon() -> QIcon:
    """Return the window icon: the scalable SVG plus the 256 px PNG for platforms that want one."""
    result = QIcon(str(icon_path("app")))
    result.addFile(str(resource_path("icons", "app.png")))
    return result
