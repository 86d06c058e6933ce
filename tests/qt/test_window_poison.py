"""The window over a library with poisoned and special files, and past the query limits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from curator.qt.app import Curator, build, library_to_open
from curator.qt.library_model import Column
from curator.qt.settings import Settings

GOOD = 12


def _library(root: Path) -> Path:
    root.mkdir()
    for n in range(GOOD):
        (root / f"good{n:02}.md").write_text(
            f"---\ntitle: Good {n}\nquality: {n}\n---\nbody\n", encoding="utf-8"
        )
    (root / "feb30.md").write_bytes(b"---\ntitle: Bad\npublishedDateTime: 2022-02-30\n---\n")
    (root / "huge-int.md").write_bytes(b"---\ntitle: Bad\nheat: " + b"7" * 5000 + b"\n---\n")
    (root / "tag.md").write_bytes(b"---\ntitle: Bad\nrelated: []\nquality: !!int abc\n---\n")
    os.mkfifo(root / "pipe.md")
    (root / "zero.md").symlink_to("/dev/zero")
    (root / "loop.md").symlink_to(root / "loop.md")
    return root


@pytest.fixture
def curator(qtbot, tmp_path: Path, settings: Settings) -> Iterator[Curator]:  # type: ignore[no-untyped-def]
    built = build(settings, offline=True)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.store.loading_finished, timeout=30_000):
        built.window.open_library([_library(tmp_path / "lib")], ask=False)  # its thread
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.window.close()


def _problems(curator: Curator) -> dict[str, tuple[int, str]]:
    view = curator.window.findChild(QTableView, "problemsView")
    assert view is not None
    model = view.model()
    cell = model.index
    return {
        cell(r, 0).data(): (cell(r, 1).data(), cell(r, 2).data()) for r in range(model.rowCount())
    }


def test_every_good_record_shows_and_each_bad_file_is_named_with_its_line(
    curator: Curator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    assert window.table_model.rowCount() == GOOD
    titles = {
        window.table_model.index(r, Column.TITLE).data()
        for r in range(window.table_model.rowCount())
    }
    assert titles == {f"Good {n}" for n in range(GOOD)}
    assert _problems(curator) == {
        "feb30.md": (
            3,
            "publishedDateTime: 2022-02-30 is not a valid date (day is out of range for month)",
        ),
        "huge-int.md": (
            3,
            "heat: "
            + "7" * 37
            + "… is not a valid integer (5,000 digits; Python reads at most 4,300)",
        ),
        "tag.md": (
            4,
            "quality: abc is not a valid integer (invalid literal for int() with base 10: 'abc')",
        ),
        "pipe.md": (1, "Cannot read: not a regular file: a FIFO (named pipe)"),
        "zero.md": (1, "Cannot read: not a regular file: a character device"),
        "loop.md": (1, "Cannot read: symbolic link loop"),
    }
    assert not window.problems_dock.isHidden()
    assert window.status_counts.text() == (
        f"{GOOD} records · {GOOD} shown · 0 unsaved · 6 problems"
    )
    for row in range(GOOD):  # every good record opens in the form
        window.table.setCurrentIndex(window.table_model.index(row, Column.TITLE))
        assert window.current_record() is not None


def _type(qtbot, line, text: str) -> None:  # type: ignore[no-untyped-def]
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def test_the_query_error_label_follows_each_query_past_the_limits(curator: Curator, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = curator.window
    label, line = window.filter_error, window.filter_edit
    _type(qtbot, line, "quality:>>")
    assert label.isVisibleTo(window)
    assert (
        label.text() == "⚠ '>' is not a number at column 10 (e.g. quality:>=30 or quality:10..50)"
    )
    _type(qtbot, line, "(" * 400)
    assert label.text() == "⚠ query nests too deeply (more than 16 levels) at column 17"
    _type(qtbot, line, "-" * 40 + "a")
    assert label.text() == "⚠ too many '-' in a row (more than 16) at column 17"
    _type(qtbot, line, "quality:" + "9" * 45)
    assert label.text() == "⚠ number too long (more than 40 characters) at column 9"
    _type(qtbot, line, "quality:>=10")
    assert not label.isVisibleTo(window)
    # (an earlier valid text, "quality:999...", may still be applying: wait for this one)
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 2, timeout=10_000)


@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_a_special_file_given_as_the_path_to_open_is_a_problem(
    qtbot, tmp_path: Path, settings: Settings, kind: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.md"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "y.md")
        (tmp_path / "y.md").symlink_to(path)
    opened = library_to_open(str(path), settings)  # resolve() raised RuntimeError on a loop
    assert opened.name in ("x.md", "y.md")
    built = build(settings, offline=True)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.store.loading_finished, timeout=30_000):
        built.window.open_library([opened], ask=False)
    reason = "a FIFO (named pipe)" if kind == "fifo" else "symbolic link loop"
    assert built.store.count() == 0
    assert [p.message for p in built.store.problems] == [
        f"cannot read: not a regular file: {reason}" if kind == "fifo" else f"cannot read: {reason}"
    ]
