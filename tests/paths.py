"""Where the shared reference material lives, relative to this checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_386cb65e861bb9db.txt"
CORPUS = SHARED / "corpus" / "realworld"
