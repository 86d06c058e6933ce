"""A crash loses no edit: the journal is written soon after a change and restored on start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from curator.core.journal import journal_prefix
from curator.qt.app import Curator, build
from curator.qt.settings import Settings

REAL_EXEC = {QDialog: QDialog.exec, QMessageBox: QMessageBox.exec}
NAME = "005_723456cd622fde8e.md"
DRIVER = Path(__file__).with_name("crash_driver.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def answer(qtbot, monkeypatch) -> Callable[..., list[str]]:  # type: ignore[no-untyped-def]
    """``answer(*acts)``: the next modal dialogs are really shown; each act clicks in one."""
    for kind, real in REAL_EXEC.items():
        monkeypatch.setattr(kind, "exec", real)
    seen: list[str] = []

    def arm(*acts: Callable[[QWidget], None]) -> list[str]:
        pending = list(acts)

        def run() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or not pending:
                if pending:
                    QTimer.singleShot(10, run)
                return
            seen.append(dialog.objectName())
            qtbot.waitExposed(dialog)
            try:
                pending.pop(0)(dialog)
            finally:
                if dialog.isVisible():
                    dialog.done(0)  # type: ignore[attr-defined]
            if pending:
                QTimer.singleShot(10, run)

        QTimer.singleShot(0, run)
        return seen

    return arm


def _click(qtbot, button: QAbstractButton | None) -> None:  # type: ignore[no-untyped-def]
    assert button is not None
    at = QPoint(8, button.height() // 2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def _button(text: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        found = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
        assert found, f"no {text} button"
        found[0].click()

    return act


def _journals(journal_dir: Path, library: Path) -> list[Path]:
    return sorted(journal_dir.glob(f"{journal_prefix([library])}*.json"))


def _crash_after_typing(sample_library: Path, journal_dir: Path, tmp_path: Path) -> None:
    """A separate curator process types quality 12 into record 005, then is killed (-9)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("CURATOR_JOURNAL_DIR", None)  # the driver is told the folder explicitly
    args = [str(sample_library), str(journal_dir), str(tmp_path / "crash.ini"), NAME, "12"]
    done = subprocess.run(
        [sys.executable, str(DRIVER), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    (file,) = _journals(journal_dir, sample_library)
    records = json.loads(file.read_text())["records"]
    assert [(r["path"], r["edits"]) for r in records] == [
        (NAME, [{"op": "set", "path": ["quality"], "value": 12}])
    ]


def _restart(qtbot, sample_library: Path, settings: Settings) -> Curator:  # type: ignore[no-untyped-def]
    curator = build(settings, offline=True)  # the journal folder comes from the environment
    qtbot.addWidget(curator.window)
    curator.window.open_library([sample_library], ask=False, background=False)
    return curator


def test_a_kill_9_with_pending_edits_then_a_restart_restores_them(
    qtbot, sample_library: Path, settings: Settings, journal_dir: Path, tmp_path: Path, answer
) -> None:  # type: ignore[no-untyped-def]
    original = (sample_library / NAME).read_text()
    _crash_after_typing(sample_library, journal_dir, tmp_path)
    assert (sample_library / NAME).read_text() == original  # nothing was saved
    changed = original.replace("heat: 100", "heat: 61")  # and a git pull meanwhile
    (sample_library / NAME).write_text(changed)
    dialogs = answer(_button("Restore"))
    curator = _restart(qtbot, sample_library, settings)
    assert dialogs == ["restoreBox"]
    store = curator.store
    record = store.record(store.row_of_path(sample_library / NAME))
    assert record is not None and record.modified
    assert record.data["quality"] == 12 and record.data["heat"] == 61
    assert "1 unsaved" in curator.window.status_counts.text()
    curator.window.select_record(record)
    qtbot.waitUntil(lambda: curator.window.current_record() is record)
    spin = curator.window.findChild(QSpinBox, "qualitySpin")
    assert spin is not None and spin.value() == 12
    (own,) = _journals(journal_dir, sample_library)  # the crashed one's edits moved here
    assert f"-{os.getpid()}-" in own.name
    assert [r["path"] for r in json.loads(own.read_text())["records"]] == [NAME]
    assert curator.window.save_all()
    assert (sample_library / NAME).read_text() == changed.replace("quality: 88", "quality: 12")
    qtbot.waitUntil(lambda: not own.exists(), timeout=3000)  # nothing pending: no journal
    curator.window.close()


def test_a_restore_that_conflicts_asks_mine_or_disk(
    qtbot, sample_library: Path, settings: Settings, journal_dir: Path, tmp_path: Path, answer
) -> None:  # type: ignore[no-untyped-def]
    original = (sample_library / NAME).read_text()
    _crash_after_typing(sample_library, journal_dir, tmp_path)
    (sample_library / NAME).write_text(original.replace("quality: 88", "quality: 40"))

    def keep_mine(dialog: QWidget) -> None:
        buttons = dialog.findChild(QDialogButtonBox, "conflictButtons")
        assert buttons is not None
        _click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))

    dialogs = answer(_button("Restore"), keep_mine)
    curator = _restart(qtbot, sample_library, settings)
    assert dialogs == ["restoreBox", "conflictDialog"]
    assert curator.window.save_all()
    assert (sample_library / NAME).read_text() == original.replace("quality: 88", "quality: 12")
    curator.window.close()


def test_discarding_the_restore_removes_the_journal(
    qtbot, sample_library: Path, settings: Settings, journal_dir: Path, tmp_path: Path, answer
) -> None:  # type: ignore[no-untyped-def]
    _crash_after_typing(sample_library, journal_dir, tmp_path)
    answer(_button("Discard"))
    curator = _restart(qtbot, sample_library, settings)
    assert curator.store.modified_count() == 0
    assert _journals(journal_dir, sample_library) == []
    curator.window.close()


def test_edits_are_journaled_and_a_save_empties_the_journal(
    qtbot, sample_library: Path, settings: Settings, journal_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    curator = _restart(qtbot, sample_library, settings)
    store = curator.store
    record = store.record(store.row_of_path(sample_library / NAME))
    assert record is not None
    curator.editor.set_value(record, ("heat",), 5)
    qtbot.waitUntil(lambda: bool(_journals(journal_dir, sample_library)), timeout=3000)
    (file,) = _journals(journal_dir, sample_library)
    assert [r["path"] for r in json.loads(file.read_text())["records"]] == [NAME]
    assert curator.window.save_all()
    qtbot.waitUntil(lambda: not file.exists(), timeout=3000)
    curator.window.close()


def test_a_second_curator_on_the_library_is_not_offered_a_live_ones_edits(
    qtbot, sample_library: Path, settings: Settings, journal_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    first = _restart(qtbot, sample_library, settings)
    record = first.store.record(first.store.row_of_path(sample_library / NAME))
    assert record is not None
    first.editor.set_value(record, ("heat",), 5)
    qtbot.waitUntil(lambda: bool(_journals(journal_dir, sample_library)), timeout=3000)
    second = _restart(qtbot, sample_library, settings)  # a restore dialog would fail here
    assert second.store.modified_count() == 0
    assert len(_journals(journal_dir, sample_library)) == 1  # the first one's, untouched
    second.window.close()
    first.store.set_edits(record, ())
    first.window.close()
    assert _journals(journal_dir, sample_library) == []


def test_a_restore_left_undecided_keeps_the_crashed_journal_for_next_time(
    qtbot,
    sample_library: Path,
    settings: Settings,
    journal_dir: Path,
    tmp_path: Path,
    answer,
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    original = (sample_library / NAME).read_text()
    _crash_after_typing(sample_library, journal_dir, tmp_path)
    (crashed,) = _journals(journal_dir, sample_library)
    (sample_library / NAME).write_text(original.replace("quality: 88", "quality: 40"))

    def cancel(dialog: QWidget) -> None:
        buttons = dialog.findChild(QDialogButtonBox, "conflictButtons")
        assert buttons is not None
        _click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Cancel))

    dialogs = answer(_button("Restore"), cancel)
    curator = _restart(qtbot, sample_library, settings)
    assert dialogs == ["restoreBox", "conflictDialog"]
    assert warnings == ["The journal is kept; curator offers it again next time."]
    assert curator.store.modified_count() == 0 and crashed.exists()
    curator.window.close()
    assert _journals(journal_dir, sample_library) == [crashed]  # offered again next time
