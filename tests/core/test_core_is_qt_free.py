"""The core must import and work with PySide6 absent."""

from __future__ import annotations

import subprocess
import sys

BLOCK_QT = """
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is not installed here")
        return None
sys.meta_path.insert(0, NoQt())
import pkgutil, importlib, curator.core, curator.cli
for info in pkgutil.iter_modules(curator.core.__path__):
    importlib.import_module("curator.core." + info.name)
from curator.core.index import scan_folder
print("ok", len(list(pkgutil.iter_modules(curator.core.__path__))))
"""


def test_core_and_cli_import_without_pyside6() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
    assert int(result.stdout.split()[1]) >= 8
