"""Rough edges a new user hit in the window (issue 9, item 5), each driven as they did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from qt_helpers import records_of

from curator.qt.app import Curator, build
from curator.qt.library_model import Column
from curator.qt.settings import Settings


@pytest.fixture
def curator(qtbot, sample_library: Path, settings: Settings) -> Iterator[Curator]:  # type: ignore[no-untyped-def]
    built = build(settings, offline=True)
    with qtbot.waitSignal(built.window.table_model.order_applied, timeout=10_000):
        built.window.open_library([sample_library], ask=False, background=False)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    for record in records_of(built.store):
        built.store.set_edits(record, record.saved_edits)
    built.window.close()
    built.window.deleteLater()


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def cancel(box: QMessageBox) -> int:
        asked.append((box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    return asked


def test_the_modified_title_names_the_library_once(curator: Curator) -> None:
    window = curator.window
    assert window.windowHandle().title() == "library — curator-tests"
    record = curator.window.table_model.record_at(0)
    assert record is not None
    curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    # Ends with the application's name: the platform adds nothing more.
    assert window.windowHandle().title() == "library* — curator-tests"


def test_reload_with_unsaved_edits_asks_about_reloading_and_names_the_record(
    curator: Curator, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _asked(monkeypatch)
    window = curator.window
    window.table.setCurrentIndex(window.table_model.index(0, Column.TITLE))
    record = window.current_record()
    assert record is not None
    curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    window.acts.reload.trigger()
    title = record.data["title"]
    assert asked == [
        (
            "1 record has unsaved changes. Save it before reloading the library?",
            f"• {title} ({record.path.name})",
        )
    ]
    assert record.modified  # cancelled: nothing dropped


def test_the_unsaved_dialog_counts_and_names_several_records(
    curator: Curator, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _asked(monkeypatch)
    records = records_of(curator.store)[:10]
    for record in records:
        curator.editor.set_value(record, ("heat",), 1 if record.data["heat"] != 1 else 2)
    assert not curator.window.close()
    text, names = asked[0]
    assert text == "10 records have unsaved changes. Save them before closing?"
    lines = names.split("\n")
    assert len(lines) == 9 and lines[-1] == "… and 2 more"
    shown = {line.removeprefix("• ") for line in lines[:8]}
    assert shown == {f"{r.data['title']} ({r.path.name})" for r in records[:8]}


def _type_filter(curator: Curator, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    window.filter_edit.setFocus()
    for ch in text:
        qtbot.keyClicks(window.filter_edit, ch)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: window.table_model.query().text == text, timeout=10_000)


@pytest.mark.parametrize("query", ["quality:>=50", "published:false"])
def test_typing_a_field_query_keeps_the_current_record_when_it_matches(
    curator: Curator, qtbot, query: str
) -> None:  # type: ignore[no-untyped-def]
    from curator.core.query import parse_query

    window = curator.window
    wanted = parse_query(query)
    rows = [
        r
        for r in range(window.table_model.rowCount())
        if wanted.matches(window.table_model.record_at(r).data)  # type: ignore[union-attr]
    ]
    pick = rows[3]
    window.table.setCurrentIndex(window.table_model.index(pick, Column.TITLE))
    record = window.current_record()
    assert record is not None
    _type_filter(curator, qtbot, query)
    assert window.current_record() is record
    assert window.form.record() is record
    selected = window.table.selectionModel().selectedRows()
    assert [window.table_model.record_at(i.row()) for i in selected] == [record]
    row = window.table.currentIndex().row()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.table.currentIndex().row() == row + 1
    assert window.form.record() is window.table_model.record_at(row + 1)
