"""Models over a row order (a NumPy array of store rows): showing a new order, reading rows."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QModelIndex

from .store import RecordStore

PREFETCH = 160  # rows read ahead in view order when a row in view is not cached


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


def row_in_view(store: RecordStore, order: Any, view: int) -> tuple[Any, ...]:
    """The store row shown at ``view``; on a miss the rows around it in view order (the
    next screenful) are read in one query, not the rows around it in the store."""
    source = int(order[view])
    row = store.cached_row(source)
    if row is None:
        store.prefetch(order[max(0, view - PREFETCH // 4) : view + PREFETCH])
        row = store.row(source)
    return row
