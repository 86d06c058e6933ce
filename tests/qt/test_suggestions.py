"""The Suggested list in the window: the other reports of a story, attached with a click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QListView
from qt_helpers import opened_window
from story_clusters import write_library

from curator.qt.app import Curator
from curator.qt.library_model import Column
from curator.qt.settings import Settings


@pytest.fixture
def curator(qtbot, tmp_path: Path, settings: Settings) -> Iterator[Curator]:  # type: ignore[no-untyped-def]
    library = tmp_path / "clusters"
    write_library(library)
    with opened_window(qtbot, settings, library, size=(1366, 768)) as built:
        with qtbot.waitSignal(built.window.table_model.order_applied, timeout=10_000):
            built.window.table.sortByColumn(Column.FILE, Qt.SortOrder.AscendingOrder)
        yield built


def _titles(view: QListView) -> list[str]:
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_suggested_shows_the_other_reports_and_a_click_attaches_one(curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    view = window.findChild(QListView, "suggestedList")
    assert view is not None
    QTest.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.table_model.index(3, Column.TITLE)).center(),
    )
    record = window.current_record()
    assert record is not None and record.path.name == "004_glacier.md"
    expected = [
        "Italy Mourns Climbers Lost in Dolomites Ice Avalanche",
        "Why the Marmolada Serac Fell: Heat, Meltwater and a Thinning Glacier",
    ]
    qtbot.waitUntil(lambda: _titles(view) == expected, timeout=10_000)
    before = record.path.read_bytes()
    first = view.visualRect(view.model().index(0, 0))
    button = QPoint(first.right() - 14, first.center().y())  # the + at the row's right end
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button)
    assert [item["title"] for item in record.data["related"]] == [
        "Italy Mourns Climbers Lost in Dolomites Ice Avalanche"
    ]
    assert curator.stack.count() == 1
    # what is attached is no longer suggested
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=10_000)
    assert _titles(view) == ["Why the Marmolada Serac Fell: Heat, Meltwater and a Thinning Glacier"]
    curator.stack.undo()
    assert record.current_bytes() == before


def test_a_record_with_no_story_of_its_own_says_so(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    window.table.setCurrentIndex(window.table_model.index(24, Column.TITLE))  # 101_other.md
    assert window.current_record().path.name == "101_other.md"  # type: ignore[union-attr]
    empty = window.findChild(QLabel, "suggestedEmpty")
    assert empty is not None
    qtbot.waitUntil(empty.isVisible, timeout=10_000)
    assert empty.text() == "No other record looks like the same story."
