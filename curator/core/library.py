"""A library: the record files found under folders, and an index over them.

Scanning walks folders recursively for ``*.md`` and ``*.markdown``, skips hidden folders
(``.git``, ``.curator``) and survives symlink loops by remembering the real path of every
folder it entered.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .record import Problem, Record, load_record

SUFFIXES = (".md", ".markdown")


def scan(paths: Iterable[Path]) -> Iterator[Path]:
    """Record files named by ``paths`` (files as given, folders walked), sorted per folder."""
    visited: set[str] = set()
    for path in paths:
        if path.is_dir():
            yield from _walk(path, visited)
        else:
            yield path


def _walk(folder: Path, visited: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in visited:
        return
    visited.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(Path(entry.path), visited)
        elif entry.name.lower().endswith(SUFFIXES) and entry.is_file(follow_symlinks=True):
            yield Path(entry.path)


@dataclass
class Library:
    """The records and problems of one library."""

    roots: list[Path] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def root(self) -> Path | None:
        """The library's folder (the first root that is a folder), for its image cache."""
        for path in self.roots:
            if path.is_dir():
                return path
        return self.roots[0].parent if self.roots else None

    def add(self, loaded: Record | Problem) -> None:
        """File one loaded result as a record or a problem."""
        if isinstance(loaded, Record):
            self.records.append(loaded)
        else:
            self.problems.append(loaded)


def load_library(
    paths: Iterable[Path], progress: Callable[[int, Path], None] | None = None
) -> Library:
    """Load every record file under ``paths``; unreadable files become problems."""
    roots = [Path(p) for p in paths]
    library = Library(roots=roots)
    for count, path in enumerate(scan(roots), start=1):
        library.add(load_record(path))
        if progress is not None:
            progress(count, path)
    return library
