"""Shared test setup: Qt runs offscreen, and no test touches the real home folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from paths import SEED


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed record, named like a Markdown file."""
    target = tmp_path / "seed.md"
    shutil.copyfile(SEED, target)
    return target
