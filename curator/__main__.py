"""Entry point: ``curator [PATH] [--offline]`` opens the window; sub-commands run headless.

Everything that needs no window (help, version, a PATH that does not exist, installing the
desktop entry, the sub-commands) is answered here before Qt is imported: without a
display, Qt's platform plugin aborts the process.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

#: The sub-commands (curator.cli.COMMANDS, kept here so the window starts without it).
COMMANDS = ("check", "set", "attach", "detach", "list", "related", "refresh")


def _commands_help() -> str:
    """One line per sub-command, from the sub-commands' own parser."""
    from .cli import build_parser

    lines = ["commands (run 'curator COMMAND --help' for its arguments and an example):"]
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                lines.append(f"  {choice.dest:<8}  {choice.help}")
    return "\n".join(lines)


def window_parser() -> argparse.ArgumentParser:
    """The arguments of the window (the command without a sub-command)."""
    parser = argparse.ArgumentParser(
        prog="curator",
        usage="curator [PATH] [--offline]\n       curator COMMAND ...",
        description="Open a library of Markdown records in the curation window; "
        "with a COMMAND, work on files without a window.",
        epilog=_commands_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="folder or file to open (default: last library)")
    parser.add_argument("--offline", action="store_true", help="never download images")
    parser.add_argument(
        "--install-desktop",
        action="store_true",
        help="add curator to the desktop's applications menu (this user) and exit",
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a command-line sub-command, or open the curation window."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        from .cli import main as cli_main

        return cli_main(args)
    options = window_parser().parse_args(args)
    if options.install_desktop:
        from .desktop import install_desktop_entry

        for path in install_desktop_entry():
            print(f"installed {path}")
        return 0
    if options.path is not None and not Path(options.path).expanduser().exists():
        print(f"curator: {options.path}: no such file or folder", file=sys.stderr)
        return 2
    from .qt.app import run  # Qt is imported only when the window is wanted

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
