"""The Help menu's windows: the filter language, and About curator (both non-modal)."""

from __future__ import annotations

import html
import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__
from ..core.query import FIELDS, QUERY_HELP
from . import icons
from .naming import named

ABOUT = (
    "A desktop curation editor for Markdown records with YAML front matter. "
    "A save changes a file's bytes only where you edited a value; a save with no real "
    "change writes nothing; a file curator cannot edit safely is reported, never rewritten."
)


def filter_language_html() -> str:
    """The query language: the examples of the filter line's tooltip, then every field."""
    rows = "".join(
        f"<tr><td><code>{html.escape(name)}:</code></td><td>{html.escape(text)}</td></tr>"
        for name, text in FIELDS.items()
    )
    return (
        "<h3>Filter language</h3>"
        "<p>Type in the filter line (Ctrl+F) or the Attach dialog's search. Plain words "
        "match at the start of a word of the title, excerpt, provider or a topic, "
        "ignoring case and accents. Down moves from the line into the list.</p>"
        f"<pre>{html.escape(QUERY_HELP)}</pre>"
        f"<h4>Fields</h4><table cellspacing='4'>{rows}</table>"
    )


def about_html() -> str:
    return (
        f"<h3>curator {html.escape(__version__)}</h3><p>{html.escape(ABOUT)}</p>"
        f"<p>Python {platform.python_version()} · Qt {qVersion()} · "
        f"PySide6 {pyside_version} · {html.escape(sys.platform)}</p>"
        "<p>MIT licence.</p>"
    )


def _text_window(
    parent: QWidget | None, name: str, title: str, text: str, size: tuple[int, int]
) -> QDialog:
    dialog = named(QDialog(parent), name)
    dialog.setWindowTitle(title)
    dialog.setWindowIcon(icons.app_icon())
    browser = named(QTextBrowser(dialog), f"{name}Text")
    browser.setOpenExternalLinks(True)
    browser.setHtml(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


def filter_language_window(parent: QWidget | None = None) -> QDialog:
    return _text_window(parent, "filterHelp", "Filter language", filter_language_html(), (640, 560))


def about_window(parent: QWidget | None = None) -> QDialog:
    return _text_window(parent, "aboutCurator", "About curator", about_html(), (440, 280))
