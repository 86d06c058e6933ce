"""``curator set``: front-matter values set in the files named, or in the records of
folders and files that match a query; ``--dry-run`` prints the diff instead of writing.

A file that cannot be edited is reported on its own line and the others still go
through; the exit status is 0 when every file went through, 1 when some were refused
and 2 for a usage error (nothing is touched then).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.edits import Edit, EditError, SetValue, parse_path
from ..core.files import SaveError, locked, preflight, real_path
from ..core.query import Query, QueryError, parse_query
from ..core.yamlsafe import YamlProblem, load_flow_scalar
from .common import CommandError, edit_record, indexes, open_record, save

EXAMPLE = """examples:
  curator set lib/2022/neon.md quality=70 published=true
  curator set lib/a.md lib/b.md provider.name='Le Monde' topics.0=chips
  curator set --query 'quality:>=80 published:false' lib published=true
  curator set --dry-run -q 'provider:"Harbor Ledger"' lib heat=10 > review.diff
  curator list --format paths -0 lib -q topic:chips | xargs -0 curator set quality=5
  curator set quality=5 -- 'odd=name.md'     # after --, every argument is a path
"""

DESCRIPTION = """\
Set front-matter values. Each KEY=VALUE argument is an edit: KEY is a key path
(title, provider.name, images.0.width) and VALUE is read as YAML would read it
(42 is a number, true a yes/no value; quote it, 'like this', to keep it text).
The other arguments are paths of record files; with --query, also of folders, and
only the records that match the query (the filter language of the window) are
edited. A path that contains '=' goes after -- (a KEY with '/' in it, or one
ending in .md, is refused as a likely path). A file changes only in the lines
edited; --dry-run prints those changes as a diff and writes nothing.

A file that cannot be edited is reported (FILE:LINE:COL: message) and the others
still go through. Exit status: 0 all went through, 1 some were refused, 2 usage."""


def register(sub: Any) -> None:
    """Add the parser of set."""
    set_ = sub.add_parser(
        "set",
        usage="curator set [options] FILE... KEY=VALUE...\n"
        "       curator set --query QUERY [options] PATH... KEY=VALUE...",
        help="set front-matter values (KEY=VALUE) in files, or in the records a query matches",
        description=DESCRIPTION,
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    set_.add_argument("items", nargs="*", metavar="PATH|KEY=VALUE")
    set_.add_argument(
        "--query", "-q", help="edit the records of the PATHs (folders or files) matching it"
    )
    set_.add_argument("--dry-run", "-n", action="store_true", help="print the diff; write nothing")
    set_.add_argument("--no-index", action="store_true", help="parse every file afresh")
    set_.set_defaults(handler=_set, after_dashes=[])


class UsageError(Exception):
    """Arguments that cannot run: nothing was touched (exit status 2)."""


@dataclass
class Tally:
    """What happened to the files of one ``set``."""

    changed: int = 0
    unchanged: int = 0
    gone: int = 0  # matched in the index, no longer when read
    refused: int = 0

    def summary(self, what: str, dry_run: bool) -> str:
        done = self.changed + self.unchanged
        files = "file" if self.total == 1 else "files"
        line = f"{'would set' if dry_run else 'set'} {what} in {done} of {self.total} {files}"
        if self.unchanged:
            line += f" ({self.unchanged} unchanged)"
        if self.gone:
            line += f"; {self.gone} no longer matched when read"
        return line + (f"; {self.refused} refused" if self.refused else "")

    @property
    def total(self) -> int:
        return self.changed + self.unchanged + self.gone + self.refused


def _set(args: argparse.Namespace) -> int:
    try:
        paths, assignments = _split(args.items, args.after_dashes)
        edits = [_edit(assignment) for assignment in assignments]
        query = None if args.query is None else parse_query(args.query)
        folder = next((p for p in paths if query is None and p.is_dir()), None)
        if folder is not None:
            raise UsageError(
                f"{folder} is a folder: give --query to pick its records (-q '' picks all)"
            )
    except (UsageError, QueryError) as error:
        said = f"query: {error}" if isinstance(error, QueryError) else str(error)
        print(f"curator set: {said}", file=sys.stderr)
        return 2
    tally = Tally()
    bulk = query is not None or len(paths) > 1
    for target in _targets(paths, query, args, tally):
        try:
            edit = _preview if args.dry_run else _write
            outcome = edit(target, edits, query)
        except CommandError as error:
            print(error, file=sys.stderr)
            tally.refused += 1
            continue
        setattr(tally, outcome, getattr(tally, outcome) + 1)
    if bulk:
        print(tally.summary(", ".join(assignments), args.dry_run), file=sys.stderr)
    return 1 if tally.refused else 0


def _split(items: Sequence[str], after_dashes: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The paths and the KEY=VALUE edits among the arguments."""
    edits = [item for item in items if "=" in item]
    paths = [Path(item) for item in items if "=" not in item]
    paths += [Path(item) for item in after_dashes]
    if not edits:
        raise UsageError("give at least one KEY=VALUE edit")
    if not paths:
        raise UsageError("give at least one file (a path with '=' in it goes after --)")
    return paths, edits


def _edit(assignment: str) -> Edit:
    """The edit one KEY=VALUE argument asks for."""
    key, _sep, value = assignment.partition("=")
    if "/" in key or key.strip().endswith(".md"):
        raise UsageError(f"'{assignment}' looks like a path: give paths with '=' after --")
    try:
        path = parse_path(key.strip())
    except EditError as error:
        raise UsageError(error.message) from None
    try:
        loaded = load_flow_scalar(value)
    except YamlProblem as problem:
        said = f"{key.strip()}: {problem.message}; quote it to store it as text"
        raise UsageError(said) from None
    return SetValue(path, loaded)


def _targets(
    paths: Sequence[Path], query: Query | None, args: argparse.Namespace, tally: Tally
) -> Iterator[Path]:
    """The files to edit, each once: the files named, or the query's matches."""
    return _once(paths if query is None else _matches(paths, query, args, tally))


def _matches(
    paths: Sequence[Path], query: Query, args: argparse.Namespace, tally: Tally
) -> Iterator[Path]:
    """The records of ``paths`` the index says match; files it cannot read are refused."""
    found: list[Path] = []
    for root, index in indexes(paths, use_disk=not args.no_index, create=not args.dry_run):
        rows = index.select(("path",), f"problem IS NULL AND ({query.where})", query.params)
        found += [root / path for (path,) in rows]
        problems = index.select(
            ("path", "problem", "problem_line", "problem_column"), "problem IS NOT NULL"
        )
        for path, message, line, column in problems:
            print(f"{root / path}:{line or 1}:{column or 1}: {message}", file=sys.stderr)
            tally.refused += 1
        index.close()
    yield from found


def _once(paths: Iterable[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        real = real_path(path)
        if real not in seen:
            seen.add(real)
            yield path


def _write(path: Path, edits: Sequence[Edit], query: Query | None) -> str:
    """Edit and save one file under the save lock; what happened, as a :class:`Tally` field."""
    with locked([path]):  # read, edit and write as one step other curators wait for
        record = open_record(path)
        if query is not None and not query.matches(record.data):
            return "gone"
        for edit in edits:
            edit_record(record, edit)
        return "changed" if save(record) else "unchanged"


def _preview(path: Path, edits: Sequence[Edit], query: Query | None) -> str:
    """Print the diff a save of one file would write, refusing what the save would."""
    record = open_record(path)
    if query is not None and not query.matches(record.data):
        return "gone"
    for edit in edits:
        edit_record(record, edit)
    new = record.current_bytes()
    if new == record.disk_bytes:
        return "unchanged"
    try:
        preflight(path, record.disk_bytes)
    except SaveError as error:
        raise CommandError(str(error)) from None
    sys.stdout.write(unified_diff(path, record.disk_bytes, new))
    return "changed"


def unified_diff(path: Path, old: bytes, new: bytes) -> str:
    """The change from ``old`` to ``new`` as ``git diff`` shows it (``a/`` and ``b/``)."""
    name = str(path).lstrip("/")
    lines = difflib.unified_diff(_lines(old), _lines(new), f"a/{name}", f"b/{name}")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _lines(raw: bytes) -> list[str]:
    """The lines of a file, each with its end (only "\\n" ends a line, as for git)."""
    parts = raw.decode("utf-8").split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines
