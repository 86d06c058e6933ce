"""The ``curator`` command itself: help, version, a missing PATH and the desktop entry,
all answered without Qt (without a display Qt's platform plugin aborts the process)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from paths import ROOT

from curator.desktop import install_desktop_entry


def _curator(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m curator ARGS`` with no display at all, and Qt told to use X11."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    clean.update(QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "curator", *args],
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
    )


def test_help_lists_each_sub_command_on_one_line_without_qt() -> None:
    done = _curator("--help")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[:2] == ["usage: curator [PATH] [--offline]", "       curator COMMAND ..."]
    assert "  check     report problems, odd values, duplicates, stale items" in lines
    for command in ("check", "set", "attach", "detach", "list", "related", "refresh"):
        assert sum(line.startswith(f"  {command} ") for line in lines) == 1, command
    assert "PySide6" not in done.stderr  # -X importtime lists every module imported


def test_version() -> None:
    done = _curator("--version")
    assert (done.returncode, done.stdout) == (0, "curator 0.1.0\n")


def test_a_path_that_does_not_exist_is_said_so_before_qt_starts(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-library"
    done = _curator(str(missing))
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == f"curator: {missing}: no such file or folder"
    assert "PySide6" not in done.stderr


def test_install_desktop_puts_the_entry_and_icons_in_the_users_data_folder(
    tmp_path: Path,
) -> None:
    done = _curator("--install-desktop", XDG_DATA_HOME=str(tmp_path))
    assert done.returncode == 0, done.stderr
    entry = tmp_path / "applications" / "curator.desktop"
    svg = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "curator.svg"
    png = tmp_path / "icons" / "hicolor" / "256x256" / "apps" / "curator.png"
    assert done.stdout.splitlines() == [
        f"installed {entry}",
        f"installed {svg}",
        f"installed {png}",
    ]
    fields = dict(
        line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines()[1:] if line
    )
    assert (fields["Type"], fields["Name"], fields["Icon"]) == ("Application", "Curator", "curator")
    program, _, argument = fields["Exec"].rpartition(" ")
    assert argument == "%f" and os.path.isabs(shlex.split(program)[0])
    launched = subprocess.run(
        [*shlex.split(program), "--version"], capture_output=True, text=True, timeout=60
    )
    assert launched.stdout == "curator 0.1.0\n"  # the menu entry starts this curator
    assert svg.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_installing_again_replaces_the_entry(tmp_path: Path) -> None:
    first = install_desktop_entry(tmp_path)
    first[0].write_text("stale", encoding="utf-8")
    assert install_desktop_entry(tmp_path) == first
    assert first[0].read_text(encoding="utf-8").startswith("[Desktop Entry]\n")
    assert sorted(p.name for p in first[0].parent.iterdir()) == ["curator.desktop"]


def test_every_sub_command_is_dispatched_without_qt() -> None:
    from curator import __main__, cli

    assert __main__.COMMANDS == cli.COMMANDS
    assert set(cli.COMMANDS) == set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
