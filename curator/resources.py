"""Paths of the files shipped in ``resources/``: icons and the bundled sample library."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR: Path = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return ``resources/<parts...>`` (the path is not checked for existence)."""
    return RESOURCES_DIR.joinpath(*parts)


def sample_library_dir() -> Path:
    """Return the folder of the bundled sample library (made by ``resources/make_sample.py``)."""
    return resource_path("sample")


def icon_path(name: str) -> Path:
    """Return the SVG file of the icon `name`, given without the ``.svg`` suffix."""
    return resource_path("icons", f"{name}.svg")
