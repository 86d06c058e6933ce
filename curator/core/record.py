"""One record file: the bytes read, the values they hold, and the edits made since.

A :class:`Record` keeps the text it was loaded from (the root of its edits), the bytes now
on disk, and a tuple of edits. The bytes a save will write are always the writer's output
for ``root + edits``, so what a review shows is exactly what a save writes. Saving is
atomic and refuses to overwrite a file that changed on disk since it was read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edits import (
    Edit,
    EditError,
    SetValue,
    apply_to_data,
    get_at,
    has_path,
    overlaps,
    strict_equal,
)
from .fences import FenceError, Split, split_document
from .files import SaveError, atomic_write, locked, preflight, write_checked
from .reading import Unreadable, read_regular
from .writer import apply_edit, edit_front
from .yamlsafe import Composed, YamlProblem, compose

__all__ = [
    "Problem",
    "Record",
    "SaveError",
    "atomic_write",
    "load_record",
    "parse_record",
    "save_together",
]


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be loaded or edited: ``FILE:LINE:COL: message``."""

    path: Path
    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class Record:
    """A loaded record file and its unsaved edits."""

    def __init__(
        self,
        path: Path,
        raw: bytes,
        split: Split,
        data: dict[str, Any],
        readonly: str | None = None,
    ) -> None:
        self.path = path
        self.split = split
        self.readonly = readonly
        self._root_front = split.front
        self._root_data = data
        self._disk = raw
        self._edits: tuple[Edit, ...] = ()
        self._saved_edits: tuple[Edit, ...] = ()
        self._front = split.front
        self._data = data
        self.generation = 0  # counts re-bases onto new bytes (see :meth:`adopt`)
        self._composed: Composed | None = None  # compose(self._front), kept after an edit
        self._fronts: list[tuple[tuple[Edit, ...], str]] = []  # recent tuples and texts

    # -- reading -----------------------------------------------------------------------

    @property
    def data(self) -> dict[str, Any]:
        """The front-matter values with the unsaved edits applied."""
        return self._data

    @property
    def root_data(self) -> dict[str, Any]:
        """The front-matter values of the text the edits apply to."""
        return self._root_data

    def root_bytes(self) -> bytes:
        """The text the edits apply to (the file as loaded, or as last re-based onto)."""
        return self.split.join(self._root_front).encode("utf-8")

    @property
    def disk_bytes(self) -> bytes:
        """The bytes the file held when last read or saved."""
        return self._disk

    @property
    def edits(self) -> tuple[Edit, ...]:
        """The edits applied on top of the text the record was loaded from."""
        return self._edits

    @property
    def saved_edits(self) -> tuple[Edit, ...]:
        """The edits that the bytes on disk already hold."""
        return self._saved_edits

    def current_bytes(self) -> bytes:
        """The bytes a save would write now."""
        return self.split.join(self._front).encode("utf-8")

    @property
    def modified(self) -> bool:
        """Whether a save would change the file."""
        return self._edits != self._saved_edits and self.current_bytes() != self._disk

    # -- editing -----------------------------------------------------------------------

    def propose(self, edit: Edit) -> tuple[Edit, ...]:
        """The edit tuple after ``edit``.

        A set of the value the last edit set replaces that edit (typing into a field is
        one edit); when the values come back to what the file held, the tuple empties, so
        the original bytes come back too (a value set back, an item inserted then removed,
        a move undone by the opposite move). Any other edit is added at the end, so that
        making it edits the current text once, however many edits came before.
        """
        self._check_editable()
        if strict_equal(apply_to_data(self._data, edit), self._root_data):
            return ()
        last = self._edits[-1] if self._edits else None
        if not (
            isinstance(edit, SetValue) and isinstance(last, SetValue) and last.path == edit.path
        ):
            return (*self._edits, edit)
        kept = self._edits[:-1]
        if (
            has_path(self._root_data, edit.path)
            and strict_equal(get_at(self._root_data, edit.path), edit.value)
            and not any(overlaps(e.path, edit.path) for e in kept)
        ):
            return kept
        return (*kept, edit)

    def set_edits(self, edits: tuple[Edit, ...]) -> None:
        """Make ``edits`` the record's edits; raises EditError (record unchanged) if any
        of them cannot be written safely.

        The text is always the writer's output for ``root + edits``. Adding one edit to
        the current tuple edits the current text once, whatever came before; any other
        tuple (an undo, a collapsed set) starts from the longest remembered prefix.
        """
        self._check_editable()
        if len(edits) == len(self._edits) and _is_prefix(edits, self._edits):
            return
        if len(edits) == len(self._edits) + 1 and _is_prefix(self._edits, edits):
            composed = self._composed or _compose_for_edit(self._front)
            front, composed = edit_front(self._front, edits[-1], self.split.newline, composed)
            data = {} if composed.data is None else composed.data
        else:
            front, composed = self._replay(edits), None
            data = self._root_data if front == self._root_front else _parse(front)
        if front == self._root_front:
            data, composed = self._root_data, None
        self._front, self._edits, self._data, self._composed = front, edits, data, composed
        self._remember_front(edits, front)

    def _replay(self, edits: tuple[Edit, ...]) -> str:
        """The text for ``edits``: the longest remembered prefix, then the rest one by one."""
        start, front, used = 0, self._root_front, None
        for entry in self._fronts:
            if len(entry[0]) > start and _is_prefix(entry[0], edits):
                start, front, used = len(entry[0]), entry[1], entry
        if used is not None:  # kept while in use (typing replaces the last edit each key)
            self._fronts.remove(used)
            self._fronts.append(used)
        for edit in edits[start:]:
            front = apply_edit(front, edit, self.split.newline)
        return front

    def _remember_front(self, edits: tuple[Edit, ...], front: str) -> None:
        """Remember the text of ``edits``; the oldest go past 64 texts or 8M characters."""
        fronts = [(k, f) for k, f in self._fronts if k is not edits]
        fronts.append((edits, front))
        size = sum(len(f) for _k, f in fronts)
        while len(fronts) > 1 and (len(fronts) > _FRONTS or size > _FRONTS_CHARS):
            size -= len(fronts.pop(0)[1])
        self._fronts = fronts

    def apply(self, edit: Edit) -> None:
        """Add one edit (see :meth:`propose`)."""
        self.set_edits(self.propose(edit))

    def adopt(self, fresh: Record) -> None:
        """Become ``fresh`` (the same file read again, with its edits set), keeping this
        object, which views and commands hold; :attr:`generation` tells them it changed."""
        generation = self.generation + 1
        self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "path"})
        self.generation = generation

    def _check_editable(self) -> None:
        if self.readonly:
            raise EditError(f"{self.path.name} is read-only: {self.readonly}")

    # -- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the edits to disk atomically; False when there was nothing to write.

        Raises :class:`SaveError` when the file changed on disk since it was read, is
        read-only on disk, or cannot be written; the file is then left as it was. The
        check and the write are one critical section for all curator processes
        (:func:`.files.write_checked`).
        """
        new = self.current_bytes()
        if new == self._disk:
            self._saved_edits = self._edits
            return False
        write_checked(self.path, self._disk, new)
        self._disk = new
        self._saved_edits = self._edits
        return True


def save_together(records: Sequence[Record]) -> None:
    """Save every one of ``records`` or none: all are checked under one lock before any
    is written, and if a write still fails, the files already written get their previous
    bytes back. Raises :class:`SaveError` naming the file that could not be written."""
    with locked([r.path for r in records]):
        for record in records:
            if record.current_bytes() != record.disk_bytes:
                preflight(record.path, record.disk_bytes)
        done: list[tuple[Record, bytes, tuple[Edit, ...]]] = []
        try:
            for record in records:
                before = (record.disk_bytes, record.saved_edits)
                if record.save():
                    done.append((record, *before))
        except SaveError as error:
            raise _rolled_back(error, done) from None


def _rolled_back(error: SaveError, done: list[tuple[Record, bytes, tuple[Edit, ...]]]) -> SaveError:
    """Put back the files written before ``error``; the error to show."""
    for record, disk, edits in reversed(done):
        try:
            write_checked(record.path, record.disk_bytes, disk)
        except SaveError as failed:
            return SaveError(
                error.path,
                f"{error.message}; {record.path.name} was written and could not be put "
                f"back: {failed.message}",
            )
        record._disk, record._saved_edits = disk, edits
    if not done:
        return error
    names = ", ".join(r.path.name for r, _d, _e in done)
    return SaveError(error.path, f"{error.message}; {names} put back as before, nothing saved")


_FRONTS = 64  # texts remembered for recent edit tuples (undo and redo start from them)
_FRONTS_CHARS = 8_000_000  # and their characters at most, for very large front matter


def _is_prefix(base: tuple[Edit, ...], edits: tuple[Edit, ...]) -> bool:
    """Whether ``edits`` starts with ``base``, comparing edits by identity.

    (``SetValue(p, 1) == SetValue(p, True)``, but the two write different text.)
    """
    return len(base) <= len(edits) and all(a is b for a, b in zip(base, edits, strict=False))


def _compose_for_edit(front: str) -> Composed:
    try:
        return compose(front)
    except YamlProblem as problem:
        raise EditError(problem.message, problem.line) from None


def _parse(front: str) -> dict[str, Any]:
    data = compose(front).data
    return {} if data is None else data


def load_record(path: Path) -> Record | Problem:
    """Read one file; a :class:`Problem` says why it cannot be listed."""
    try:
        raw = read_regular(path)[1]
    except Unreadable as error:
        return Problem(path, f"cannot read: {error.message}")
    return parse_record(path, raw)


def parse_record(path: Path, raw: bytes) -> Record | Problem:
    """Make a record from a file's bytes."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(path, "file is not valid UTF-8; curator does not edit it", line)
    try:
        split = split_document(text)
    except FenceError as error:
        return Problem(path, error.message, error.line)
    if split.kind == "none" and not text.strip():
        return Problem(path, "the file is empty")
    if split.kind == "none":
        return Problem(path, "no front matter (the file does not start with '---')")
    if split.kind != "yaml":
        return _foreign_record(path, raw, split)
    try:
        composed = compose(split.front)
    except YamlProblem as problem:
        shifted = problem.shifted(split.front_line - 1)
        return Problem(path, shifted.message, shifted.line, shifted.column)
    data = composed.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Problem(path, "front matter is not a mapping of keys to values", split.front_line)
    readonly = composed.readonly[0].message if composed.readonly else None
    return Record(path, raw, split, data, readonly)


def _foreign_record(path: Path, raw: bytes, split: Split) -> Record | Problem:
    """TOML or JSON front matter: listed so curators see it, never written."""
    try:
        if split.kind == "toml":
            data: Any = tomllib.loads(split.front)
        else:
            import frontmatter

            data = frontmatter.JSONHandler().load(split.front)
    except (ValueError, RecursionError) as error:
        return Problem(path, f"{split.kind.upper()} front matter does not parse: {error}")
    if not isinstance(data, dict):
        return Problem(path, f"{split.kind.upper()} front matter is not a mapping")
    return Record(path, raw, split, data, f"{split.kind.upper()} front matter is read-only")
