"""The ``curator`` command line: check, set, attach, detach and list, without Qt.

Every error is one line on stderr naming the file and the reason, with a non-zero exit,
and the file is left byte-identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .core.edits import Edit, EditError, SetValue, parse_path
from .core.library import load_library
from .core.record import Problem, Record, SaveError, load_record
from .core.related import attach_edit, detach_edit
from .core.yamlsafe import load_flow_scalar

COMMANDS = ("check", "set", "attach", "detach", "list")


class CommandError(Exception):
    """A command that failed; the message is the one line printed."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for the sub-commands."""
    parser = argparse.ArgumentParser(prog="curator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="report files curator cannot load or edit")
    check.add_argument("paths", nargs="+", type=Path)
    set_ = sub.add_parser("set", help="set front-matter values: KEY=VALUE (VALUE is YAML)")
    set_.add_argument("file", type=Path)
    set_.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    attach = sub.add_parser("attach", help="add records to FILE's related items")
    attach.add_argument("file", type=Path)
    attach.add_argument("related", nargs="+", type=Path)
    attach.add_argument("--both", action="store_true", help="also link each one back")
    detach = sub.add_parser("detach", help="remove a related item by index or webUrl")
    detach.add_argument("file", type=Path)
    detach.add_argument("which", metavar="INDEX|WEBURL")
    list_ = sub.add_parser("list", help="list records, optionally filtered by a query")
    list_.add_argument("paths", nargs="+", type=Path)
    list_.add_argument("--query", "-q", default="")
    list_.add_argument("--format", choices=("tsv", "json"), default="tsv")
    return parser


def main(argv: Sequence[str]) -> int:
    """Run one sub-command; returns the exit status."""
    args = build_parser().parse_args(argv)
    handler = {"check": _check, "set": _set, "attach": _attach, "detach": _detach, "list": _list}[
        args.command
    ]
    try:
        return handler(args)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 1


def _open(path: Path) -> Record:
    loaded = load_record(path)
    if isinstance(loaded, Problem):
        raise CommandError(str(loaded))
    if loaded.readonly:
        raise CommandError(f"{path}: read-only: {loaded.readonly}")
    return loaded


def _edit(record: Record, edit: Edit) -> None:
    try:
        record.apply(edit)
    except EditError as error:
        where = (
            f"{record.path}:{error.line + record.split.front_line - 1}"
            if error.line
            else str(record.path)
        )
        raise CommandError(f"{where}: {error.message}") from None


def _save(record: Record) -> None:
    try:
        record.save()
    except (SaveError, OSError) as error:
        raise CommandError(f"{record.path}: {getattr(error, 'message', error)}") from None


def _check(args: argparse.Namespace) -> int:
    library = load_library(args.paths)
    lines = [str(problem) for problem in library.problems]
    lines += [
        f"{r.path}:1:1: read-only: {r.readonly}"
        for r in library.records
        if r.readonly and r.split.kind == "yaml"
    ]
    for line in lines:
        print(line)
    return 1 if lines else 0


def _set(args: argparse.Namespace) -> int:
    record = _open(args.file)
    for assignment in args.assignments:
        key, sep, value = assignment.partition("=")
        if not sep:
            raise CommandError(f"{args.file}: '{assignment}' is not KEY=VALUE")
        try:
            path = parse_path(key.strip())
        except EditError as error:
            raise CommandError(f"{args.file}: {error.message}") from None
        _edit(record, SetValue(path, load_flow_scalar(value)))
    _save(record)
    return 0


def _attach(args: argparse.Namespace) -> int:
    target = _open(args.file)
    changed = [target]
    for path in args.related:
        source = _open(path) if args.both else _load_any(path)
        _edit(target, _attach_edit(target, source))
        if args.both:
            _edit(source, _attach_edit(source, target))
            changed.append(source)
    for record in changed:
        _save(record)
    return 0


def _load_any(path: Path) -> Record:
    loaded = load_record(path)
    if isinstance(loaded, Problem):
        raise CommandError(str(loaded))
    return loaded


def _attach_edit(target: Record, source: Record) -> Edit:
    try:
        return attach_edit(target, source)
    except EditError as error:
        raise CommandError(f"{target.path}: {error.message}") from None


def _detach(args: argparse.Namespace) -> int:
    record = _open(args.file)
    try:
        edit = detach_edit(record, args.which)
    except EditError as error:
        raise CommandError(f"{args.file}: {error.message}") from None
    _edit(record, edit)
    _save(record)
    return 0


LIST_COLUMNS = ("file", "published", "quality", "heat", "publishedDateTime", "provider", "title")


def _list(args: argparse.Namespace) -> int:
    from .core.query import QueryError, parse_query

    try:
        query = parse_query(args.query)
    except QueryError as error:
        raise CommandError(f"query: {error}") from None
    library = load_library(args.paths)
    rows = [_row(r) for r in library.records if query.matches(r.data)]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        print("\t".join(LIST_COLUMNS))
        for row in rows:
            print("\t".join(_cell(row[c]) for c in LIST_COLUMNS))
    for problem in library.problems:
        print(problem, file=sys.stderr)
    return 0


def _row(record: Record) -> dict[str, Any]:
    data = record.data
    provider = data.get("provider")
    return {
        "file": str(record.path),
        "published": data.get("published"),
        "quality": data.get("quality"),
        "heat": data.get("heat"),
        "publishedDateTime": data.get("publishedDateTime"),
        "provider": provider.get("name") if isinstance(provider, dict) else provider,
        "title": data.get("title"),
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())
