"""Hostile-size benchmark: huge topic lists and huge images, beside plain baselines.

    python3 benchmarks/bench_hostile.py [--tree DIR] [--skip-window] [--topics 10000,30000]

Generates in a temporary folder, and measures, each in a fresh process:

* topics: records with 10,000 and 30,000 topics shown in the window (offscreen): the time
  to show each, the longest event-loop stall meanwhile (a 10 ms timer) and the window's
  RSS and peak RSS (VmHWM);
* ``curator set`` on a record with 200,000 topics (``[t, t, …]``: distinct names would
  pass the 1,000,000-character front-matter limit), one edit and three, wall time and peak
  RSS; in one process, each of five successive edits of one Record timed on its own; beside
  a PyYAML ``CSafeLoader`` load of the same front matter in the same run;
* images: eight records each with a 9400×9400 PNG, shown one after another in the window
  until every picture of each is decoded; the window's peak RSS (VmHWM) and that of the
  process sampled every 0.2 s; beside the same with eight 600×400 PNGs.

``--tree DIR`` measures another checkout of curator (e.g. the code before a change) with
the same generated files. The last line of the output is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_scale import MB, _last_json, _tail, _vm_hwm_mb, run_child, run_measured  # noqa: E402

SET_TOPICS = 200_000
IMAGES = 8
BIG_SIDE = 9400


# -- generated files ---------------------------------------------------------------------


def record_text(title: str, topics: list[str] | str, image: str | None = None) -> str:
    lines = ["---", f'title: "{title}"', "quality: 40", "heat: 20", "published: false"]
    if isinstance(topics, str):
        lines.append(f"topics: {topics}")
    else:
        lines += ["topics:", *(f"  - topic {t}" for t in topics)]
    if image:
        lines += ["images:", f'  - url: "{image}"', "    width: 10", "    height: 10"]
    return "\n".join([*lines, "---", "Body.", ""])


PLAIN = "plain.md"  # shown before each measured record, so each one is a fresh switch


def _plain(folder: Path) -> None:
    (folder / PLAIN).write_text(record_text("plain", ["a", "b"]))


def make_topics_library(folder: Path, counts: list[int]) -> list[str]:
    folder.mkdir(parents=True)
    _plain(folder)
    names = []
    for count in counts:
        name = f"topics_{count}.md"
        (folder / name).write_text(
            record_text(f"{count} topics", [f"{n:06d}" for n in range(count)])
        )
        names.append(name)
    return names


def make_image_library(folder: Path, side: int) -> list[str]:
    """Eight records, each with its own PNG of side×side: flat colours, quick to write."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True)
    _plain(folder)
    names = []
    for n in range(IMAGES):
        im = Image.new("RGB", (side, side), (200, 210 + n * 5, 240))
        draw = ImageDraw.Draw(im)
        step = max(1, side // 24)
        for i in range(0, side, step):
            draw.rectangle((i, i, i + step // 2, i + step // 2), fill=(n * 30, 80, 160))
        im.save(folder / f"img{n}.png", compress_level=1)
        del draw, im
        name = f"image_{n}.md"
        (folder / name).write_text(record_text(f"image {n}", "[a]", f"img{n}.png"))
        names.append(name)
    return names


# -- the window child -------------------------------------------------------------------


def _rss_mb() -> float | None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / MB
    return None


def window_child(folder: Path, names: list[str], work: Path, timeout: float) -> None:
    """Open ``folder``, show each of ``names`` in turn; print one JSON line of figures."""
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from curator.qt.app import build, configure_application
    from curator.qt.settings import Settings

    out: dict[str, Any] = {"errors": [], "shown": []}
    app = QApplication([sys.argv[0]])
    configure_application(app)
    cur = build(Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)), offline=True)
    win = cur.window
    win.resize(1400, 900)
    win.show()
    now = time.perf_counter
    last, worst = [now()], [0.0]

    def tick() -> None:
        t = now()
        worst[0] = max(worst[0], t - last[0])
        last[0] = t

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start(10)

    def wait(done: Any, seconds: float) -> bool:
        loop, poll, limit = QEventLoop(), QTimer(), QTimer()
        poll.timeout.connect(lambda: done() and loop.quit())
        limit.setSingleShot(True)
        limit.timeout.connect(loop.quit)
        poll.start(5)
        limit.start(int(seconds * 1000))
        if not done():
            loop.exec()
        poll.stop()
        return bool(done())

    def record_named(name: str) -> Any:
        row = cur.store.row_of_path(folder / name)
        return cur.store.record(row) if row >= 0 else None

    finished: list[bool] = []
    cur.store.loading_finished.connect(lambda: finished.append(True))
    win.open_library([folder], ask=False)
    if not wait(lambda: bool(finished), timeout):
        out["errors"].append("library did not finish loading")
    wait(lambda: False, 0.5)
    out["open_stall_ms"] = round(max(0.0, worst[0] - 0.010) * 1000, 1)
    out["rss_before_mb"] = _rss_mb()
    out["peak_before_mb"] = _vm_hwm_mb()
    for name in names:
        record, plain = record_named(name), record_named(PLAIN)
        if record is None or plain is None:
            out["errors"].append(f"{name}: not loaded")
            continue
        win.select_record(plain)
        wait(lambda p=plain: win.form.record() is p and cur.loader.pending_count() == 0, 60)
        wait(lambda: False, 0.2)
        last[0], worst[0] = now(), 0.0
        start = now()
        win.select_record(record)
        shown = win.form.record() is record or wait(lambda r=record: win.form.record() is r, 60)
        shown_at = now()
        pictures = wait(lambda: cur.loader.pending_count() == 0, timeout)
        done_at = now()
        wait(lambda: False, 0.3)  # the repaints after it count too
        tick()
        out["shown"].append(
            {
                "name": name,
                "show_ms": round((shown_at - start) * 1000, 1) if shown else None,
                "images_done_ms": round((done_at - start) * 1000, 1) if pictures else None,
                "stall_ms": round(max(0.0, worst[0] - 0.010) * 1000, 1),
                "rss_mb": _rss_mb(),
                "peak_mb": _vm_hwm_mb(),
                "image_shown": cur.window.image_panel.current_image() is not None,
            }
        )
    out["peak_rss_mb"] = _vm_hwm_mb()
    print(json.dumps(out), flush=True)
    os._exit(0)


def run_window(folder: Path, names: list[str], work: Path, timeout: float) -> Any:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(work / var.lower())
    command = [sys.executable, str(Path(__file__).resolve()), "--window-child", str(folder)]
    command += ["--work", str(work), "--timeout", str(timeout), "--names", ",".join(names)]
    done = run_child(command, timeout * (len(names) + 2), env, sample_rss=True)
    result = _last_json(done.out) or {"errors": [f"exit {done.code}: {_tail(done.err)}"]}
    result["tree_peak_rss_mb"] = None if done.tree_mb is None else round(done.tree_mb, 1)
    return result


# -- curator set with 200,000 topics ---------------------------------------------------------

EDITS_CHILD = r"""
import json, sys, time
import yaml
from curator.core.edits import SetValue
from curator.core.record import load_record
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
front = text.split("---\n")[1]
t = time.perf_counter(); yaml.load(front, Loader=yaml.CSafeLoader)
out = {"csafeloader_load_s": round(time.perf_counter() - t, 3)}
t = time.perf_counter(); record = load_record(__import__("pathlib").Path(path))
out["curator_load_s"] = round(time.perf_counter() - t, 3)
if not hasattr(record, "apply"):
    out["error"] = str(record)
else:
    times = []
    try:
        for n, key in enumerate(("quality", "heat", "title", "category", "type")):
            t = time.perf_counter(); record.apply(SetValue((key,), f"v{n}" if n > 1 else n))
            times.append(round(time.perf_counter() - t, 3))
    except Exception as error:
        out["error"] = f"{type(error).__name__}: {error}"
    out["edit_s"] = times
print(json.dumps(out))
"""


def measure_set(work: Path, timeout: float, count: int) -> dict[str, Any]:
    source = work / "set_source.md"
    source.write_text(record_text("many", "[" + ", ".join(["t"] * count) + "]"))
    front = source.read_text().split("---\n")[1]
    out: dict[str, Any] = {"topics": count, "front_chars": len(front)}
    for key, assignments in (
        ("set_1_edit", ["quality=1"]),
        ("set_3_edits", ["quality=2", "heat=3", "title=x"]),
    ):
        target = work / f"{key}.md"
        shutil.copyfile(source, target)
        wall, rss, error = run_measured(
            [sys.executable, "-m", "curator", "set", str(target), *assignments], timeout
        )
        out[f"{key}_s"] = None if wall is None else round(wall, 3)
        out[f"{key}_rss_mb"] = None if rss is None else round(rss, 1)
        out[f"{key}_error"] = error
    done = run_child([sys.executable, "-c", EDITS_CHILD, str(source)], timeout)
    out.update(_last_json(done.out) or {"error": _tail(done.err)})
    return out


# -- report ------------------------------------------------------------------------------


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    return (
        f"{value:,.0f} {unit}" if unit == "MB" else f"{value:,.{1 if unit == 'ms' else 2}f} {unit}"
    )


def print_table(r: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str]] = []
    for case in r.get("topics", {}).get("shown", []):
        rows.append((f"show {case['name']}: time to show", _fmt(case["show_ms"], "ms"), ""))
        rows.append(("  longest event-loop stall", _fmt(case["stall_ms"], "ms"), "≤100 ms"))
        rows.append(
            (
                "  window RSS after / peak",
                f"{_fmt(case['rss_mb'], 'MB')} / {_fmt(case['peak_mb'], 'MB')}",
                f"before: {_fmt(r['topics'].get('rss_before_mb'), 'MB')}",
            )
        )
    s = r.get("set", {})
    base = s.get("csafeloader_load_s")
    rows += [
        (f"CSafeLoader load, {s.get('topics', 0):,} topics", _fmt(base, "s"), "baseline"),
        ("curator load_record", _fmt(s.get("curator_load_s"), "s"), ""),
        (
            "curator set, 1 edit",
            _fmt(s.get("set_1_edit_s"), "s"),
            s.get("set_1_edit_error") or f"peak {_fmt(s.get('set_1_edit_rss_mb'), 'MB')}",
        ),
        (
            "curator set, 3 edits",
            _fmt(s.get("set_3_edits_s"), "s"),
            s.get("set_3_edits_error") or f"peak {_fmt(s.get('set_3_edits_rss_mb'), 'MB')}",
        ),
        (
            "5 successive edits of one Record",
            ", ".join(f"{t:.2f}" for t in s.get("edit_s") or []) + " s",
            s.get("error") or "five keys: each edit should cost the same",
        ),
    ]
    for kind in ("images_big", "images_small"):
        w = r.get(kind, {})
        shown = w.get("shown", [])
        stall = max((c["stall_ms"] for c in shown), default=None)
        decoded = sum(1 for c in shown if c["image_shown"])
        label = f"{BIG_SIDE}²" if kind == "images_big" else "600×400"
        rows.append(
            (
                f"8 records with a {label} PNG: window peak RSS",
                _fmt(w.get("peak_rss_mb"), "MB"),
                "<300 MB" if kind == "images_big" else "baseline",
            )
        )
        rows.append(
            (
                "  sampled peak (window + workers)",
                _fmt(w.get("tree_peak_rss_mb"), "MB"),
                f"{decoded}/{len(shown)} pictures shown; longest stall {_fmt(stall, 'ms')}",
            )
        )
    width = max(len(row[0]) for row in rows)
    ours = max(len(row[1]) for row in rows)
    print(f"\ncurator tree: {r['tree']}")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>{ours}}  {note}")
    for error in r["errors"]:
        print(f"! {error}")


def _collect_errors(r: dict[str, Any]) -> None:
    for key in ("topics", "images_big", "images_small"):
        r["errors"] += [f"{key}: {e}" for e in r.get(key, {}).get("errors", [])]
    for key in ("set_1_edit_error", "set_3_edits_error", "error"):
        if r.get("set", {}).get(key):
            r["errors"].append(f"set: {r['set'][key]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the curator checkout to measure")
    parser.add_argument("--topics", default="10000,30000", help="topic counts, comma-separated")
    parser.add_argument("--set-topics", type=int, default=SET_TOPICS, help="topics for `set`")
    parser.add_argument("--skip-window", action="store_true")
    parser.add_argument("--skip-images", action="store_true")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per wait")
    parser.add_argument("--window-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--names", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.window_child:
        window_child(args.window_child, args.names.split(","), args.work, args.timeout)
        return 0
    tree = args.tree.resolve()
    os.environ["PYTHONPATH"] = str(tree)  # every child measures this checkout
    r: dict[str, Any] = {"tree": str(tree), "errors": []}
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="curator-hostile-") as temp:
        work = Path(temp)
        os.chdir(work)  # `python -m curator` would import a curator/ in the current folder
        print(f"curator set with {args.set_topics:,} topics …", flush=True)
        r["set"] = measure_set(work, args.timeout, args.set_topics)
        if not args.skip_window:
            counts = [int(c) for c in args.topics.split(",") if c]
            print(f"window: records with {counts} topics …", flush=True)
            names = make_topics_library(work / "topics", counts)
            (work / "w-topics").mkdir()
            r["topics"] = run_window(work / "topics", names, work / "w-topics", args.timeout)
        if not args.skip_window and not args.skip_images:
            for kind, side in (("images_small", 0), ("images_big", BIG_SIDE)):
                print(f"window: {kind} …", flush=True)
                folder = work / kind
                names = make_image_library(folder, side) if side else make_small(folder)
                (work / f"w-{kind}").mkdir()
                r[kind] = run_window(folder, names, work / f"w-{kind}", args.timeout)
    os.chdir(here)
    _collect_errors(r)
    print_table(r)
    print(json.dumps(r), flush=True)
    return 0


def make_small(folder: Path) -> list[str]:
    """The same eight records with 600×400 pictures."""
    from PIL import Image

    folder.mkdir(parents=True)
    _plain(folder)
    names = []
    for n in range(IMAGES):
        Image.new("RGB", (600, 400), (n * 30, 120, 200)).save(folder / f"img{n}.png")
        name = f"image_{n}.md"
        (folder / name).write_text(record_text(f"image {n}", "[a]", f"img{n}.png"))
        names.append(name)
    return names


if __name__ == "__main__":
    sys.exit(main())
