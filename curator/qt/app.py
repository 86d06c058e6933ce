"""Composition root: builds the store, undo stack, editor, image loader and window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QApplication

from ..core.images import ImageSettings
from ..core.index import start_workers_early
from . import icons
from .commands import RecordEditor
from .images import ImageLoader
from .journaling import JournalKeeper, default_journal_dir
from .settings import Settings, ensure_sample_library
from .store import RecordStore
from .sync import FolderWatcher
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
    watcher: FolderWatcher
    journal: JournalKeeper


def configure_application(app: QApplication) -> None:
    """Names that QSettings and QStandardPaths use; the application icon."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("curator")
    app.setWindowIcon(icons.app_icon())


def build(
    settings: Settings | None = None,
    *,
    offline: bool | None = None,
    journal_dir: Path | None = None,
) -> Curator:
    """Build a window and its collaborators (a QApplication must exist). Unsaved edits
    are journaled in ``journal_dir`` (default: $CURATOR_JOURNAL_DIR or the data folder)."""
    start_workers_early()  # they import the parser while the window is built
    settings = settings or Settings()
    store = RecordStore()
    stack = QUndoStack()
    editor = RecordEditor(store, stack)
    loader = ImageLoader(ImageSettings(offline=settings.offline if offline is None else offline))
    window = MainWindow(store, editor, stack, loader, settings)
    watcher = FolderWatcher()
    journal = JournalKeeper(store, journal_dir or default_journal_dir())
    for part in (store, stack, editor, loader, watcher, journal):
        part.setParent(window)  # they live exactly as long as the window
    _follow_the_disk(store, watcher, window)
    _keep_a_journal(store, journal, window)
    return Curator(store, stack, editor, loader, settings, window, watcher, journal)


def _keep_a_journal(store: RecordStore, journal: JournalKeeper, window: MainWindow) -> None:
    """Once a library is read, offer what a crash left in its journal, then journal edits;
    a clean close removes the journal."""

    def on_loaded() -> None:
        entries = journal.open(store.library.roots)
        settled = window.offer_restore(entries) if entries else True
        journal.start(drop_orphans=settled)  # what was not restored is offered next time

    store.loading_finished.connect(on_loaded)
    journal.failed.connect(lambda text: window.statusBar().showMessage(text, 15000))
    window.closed.connect(journal.discard)


def _follow_the_disk(store: RecordStore, watcher: FolderWatcher, window: MainWindow) -> None:
    """Re-check held records when their folders change and when the application comes
    back to the front (the window also checks before saving and on selection)."""
    store.loading_finished.connect(
        lambda: watcher.watch(store.library.roots, store.library.folders)
    )
    watcher.disk_may_have_changed.connect(lambda: window.sync_with_disk())
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.applicationStateChanged.connect(watcher.on_application_state_changed)


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
    """The window's arguments (one parser for them: the entry point's)."""
    from ..__main__ import window_parser

    return window_parser().parse_args(list(argv))


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
