"""End to end: the real window over a copy of the sample library, driven through widgets."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableView,
)
from qt_helpers import records_of

from curator.core import files
from curator.core.record import Record
from curator.qt.app import Curator, build
from curator.qt.library_model import Column
from curator.qt.review import ReviewDialog, record_diff
from curator.qt.settings import Settings


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    return [d for d in difflib.ndiff(old, new) if d[:1] in "+-"]


def _select_row(curator: Curator, row: int) -> Record:
    table = curator.window.table
    table.setCurrentIndex(curator.window.table_model.index(row, Column.TITLE))
    record = curator.window.current_record()
    assert record is not None
    return record


def test_window_shows_the_library(curator: Curator) -> None:
    window = curator.window
    table = window.findChild(QTableView, "recordTable")
    assert table is not None and table.model().rowCount() == 30
    assert window.current_record() is not None  # first row selected after loading
    assert window.status_counts.text() == "30 records · 30 shown · 0 unsaved · 0 problems"
    assert window.windowTitle().startswith("library")


def test_edit_through_widgets_then_save_changes_exactly_those_lines(
    curator: Curator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    record = _select_row(curator, 2)
    before = record.path.read_bytes()
    title = window.findChild(QLineEdit, "titleEdit")
    quality = window.findChild(QSpinBox, "qualitySpin")
    heat = window.findChild(QSpinBox, "heatSpin")
    published = window.findChild(QCheckBox, "publishedCheck")
    assert title and quality and heat and published
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " (checked)")
    new_quality = 7 if record.data["quality"] != 7 else 8
    quality.setFocus()
    quality.selectAll()
    qtbot.keyClicks(quality, str(new_quality))
    qtbot.keyClick(quality, Qt.Key.Key_Tab)
    heat.setFocus()
    heat.selectAll()
    qtbot.keyClicks(heat, "55")
    qtbot.keyClick(heat, Qt.Key.Key_Tab)
    was_published = record.data["published"]
    published.click()
    assert record.modified and window.isWindowModified()
    window.acts.save.trigger()
    after = record.path.read_bytes()
    changed = _changed_lines(before, after)
    assert len(changed) == 8, changed
    assert f"+ quality: {new_quality}\n" in changed
    assert "+ heat: 55\n" in changed
    assert f"+ published: {'false' if was_published else 'true'}\n" in changed
    assert any(line.startswith("+ title: ") and "(checked)" in line for line in changed)
    assert not record.modified and not window.isWindowModified()


def test_keyboard_filter_arrows_and_save(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keySequence(window, QKeySequence.StandardKey.Find)
    assert QApplication.focusWidget() is window.filter_edit
    with qtbot.waitSignal(window.table_model.order_applied, timeout=10_000):
        qtbot.keyClicks(window.filter_edit, "published:false")
    assert window.table_model.rowCount() == 20
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.table
    first = window.current_record()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    second = window.current_record()
    assert second is not None and second is not first
    window.acts.toggle_published.trigger()
    assert second.modified
    qtbot.keySequence(window, QKeySequence.StandardKey.Save)
    assert not second.modified
    assert b"published: true" in second.path.read_bytes()


def test_bad_query_is_explained_inline(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    qtbot.keyClicks(window.filter_edit, "quality:>>")
    assert window.filter_error.isVisibleTo(window)
    assert "quality" in window.filter_error.text()
    window.filter_edit.setText("published:maybe")
    assert "published" in window.filter_error.text()
    # the last valid text, "quality:", matched nothing
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 0, timeout=10_000)
    with qtbot.waitSignal(window.table_model.order_applied, timeout=10_000):
        window.filter_edit.setText("quality:>=90")
    assert not window.filter_error.isVisibleTo(window)
    assert window.table_model.rowCount() == 1


def test_undo_redo_everywhere(curator: Curator) -> None:
    window = curator.window
    record = _select_row(curator, 0)
    heat = window.findChild(QSpinBox, "heatSpin")
    old = record.data["heat"]
    heat.setValue(3 if old != 3 else 4)
    assert record.data["heat"] != old
    window.acts.undo.trigger()
    assert record.data["heat"] == old and heat.value() == old
    assert record.current_bytes() == record.disk_bytes
    window.acts.redo.trigger()
    assert record.data["heat"] != old
    assert window.acts.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert window.acts.redo.shortcut() == QKeySequence("Ctrl+Shift+Z")


def test_review_shows_the_writer_bytes(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = _select_row(curator, 1)
    curator.editor.set_value(record, ("quality",), 1 if record.data["quality"] != 1 else 2)
    dialog = ReviewDialog(curator.store.modified_records())
    qtbot.addWidget(dialog)
    text = dialog.diff.toPlainText()
    assert text == record_diff(record).rstrip("\n") or text == record_diff(record)
    minus = [ln for ln in text.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    plus = [ln for ln in text.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert len(minus) == 1 and minus[0].startswith("-quality: ")
    assert len(plus) == 1 and plus[0].startswith("+quality: ")


def test_broken_files_are_problems_and_good_edits_still_save(
    qtbot,
    sample_library: Path,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    (sample_library / "broken-dup.md").write_text("---\ntitle: a\ntitle: b\n---\n")
    (sample_library / "broken-tab.md").write_text("---\ntitle: x\n\tquality: 3\n---\n")
    curator = build(settings, offline=True)
    qtbot.addWidget(curator.window)
    curator.window.open_library([sample_library], ask=False, background=False)
    view = curator.window.findChild(QTableView, "problemsView")
    assert view is not None and view.model().rowCount() == 2
    cells = {
        view.model().index(r, 0).data(): (
            view.model().index(r, 1).data(),
            view.model().index(r, 2).data(),
        )
        for r in range(2)
    }
    assert cells["broken-dup.md"] == (
        3,
        "The key 'title' appears twice: keep one of them\nduplicate key 'title'",
    )
    assert cells["broken-tab.md"][0] == 3
    assert not curator.window.problems_dock.isHidden()
    assert curator.store.count() == 30
    record = _select_row(curator, 0)
    curator.editor.set_value(record, ("heat",), 11 if record.data["heat"] != 11 else 12)
    assert curator.window.save_all()
    assert not record.modified
    assert (sample_library / "broken-dup.md").read_text() == "---\ntitle: a\ntitle: b\n---\n"
    assert "2 problems" in curator.window.status_counts.text()


def test_a_read_only_file_is_refused_on_save_and_edits_kept(curator: Curator, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    record = _select_row(curator, 4)
    before = record.path.read_bytes()
    os.chmod(record.path, 0o444)
    curator.editor.set_value(record, ("quality",), 2 if record.data["quality"] != 2 else 3)
    assert not curator.window.save_current()
    name = record.path.name
    assert warnings == [
        "These files were not saved; your edits are kept:\n\n"
        f"{name}: {name} is read-only on disk (mode 444); curator does not overwrite it"
    ]
    assert record.modified
    assert record.path.read_bytes() == before


def test_the_window_waits_for_another_curator_saving_the_same_folder(
    curator: Curator, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    record = _select_row(curator, 4)
    before = record.path.read_bytes()
    curator.editor.set_value(record, ("quality",), 2 if record.data["quality"] != 2 else 3)
    # Another curator process, not a fork: forking a process that runs Qt threads can hang.
    hold = (
        "import sys\n"
        "from pathlib import Path\n"
        "from curator.core import files\n"
        "with files.locked([Path(sys.argv[1])]):\n"
        "    print('holding', flush=True)\n"
        "    sys.stdin.readline()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(record.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
        assert not curator.window.save_current()
        assert len(warnings) == 1 and "another curator process has been saving" in warnings[0]
        assert record.path.read_bytes() == before and record.modified
    finally:
        holder.communicate("\n", timeout=60)  # let go of the lock
    assert curator.window.save_current()
    assert not record.modified and record.path.read_bytes() == record.current_bytes() != before


@pytest.mark.parametrize(
    ("answer", "closes"),
    [(QMessageBox.StandardButton.Cancel, False), (QMessageBox.StandardButton.Discard, True)],
)
def test_closing_with_unsaved_edits_asks(curator: Curator, monkeypatch, answer, closes) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(answer.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    record = _select_row(curator, 0)
    curator.editor.set_value(record, ("quality",), 5 if record.data["quality"] != 5 else 6)
    disk = record.path.read_bytes()
    assert curator.window.close() is closes
    assert asked and "unsaved" in asked[0]
    assert record.path.read_bytes() == disk


def test_columns_and_library_persist(qtbot, sample_library: Path, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    first = build(settings, offline=True)
    qtbot.addWidget(first.window)
    first.window.open_library([sample_library], ask=False, background=False)
    header = first.window.table.horizontalHeader()
    header.setSectionHidden(Column.HEAT, True)
    header.resizeSection(Column.TITLE, 411)
    header.moveSection(header.visualIndex(Column.PROVIDER), 1)
    assert first.window.close()
    second = build(settings, offline=True)
    qtbot.addWidget(second.window)
    header2 = second.window.table.horizontalHeader()
    assert header2.isSectionHidden(Column.HEAT)
    assert header2.sectionSize(Column.TITLE) == 411
    assert header2.visualIndex(Column.PROVIDER) == 1
    assert settings.last_library == sample_library


def _named(curator: Curator, kind: type, name: str):  # type: ignore[no-untyped-def]
    widget = curator.window.findChild(kind, name)
    assert widget is not None, name
    return widget


def test_drag_from_table_to_related_panel_updates_the_count_column(curator: Curator) -> None:
    from curator.qt.mime import decode_records

    window = curator.window
    target = _select_row(curator, 0)
    before = target.path.read_bytes()
    source_row = 3
    source = window.table_model.record_at(source_row)
    assert source is not None
    mime = window.table_model.mimeData([window.table_model.index(source_row, Column.TITLE)])
    assert decode_records(mime) == [source.path]
    count_index = window.table_model.index(0, Column.RELATED)
    old_count = count_index.data()
    assert window.related_panel.drop_records(decode_records(mime)) == 1
    assert window.table_model.index(0, Column.RELATED).data() == old_count + 1
    window.acts.undo.trigger()
    assert window.table_model.index(0, Column.RELATED).data() == old_count
    assert target.current_bytes() == before


def test_open_related_selects_the_linked_record(curator: Curator) -> None:
    window = curator.window
    record = next(r for r in records_of(curator.store) if r.path.name.startswith("005_"))
    window.select_record(record)
    linked = curator.store.by_web_url(record.data["related"][0]["webUrl"])
    assert linked is not None
    window.related_panel.open_record_requested.emit(linked)
    assert window.current_record() is linked


def test_revert_drops_the_records_edits_undoably(curator: Curator) -> None:
    window = curator.window
    record = _select_row(curator, 5)
    curator.editor.set_value(record, ("quality",), 3 if record.data["quality"] != 3 else 4)
    curator.editor.set_value(record, ("title",), "Changed")
    window.acts.revert.trigger()
    assert not record.modified and record.current_bytes() == record.disk_bytes
    assert _named(curator, QLineEdit, "titleEdit").text() != "Changed"
    window.acts.undo.trigger()
    assert record.data["title"] == "Changed"


def test_header_menu_hides_and_shows_columns(curator: Curator) -> None:
    table = curator.window.table
    menu = table.column_menu()
    heat = next(a for a in menu.actions() if a.text() == "Heat")
    heat.trigger()
    assert table.horizontalHeader().isSectionHidden(Column.HEAT)
    table.column_menu().actions()[Column.HEAT].trigger()
    assert not table.horizontalHeader().isSectionHidden(Column.HEAT)


def test_opening_another_library_with_unsaved_edits_asks(
    curator: Curator,
    monkeypatch,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(
        QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Cancel.value)
    )
    record = _select_row(curator, 0)
    curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    assert not curator.window.open_library([tmp_path])
    assert curator.store.count() == 30 and record.modified


def test_first_run_opens_a_copy_of_the_sample_library(settings: Settings) -> None:
    from curator.qt.app import library_to_open
    from curator.resources import sample_library_dir

    path = library_to_open(None, settings)
    assert path != sample_library_dir() and path.is_dir()
    assert sorted(p.name for p in path.glob("*.md")) == sorted(
        p.name for p in sample_library_dir().glob("*.md")
    )
    assert (path / ".curator" / "images").is_dir()


def test_offline_flag_reaches_the_image_loader(settings: Settings, qtbot) -> None:  # type: ignore[no-untyped-def]
    from curator.qt.app import parse_args

    assert parse_args(["lib", "--offline"]).offline is True
    built = build(settings, offline=True)
    qtbot.addWidget(built.window)
    assert built.loader.settings.offline is True
    assert built.window.acts.offline.isChecked()
    assert settings.offline is False  # the flag is for this run only


def test_typing_a_title_and_back_leaves_no_undo_step(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = _select_row(curator, 6)
    title = _named(curator, QLineEdit, "titleEdit")
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, "xy")
    assert curator.stack.count() == 1 and record.modified
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    assert not record.modified
    assert curator.stack.count() == 0


def test_attach_action_opens_the_picker_for_the_selected_record(curator: Curator) -> None:
    _select_row(curator, 0)
    curator.window.acts.attach.trigger()
    dialog = curator.window.related_panel.attach_dialog()
    assert dialog is not None and dialog.isVisible()
    count = dialog.findChild(QLabel, "pickerCount")
    assert count is not None and count.text() == "29 records"  # every record but itself
    dialog.reject()


def test_a_stale_index_never_reaches_the_form_or_a_save(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    with qtbot.waitSignal(window.table_model.order_applied, timeout=10_000):
        window.table.sortByColumn(Column.FILE, Qt.SortOrder.AscendingOrder)
    # Outside curator, after the index was read: same size, modification time set back.
    path = curator.store.path(window.table_model.source_row(6))
    assert path.name.startswith("007_")
    before = path.read_bytes()
    stat = path.stat()
    changed = before.replace(b"quality: 66", b"quality: 67", 1)
    assert len(changed) == len(before) and changed != before
    path.write_bytes(changed)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    record = _select_row(curator, 6)
    assert record.disk_bytes == changed  # the form edits what the file holds
    assert record.data["quality"] == 67
    assert window.table_model.index(6, Column.QUALITY).data() == 67  # the row follows
    window.findChild(QCheckBox, "publishedCheck").click()
    assert window.save_current()
    after = path.read_bytes()
    assert _changed_lines(changed, after) == [
        f"- published: {'true' if b'published: true' in changed else 'false'}\n",
        f"+ published: {'false' if b'published: true' in changed else 'true'}\n",
    ]


def test_a_refused_table_edit_is_shown_in_the_status_bar(
    qtbot,
    sample_library: Path,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    (sample_library / "toml.md").write_text('+++\ntitle = "T"\nquality = 3\n+++\n')
    curator = build(settings, offline=True)
    qtbot.addWidget(curator.window)
    with qtbot.waitSignal(curator.window.table_model.order_applied, timeout=10_000):
        curator.window.open_library([sample_library], ask=False, background=False)
    model = curator.window.table_model
    view_row = next(r for r in range(model.rowCount()) if model.record_at(r).path.name == "toml.md")  # type: ignore[union-attr]
    assert not model.setData(model.index(view_row, Column.QUALITY), 9)
    assert curator.window.statusBar().currentMessage() == (
        "Not changed: toml.md is read-only: TOML front matter is read-only"
    )
    assert curator.stack.count() == 0
