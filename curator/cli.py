"""The ``curator`` command line: check, set, attach, detach and list, without Qt.

Every error is one line on stderr naming the file and the reason, with a non-zero exit,
and the file is left byte-identical.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .core.edits import Edit, EditError, SetValue, parse_path
from .core.index import Indexer, LibraryIndex, open_index
from .core.record import Problem, Record, SaveError, load_record
from .core.related import attach_edit, detach_edit
from .core.summary import summarize_file
from .core.yamlsafe import YamlProblem, load_flow_scalar

COMMANDS = ("check", "set", "attach", "detach", "list")


class CommandError(Exception):
    """A command that failed; the message is the one line printed."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for the sub-commands."""
    parser = argparse.ArgumentParser(prog="curator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="report files curator cannot load or edit")
    check.add_argument("paths", nargs="+", type=Path)
    check.add_argument("--no-index", action="store_true", help="parse every file afresh")
    set_ = sub.add_parser("set", help="set front-matter values: KEY=VALUE (VALUE is YAML)")
    set_.add_argument("file", type=Path)
    set_.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    attach = sub.add_parser("attach", help="add records to FILE's related items")
    attach.add_argument("file", type=Path)
    attach.add_argument("related", nargs="+", type=Path)
    attach.add_argument("--both", action="store_true", help="also link each one back")
    detach = sub.add_parser(
        "detach", help="remove a related item by its index (from 0) or its webUrl"
    )
    detach.add_argument("file", type=Path)
    detach.add_argument("which", metavar="INDEX|WEBURL")
    list_ = sub.add_parser("list", help="list records, optionally filtered by a query")
    list_.add_argument("paths", nargs="+", type=Path)
    list_.add_argument("--query", "-q", default="")
    list_.add_argument("--format", choices=("tsv", "json"), default="tsv")
    list_.add_argument("--no-index", action="store_true", help="parse every file afresh")
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
    except BrokenPipeError:  # `curator list ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


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
    found = False
    for root, index in _indexes(args.paths, use_disk=not args.no_index):
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


def _indexes(paths: Sequence[Path], *, use_disk: bool) -> Iterator[tuple[Path, LibraryIndex]]:
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
        try:
            loaded = load_flow_scalar(value)
        except YamlProblem as problem:
            raise CommandError(
                f"{args.file}: {key.strip()}: {problem.message}; quote it to store it as text"
            ) from None
        _edit(record, SetValue(path, loaded))
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
_SELECT = (
    "path",
    "published",
    "quality",
    "quality_text",
    "heat",
    "heat_text",
    "date",
    "provider",
    "title",
)


def _list(args: argparse.Namespace) -> int:
    from .core.query import QueryError, parse_query

    try:
        query = parse_query(args.query)
    except QueryError as error:  # a usage error, like a bad option: status 2
        print(f"query: {error}", file=sys.stderr)
        return 2
    as_json = args.format == "json"
    if as_json:
        print("[", end="")
    else:
        print("\t".join(LIST_COLUMNS))
    first = True
    for root, index in _indexes(args.paths, use_disk=not args.no_index):
        where = f"problem IS NULL AND ({query.where})"
        if not as_json:
            _print_tsv(index, "" if root == Path() else str(root) + os.sep, where, query.params)
            first = False
        for found in [] if not as_json else index.select(_SELECT, where, query.params):
            text = json.dumps(_row(root, found), ensure_ascii=False, indent=2)
            print(("\n" if first else ",\n") + textwrap.indent(text, "  "), end="")
            first = False
        problems = index.select(
            ("path", "problem", "problem_line", "problem_column"), "problem IS NOT NULL"
        )
        for path, message, line, column in problems:
            print(f"{root / path}:{line or 1}:{column or 1}: {message}", file=sys.stderr)
        index.close()
    if as_json:
        print("\n]" if not first else "]")
    return 0


#: The TSV cells, formatted by SQLite (the same text _cell gives for ordinary values).
_TSV = (
    "? || path",
    "CASE published WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE '' END",
    "coalesce(quality, quality_text, '')",
    "coalesce(heat, heat_text, '')",
    "coalesce(date, '')",
    "coalesce(provider, '')",
    "coalesce(title, '')",
)
#: Whitespace other than the plain space (what str.split() also splits on).
_OTHER_SPACE = re.compile(
    "[" + re.escape("".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != " ")) + "]"
)


def _odd(line: str) -> bool:
    """Whether a line's cells hold whitespace other than single inner spaces."""
    return bool(
        _OTHER_SPACE.search(line)
        or "  " in line
        or "\x00 " in line
        or " \x00" in line
        or line[:1] == " "
        or line[-1:] == " "
    )


def _print_tsv(index: LibraryIndex, prefix: str, where: str, params: Sequence[Any]) -> None:
    """Matching rows as TSV, streamed in chunks: SQLite formats the cells, so Python
    does one join, one search and one replace per row."""
    rows = index.db.execute(
        f"SELECT {', '.join(_TSV)} FROM files WHERE {where} ORDER BY path", (prefix, *params)
    )
    while chunk := rows.fetchmany(5000):
        lines = []
        for row in chunk:
            line = "\x00".join(map(str, row))
            if _odd(line):
                line = "\x00".join(_cell(cell) for cell in row)
            lines.append(line.replace("\x00", "\t"))
        sys.stdout.write("\n".join(lines) + "\n")


def _row(root: Path, found: tuple[Any, ...]) -> dict[str, Any]:
    path, published, quality, quality_text, heat, heat_text, date, provider, title = found
    return {
        "file": str(root / path),
        "published": None if published is None else bool(published),
        "quality": quality if quality is not None else quality_text,
        "heat": heat if heat is not None else heat_text,
        "publishedDateTime": date,
        "provider": provider or None,
        "title": title if title != "" else None,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())
