"""Colours that follow the palette: one light and one dark variant of each signal colour,
chosen by whether the palette's window colour is dark. No other module names colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# name: (on a light window, on a dark window)
_COLORS: dict[str, tuple[str, str]] = {
    "error": ("#c62828", "#ff8a80"),
    "flag": ("#9a5b00", "#ffcc80"),
    "warning-text": ("#4d3800", "#ffe8a3"),
    "warning-back": ("#fff4ce", "#4a3b10"),
    "warning-border": ("#e0c36c", "#8a6d1c"),
    "added-text": ("#1b5e20", "#a5d6a7"),
    "added-back": ("#e8f5e9", "#1e3a22"),
    "removed-text": ("#b71c1c", "#ef9a9a"),
    "removed-back": ("#ffebee", "#4a1f1f"),
    "hunk-text": ("#4a148c", "#ce93d8"),
    "hunk-back": ("#f3e5f5", "#35203d"),
    "placeholder-back": ("#eceef1", "#2b2f36"),
    "placeholder-line": ("#c4c9d0", "#4b515b"),
    "placeholder-text": ("#4b5563", "#b8bec8"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (default: the application's) has a dark window colour."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def color(name: str, palette: QPalette | None = None) -> QColor:
    """The colour ``name`` for ``palette`` (default: the application's)."""
    light, dark = _COLORS[name]
    return QColor(dark if is_dark(palette) else light)


def hex_color(name: str, palette: QPalette | None = None) -> str:
    """:func:`color` as ``#rrggbb`` for style sheets."""
    return color(name, palette).name()
