"""Files changed on disk while the window holds them: reload, re-base, conflicts, deletes."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from curator.core.record import Record
from curator.qt.app import Curator
from curator.qt.library_model import Column

# The real exec methods, before the autouse fixture makes unexpected dialogs fail a test.
REAL_EXEC = {QDialog: QDialog.exec, QMessageBox: QMessageBox.exec}
NAME = "005_723456cd622fde8e.md"


@pytest.fixture
def answer(qtbot, monkeypatch) -> Callable[[Callable[[QWidget], None]], list[QWidget]]:  # type: ignore[no-untyped-def]
    """``answer(act)``: the next modal dialog is really shown; ``act`` clicks in it."""
    for kind, real in REAL_EXEC.items():
        monkeypatch.setattr(kind, "exec", real)
    seen: list[QWidget] = []

    def arm(act: Callable[[QWidget], None]) -> list[QWidget]:
        def run() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, run)
                return
            seen.append(dialog)
            qtbot.waitExposed(dialog)
            try:
                act(dialog)
            finally:
                if dialog.isVisible():  # act did not answer: end it (close() may be ignored)
                    dialog.done(0)  # type: ignore[attr-defined]

        QTimer.singleShot(0, run)
        return seen

    return arm


def _select(curator: Curator, name: str) -> Record:
    model = curator.window.table_model
    row = next(r for r in range(model.rowCount()) if model.record_at(r).path.name == name)  # type: ignore[union-attr]
    curator.window.table.setCurrentIndex(model.index(row, Column.TITLE))
    record = curator.window.current_record()
    assert record is not None and record.path.name == name
    return record


def _type_into(qtbot, curator: Curator, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    spin = curator.window.findChild(QSpinBox, name)
    assert spin is not None
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Tab)


def _click(qtbot, button: QAbstractButton | None) -> None:  # type: ignore[no-untyped-def]
    """Click where a user would: on the label's start (a radio button's wide row is not all
    clickable)."""
    assert button is not None
    at = QPoint(8, button.height() // 2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def test_a_change_to_another_field_on_disk_merges_into_the_pending_edit(
    curator: Curator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    original = record.path.read_text()
    _type_into(qtbot, curator, "qualitySpin", "12")
    assert record.modified
    record.path.write_text(original.replace("heat: 100", "heat: 61"))  # a shell, a git pull
    qtbot.keyClick(curator.window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert record.path.read_text() == original.replace("heat: 100", "heat: 61").replace(
        "quality: 88", "quality: 12"
    )
    assert not record.modified and "0 unsaved" in curator.window.status_counts.text()


@pytest.mark.parametrize(("choice", "quality"), [("mine", 12), ("disk", 40)])
def test_the_same_value_changed_on_disk_asks_mine_or_disk(
    curator: Curator, qtbot, answer, choice: str, quality: int
) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    original = record.path.read_text()
    curator.editor.set_value(record, ("quality",), 12)
    curator.editor.set_value(record, ("published",), False)
    disk = original.replace("quality: 88", "quality: 40").replace("heat: 100", "heat: 61")
    record.path.write_text(disk)
    shown: list[tuple[str, str]] = []

    def pick(dialog: QWidget) -> None:
        mine = dialog.findChild(QPlainTextEdit, "mineValue0")
        theirs = dialog.findChild(QPlainTextEdit, "diskValue0")
        assert mine is not None and theirs is not None
        shown.append((mine.toPlainText(), theirs.toPlainText()))
        _click(qtbot, dialog.findChild(QRadioButton, f"{choice}Choice0"))
        buttons = dialog.findChild(QDialogButtonBox, "conflictButtons")
        assert buttons is not None
        _click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))

    dialogs = answer(pick)
    assert curator.window.save_current()
    assert [d.windowTitle() for d in dialogs] == [f"{NAME} changed on disk"]
    assert shown == [("12", "40")]
    assert record.path.read_text() == disk.replace("quality: 40", f"quality: {quality}").replace(
        "published: true", "published: false"
    )


def test_cancelling_the_conflict_keeps_the_edits_and_refuses_the_save(
    curator: Curator, qtbot, answer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    record = _select(curator, NAME)
    curator.editor.set_value(record, ("quality",), 12)
    external = record.path.read_text().replace("quality: 88", "quality: 40")
    record.path.write_text(external)

    def cancel(dialog: QWidget) -> None:
        buttons = dialog.findChild(QDialogButtonBox, "conflictButtons")
        assert buttons is not None
        _click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Cancel))

    answer(cancel)
    assert not curator.window.save_current()
    assert warnings and "changed on disk" in warnings[0]
    assert record.modified and record.data["quality"] == 12
    assert record.path.read_text() == external


def test_a_record_without_edits_follows_its_file_silently(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    title = curator.window.findChild(QLineEdit, "titleEdit")
    assert title is not None and title.text().startswith("Europe Braces")
    changed = record.path.read_text().replace("Europe Braces", "Europe Swelters")
    temp = record.path.with_name(".tmp-edit")
    temp.write_text(changed)
    os.replace(temp, record.path)  # as editors and git do: the folder changes
    qtbot.waitUntil(lambda: title.text().startswith("Europe Swelters"), timeout=5000)
    model = curator.window.table_model
    view_row = curator.window.table.currentIndex().row()
    assert model.index(view_row, Column.TITLE).data().startswith("Europe Swelters")
    assert not record.modified and record.path.read_text() == changed


@pytest.mark.parametrize("button", ["Write Back", "Discard"])
def test_a_deleted_file_with_edits_offers_write_back_or_discard(
    curator: Curator, qtbot, answer, button: str
) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    original = record.path.read_text()
    curator.editor.set_value(record, ("quality",), 12)
    record.path.unlink()

    def click(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox) and "was deleted on disk" in dialog.text()
        found = [b for b in dialog.findChildren(QPushButton) if b.text() == button]
        _click(qtbot, found[0] if found else None)

    answer(click)
    curator.window.sync_with_disk()
    if button == "Write Back":
        assert record.path.read_text() == original.replace("quality: 88", "quality: 12")
        assert not record.modified
    else:
        assert not record.path.exists() and not record.modified
        assert record.data["quality"] == 88


def test_reload_record_from_disk_drops_its_edits_after_asking(
    curator: Curator, qtbot, answer
) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    curator.editor.set_value(record, ("quality",), 12)
    record.path.write_text(record.path.read_text().replace("quality: 88", "quality: 30"))

    def discard(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox) and NAME in dialog.text()
        _click(qtbot, dialog.button(QMessageBox.StandardButton.Discard))

    answer(discard)
    curator.window.table.setFocus()
    qtbot.keyClick(
        curator.window.table,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not record.modified and record.data["quality"] == 30
    spin = curator.window.findChild(QSpinBox, "qualitySpin")
    assert spin is not None and spin.value() == 30


def test_undo_of_a_step_made_before_a_rebase_leaves_the_new_text_alone(
    curator: Curator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    original = record.path.read_text()
    curator.editor.set_value(record, ("quality",), 12)
    record.path.write_text(original.replace("heat: 100", "heat: 61"))
    curator.window.sync_with_disk()
    assert record.data["heat"] == 61 and record.data["quality"] == 12
    curator.stack.undo()  # the step was made on the old text: it is dropped, not replayed
    assert record.data["quality"] == 12 and curator.stack.count() == 0
    assert curator.window.save_current()
    assert record.path.read_text() == original.replace("heat: 100", "heat: 61").replace(
        "quality: 88", "quality: 12"
    )


def test_coming_back_to_the_front_rechecks_a_file_written_in_place(
    curator: Curator, qtbot, qapp
) -> None:  # type: ignore[no-untyped-def]
    record = _select(curator, NAME)
    curator.editor.set_value(record, ("quality",), 12)
    original = record.path.read_text()
    changed = original.replace("heat: 100", "heat: 61")
    with record.path.open("r+") as handle:  # in place: no folder event on Linux
        handle.write(changed)
    assert record.data["heat"] == 100
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert record.data["heat"] == 61 and record.data["quality"] == 12
    assert "changed on disk; your edits were kept" in curator.window.statusBar().currentMessage()
    spin = curator.window.findChild(QSpinBox, "heatSpin")
    assert spin is not None and spin.value() == 61
