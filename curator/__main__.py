"""Entry point: ``curator [PATH] [--offline]`` opens the window; sub-commands run headless."""

from __future__ import annotations

import sys
from collections.abc import Sequence

COMMANDS = ("check", "set", "attach", "detach", "list")


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a command-line sub-command, or open the curation window."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        from .cli import main as cli_main

        return cli_main(args)
    from .qt.app import run  # Qt is imported only when the window is wanted

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
