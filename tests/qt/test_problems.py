"""The problems panel: a curator's words with the parser's text below, and a way to the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QTableView

from curator.qt.app import build
from curator.qt.settings import Settings


@pytest.fixture
def problems(qtbot, sample_library: Path, settings: Settings) -> QTableView:  # type: ignore[no-untyped-def]
    (sample_library / "empty.md").write_bytes(b"")
    (sample_library / "quote.md").write_text('---\ntitle: "open\nquality: 3\n---\nbody\n')
    (sample_library / "code.md").write_text(
        "---\ntitle: T\nx: !!python/object/apply:os.system ['true']\n---\n"
    )
    curator = build(settings, offline=True)
    qtbot.addWidget(curator.window)
    curator.window.open_library([sample_library], ask=False, background=False)
    curator.window.show()
    qtbot.waitExposed(curator.window)
    view = curator.window.findChild(QTableView, "problemsView")
    assert view is not None and view.model().rowCount() == 3
    return view


def _rows(view: QTableView) -> dict[str, tuple[int, str]]:
    model = view.model()
    return {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    }


def test_problems_read_as_sentences_with_the_parser_detail_below(problems: QTableView) -> None:
    rows = _rows(problems)
    assert rows["empty.md"] == (1, "The file is empty: there is no record in it")
    line, text = rows["quote.md"]
    assert line == 2  # where the quote opens, not the end of the file
    headline, detail = text.split("\n")
    assert headline == "A quoted value that starts here is never closed: add the closing quote"
    assert detail.startswith("while scanning a quoted scalar")
    headline, detail = rows["code.md"][1].split("\n")
    assert headline == (
        "A value is tagged to run Python code (!!python/object/apply:os.system); "
        "curator never runs code from a file and does not open it"
    )
    assert detail.startswith("could not determine a constructor")


def test_double_click_opens_the_folder_and_ctrl_c_copies_the_path(
    problems: QTableView, qtbot, monkeypatch: pytest.MonkeyPatch, sample_library: Path
) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    row = next(r for r in range(3) if problems.model().index(r, 0).data() == "quote.md")
    point = problems.visualRect(problems.model().index(row, 2)).center()
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert [u.toLocalFile() for u in opened] == [str(sample_library)]
    problems.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is problems.window())
    problems.setFocus()
    qtbot.keyClick(problems, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == str(sample_library / "quote.md")
