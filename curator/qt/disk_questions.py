"""The questions files changed on disk raise, asked in the window: conflicts, deleted
files, a reload that drops edits, and restoring what a crash left in the journal.

The decisions are the user's; the work is :mod:`.sync`'s and :mod:`.journaling`'s.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ..core.journal import Entry
from ..core.record import Record
from . import journaling, sync
from .conflicts import ConflictDialog
from .store import RecordStore


class DiskQuestions(QObject):
    """Asks the user what to do when files changed under unsaved edits.

    Signals:
        told(str): something the user should read (a status message).
        records_changed: records were reloaded, re-based or restored.
    """

    told = Signal(str)
    records_changed = Signal()

    def __init__(self, store: RecordStore, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self._parent = parent
        self._syncing = False

    def _tell(self, text: str) -> None:
        self.told.emit(text)

    def reload(self, record: Record | None) -> None:
        """Read ``record``'s file again, dropping its edits (asking first if it has some)."""
        if record is None:
            return
        if record.modified:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Reload from disk",
                f"Drop your unsaved edits to {record.path.name} and read the file again?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                self._parent,
            )
            box.setObjectName("reloadBox")
            if box.exec() != QMessageBox.StandardButton.Discard:
                return
        refusal = sync.reload(self.store, record)
        self._tell(f"Not reloaded: {refusal}" if refusal else f"Reloaded {record.path.name}")

    def check(self, records: list[Record] | None = None) -> None:
        """Follow changes on disk to ``records`` (default: all held), asking when needed."""
        if self._syncing:
            return  # a question is open; a folder change meanwhile waits for the next check
        self._syncing = True
        try:
            self._settle(sync.check_disk(self.store, records))
        finally:
            self._syncing = False

    def offer_restore(self, entries: list[Entry]) -> bool:
        """After a crash: offer to make the journal's edits again on the files as they are.
        False when some were not restored (their journal must then be kept)."""
        names = ", ".join(Path(e.path).name for e in entries[:5])
        more = f" and {len(entries) - 5} more" if len(entries) > 5 else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore unsaved edits",
            f"curator did not close normally last time. {len(entries)} record(s) had "
            f"unsaved edits: {names}{more}.\n\nRestore them onto the files as they are now?",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        box.setObjectName("restoreBox")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is not restore:
            return box.clickedButton() is discard
        changes, problems = journaling.restore(self.store, entries)
        settled = self._settle(changes)
        if problems or not settled:
            QMessageBox.warning(
                self._parent,
                "Not restored",
                "\n".join([*problems, "The journal is kept; curator offers it again next time."]),
            )
        else:
            self._tell(f"Restored edits to {len(changes)} record(s)")
        return settled and not problems

    def _settle(self, changes: list[sync.DiskChange]) -> bool:
        """Tell or ask about each change; False if the user left a conflict open."""
        settled = True
        for change in changes:
            if change.kind == "rebased":
                self._tell(f"{change.record.path.name} changed on disk; your edits were kept")
            elif change.kind == "conflicts":
                settled = self._ask_conflicts(change) and settled
            elif change.kind == "deleted":
                self._ask_deleted(change.record)
            elif change.kind == "problem":
                self._tell(f"{change.message} (your edits are kept; fix the file or reload it)")
        self.records_changed.emit()
        return settled

    def _ask_conflicts(self, change: sync.DiskChange) -> bool:
        dialog = ConflictDialog(change.record.path.name, change.conflicts, self._parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            refusals = sync.resolve(self.store, change, dialog.keep_mine())
            for refusal in refusals:
                self._tell(f"Not changed: {refusal}")
        dialog.deleteLater()
        return accepted

    def _ask_deleted(self, record: Record) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "File deleted",
            f"{record.path.name} was deleted on disk, but you have unsaved edits to it.",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        box.setObjectName("deletedBox")
        write = box.addButton("Write Back", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is write:
            refusal = sync.write_back(self.store, record)
            if refusal is not None:
                self._tell(f"Not changed: {refusal}")
        elif box.clickedButton() is discard:
            sync.discard(self.store, record)  # no choice made: asked again next time
