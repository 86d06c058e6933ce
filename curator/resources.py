"""Paths of the files the app ships: icons and the bundled sample library.

Their source is ``resources/`` in the checkout; a wheel installs the same files as the
package ``curator.data`` (see ``pyproject.toml``), so an installed app never looks beside
its package for them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _resources_dir() -> Path:
    """Where the shipped files are: the installed ``curator.data``, else the checkout's
    ``resources/`` (running from a source tree that was never installed)."""
    try:
        spec = importlib.util.find_spec("curator.data")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "icons").is_dir():
            return Path(location)
    return Path(__file__).resolve().parent.parent / "resources"


RESOURCES_DIR: Path = _resources_dir()


def resource_path(*parts: str) -> Path:
    """Return ``<resources>/<parts...>`` (the path is not checked for existence)."""
    return RESOURCES_DIR.joinpath(*parts)


def sample_library_dir() -> Path:
    """Return the folder of the bundled sample library (made by ``resources/make_sample.py``)."""
    return resource_path("sample")


def icon_path(name: str) -> Path:
    """Return the SVG file of the icon `name`, given without the ``.svg`` suffix."""
    return resource_path("icons", f"{name}.svg")
