"""``curator refresh FILE...``: make each stale related item a copy of its record again.

A related item is stale when the library holds the record with its webUrl and that
record's title, excerpt, quality, provider, date or images differ from the copy
(:mod:`curator.core.links`). Only the differing values are written, each a value edit,
so only their lines change. The library is the folder given by ``--library`` (by default
each file's own folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..core.checks import stale_in
from ..core.links import refresh_edits
from .common import edit_record, indexes, open_record, save


def register(sub: Any) -> None:
    """Add the parser of refresh."""
    refresh = sub.add_parser(
        "refresh",
        help="update stale related items from their records",
        description=(__doc__ or "").split("\n\n", 1)[1].replace("\n", " "),
        epilog="example:\n  curator refresh lib/2023/sea-wall.md\n  curator refresh lib/*.md\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    refresh.add_argument("files", nargs="+", type=Path)
    refresh.add_argument("--library", type=Path, help="the library folder (default: the file's)")
    refresh.add_argument("--no-index", action="store_true", help="parse every file afresh")
    refresh.set_defaults(handler=_refresh)


def _refresh(args: argparse.Namespace) -> int:
    for path in args.files:
        record = open_record(path)  # refused (read-only, unreadable) before anything else
        library = args.library or path.parent
        for root, index in indexes([library], use_disk=not args.no_index):
            try:
                stale = list(stale_in(index.db, root, record.data, path.resolve()))
            finally:
                index.close()
        for number, differ, source, data in stale:
            item = record.data["related"][number]
            for edit in refresh_edits(number, item, data):
                edit_record(record, edit)
            print(f"{path}: related.{number} refreshed from {source}: {', '.join(differ)}")
        if not stale:
            print(f"{path}: no stale related items", file=sys.stderr)
        save(record)
    return 0
