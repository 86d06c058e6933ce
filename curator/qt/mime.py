"""Drag-and-drop payload naming library records: the table drags it, the related panel takes it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData

RECORD_MIME = "application/x-curator-records"


def encode_records(paths: list[Path]) -> QMimeData:
    """A mime payload naming the record files ``paths`` (a JSON list of path strings)."""
    mime = QMimeData()
    payload = json.dumps([str(path) for path in paths]).encode("utf-8")
    mime.setData(RECORD_MIME, payload)
    return mime


def decode_records(mime: QMimeData | None) -> list[Path]:
    """The record paths in ``mime``; empty when it holds none or the payload is malformed."""
    if mime is None or not mime.hasFormat(RECORD_MIME):
        return []
    try:
        names = json.loads(bytes(mime.data(RECORD_MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(names, list):
        return []
    return [Path(name) for name in names if isinstance(name, str) and name]
