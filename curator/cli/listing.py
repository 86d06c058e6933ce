"""``curator list``: the records of folders and files, filtered by a query, as TSV,
JSON, JSON lines or paths, answered from the library index and streamed."""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.index import LibraryIndex
from .ahead import print_ahead
from .common import indexes

EXAMPLE = """examples:
  curator list lib -q 'quality:>=70 published:false'
  curator list lib --format json | jq '.[] | select(.heat > 50) | .file'
  curator list lib --format jsonl -q topic:chips > chips.jsonl
  curator list lib --format paths -0 -q 'provider:"Harbor Ledger"' | xargs -0 curator set heat=10
"""

DESCRIPTION = """\
List the records of folders (every Markdown file below them) and files, optionally
only those matching --query (the filter language of the window: words, field:value,
quality:>=50, date:2022-07, -negation, OR). Answered from the library index
(<folder>/.curator/index.sqlite, brought up to date first), so a large library lists
fast. Files that cannot be read are reported on stderr as FILE:LINE:COL: message.

Formats: tsv (a header, then one line per record), json (one array), jsonl (one
object per line), paths (one path per line; with -0, each ends with a NUL byte, for
xargs -0). JSON dates are ISO 8601 (2022-07-12T10:24:00Z); a date written as quoted
text stays the text it is."""


def register(sub: Any) -> None:
    """Add the parser of list."""
    list_ = sub.add_parser(
        "list",
        help="list records, optionally filtered by a query, as TSV, JSON or paths",
        description=DESCRIPTION,
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    list_.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    list_.add_argument("--query", "-q", default="", help="only the records matching it")
    list_.add_argument("--format", choices=FORMATS, help="tsv (the default), json, jsonl, paths")
    list_.add_argument(
        "-0", "--null", action="store_true", help="end each path with NUL (implies paths)"
    )
    list_.add_argument("--no-index", action="store_true", help="parse every file afresh")
    list_.set_defaults(handler=_list)


FORMATS = ("tsv", "json", "jsonl", "paths")
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
    from ..core.query import QueryError, parse_query

    try:
        query = parse_query(args.query)
    except QueryError as error:  # a usage error, like a bad option: status 2
        print(f"query: {error}", file=sys.stderr)
        return 2
    if args.null and args.format not in (None, "paths"):
        print(f"curator list: -0 goes with --format paths, not {args.format}", file=sys.stderr)
        return 2
    form = "paths" if args.null else args.format or "tsv"
    print({"tsv": "\t".join(LIST_COLUMNS), "json": "["}.get(form, ""), end="\n" * (form == "tsv"))
    show = functools.partial(_print_index, form=form, query=query, end="\0" if args.null else "\n")
    # Each folder with an index: a child prints its rows ahead while the index is brought
    # up to date (cli/ahead.py); not for json, whose commas depend on what came before.
    folders = [p for p in args.paths if p.is_dir()] if form != "json" and not args.no_index else []
    opened = indexes(args.paths, use_disk=not args.no_index)
    first = True
    for number in itertools.count():
        if number < len(folders):
            ahead = print_ahead(folders[number], functools.partial(show, root=folders[number]))
        else:
            ahead = None
        try:
            root, index = next(opened)
        except StopIteration:
            if ahead is not None:
                ahead.finish(unchanged=False)
            break
        done = index.last_refresh
        unchanged = done is not None and not (done.parsed or done.removed or done.notice)
        if ahead is None or not ahead.finish(unchanged):
            first = show(index, root=root, first=first)
        index.close()
    if form == "json":
        print("\n]" if not first else "]")
    return 0


def _print_index(
    index: LibraryIndex, *, root: Path, form: str, query: Any, end: str, first: bool = True
) -> bool:
    """An index's matching rows in ``form`` (``root``: the folder its paths are in, or
    Path() for files named directly), then its problems on stderr; the json ``first``
    state after them."""
    where = f"problem IS NULL AND ({query.where})"
    prefix = "" if root == Path() else str(root) + os.sep
    if form == "tsv":
        _print_tsv(index, prefix, where, query.params)
    elif form == "paths":
        _print_paths(index, prefix, where, query.params, end)
    else:
        first = _print_json(index, root, where, query.params, form == "jsonl", first)
    problems = index.select(
        ("path", "problem", "problem_line", "problem_column"), "problem IS NOT NULL"
    )
    for path, message, line, column in problems:
        print(f"{root / path}:{line or 1}:{column or 1}: {message}", file=sys.stderr)
    return first


def _print_paths(
    index: LibraryIndex, prefix: str, where: str, params: Sequence[Any], end: str
) -> None:
    """Matching paths, one per line (or NUL-terminated), joined by SQLite in chunks."""
    rows = index.db.execute(
        f"SELECT ? || path || ? FROM files WHERE {where} ORDER BY path", (prefix, end, *params)
    )
    while chunk := rows.fetchmany(5000):
        sys.stdout.write("".join(row[0] for row in chunk))


def _print_json(
    index: LibraryIndex,
    root: Path,
    where: str,
    params: Sequence[Any],
    lines: bool,
    first: bool,
) -> bool:
    """Matching rows as JSON array items (or as JSON lines), in chunks; False once one
    is printed."""
    rows = index.select(_SELECT, where, params)
    while chunk := rows.fetchmany(2000):
        if lines:
            out = [json.dumps(_row(root, found), ensure_ascii=False) + "\n" for found in chunk]
        else:
            out = []
            for found in chunk:
                text = json.dumps(_row(root, found), ensure_ascii=False, indent=2)
                out.append(("\n" if first else ",\n") + textwrap.indent(text, "  "))
                first = False
        sys.stdout.write("".join(out))
        first = first and not chunk
    return first


#: The TSV cells, formatted by SQLite as text (the same text _cell gives for ordinary
#: values); a float stays a number, since SQLite writes some differently from Python
#: (0.333333333333333 for 0.3333333333333333): a chunk holding one is joined by Python.
_TSV = (
    "? || path",
    "CASE published WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE '' END",
    "CASE typeof(quality) WHEN 'integer' THEN CAST(quality AS TEXT) "
    "ELSE coalesce(quality, quality_text, '') END",
    "CASE typeof(heat) WHEN 'integer' THEN CAST(heat AS TEXT) "
    "ELSE coalesce(heat, heat_text, '') END",
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
    """Matching rows as TSV, streamed in chunks: SQLite formats the cells, and Python
    joins each row once and searches each chunk once for anything odd."""
    rows = index.db.execute(
        f"SELECT {', '.join(_TSV)} FROM files WHERE {where} ORDER BY path", (prefix, *params)
    )
    while chunk := rows.fetchmany(5000):
        try:
            lines = ["\x00".join(row) for row in chunk]  # all text: no str() per cell
        except TypeError:  # a float in the chunk
            lines = ["\x00".join(map(str, row)) for row in chunk]
        # One search over the chunk: rows are ordinary unless it finds something odd.
        blob = "\x01".join(lines)
        if blob.count("\x01") == len(lines) - 1 and not _odd(blob.replace("\x01", "\x00")):
            sys.stdout.write(blob.replace("\x00", "\t").replace("\x01", "\n") + "\n")
            continue
        out = []
        for row, line in zip(chunk, lines, strict=True):
            if _odd(line):
                line = "\x00".join(_cell(cell) for cell in row)
            out.append(line.replace("\x00", "\t"))
        sys.stdout.write("\n".join(out) + "\n")


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
