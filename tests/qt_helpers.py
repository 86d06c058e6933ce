"""Small helpers for window tests."""

from __future__ import annotations

from curator.core.record import Record
from curator.qt.store import RecordStore


def records_of(store: RecordStore) -> list[Record]:
    """Every record of a (small) test library, parsed from its file, in row order."""
    records = [store.record(row) for row in range(store.count())]
    assert all(r is not None for r in records)
    return [r for r in records if r is not None]
