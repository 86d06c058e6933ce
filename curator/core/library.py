"""A library: the folders or files opened together, and the files among them that did not load.

Finding the record files and listing them is the index's job (:mod:`curator.core.index`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .record import Problem


@dataclass
class Library:
    """The roots of one open library and the problems found while reading it."""

    roots: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # every folder in it, once loaded

    @property
    def root(self) -> Path | None:
        """The library's folder (the first root that is a folder), for its image cache."""
        for path in self.roots:
            if path.is_dir():
                return path
        return self.roots[0].parent if self.roots else None
