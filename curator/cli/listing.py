"""``curator list``: the records of folders and files, filtered by a query, as TSV or
JSON, answered from the library index and streamed."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.index import LibraryIndex
from .common import indexes


def register(sub: Any) -> None:
    """Add the parser of list."""
    list_ = sub.add_parser("list", help="list records, optionally filtered by a query")
    list_.add_argument("paths", nargs="+", type=Path)
    list_.add_argument("--query", "-q", default="")
    list_.add_argument("--format", choices=("tsv", "json"), default="tsv")
    list_.add_argument("--no-index", action="store_true", help="parse every file afresh")
    list_.set_defaults(handler=_list)


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
    as_json = args.format == "json"
    if as_json:
        print("[", end="")
    else:
        print("\t".join(LIST_COLUMNS))
    first = True
    for root, index in indexes(args.paths, use_disk=not args.no_index):
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
