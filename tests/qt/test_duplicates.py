"""The Duplicates dock over a real window: groups shown, a member opened by double-click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTreeWidget
from qt_helpers import opened_window

from curator.qt.app import Curator
from curator.qt.settings import Settings


@pytest.fixture
def curator(qtbot, sample_library: Path, settings: Settings) -> Iterator[Curator]:  # type: ignore[no-untyped-def]
    source = next(sample_library.glob("002_*.md"))  # "Foundry Orders Cool ..."
    copy = source.read_text(encoding="utf-8").replace("\nquality: 55\n", "\nquality: 20\n")
    (sample_library / "zz_copy_of_002.md").write_text(copy, encoding="utf-8")
    retitled = next(sample_library.glob("003_*.md")).read_text(encoding="utf-8")
    title = next(line for line in retitled.splitlines() if line.startswith("title:"))
    near = 'title: "' + title[len("title: ") :].strip('"').upper() + '!"'  # same title key
    text = retitled.replace(title, near).replace("https://", "https://near.")  # other urls
    (sample_library / "zz_near_003.md").write_text(text, encoding="utf-8")
    with opened_window(qtbot, settings, sample_library) as built:
        yield built


def test_the_duplicates_dock_lists_groups_and_opens_a_member(qtbot, curator: Curator) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    dock = window.duplicates_dock
    assert not dock.isVisible()
    dock.toggleViewAction().trigger()  # View → Duplicates
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    tree = dock.findChild(QTreeWidget, "duplicatesTree")
    assert isinstance(tree, QTreeWidget)
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    shown = [
        (g.text(0).split(":")[0], sorted(g.child(c).text(1) for c in range(g.childCount())))
        for g in groups
    ]
    first_002 = next(p.name for p in window.store.library.roots[0].glob("002_*.md"))
    first_003 = next(p.name for p in window.store.library.roots[0].glob("003_*.md"))
    assert shown == [
        ("Same URL", [first_002, "zz_copy_of_002.md"]),
        ("Near-identical title", [first_003, "zz_near_003.md"]),
    ]
    assert dock.summary.text() == "2 groups, 4 records"
    member = groups[0].child(1)
    assert member.text(1) == "zz_copy_of_002.md"
    rect = tree.visualItemRect(member)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(
        lambda: (
            window.current_record() is not None
            and window.current_record().path.name == "zz_copy_of_002.md"
        ),
        timeout=5000,
    )
