"""The README's quick start is what CI runs, the README shows real screenshots, and the
wheel carries the whole app."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from typing import Any

from paths import ROOT


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_ci_runs_the_readme_test_command() -> None:
    install_and_open, install_and_test = _quick_start()
    assert install_and_open.endswith("&& curator")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run_lines = [line.strip() for line in ci.splitlines() if "pytest" in line]
    assert run_lines, "CI runs no pytest"
    # CI adds only -q to pip; the command is otherwise the README's own
    assert run_lines[-1].replace("pip install -q ", "pip install ") == install_and_test


def test_readme_pictures_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\((resources/screenshots/[^)]+\.png)\)", readme)
    assert len(pictures) >= 3
    for picture in pictures:
        assert (ROOT / picture).stat().st_size > 10_000, picture


def _setuptools() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]  # type: ignore[no-any-return]


def test_the_wheel_lists_every_package_of_the_source_tree() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "curator").rglob("__init__.py")
    }
    assert set(_setuptools()["packages"]) == found | {"curator.data"}


def _globbed(path: str, pattern: str) -> bool:
    """Whether setuptools' package-data ``pattern`` takes ``path`` (``*`` stays in a folder)."""
    parts, wanted = path.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(map(fnmatch.fnmatchcase, parts, wanted))


def test_the_wheel_carries_every_file_of_resources_the_app_reads() -> None:
    from curator.qt.icons import ICON_NAMES

    globs = _setuptools()["package-data"]["curator.data"]
    source = ROOT / _setuptools()["package-dir"]["curator.data"]
    needed = [f"icons/{name}.svg" for name in ICON_NAMES] + ["icons/app.png", "curator.desktop"]
    needed += [
        p.relative_to(source).as_posix() for p in (source / "sample").rglob("*") if p.is_file()
    ]
    assert len(needed) > 60
    missing = [path for path in needed if not any(_globbed(path, g) for g in globs)]
    assert missing == []
