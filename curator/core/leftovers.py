"""Temporary files of interrupted saves: found, removed when they are surely curator's, told.

A save writes ``.rec.md.curator-PID-XXXXXXXX.tmp`` beside the record and renames it over
the record; a save killed in between leaves that full copy behind. A hard-linked record
is rewritten in place after its previous text went to ``...old``; a save killed then
leaves that copy, and the record may be incomplete. :func:`clean_tree` looks for both
under a folder's save lock, so no curator process is writing one of them meanwhile:

- a ``.tmp`` whose process is gone (or that is older than :data:`STALE`) is removed;
- an ``.old`` is removed when its record still holds the same bytes (the rewrite never
  started); otherwise it is kept and reported, for the user to compare;
- ``.rec.md.XXXXXXXX.tmp`` from curator versions before the lock is removed once older
  than :data:`LEGACY_STALE`, and only beside an existing ``rec.md``.

Files younger than :data:`MIN_AGE` are left alone: a curator on another machine sharing
the folder may be mid-save, with a process id that means nothing here.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .files import SaveError, locked_folders

#: How the name of a leftover ends (after a leading "."): what a look for them lists.
LEFTOVER_ENDS = (".tmp", ".old")
MIN_AGE = 60.0
STALE = 3600.0
LEGACY_STALE = 3600.0
_OURS = re.compile(r"^\.(?P<name>.+)\.curator-(?P<pid>\d+)-[a-z0-9_]{8}\.(?P<kind>tmp|old)$")
_LEGACY = re.compile(r"^\.(?P<name>.+\.(?:md|markdown))\.[a-z0-9_]{8}\.tmp$", re.IGNORECASE)


@dataclass
class Cleanup:
    """What a look for leftovers did: files removed, and copies kept for the user."""

    removed: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (record, previous text)

    def add(self, other: Cleanup) -> None:
        self.removed += other.removed
        self.kept += other.kept

    def summary(self) -> str | None:
        """One line saying what was removed, or None."""
        if not self.removed:
            return None
        count = len(self.removed)
        files = "file" if count == 1 else "files"
        names = ", ".join(str(p) for p in self.removed)
        return f"removed {count} leftover temporary {files} from an interrupted save: {names}"


def interrupted_message(backup: Path) -> str:
    """What to tell about a record whose in-place rewrite was interrupted."""
    return (
        f"a save was interrupted while rewriting this file, which may be incomplete; its "
        f"previous text is in {backup.name} (compare them, then delete that file)"
    )


def clean_tree(root: Path) -> Cleanup:
    """Clean every folder under ``root`` (hidden folders skipped, as the index skips them)."""
    done = Cleanup()
    for folder, subfolders, _files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        done.add(clean_folder(Path(folder)))
    return done


def clean_folder(folder: Path, only: Iterable[str] | None = None) -> Cleanup:
    """Clean the leftovers in ``folder`` (of the records named ``only``, if given)."""
    wanted = None if only is None else set(only)
    try:
        names = [n for n in os.listdir(folder) if n[:1] == "." and n.endswith(LEFTOVER_ENDS)]
    except OSError:
        return Cleanup()
    done = Cleanup()
    if not names:
        return done
    try:
        with locked_folders([Path(os.path.realpath(folder))]):
            for name in sorted(names):
                ours, legacy = _OURS.match(name), _LEGACY.match(name)
                found = ours or legacy
                if found is None or (wanted is not None and found["name"] not in wanted):
                    continue
                _clean_one(folder / name, folder / found["name"], ours, done)
    except SaveError:
        pass  # another curator keeps saving here: its leftovers wait for the next look
    return done


def _clean_one(path: Path, record: Path, ours: re.Match[str] | None, done: Cleanup) -> None:
    try:
        info = path.lstat()
    except OSError:
        return
    age = time.time() - info.st_mtime
    if age < MIN_AGE or not stat.S_ISREG(info.st_mode):
        return
    if ours is None:  # a name of curator before the lock: only beside its record, and old
        if age > LEGACY_STALE and record.is_file():
            _remove(path, done)
        return
    if _alive(int(ours["pid"])) and age < STALE:
        return
    if ours["kind"] == "tmp":
        _remove(path, done)
    elif _same_bytes(path, record):
        _remove(path, done)
    else:
        done.kept.append((record, path))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process
    return True


def _same_bytes(first: Path, second: Path) -> bool:
    try:
        return first.read_bytes() == second.read_bytes()
    except OSError:
        return False


def _remove(path: Path, done: Cleanup) -> None:
    try:
        path.unlink()
    except OSError:
        return
    done.removed.append(path)
