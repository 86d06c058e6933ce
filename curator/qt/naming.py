"""Stable object names for the widgets tests and style sheets look up."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

T = TypeVar("T", bound=QObject)


def named(obj: T, name: str) -> T:
    """``obj`` with its objectName set (PySide6's typing lacks the constructor keyword)."""
    obj.setObjectName(name)
    return obj
