"""Where the test data lives.

The seed record is our own (``tests/data/seed.md``), so a bare clone runs the suite. The
real-world corpus is shared reference material beside the checkout, in ``../shared``
unless ``CURATOR_SHARED`` points elsewhere; tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = DATA / "seed.md"
SHARED = Path(os.environ.get("CURATOR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "realworld"
CORPUS_MISSING = (
    f"shared corpus not found at {CORPUS} (a bare clone has no ../shared; CURATOR_SHARED overrides)"
)
