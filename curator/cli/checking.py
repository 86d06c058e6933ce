"""``curator check``: every file curator cannot load or edit, and leftovers of
interrupted saves."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.files import real_path
from ..core.leftovers import Cleanup, clean_folder, clean_tree, interrupted_message
from .common import indexes


def register(sub: Any) -> None:
    """Add the parser of check."""
    check = sub.add_parser(
        "check",
        help="report files curator cannot load or edit",
        description="Report, one per line as FILE:LINE:COL: message, every record file "
        "below the PATHs that curator cannot load or edit, and remove what interrupted "
        "saves left behind. Exit status 1 when something was found.",
        epilog="examples:\n  curator check lib\n  curator check lib/2022/neon.md --no-index\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", type=Path)
    check.add_argument("--no-index", action="store_true", help="parse every file afresh")
    check.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    found = _clean_leftovers(args.paths)
    for root, index in indexes(args.paths, use_disk=not args.no_index):
        problems = index.db.execute(
            "SELECT path, problem, problem_line, problem_column FROM files "
            "WHERE problem IS NOT NULL ORDER BY path"
        )
        for path, message, line, column in problems:
            found = True
            print(f"{root / path}:{line or 1}:{column or 1}: {message}")
        readonly = index.db.execute(
            "SELECT path, readonly FROM files WHERE readonly IS NOT NULL "
            "AND readonly NOT LIKE '% front matter is read-only' ORDER BY path"
        )
        for path, reason in readonly:
            found = True
            print(f"{root / path}:1:1: read-only: {reason}")
        index.close()
    return 1 if found else 0


def _clean_leftovers(paths: Sequence[Path]) -> bool:
    """Remove what interrupted saves left (saying so on stderr); True when a record may
    be incomplete (printed as a problem)."""
    cleanup = Cleanup()
    for path in paths:
        if path.is_dir():
            cleanup.add(clean_tree(path))
        else:
            real = real_path(path)
            cleanup.add(clean_folder(real.parent, [real.name]))
    if line := cleanup.summary():
        print(line, file=sys.stderr)
    for record, backup in cleanup.kept:
        print(f"{record}:1:1: {interrupted_message(backup)}")
    return bool(cleanup.kept)
