"""Composition root: builds the store, undo stack, editor, image loader and window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from ..core.images import ImageSettings
from . import icons
from .commands import RecordEditor
from .images import ImageLoader
from .settings import Settings, ensure_sample_library
from .store import RecordStore
from .window import MainWindow

APP_NAME = "curator"


@dataclass
class Curator:
    """Everything one window needs, built once and passed in (no globals)."""

    store: RecordStore
    stack: QUndoStack
    editor: RecordEditor
    loader: ImageLoader
    settings: Settings
    window: MainWindow


def configure_application(app: QApplication) -> None:
    """Names that QSettings and QStandardPaths use; the application icon."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("curator")
    app.setWindowIcon(icons.app_icon())


def build(settings: Settings | None = None, *, offline: bool | None = None) -> Curator:
    """Build a window and its collaborators (a QApplication must exist)."""
    settings = settings or Settings()
    store = RecordStore()
    stack = QUndoStack()
    editor = RecordEditor(store, stack)
    loader = ImageLoader(ImageSettings(offline=settings.offline if offline is None else offline))
    window = MainWindow(store, editor, stack, loader, settings)
    for part in (store, stack, editor, loader):
        part.setParent(window)  # they live exactly as long as the window
    return Curator(store, stack, editor, loader, settings, window)


def library_to_open(argument: str | None, settings: Settings) -> Path:
    """The PATH given, else the last library, else a fresh copy of the sample library."""
    if argument:
        # realpath, not resolve(): on Python 3.11 resolve() raises on a symbolic link loop,
        # which must be the file's problem (shown in the window), not a crash at start.
        return Path(os.path.realpath(Path(argument).expanduser()))
    last = settings.last_library
    if last is not None and last.exists():
        return last
    return ensure_sample_library()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Open a library of Markdown records in the curation window. "
        "Sub-commands check, set, attach, detach and list work without a window.",
    )
    parser.add_argument("path", nargs="?", help="folder or file to open (default: last library)")
    parser.add_argument("--offline", action="store_true", help="never download images")
    return parser.parse_args(list(argv))


def run(argv: Sequence[str]) -> int:
    """Open the window; returns the application's exit status."""
    args = parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    configure_application(app)
    curator = build(offline=True if args.offline else None)  # --offline: this run only
    path = library_to_open(args.path, curator.settings)
    curator.window.show()
    curator.window.open_library([path], ask=False)
    return int(app.exec())
