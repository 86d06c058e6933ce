"""What the sub-commands share: opening, editing and saving a record, and indexes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.edits import Edit, EditError
from ..core.index import INDEX_DIR, INDEX_NAME, Indexer, LibraryIndex, open_index
from ..core.record import Problem, Record, SaveError, load_record
from ..core.summary import summarize_file


class CommandError(Exception):
    """A command that failed; the message is the one line printed."""


class CommandParser(argparse.ArgumentParser):
    """An argument parser that keeps the arguments after ``--`` apart, as
    ``args.after_dashes``, for the sub-commands whose defaults declare it (``set``: paths
    with '=' in them, which would otherwise read as edits)."""

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        if self._intermixing or args is None or self.get_default("after_dashes") is None:
            return super().parse_known_args(args, namespace)
        head, tail = list(args), []
        if "--" in head:
            at = head.index("--")
            head, tail = head[:at], head[at + 1 :]
        self._intermixing = True  # options may come after paths and edits, as in `ls`
        try:
            parsed, extras = self.parse_known_intermixed_args(head, namespace)
        finally:
            self._intermixing = False
        parsed.after_dashes = tail
        return parsed, extras


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


def save(record: Record) -> bool:
    """Write a record's edits; False when there was nothing to write."""
    try:
        return record.save()
    except (SaveError, OSError) as error:
        raise CommandError(f"{record.path}: {getattr(error, 'message', error)}") from None


def indexes(
    paths: Sequence[Path], *, use_disk: bool, create: bool = True
) -> Iterator[tuple[Path, LibraryIndex]]:
    """An up-to-date index per folder (on disk unless ``use_disk`` is false; with
    ``create`` false, only where one is there already), and one in memory for the files
    named directly."""
    indexer = Indexer()
    try:
        for path in paths:
            if path.is_dir():
                disk = use_disk and (create or (path / INDEX_DIR / INDEX_NAME).is_file())
                # The damage check runs beside the scan (0.2-0.3 s of 2 s at 100,000).
                index = open_index(path, use_disk=disk, check="aside")
                told = index.notice
                if told:
                    print(f"{path}: {told}", file=sys.stderr)
                index.refresh(indexer)
                if index.notice and index.notice != told:  # found damaged while scanning
                    print(f"{path}: {index.notice}", file=sys.stderr)
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
