"""Writing a record file safely: one lock per folder, links and metadata kept, refusals named.

Every curator process saves a file inside :func:`locked`, an advisory ``flock`` on the
folder that holds the file's real target. The folder, not the file: a save replaces the
file by renaming a new one over it, so a lock held on the old file's inode would guard
nothing once the rename lands, and a lock file beside each record would litter the
folder for good. The folder's inode outlives every rename, so "read the file, compare it
to what was loaded, write the new bytes" is one critical section that other curator
processes wait for. Saves are short, so waiting for the whole folder costs nothing.

:func:`write_checked` is that critical section. It writes through a symbolic link to the
real file (the link stays), keeps the inode of a file with several hard links (writing
in place, with its previous text kept aside until the write is safe), keeps mode,
owner, group and extended attributes, and refuses a file without write permission.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux: saves go unlocked
    fcntl = None  # type: ignore[assignment]

#: Seconds a save waits for another curator process saving in the same folder.
LOCK_TIMEOUT = 10.0
#: The marker in the names of curator's temporary files: ``.rec.md.curator-PID-XXXXXXXX.tmp``.
TEMP_MARK = ".curator-"

_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_process_lock = threading.RLock()
_held: dict[str, list[int]] = {}  # folder -> [fd or -1 when unlocked, depth]


class SaveError(Exception):
    """A save that was refused; the file on disk is unchanged."""

    def __init__(self, path: Path, message: str, *, conflict: bool = False) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.conflict = conflict


def real_path(path: Path) -> Path:
    """The file a save of ``path`` writes: the target of any symbolic links."""
    return Path(os.path.realpath(path))


@contextmanager
def locked(paths: Iterable[Path]) -> Iterator[None]:
    """Hold the save lock of the folders of ``paths`` (their real targets); re-entrant in
    one process. Folders are locked in sorted order, so two processes never deadlock.
    Raises :class:`SaveError` when another process keeps a folder locked too long."""
    with locked_folders(real_path(p).parent for p in paths):
        yield


@contextmanager
def locked_folders(folders: Iterable[Path]) -> Iterator[None]:
    """Hold the save lock of each of ``folders`` (see :func:`locked`)."""
    names = sorted({str(f) for f in folders})
    with _process_lock:
        taken: list[str] = []
        try:
            for folder in names:
                if folder in _held:
                    _held[folder][1] += 1
                else:
                    _held[folder] = [_lock_folder(folder), 1]
                taken.append(folder)
            yield
        finally:
            for folder in reversed(taken):
                _held[folder][1] -= 1
                if _held[folder][1] == 0:
                    fd = _held.pop(folder)[0]
                    if fd >= 0:
                        os.close(fd)  # closing the descriptor releases the lock


def _lock_folder(folder: str) -> int:
    """A descriptor of ``folder`` holding its exclusive lock (-1: locking unsupported)."""
    if fcntl is None:
        return -1
    try:
        fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return -1  # an unreadable folder: save as before, unlocked
    try:
        if _wait_for_lock(fd, Path(folder)):
            return fd
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return -1


def _wait_for_lock(fd: int, where: Path) -> bool:
    """Take ``fd``'s flock, waiting up to :data:`LOCK_TIMEOUT`; False when the file system
    has no locks. Raises SaveError on timeout."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError as error:
            if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF, errno.EINVAL):
                return False
            raise
        if time.monotonic() >= deadline:
            raise SaveError(
                where,
                f"another curator process has been saving here for {LOCK_TIMEOUT:g} s; "
                "nothing was written, try again",
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def write_checked(path: Path, expected: bytes, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` if it still holds ``expected``.

    Runs under :func:`locked`. Raises :class:`SaveError` (the file left as it was) when
    the file changed, is gone, is read-only on disk, or cannot be written.
    """
    with locked([path]):
        real = real_path(path)
        try:
            info = os.stat(real)
            _refuse_special(path, info)
            on_disk = real.read_bytes() if info.st_nlink == 1 else b""
        except OSError as error:
            raise SaveError(path, f"cannot read the file back: {error.strerror}") from None
        refuse_unwritable(path, info)
        try:
            if info.st_nlink > 1:
                _write_linked(path, real, expected, data)  # reads under the inode's lock
                return
            _check_unchanged(path, on_disk, expected)
            atomic_write(real, data)
        except OSError as error:
            raise SaveError(path, f"cannot write: {error.strerror or error}") from None


def _refuse_special(path: Path, info: os.stat_result) -> None:
    """A record replaced by a FIFO, a device or a folder since it was read is never read
    back (a FIFO would block the save for ever) nor replaced."""
    if not stat.S_ISREG(info.st_mode):
        raise SaveError(path, "is no longer a regular file on disk; curator does not replace it")


def preflight(path: Path, expected: bytes) -> None:
    """Refuse now what :func:`write_checked` would refuse (read-only, changed, gone), so
    that a save of several files can stop before writing any. Call under :func:`locked`."""
    real = real_path(path)
    try:
        info = os.stat(real)
        _refuse_special(path, info)
        on_disk = real.read_bytes()
    except OSError as error:
        raise SaveError(path, f"cannot read the file back: {error.strerror}") from None
    refuse_unwritable(path, info)
    _check_unchanged(path, on_disk, expected)
    if not os.access(real.parent, os.W_OK | os.X_OK):  # for the temporary file
        raise SaveError(path, f"cannot write: the folder {real.parent} is read-only")


def refuse_unwritable(path: Path, info: os.stat_result) -> None:
    """Refuse a file without write permission, as editors do, even where the folder is
    writable (and even for root): no write bit, or no write access for this user."""
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222 or not os.access(real_path(path), os.W_OK):
        raise SaveError(
            path,
            f"{path.name} is read-only on disk (mode {mode:o}); curator does not overwrite it",
        )


def _check_unchanged(path: Path, on_disk: bytes, expected: bytes) -> None:
    if on_disk != expected:
        raise SaveError(
            path,
            "the file changed on disk since it was loaded; reload it before saving",
            conflict=True,
        )


def temp_file(real: Path, suffix: str = ".tmp") -> tuple[int, str]:
    """A new temporary file beside ``real`` that :mod:`.leftovers` recognises as ours."""
    prefix = f".{real.name}{TEMP_MARK}{os.getpid()}-"
    return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=real.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` (a real file, not a link) with ``data``: temp file in the same
    folder, fsync, rename, fsync the folder. Mode, owner, group and extended attributes
    are kept. On any failure the original file is untouched and the temp file removed."""
    info = os.stat(path) if os.path.exists(path) else None
    fd, temp = temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if info is not None:
                _copy_metadata(path, handle.fileno(), info)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _copy_metadata(source: Path, fd: int, info: os.stat_result) -> None:
    """Give the file open at ``fd`` the owner, group, mode and extended attributes of
    ``source`` (owner and group as far as this user may set them)."""
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except PermissionError:
            if os.geteuid() == 0:
                raise
    os.fchmod(fd, stat.S_IMODE(info.st_mode))  # after chown, which clears set-id bits
    _copy_xattrs(source, fd)


def _copy_xattrs(source: Path, fd: int) -> None:
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return
        raise
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(source, name))
        except OSError as error:
            # A namespace this user may not set (security.*, trusted.*) is not ours to keep.
            if name.startswith("user.") or error.errno not in (errno.EPERM, errno.EACCES):
                raise


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where folders can be fsynced)."""
    try:
        fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_linked(path: Path, real: Path, expected: bytes, data: bytes) -> None:
    """Rewrite a file with several hard links in place, so every name keeps seeing it.

    Its inode is locked too (names in other folders take other folder locks), and its
    previous text is kept in a ``.old`` file beside it until the new text is on disk:
    if the write fails, the old text is written back; if curator dies mid-write, the
    ``.old`` file stays for ``curator check`` to report.
    """
    fd = os.open(real, os.O_RDWR | os.O_CLOEXEC)
    try:
        if fcntl is not None:
            _wait_for_lock(fd, path)
        on_disk = _read_all(fd)
        _check_unchanged(path, on_disk, expected)
        backup_fd, backup = temp_file(real, ".old")
        with os.fdopen(backup_fd, "wb") as saved:
            saved.write(on_disk)
            os.fsync(saved.fileno())
        try:
            _overwrite(fd, data)
        except OSError as error:
            _restore(path, fd, on_disk, backup, error)
        os.unlink(backup)
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _overwrite(fd: int, data: bytes) -> None:
    view = memoryview(data)
    offset = 0
    while offset < len(data):
        offset += os.pwrite(fd, view[offset:], offset)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _restore(path: Path, fd: int, old: bytes, backup: str, error: OSError) -> None:
    """Write ``old`` back after a failed in-place write; raises the SaveError to show."""
    reason = error.strerror or str(error)
    try:
        _overwrite(fd, old)
    except OSError:
        raise SaveError(
            path,
            f"cannot write: {reason}; the file may be incomplete, its previous text is "
            f"in {Path(backup).name}",
        ) from None
    os.unlink(backup)
    raise SaveError(path, f"cannot write: {reason}") from None
