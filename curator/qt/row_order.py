"""Showing a new row order (a NumPy array) in a model, keeping persistent indexes on their rows."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QModelIndex


def move_persistent(model: QAbstractItemModel, old: Any, new: Any, size: int) -> None:
    """Point ``model``'s persistent indexes from the rows of order ``old`` to where the same
    source rows are in order ``new`` (invalid where a row is no longer shown).

    Call between ``layoutAboutToBeChanged`` and ``layoutChanged``, after the model answers
    with ``new``; selection and the current row follow their records. ``size`` bounds the
    source rows. One NumPy pass, plus a Python step per persistent index (the selection,
    not the library).
    """
    position = np.full(max(size, 1), -1, dtype=np.int64)
    position[new] = np.arange(new.size, dtype=np.int64)
    before = model.persistentIndexList()
    after = []
    for index in before:
        row = int(position[old[index.row()]]) if index.row() < old.size else -1
        after.append(model.index(row, index.column()) if row >= 0 else QModelIndex())
    model.changePersistentIndexList(before, after)
