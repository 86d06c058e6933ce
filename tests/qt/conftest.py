"""Fixtures for window tests: a private copy of the sample library and private settings."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
from qt_helpers import opened_window

from curator.qt.app import Curator
from curator.qt.settings import Settings
from curator.resources import sample_library_dir


@pytest.fixture(scope="session", autouse=True)
def _app_names(qapp: QApplication) -> None:
    qapp.setApplicationName("curator-tests")
    qapp.setOrganizationName("curator-tests")
    QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(autouse=True)
def journal_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Journals of unsaved edits go to a temporary folder, never the user's data folder."""
    folder = tmp_path / "journal"
    monkeypatch.setenv("CURATOR_JOURNAL_DIR", str(folder))
    return folder


@pytest.fixture
def sample_library(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample library."""
    target = tmp_path / "library"
    shutil.copytree(sample_library_dir(), target)
    return target


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings kept in a temporary ini file, never the user's."""
    qsettings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield Settings(qsettings)
    qsettings.sync()


@pytest.fixture(autouse=True)
def _no_unexpected_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the run: make it fail the test instead.

    Tests that expect a dialog patch these again with their own answer.
    """
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(self: QDialog, *args: object) -> int:
        text = self.text() if isinstance(self, QMessageBox) else self.windowTitle()
        raise AssertionError(f"unexpected modal dialog: {text}")

    def refuse_static(*args: object) -> int:
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)
    for name in ("warning", "critical", "question", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse_static)


@pytest.fixture
def curator(qtbot, sample_library: Path, settings: Settings) -> Iterator[Curator]:  # type: ignore[no-untyped-def]
    """The window over a private copy of the sample library."""
    with opened_window(qtbot, settings, sample_library) as built:
        yield built
