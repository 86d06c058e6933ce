"""The README's quick start is what CI runs, and the README shows real screenshots."""

from __future__ import annotations

import re

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
