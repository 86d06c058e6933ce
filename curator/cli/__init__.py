"""The ``curator`` command line: check, set, attach, detach, list, related and refresh,
without Qt.

Every error is one line on stderr naming the file and the reason, with a non-zero exit,
and the file is left byte-identical. Each sub-command lives in its own module and adds
its own parser (``register``); :func:`main` dispatches.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..core.files import SaveError
from . import checking, editing, listing, refreshing, related
from .common import CommandError, CommandParser

COMMANDS = ("check", "set", "attach", "detach", "list", "related", "refresh")
_MODULES = (checking, editing, listing, related, refreshing)

__all__ = ["COMMANDS", "CommandError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for the sub-commands."""
    parser = CommandParser(prog="curator", description=(__doc__ or "").split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for module in _MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str]) -> int:
    """Run one sub-command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (CommandError, SaveError) as error:  # SaveError: another curator holds the lock
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `curator list ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
