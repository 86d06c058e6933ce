"""Small helpers for window tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from curator.core.record import Record
from curator.qt.app import Curator, build
from curator.qt.settings import Settings
from curator.qt.store import RecordStore


def records_of(store: RecordStore) -> list[Record]:
    """Every record of a (small) test library, parsed from its file, in row order."""
    records = [store.record(row) for row in range(store.count())]
    assert all(r is not None for r in records)
    return [r for r in records if r is not None]


@contextmanager
def opened_window(
    qtbot: Any, settings: Settings, library: Path, size: tuple[int, int] | None = None
) -> Iterator[Curator]:
    """The real window over ``library`` (read on this thread), shown. Afterwards every
    unsaved edit is dropped through the store (widgets follow) and the window closed."""
    built = build(settings, offline=True)
    with qtbot.waitSignal(built.window.table_model.order_applied, timeout=10_000):
        built.window.open_library([library], ask=False, background=False)
    if size is not None:
        built.window.resize(*size)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    for record in records_of(built.store):
        built.store.set_edits(record, record.saved_edits)
    assert not built.store.modified_records()
    built.window.close()
    built.window.deleteLater()
