"""A journal of unsaved edits, so that a crash loses none of them.

Each curator process that has a library open keeps one JSON file in the user's data
folder (named by a hash of the library's resolved folders and the process id) holding, for
each record with pending edits, its path relative to the library, the text its edits apply
to (and that text's digest), and the edits themselves. It is replaced atomically on each
write and held by a lock (``flock``) while the process lives, so a journal whose lock is
free was left by a crash (:meth:`Journal.orphans`), never by another running curator.
:func:`restore_entry` makes its edits again on the file as it is now, through
:func:`curator.core.rebase.rebase`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import math
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on Linux or macOS: journals are then not locked
    fcntl = None  # type: ignore[assignment]

from .edits import Edit, InsertItem, MoveItem, RemoveItem, SetValue
from .rebase import Rebased, rebase
from .record import Problem, Record, parse_record

VERSION = 1
_WRITERS = itertools.count()


def digest(data: bytes) -> str:
    """The hash a journal entry keeps of the bytes its edits were made on."""
    return hashlib.sha256(data).hexdigest()


class JournalError(ValueError):
    """A journal file that cannot be read back; it is left in place for the user."""


@dataclass(frozen=True)
class Entry:
    """One record's pending edits: where, on what text, which edits."""

    path: str  # relative to the library's folder
    base_digest: str
    base: str
    edits: tuple[Edit, ...]


def journal_prefix(roots: list[Path]) -> str:
    """The start of the journal names of the library opened from ``roots``."""
    key = "\n".join(sorted(os.path.realpath(r) for r in roots))  # never raises on a loop
    return f"journal-{hashlib.sha256(key.encode()).hexdigest()[:16]}-"


class Journal:
    """This process's journal of one library, and the journals crashed processes left."""

    def __init__(self, folder: Path, roots: list[Path], writer: str | None = None) -> None:
        self.folder = folder
        self.prefix = journal_prefix(roots)
        writer = writer or f"{os.getpid()}-{next(_WRITERS)}"  # one per open, even in a process
        self.file = folder / f"{self.prefix}{writer}.json"
        self._locks: dict[Path, int] = {}  # journal -> the descriptor holding its lock
        folder.mkdir(parents=True, exist_ok=True)
        if self.file.exists():  # left by a crashed process that had our id: keep it aside
            self.file.rename(self.file.with_name(f"{self.file.stem}.{time.time_ns()}.json"))
        self._lock(self.file)

    def orphans(self) -> list[Path]:
        """Journals of this library whose writer is gone (their locks are now ours)."""
        found = []
        for path in sorted(self.folder.glob(f"{self.prefix}*.json")):
            if path != self.file and (path in self._locks or self._lock(path)):
                found.append(path)
        return found

    def write(self, entries: list[Entry]) -> None:
        """Replace this process's journal (none: remove it)."""
        write_journal(self.file, entries)

    def drop(self, journals: list[Path]) -> None:
        """Remove orphaned journals once their edits are safe elsewhere (or declined)."""
        for path in journals:
            path.unlink(missing_ok=True)
            self._unlock(path)

    def close(self) -> None:
        """Remove this process's journal and let go of every lock."""
        self.file.unlink(missing_ok=True)
        for path in list(self._locks):
            self._unlock(path)

    def _lock(self, journal: Path) -> bool:
        """Take the lock of ``journal``; False when a live process holds it."""
        lock = journal.with_suffix(".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._locks[journal] = fd
        return True

    def _unlock(self, journal: Path) -> None:
        fd = self._locks.pop(journal, None)
        if fd is not None:
            journal.with_suffix(".lock").unlink(missing_ok=True)
            os.close(fd)  # closing releases the lock


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
