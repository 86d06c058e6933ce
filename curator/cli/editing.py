"""``curator attach`` and ``detach`` (and ``set``, in :mod:`.setting`): edits of record
files, each saved under the folder lock other curator processes respect."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.edits import Edit, EditError
from ..core.files import locked, real_path
from ..core.record import Record, SaveError, save_together
from ..core.related import attach_edits, detach_edit
from . import setting
from .common import CommandError, edit_record, load_any, open_record, save

ATTACH_EXAMPLE = """examples:
  curator attach lib/2022/neon.md lib/2022/neon-follow-up.md
  curator attach --both lib/a.md lib/b.md lib/c.md
"""
DETACH_EXAMPLE = """examples:
  curator detach lib/2022/neon.md 0
  curator detach lib/2022/neon.md https://example.org/2022/07/neon-follow-up
"""


def register(sub: Any) -> None:
    """Add the parsers of set (:mod:`.setting`), attach and detach."""
    setting.register(sub)  # set first, as `curator --help` lists it
    attach = sub.add_parser(
        "attach",
        help="add records to FILE's related items",
        description="Add each RELATED record to FILE's related items (title, excerpt, "
        "provider, webUrl, images, as the window's Attach does), indented like the items "
        "already there. With --both, each RELATED file also gets FILE; all the files are "
        "written or none.",
        epilog=ATTACH_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    attach.add_argument("file", type=Path)
    attach.add_argument("related", nargs="+", type=Path)
    attach.add_argument("--both", action="store_true", help="also link each one back")
    attach.set_defaults(handler=_attach)
    detach = sub.add_parser(
        "detach",
        help="remove a related item by its index (from 0) or its webUrl",
        description="Remove one item from FILE's related items, named by its position "
        "(0 is the first) or by its webUrl. Only the item's lines are removed.",
        epilog=DETACH_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    detach.add_argument("file", type=Path)
    detach.add_argument("which", metavar="INDEX|WEBURL")
    detach.set_defaults(handler=_detach)


def _attach(args: argparse.Namespace) -> int:
    with locked([args.file, *args.related] if args.both else [args.file]):
        return _attach_locked(args)


def _attach_locked(args: argparse.Namespace) -> int:
    """Plan every edit first, then write all the changed files or none."""
    target = open_record(args.file)
    opened = {real_path(args.file): target}
    for path in args.related:
        source = opened.get(real_path(path)) or (open_record(path) if args.both else load_any(path))
        if args.both:
            opened.setdefault(real_path(path), source)
        for record, edit in _attach_edits(target, source, args.both):
            edit_record(record, edit)
    try:
        save_together(list(opened.values()))
    except SaveError as error:
        raise CommandError(f"{error.path}: {error.message}") from None
    return 0


def _attach_edits(target: Record, source: Record, both: bool) -> list[tuple[Record, Edit]]:
    try:
        return attach_edits(target, source, both=both)
    except EditError as error:
        raise CommandError(f"{target.path}: {error.message}") from None


def _detach(args: argparse.Namespace) -> int:
    with locked([args.file]):
        return _detach_locked(args)


def _detach_locked(args: argparse.Namespace) -> int:
    record = open_record(args.file)
    try:
        edit = detach_edit(record, args.which)
    except EditError as error:
        raise CommandError(f"{args.file}: {error.message}") from None
    edit_record(record, edit)
    save(record)
    return 0
