"""Colours that follow the palette: one light and one dark variant of each signal colour,
chosen by whether the palette's window colour is dark. No other module names colours."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

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


class _PaletteWatcher(QObject):
    """Tells when the application's palette changes. Widgets with their own style sheet
    never get a palette event (the style sheet fixes their palette), so they listen here."""

    changed = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is QCoreApplication.instance() and (
            event.type() == QEvent.Type.ApplicationPaletteChange
        ):
            self.changed.emit()
        return False


_watcher: list[_PaletteWatcher] = []


def on_palette_change(slot: Callable[[], None], owner: QObject) -> None:
    """Call ``slot`` after each change of the application's palette while ``owner`` lives."""
    app = QCoreApplication.instance()
    if app is None:
        return
    if not _watcher:
        _watcher.append(_PaletteWatcher(app))
        app.installEventFilter(_watcher[0])
    relay = _Relay(slot, owner)  # a child: it goes, and its connection with it, with owner
    _watcher[0].changed.connect(relay.fire)


class _Relay(QObject):
    def __init__(self, slot: Callable[[], None], owner: QObject) -> None:
        super().__init__(owner)
        self._slot = slot

    def fire(self) -> None:
        self._slot()


def set_style_sheet(widget: QWidget, sheet: str) -> None:
    """Set ``sheet`` unless the widget has it: setting one sends a PaletteChange, which
    widgets that restyle on palette changes would otherwise answer forever."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


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
