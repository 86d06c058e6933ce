"""``curator check``: the library's linter. Files curator cannot load or edit, leftovers of
interrupted saves, values of the wrong type or out of range (the form's rules,
:mod:`curator.core.lint`), exact duplicates and stale related items
(:mod:`curator.core.checks`), one ``FILE:LINE:COL: severity: message`` line each (or
``--format json``); the exit status is 1 when there is an error, warnings alone give 0."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.checks import duplicates, stale
from ..core.files import real_path
from ..core.index import LibraryIndex
from ..core.leftovers import Cleanup, clean_folder, clean_tree, interrupted_message
from ..core.lint import ERROR, WARNING, decode
from .common import indexes

Line = tuple[str, int, int, str, str]  # file, line, column, severity, message


def register(sub: Any) -> None:
    """Add the parser of check."""
    check = sub.add_parser(
        "check",
        help="report problems, odd values, duplicates, stale items",
        description="Lint records below the PATHs: one 'FILE:LINE:COL: severity: message' "
        "line per finding. "
        "Errors (files curator cannot read, values of the wrong type or out of range) exit 1; "
        "warnings (read-only files, odd dates, exact duplicates, stale related items) exit 0.",
        epilog="examples:\n  curator check lib/\n  curator check lib/ --format json | jq length\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", type=Path)
    check.add_argument("--no-index", action="store_true", help="parse every file afresh")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    found = _clean_leftovers(args.paths)
    for root, index in indexes(args.paths, use_disk=not args.no_index):
        try:
            found.extend(_findings(root, index))
        finally:
            index.close()
    if args.format == "json":
        keys = ("file", "line", "column", "severity", "message")
        print(json.dumps([dict(zip(keys, f, strict=True)) for f in found], ensure_ascii=False))
    else:
        for file, line, column, severity, message in found:
            print(f"{file}:{line}:{column}: {severity}: {message}")
    return 1 if any(f[3] == ERROR for f in found) else 0


def _findings(root: Path, index: LibraryIndex) -> Iterator[Line]:
    """Every finding of one index, file by file, in line order."""
    db = index.db
    rows: list[tuple[str, int, int, str, str]] = []
    problems = db.execute(
        "SELECT path, problem, problem_line, problem_column FROM files WHERE problem IS NOT NULL"
    )
    rows.extend((p, line or 1, col or 1, ERROR, msg) for p, msg, line, col in problems)
    readonly = db.execute(
        "SELECT path, readonly FROM files WHERE readonly IS NOT NULL "
        "AND readonly NOT LIKE '% front matter is read-only'"
    )
    rows.extend((p, 1, 1, WARNING, f"read-only: {reason}") for p, reason in readonly)
    for path, text in db.execute("SELECT path, lint FROM files WHERE lint IS NOT NULL"):
        rows.extend((path, *finding) for finding in decode(text))
    for placed in (*duplicates(db, root), *stale(db, root)):
        rows.append((placed.path, *placed.finding))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return ((str(root / p), line, col, sev, msg) for p, line, col, sev, msg in rows)


def _clean_leftovers(paths: Sequence[Path]) -> list[Line]:
    """Remove what interrupted saves left (saying so on stderr); an error for each record
    that may be incomplete."""
    cleanup = Cleanup()
    for path in paths:
        if path.is_dir():
            cleanup.add(clean_tree(path))
        else:
            real = real_path(path)
            cleanup.add(clean_folder(real.parent, [real.name]))
    if line := cleanup.summary():
        print(line, file=sys.stderr)
    return [(str(rec), 1, 1, ERROR, interrupted_message(bak)) for rec, bak in cleanup.kept]
