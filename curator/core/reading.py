"""Reading a record file safely: regular files only, never blocking, never unbounded.

Every path that reads a record file (listing, opening for editing, the check before a
save) goes through :func:`read_regular`. A FIFO, a device (a link to ``/dev/zero``), a
socket or a folder named ``x.md`` is refused before a byte is read: it is checked with
``stat``, opened with ``O_NONBLOCK`` (so even a FIFO swapped in between does not block),
and checked again with ``fstat``. A file larger than :data:`MAX_FILE_BYTES` is refused
unread, and one that grows past it while being read is refused too. The file is read
once, whole, since a save must keep its body byte for byte.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Final

#: Record files larger than this are refused unread (listing and editing alike).
MAX_FILE_BYTES: Final = 16 * 1024 * 1024

_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Unreadable(OSError):
    """A record file that is not read; :attr:`message` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)
        self.message = message


def read_regular(path: str | os.PathLike[str]) -> tuple[os.stat_result, bytes]:
    """The stat and the bytes of the regular file at ``path``; raise :class:`Unreadable`."""
    try:
        _check(os.stat(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _unreadable(path, error) from None
    try:
        info = os.fstat(fd)
        _check(info)
        chunks, total = [], 0
        while chunk := os.read(fd, max(info.st_size + 1 - total, 65536)):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _too_large(total, "or more")
        return info, b"".join(chunks)
    except Unreadable:
        raise
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(fd)


def _check(info: os.stat_result) -> None:
    for test, name in _KINDS:
        if test(info.st_mode):
            raise Unreadable(f"not a regular file: {name}")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(info.st_size)


def _too_large(size: int, more: str = "") -> Unreadable:
    shown = f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.1f} MiB"
    return Unreadable(
        f"file is too large ({shown}, {size:,} bytes{' ' + more if more else ''}); "
        f"curator reads record files of up to {MAX_FILE_BYTES // 2**20} MiB"
    )


def _unreadable(path: str | os.PathLike[str], error: OSError) -> Unreadable:
    if isinstance(error, Unreadable):
        return error
    if error.errno == errno.ELOOP:
        return Unreadable("symbolic link loop")
    if error.errno == errno.ENOENT and os.path.islink(path):
        return Unreadable(f"broken symbolic link (to {os.readlink(path)})")
    return Unreadable(error.strerror or str(error))
