"""Special and huge record files: how long each command takes and how much memory it peaks at.

    python3 benchmarks/bench_poison.py

Runs the real command line (a process each, so its peak memory is its own) on a FIFO, a
link to /dev/zero, a symbolic link loop, a 1 GiB sparse file and a file at the 16 MiB
limit, beside a tiny record as the baseline. Before issue 8 the FIFO hung, /dev/zero was
read until memory ran out and a 1 GiB file peaked at 3-4 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, Path]:
    tiny = folder / "tiny.md"
    tiny.write_text("---\ntitle: T\n---\nbody\n", encoding="utf-8")
    fifo = folder / "fifo.md"
    os.mkfifo(fifo)
    zero = folder / "zero.md"
    zero.symlink_to("/dev/zero")
    loop = folder / "loop.md"
    loop.symlink_to(loop)
    huge = folder / "huge.md"
    with open(huge, "wb") as handle:
        handle.write(b"---\ntitle: T\n---\n")
        handle.truncate(1 << 30)  # sparse: no disk used
    limit = folder / "limit.md"
    with open(limit, "wb") as handle:  # in pieces: a big parent would inflate each child's
        handle.write(b"---\ntitle: T\n---\n")  # peak, which counts the time before exec
        line = b"x" * 1023 + b"\n"
        for _ in range((16 << 20) // 1024 - 1):
            handle.write(line)
        handle.write(b"x" * (1024 - 18) + b"\n")  # 16 MiB exactly, with room for 'heat: 1'
        handle.truncate(handle.tell() - 8)
    return {"tiny": tiny, "fifo": fifo, "zero": zero, "loop": loop, "1GiB": huge, "16MiB": limit}


def _run(*args: str) -> tuple[float, float, int]:
    """Seconds, peak MB of this one child (``wait4``) and its exit status."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "curator", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as temp:
        for name, path in _files(Path(temp)).items():
            for command in (["check", "--no-index", str(path)], ["set", str(path), "heat=1"]):
                seconds, peak, status = _run(*command)
                results.append(
                    {"file": name, "command": command[0], "s": round(seconds, 2), "status": status}
                )
                results[-1]["peak_mb"] = round(peak, 1)
    print(f"{'file':8} {'command':8} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
    for row in results:
        print(
            f"{row['file']:8} {row['command']:8} {row['s']:8.2f} {row['peak_mb']:8.1f} "
            f"{row['status']:5}"
        )
    print(json.dumps({"runs": results}))


if __name__ == "__main__":
    main()
