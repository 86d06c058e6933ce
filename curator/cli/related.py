"""``curator related FILE``: the library's records most likely the same story as FILE,
ranked as the window's *Suggested* list ranks them (:mod:`curator.core.suggest`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.index import open_index
from ..core.suggest import subject_of, suggest
from .common import CommandError, load_any

EXAMPLE = """example:
  curator related lib/2022/neon-shortage.md --limit 5
  curator related lib/a.md --format json | jq '.[0].file'
"""


def register(sub: Any) -> None:
    """Add the parser of related."""
    related = sub.add_parser(
        "related",
        help="suggest records of FILE's library that tell the same story",
        description="Rank the other records of the library FILE is in (its folder, or "
        "--library) by how likely they are the same story or a follow-up: shared rare "
        "words in title and excerpt, shared topics, close dates. Records already related "
        "to FILE and FILE itself are left out.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    related.add_argument("file", type=Path)
    related.add_argument("--library", type=Path, help="the library folder (default: FILE's)")
    related.add_argument("--limit", type=int, default=10, help="how many (default 10)")
    related.add_argument("--format", choices=("tsv", "json"), default="tsv")
    related.set_defaults(handler=_related)


def _related(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    record = load_any(args.file)
    library = (args.library or args.file.parent).resolve()
    index = open_index(library, use_disk=True)
    if index.notice:
        print(f"{library}: {index.notice}", file=sys.stderr)
    try:
        index.refresh()
        index.update_words()
        try:
            own = args.file.resolve().relative_to(library).as_posix()
        except ValueError:
            own = None
        found = index.db.execute("SELECT id FROM files WHERE path = ?", (own,)).fetchone()
        hits = suggest(index.db, subject_of(record.data, found[0] if found else None), args.limit)
    finally:
        index.close()
    rows = [
        {
            "file": str(library / hit.path),
            "score": hit.score,
            "title": hit.title,
            "provider": hit.provider or None,
            "publishedDateTime": hit.date,
            "webUrl": hit.web_url or None,
            "topics": list(hit.topics),
            "words": list(hit.words),
        }
        for hit in hits
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print("score\tfile\tprovider\tpublishedDateTime\ttitle\treason")
    for row, hit in zip(rows, hits, strict=True):
        cells = (
            f"{hit.score:.3f}",
            row["file"],
            hit.provider,
            hit.date or "",
            hit.title,
            hit.reason,
        )
        print("\t".join(" ".join(str(c).split()) for c in cells))
    return 0
