"""Printing a folder's records from its index while the index is brought up to date.

A warm ``curator list`` of 100,000 records spends about 0.9 s bringing the index up to
date (reading every signature, stat-ing every file, comparing) and about as long
printing: one after the other, on one core. Usually nothing has changed. So a forked
child prints the rows as the index holds them, into memory, while the parent refreshes,
and hands its text over a pipe; the parent prints that text only if the refresh changed
nothing and found the index sound (then the rows are the same, and so is the text), and
otherwise drops it and prints as before. The child is forked before the parent opens the
index or starts a thread, and only on Linux, in a process running one thread (where a
fork is safe); ``CURATOR_NO_AHEAD=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from ..core.index import INDEX_DIR, INDEX_NAME, LibraryIndex

_SIZE = struct.Struct("<Q")


class Ahead:
    """A child printing a folder's rows; :meth:`finish` prints its text, or drops it."""

    def __init__(self, pid: int, pipe: int) -> None:
        self._pid, self._pipe = pid, pipe

    def finish(self, unchanged: bool) -> bool:
        """Print the child's text if ``unchanged`` (True), else drop it (False: the caller
        prints); also False when the child failed, having printed nothing."""
        text = _read_all(self._pipe) if unchanged else b""
        os.close(self._pipe)
        if not unchanged:  # its text is of no use: do not wait for it
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        _, status = os.waitpid(self._pid, 0)
        if not unchanged or os.waitstatus_to_exitcode(status) != 0 or len(text) < _SIZE.size:
            return False
        size = _SIZE.unpack_from(text)[0]
        out = text[_SIZE.size : _SIZE.size + size].decode("utf-8", "surrogatepass")
        err = text[_SIZE.size + size :].decode("utf-8", "surrogatepass")
        sys.stdout.write(out)
        sys.stderr.write(err)
        return True


def print_ahead(root: Path, print_rows: Callable[[LibraryIndex], object]) -> Ahead | None:
    """Fork a child running ``print_rows`` on ``root``'s index as it stands; None where
    there is no index yet (nothing to print ahead) or no safe fork."""
    if (
        not sys.platform.startswith("linux")
        or os.environ.get("CURATOR_NO_AHEAD")
        or not _one_thread()
        or not (root / INDEX_DIR / INDEX_NAME).is_file()
    ):
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return Ahead(pid, read_end)
    os.close(read_end)  # the child: never returns
    code = 1
    try:
        code = _child(root, print_rows, write_end)
    finally:
        os._exit(code)


def _child(root: Path, print_rows: Callable[[LibraryIndex], object], pipe: int) -> int:
    out, err = io.StringIO(), io.StringIO()
    try:
        # No integrity check here: the parent's refresh checks, and its verdict decides.
        index = LibraryIndex(root, check="never")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            print_rows(index)
        index.close()
        printed = out.getvalue().encode("utf-8", "surrogatepass")
        said = err.getvalue().encode("utf-8", "surrogatepass")
        with open(pipe, "wb", closefd=True) as sink:
            sink.write(_SIZE.pack(len(printed)) + printed + said)
    except Exception:  # anything wrong here (a closed pipe included): the parent prints
        return 1
    return 0


def _one_thread() -> bool:
    """Whether this process runs one thread (of any kind: Qt's too), so a fork is safe."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _read_all(pipe: int) -> bytes:
    parts = []
    while chunk := os.read(pipe, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)
