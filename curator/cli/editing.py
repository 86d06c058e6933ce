"""``curator set``, ``attach`` and ``detach``: edits of record files, each saved under the
folder lock other curator processes respect."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.edits import Edit, EditError, SetValue, parse_path
from ..core.files import locked, real_path
from ..core.record import Record, SaveError, save_together
from ..core.related import attach_edits, detach_edit
from ..core.yamlsafe import YamlProblem, load_flow_scalar
from .common import CommandError, edit_record, load_any, open_record, save


def register(sub: Any) -> None:
    """Add the parsers of set, attach and detach."""
    set_ = sub.add_parser("set", help="set front-matter values: KEY=VALUE (VALUE is YAML)")
    set_.add_argument("file", type=Path)
    set_.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    set_.set_defaults(handler=_set)
    attach = sub.add_parser("attach", help="add records to FILE's related items")
    attach.add_argument("file", type=Path)
    attach.add_argument("related", nargs="+", type=Path)
    attach.add_argument("--both", action="store_true", help="also link each one back")
    attach.set_defaults(handler=_attach)
    detach = sub.add_parser(
        "detach", help="remove a related item by its index (from 0) or its webUrl"
    )
    detach.add_argument("file", type=Path)
    detach.add_argument("which", metavar="INDEX|WEBURL")
    detach.set_defaults(handler=_detach)


def _set(args: argparse.Namespace) -> int:
    with locked([args.file]):  # read, edit and write as one step other curators wait for
        return _set_locked(args)


def _set_locked(args: argparse.Namespace) -> int:
    record = open_record(args.file)
    for assignment in args.assignments:
        key, sep, value = assignment.partition("=")
        if not sep:
            raise CommandError(f"{args.file}: '{assignment}' is not KEY=VALUE")
        try:
            path = parse_path(key.strip())
        except EditError as error:
            raise CommandError(f"{args.file}: {error.message}") from None
        try:
            loaded = load_flow_scalar(value)
        except YamlProblem as problem:
            raise CommandError(
                f"{args.file}: {key.strip()}: {problem.message}; quote it to store it as text"
            ) from None
        edit_record(record, SetValue(path, loaded))
    save(record)
    return 0


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
