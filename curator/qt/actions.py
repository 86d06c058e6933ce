"""Every action of the window, with its shortcut and icon, declared in one place."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from . import icons

Key = QKeySequence.StandardKey


@dataclass
class Actions:
    """The window's actions; widgets and menus share these objects."""

    open_folder: QAction
    reload: QAction
    save: QAction
    save_all: QAction
    revert: QAction
    reload_record: QAction
    review: QAction
    undo: QAction
    redo: QAction
    find: QAction
    next_record: QAction
    previous_record: QAction
    toggle_published: QAction
    attach: QAction
    offline: QAction
    advance: QAction
    save_on_leave: QAction
    shortcuts: QAction
    quit: QAction
    filter_help: QAction
    about: QAction

    def all(self) -> list[QAction]:
        return [getattr(self, f.name) for f in fields(self)]


def _action(
    parent: QWidget,
    text: str,
    shortcut: QKeySequence | Key | str | None = None,
    icon: str | None = None,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        action.setIcon(icons.icon(icon))
    label = text.replace("&", "").rstrip(".…")
    hint = (
        f"{tip or label} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        if shortcut is not None
        else (tip or label)
    )
    action.setToolTip(hint)
    action.setStatusTip(tip or label)
    return action


def create_actions(parent: QWidget) -> Actions:
    """Make the actions, parented to ``parent`` (the main window)."""
    offline = _action(parent, "Work &Offline", None, None, "Never download images")
    offline.setCheckable(True)
    advance = _action(
        parent,
        "&Advance After Scoring",
        None,
        None,
        "After a scoring key in the table (1…0, +, -, Space), select the next row",
    )
    advance.setCheckable(True)
    save_on_leave = _action(
        parent,
        "Save Edits When &Leaving a Record",
        None,
        None,
        "Save a record's edits as soon as another record is selected",
    )
    save_on_leave.setCheckable(True)
    return Actions(
        open_folder=_action(
            parent, "&Open Library…", Key.Open, "open-folder", "Open a folder of records"
        ),
        reload=_action(
            parent, "Re&load Library", "F5", "reload", "Read the library from disk again"
        ),
        save=_action(parent, "&Save", Key.Save, "save", "Save the selected record"),
        save_all=_action(
            parent, "Save &All", "Ctrl+Shift+S", "save-all", "Save every modified record"
        ),
        revert=_action(
            parent, "&Revert Record", None, "revert", "Drop the selected record's unsaved edits"
        ),
        reload_record=_action(
            parent,
            "Reload Record from &Disk",
            "Ctrl+Shift+R",
            "reload",
            "Read the selected record's file again, dropping its unsaved edits",
        ),
        review=_action(
            parent,
            "Review &Changes…",
            "Ctrl+D",
            "review",
            "Show the exact diff each save will write",
        ),
        undo=_action(parent, "&Undo", Key.Undo, "undo"),
        redo=_action(parent, "&Redo", "Ctrl+Shift+Z", "redo"),
        find=_action(parent, "&Filter…", Key.Find, "filter", "Filter the library"),
        next_record=_action(parent, "&Next Record", "Ctrl+J", None, "Select the next record"),
        previous_record=_action(
            parent, "&Previous Record", "Ctrl+K", None, "Select the previous record"
        ),
        toggle_published=_action(
            parent,
            "Toggle &Published",
            "Ctrl+P",
            "published",
            "Flip the published flag of the selected records",
        ),
        attach=_action(
            parent,
            "&Attach Related…",
            "Ctrl+Shift+A",
            "attach",
            "Attach other records as related items",
        ),
        offline=offline,
        advance=advance,
        save_on_leave=save_on_leave,
        shortcuts=_action(
            parent, "&Keyboard Shortcuts", Key.HelpContents, None, "List every key curator knows"
        ),
        quit=_action(parent, "&Quit", Key.Quit),
        filter_help=_action(
            parent, "&Filter Language", None, "filter", "How to write a filter query"
        ),
        about=_action(parent, "&About curator", None, None, "Version and what curator promises"),
    )
