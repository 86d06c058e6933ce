"""One record file: the bytes read, the values they hold, and the edits made since.

A :class:`Record` keeps the text it was loaded from (the root of its edits), the bytes now
on disk, and a tuple of edits. The bytes a save will write are always the writer's output
for ``root + edits``, so what a review shows is exactly what a save writes. Saving is
atomic and refuses to overwrite a file that changed on disk since it was read.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edits import (
    STRUCTURAL,
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
from .reading import Unreadable, read_regular
from .writer import apply_edit
from .yamlsafe import YamlProblem, compose


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be loaded or edited: ``FILE:LINE:COL: message``."""

    path: Path
    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SaveError(Exception):
    """A save that was refused; the file on disk is unchanged."""

    def __init__(self, path: Path, message: str, *, conflict: bool = False) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.conflict = conflict


def digest(data: bytes) -> str:
    """Content hash used to notice that a file changed on disk."""
    return hashlib.sha256(data).hexdigest()


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

    # -- reading -----------------------------------------------------------------------

    @property
    def data(self) -> dict[str, Any]:
        """The front-matter values with the unsaved edits applied."""
        return self._data

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

        Repeated sets of one value collapse into one; when the values come back to what
        the file held, the tuple empties, so the original bytes come back too (a value set
        back, an item inserted then removed, a move undone by the opposite move).
        """
        self._check_editable()
        if strict_equal(apply_to_data(self._data, edit), self._root_data):
            return ()
        if not isinstance(edit, SetValue) or any(
            isinstance(e, STRUCTURAL) or (e.path != edit.path and overlaps(e.path, edit.path))
            for e in self._edits
        ):
            return (*self._edits, edit)
        kept = tuple(e for e in self._edits if e.path != edit.path)
        if has_path(self._root_data, edit.path) and strict_equal(
            get_at(self._root_data, edit.path), edit.value
        ):
            return kept
        return (*kept, edit)

    def set_edits(self, edits: tuple[Edit, ...]) -> None:
        """Make ``edits`` the record's edits; raises EditError (record unchanged) if any
        of them cannot be written safely."""
        self._check_editable()
        front = self._root_front
        for edit in edits:
            front = apply_edit(front, edit, self.split.newline)
        self._front = front
        self._edits = edits
        self._data = self._root_data if front == self._root_front else _parse(front)

    def apply(self, edit: Edit) -> None:
        """Add one edit (see :meth:`propose`)."""
        self.set_edits(self.propose(edit))

    def _check_editable(self) -> None:
        if self.readonly:
            raise EditError(f"{self.path.name} is read-only: {self.readonly}")

    # -- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the edits to disk atomically; False when there was nothing to write.

        Raises :class:`SaveError` when the file changed on disk since it was read, or
        cannot be written; the file is then left as it was.
        """
        new = self.current_bytes()
        if new == self._disk:
            self._saved_edits = self._edits
            return False
        try:
            on_disk = read_regular(self.path)[1]
        except Unreadable as error:
            raise SaveError(self.path, f"cannot read the file back: {error.message}") from None
        if digest(on_disk) != digest(self._disk):
            raise SaveError(
                self.path,
                "the file changed on disk since it was loaded; reload it before saving",
                conflict=True,
            )
        atomic_write(self.path, new)
        self._disk = new
        self._saved_edits = self._edits
        return True


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, rename; the
    file's mode is kept. On any failure the original file is untouched."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
