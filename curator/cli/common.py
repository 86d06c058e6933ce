"""What the sub-commands share: opening, editing and saving a record, and indexes."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..core.edits import Edit, EditError
from ..core.index import Indexer, LibraryIndex, open_index
from ..core.record import Problem, Record, SaveError, load_record
from ..core.summary import summarize_file


class CommandError(Exception):
    """A command that failed; the message is the one line printed."""


def open_record(path: Path) -> Record:
    loaded = load_record(path)
    if isinstance(loaded, Problem):
        raise CommandError(str(loaded))
    if loaded.readonly:
        raise CommandError(f"{path}: read-only: {loaded.readonly}")
    return loaded


def edit_record(record: Record, edit: Edit) -> None:
    try:
        record.apply(edit)
    except EditError as error:
        where = (
            f"{record.path}:{error.line + record.split.front_line - 1}"
            if error.line
            else str(record.path)
        )
        raise CommandError(f"{where}: {error.message}") from None


def save(record: Record) -> None:
    try:
        record.save()
    except (SaveError, OSError) as error:
        raise CommandError(f"{record.path}: {getattr(error, 'message', error)}") from None


def indexes(paths: Sequence[Path], *, use_disk: bool) -> Iterator[tuple[Path, LibraryIndex]]:
    """An up-to-date index per folder (on disk unless ``use_disk`` is false), and one in
    memory for the files named directly."""
    indexer = Indexer()
    try:
        for path in paths:
            if path.is_dir():
                index = open_index(path, use_disk=use_disk)
                if index.notice:
                    print(f"{path}: {index.notice}", file=sys.stderr)
                index.refresh(indexer)
                yield path, index
        files = [p for p in paths if not p.is_dir()]
        if files:
            index = LibraryIndex(Path.cwd(), memory=True)
            index.write(summarize_file(str(p), str(p)) for p in files)
            yield Path(), index
    finally:
        indexer.close()


def load_any(path: Path) -> Record:
    loaded = load_record(path)
    if isinstance(loaded, Problem):
        raise CommandError(str(loaded))
    return loaded
