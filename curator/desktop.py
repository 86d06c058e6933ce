"""``curator --install-desktop``: the menu entry and icon for this user (freedesktop.org)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from .resources import resource_path


def _data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` where it is unset (the XDG default)."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".local" / "share"


def launcher() -> str:
    """The command a menu entry runs: this install's ``curator`` script, else
    ``python -m curator`` with this interpreter (both absolute, so a venv works)."""
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "curator" and os.access(script, os.X_OK):
        return shlex.quote(str(script))
    found = shutil.which("curator")
    if found:
        return shlex.quote(str(Path(found).resolve()))
    return f"{shlex.quote(sys.executable)} -m curator"


def install_desktop_entry(data_home: Path | None = None) -> list[Path]:
    """Write ``applications/curator.desktop`` and the app icon under the user's data folder;
    returns the files written. Running it again replaces them (an upgrade, a moved venv)."""
    home = data_home or _data_home()
    template = resource_path("curator.desktop").read_text(encoding="utf-8")
    entry = template.replace("Exec=curator ", f"Exec={launcher()} ")
    targets = {
        home / "applications" / "curator.desktop": entry.encode("utf-8"),
        home / "icons" / "hicolor" / "scalable" / "apps" / "curator.svg": resource_path(
            "icons", "app.svg"
        ).read_bytes(),
        home / "icons" / "hicolor" / "256x256" / "apps" / "curator.png": resource_path(
            "icons", "app.png"
        ).read_bytes(),
    }
    for path, data in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_bytes(data)
        temp.replace(path)
    return list(targets)
