"""Review changes: the unified diff each save will write, per modified file.

Records are named by title, then file name. Above each diff, the changes in words
(:func:`~curator.core.changes.describe_changes`: a reordered item is a move). The diff is
made from the bytes on disk and the bytes the core's writer produced for the save; nothing
is re-rendered for display.
"""

from __future__ import annotations

import difflib

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import describe_changes
from ..core.record import Problem, Record, parse_record
from .colors import color
from .naming import named


def record_label(record: Record) -> str:
    """A record as the review lists it: its title, then its file name."""
    title = record.data.get("title")
    name = record.path.name
    return f"{title} — {name}" if isinstance(title, str) and title.strip() else name


def record_changes(record: Record) -> list[str]:
    """What a save of ``record`` changes, one line each, in words."""
    on_disk = parse_record(record.path, record.disk_bytes)
    old = on_disk.data if not isinstance(on_disk, Problem) else {}
    return describe_changes(old or {}, record.data or {})


def record_diff(record: Record) -> str:
    """The unified diff between the file on disk and what a save will write."""
    old = record.disk_bytes.decode("utf-8", "replace").splitlines(keepends=True)
    new = record.current_bytes().decode("utf-8", "replace").splitlines(keepends=True)
    name = record.path.name
    lines = difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=2)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class _DiffHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats = {}
        for prefix, name in (("+", "added"), ("-", "removed"), ("@", "hunk")):
            fmt = QTextCharFormat()
            fmt.setForeground(color(f"{name}-text"))  # light or dark, as the palette is
            fmt.setBackground(color(f"{name}-back"))
            self._formats[prefix] = fmt

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            self.setFormat(0, len(text), fmt)
        elif text[:1] in self._formats:
            self.setFormat(0, len(text), self._formats[text[:1]])


class ReviewDialog(QDialog):
    """Lists modified records; shows the selected one's diff. Accepting means Save All."""

    def __init__(self, records: list[Record], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle("Review changes")
        self.resize(1000, 640)
        self.files = named(QListWidget(), "reviewFiles")
        self.diff = named(QPlainTextEdit(), "reviewDiff")
        self.diff.setReadOnly(True)
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._highlighter = _DiffHighlighter(self.diff.document())
        self.summary = named(QPlainTextEdit(), "reviewSummary")
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(self.summary.fontMetrics().lineSpacing() * 7 + 12)
        for record in records:
            item = QListWidgetItem(record_label(record))
            item.setToolTip(str(record.path))
            item.setData(Qt.ItemDataRole.UserRole, record)
            self.files.addItem(item)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addWidget(self.diff)
        splitter = QSplitter()
        splitter.addWidget(self.files)
        splitter.addWidget(right)
        splitter.setSizes([260, 740])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_all = buttons.addButton("Save All", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_all.setEnabled(bool(records))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.files.currentItemChanged.connect(self._on_files_current_changed)
        if records:
            self.files.setCurrentRow(0)
        else:
            self.diff.setPlainText("No unsaved changes.")

    def _on_files_current_changed(self, item: QListWidgetItem | None) -> None:
        record = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.diff.setPlainText(record_diff(record) if record is not None else "")
        self.summary.setPlainText("\n".join(record_changes(record)) if record is not None else "")
