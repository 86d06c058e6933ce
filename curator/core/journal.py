"""A journal of unsaved edits, so that a crash loses none of them.

One JSON file per library (named by a hash of its resolved folders) in the user's data
folder holds, for each record with pending edits, its path relative to the library, the
text its edits apply to (and that text's digest), and the edits themselves. It is
replaced atomically on each write. After a crash, :func:`restore_entry` makes the edits
again on the file as it is now, through :func:`curator.core.rebase.rebase`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edits import Edit, InsertItem, MoveItem, RemoveItem, SetValue
from .rebase import Rebased, rebase
from .record import Problem, Record, digest, parse_record

VERSION = 1


class JournalError(ValueError):
    """A journal file that cannot be read back; it is left in place for the user."""


@dataclass(frozen=True)
class Entry:
    """One record's pending edits: where, on what text, which edits."""

    path: str  # relative to the library's folder
    base_digest: str
    base: str
    edits: tuple[Edit, ...]


def journal_file(folder: Path, roots: list[Path]) -> Path:
    """The journal of the library opened from ``roots``, in ``folder``."""
    key = "\n".join(sorted(str(r.resolve()) for r in roots))
    return folder / f"journal-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


def entry_of(record: Record, anchor: Path) -> Entry:
    """The journal entry of ``record`` (paths relative to ``anchor``); raises TypeError
    when an edit holds a value JSON cannot carry."""
    for edit in record.edits:
        _edit_json(edit)
    base = record.root_bytes()
    relative = os.path.relpath(record.path, anchor)
    return Entry(relative, digest(base), base.decode("utf-8"), record.edits)


def write_journal(file: Path, entries: list[Entry]) -> None:
    """Replace ``file`` with ``entries`` atomically (temp, fsync, rename); none removes it."""
    if not entries:
        file.unlink(missing_ok=True)
        return
    payload = {"version": VERSION, "records": [_entry_json(e) for e in entries]}
    text = json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False)
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_journal(file: Path) -> list[Entry]:
    """The entries of ``file`` (none if it does not exist); raises JournalError."""
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise JournalError(f"{file}: cannot read the journal: {error}") from None
    try:
        return [_entry_from(item) for item in payload["records"]]
    except (KeyError, TypeError, ValueError) as error:
        raise JournalError(f"{file}: the journal is damaged: {error!r}") from None


def restore_entry(entry: Entry, anchor: Path) -> Rebased | Problem:
    """The entry's edits made on its file as it is now (conflicts where both changed)."""
    path = anchor / entry.path
    old = parse_record(path, entry.base.encode("utf-8"))
    if isinstance(old, Problem):
        return old
    try:
        old.set_edits(entry.edits)
        raw = path.read_bytes()
    except OSError as error:
        return Problem(path, f"cannot restore its edits: {error.strerror}")
    except ValueError as error:  # EditError: the journal does not fit its own base
        return Problem(path, f"cannot restore its edits: {error}")
    return rebase(old, raw)


# -- JSON for edits and YAML values -----------------------------------------------------


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "path": entry.path,
        "digest": entry.base_digest,
        "base": entry.base,
        "edits": [_edit_json(e) for e in entry.edits],
    }


def _entry_from(item: dict[str, Any]) -> Entry:
    base = str(item["base"])
    if digest(base.encode("utf-8")) != item["digest"]:
        raise ValueError(f"{item['path']}: the saved text does not match its digest")
    edits = tuple(_edit_from(e) for e in item["edits"])
    return Entry(str(item["path"]), str(item["digest"]), base, edits)


def _edit_json(edit: Edit) -> dict[str, Any]:
    path = list(edit.path)
    if isinstance(edit, SetValue):
        return {"op": "set", "path": path, "value": encode_value(edit.value)}
    if isinstance(edit, InsertItem):
        return {"op": "insert", "path": path, "item": encode_value(edit.item), "at": edit.index}
    if isinstance(edit, RemoveItem):
        return {"op": "remove", "path": path, "at": edit.index}
    return {"op": "move", "path": path, "from": edit.source, "to": edit.target}


def _edit_from(item: dict[str, Any]) -> Edit:
    path = tuple(k if isinstance(k, int) else str(k) for k in item["path"])
    op = item["op"]
    if op == "set":
        return SetValue(path, decode_value(item["value"]))
    if op == "insert":
        return InsertItem(path, decode_value(item["item"]), item["at"])
    if op == "remove":
        return RemoveItem(path, int(item["at"]))
    if op == "move":
        return MoveItem(path, int(item["from"]), int(item["to"]))
    raise ValueError(f"unknown edit {op!r}")


def encode_value(value: Any) -> Any:
    """A YAML value as JSON; what JSON lacks is tagged (``{"$datetime": ...}``)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot journal a {type(value).__name__} value")


def decode_value(value: Any) -> Any:
    """The inverse of :func:`encode_value`."""
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((tag, inner),) = value.items()
    if tag == "$map":
        return {decode_value(k): decode_value(v) for k, v in inner}
    if tag == "$datetime":
        return dt.datetime.fromisoformat(inner)
    if tag == "$date":
        return dt.date.fromisoformat(inner)
    if tag == "$float":
        return float(inner)
    if tag == "$bytes":
        return base64.b64decode(inner)
    raise ValueError(f"unknown value tag {tag!r}")
