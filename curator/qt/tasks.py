"""One helper for background work: run a function on QThreadPool, get its result back on
the GUI thread through a queued signal. Workers get plain values, never widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Carries a worker's outcome back to the thread that owns it."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


class Task(QRunnable):
    """A function run off the GUI thread; connect to ``relay`` before :func:`start`."""

    def __init__(
        self, function: Callable[..., Any], *args: Any, with_progress: bool = False
    ) -> None:
        super().__init__()
        self.relay = _Relay()
        self._function = function
        self._args = args
        self._with_progress = with_progress
        self.setAutoDelete(False)  # Python owns it; see _RUNNING

    def run(self) -> None:  # runs on a pool thread
        try:
            if self._with_progress:
                result = self._function(*self._args, self.relay.progress.emit)
            else:
                result = self._function(*self._args)
        except Exception as error:
            self.relay.failed.emit(error)
        else:
            self.relay.finished.emit(result)


_RUNNING: set[Task] = set()


def start(
    function: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``function(*args)`` in the pool; ``on_done(result)`` runs on the GUI thread.

    With ``on_progress``, the function gets a last argument: a callable to report progress.
    """
    task = Task(function, *args, with_progress=on_progress is not None)
    _RUNNING.add(task)
    task.relay.finished.connect(on_done)
    if on_error is not None:
        task.relay.failed.connect(on_error)
    task.relay.finished.connect(lambda _result: _RUNNING.discard(task))
    task.relay.failed.connect(lambda _error: _RUNNING.discard(task))
    if on_progress is not None:
        task.relay.progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
