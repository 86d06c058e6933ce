"""Related-story suggestions at scale: quality and speed on a library of story clusters.

    python3 benchmarks/bench_suggest.py --records 100000 [--keep DIR] [--samples 300]

Generates (or reuses, with ``--keep``) a library where every story is told three times by
different providers in their own words (shared names of places and organisations, each
report its own phrasing, dates within three days, one topic in common) and indexes it.
Then, for a sample of records, it asks :func:`curator.core.suggest.suggest` for five
suggestions and counts how often both other reports of the story are among them, and how
long each answer took. The baseline, on the same rows in the same run, is the obvious
code without the index: Python comparing the record's words with every record's words.
Prints a table and, as the last line, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from curator.core.index import Indexer, LibraryIndex  # noqa: E402
from curator.core.suggest import Subject, suggest, words_of  # noqa: E402

SYLLABLES = (
    "var", "hol", "kem", "ira", "tos", "lun", "bra", "dek", "sol", "mir", "gan", "tel",
    "ost", "rav", "qui", "len", "dor", "ska", "pel", "vin", "zur", "ama", "fen", "kol",
)  # fmt: skip
COMMON = (
    "officials", "plan", "report", "city", "workers", "record", "costs", "talks", "deal",
    "market", "power", "water", "court", "police", "schools", "energy", "prices", "data",
    "storm", "border", "trade", "health", "budget", "union", "election", "airport",
)  # fmt: skip
TOPICS = tuple(f"topic {n}" for n in range(60))
PROVIDERS = ("Frontier Wire", "Asia Ledger", "Daily Courier", "Harbor Ledger", "Byteline")
TEMPLATES = (
    ("{a} {c1} Face Questions Over {b} {c2}", "{c3} in {a} say the {b} {c4} was rushed."),
    ("Why {b} Matters for {a} {c2}", "Critics of {b} point to {c1} and {c3} across {a}."),
    ("{a} Braces as {b} {c4} Spreads", "The {b} row now reaches {c2} and {c1}."),
)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def generate(folder: Path, count: int, seed: int = 11) -> None:
    """Write ``count`` records, three reports per story, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = time.mktime((2021, 1, 1, 0, 0, 0, 0, 0, 0))
    for story in range((count + 2) // 3):
        a, b = _name(rng), _name(rng)
        topic = rng.choice(TOPICS)
        when = start + rng.uniform(0, 2 * 365 * 86400)
        for report in range(min(3, count - story * 3)):
            title_t, excerpt_t = TEMPLATES[report]
            words = {f"c{i}": rng.choice(COMMON) for i in range(1, 5)}
            title = title_t.format(a=a, b=b, **words).title()
            excerpt = excerpt_t.format(a=a, b=b, **words)
            stamp = time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(when + rng.uniform(0, 3 * 86400))
            )
            number = story * 3 + report
            other = rng.choice([t for t in TOPICS if t != topic])
            text = (
                f'---\ntitle: "{title}"\nexcerpt: "{excerpt}"\npublishedDateTime: {stamp}\n'
                f'webUrl: "https://news.example/{number}"\nprovider:\n'
                f"  name: {PROVIDERS[(story + report) % len(PROVIDERS)]}\n"
                f"topics:\n  - {topic}\n  - {other}\nquality: 50\n---\n\n{excerpt}\n"
            )
            (folder / f"{number:06d}_s{story}.md").write_text(text, encoding="utf-8")


def _baseline(rows: list[tuple[int, str, set[str]]], subject: set[str], own: int) -> list[int]:
    """Five records sharing most words with ``subject``: a Python loop over every row."""
    scored = [(len(subject & words), file_id) for file_id, _path, words in rows if file_id != own]
    scored.sort(reverse=True)
    return [file_id for _score, file_id in scored[:5]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--baseline-samples", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="generate into DIR, or reuse it")
    args = parser.parse_args(argv)
    temp = None
    if args.keep is None:
        temp = tempfile.TemporaryDirectory(prefix="curator-suggest-")
        folder = Path(temp.name) / "lib"
    else:
        folder = args.keep
    if not folder.is_dir() or len(list(folder.glob("*.md"))) != args.records:
        print(f"generating {args.records} records in {folder} …", file=sys.stderr)
        generate(folder, args.records)
    started = time.perf_counter()
    index = LibraryIndex(folder)
    indexer = Indexer()
    index.refresh(indexer)
    indexer.close()
    index.update_words()
    index_s = time.perf_counter() - started
    db = index.db
    topics_of: dict[int, list[str]] = {}
    for file_id, topic in db.execute("SELECT file_id, topic FROM topics"):
        topics_of.setdefault(file_id, []).append(topic)
    rows = [
        (file_id, path, str(title), str(excerpt), tuple(topics_of.get(file_id, ())), date_utc)
        for file_id, path, title, excerpt, date_utc in db.execute(
            "SELECT id, path, title, excerpt, date_utc FROM files WHERE problem IS NULL"
        )
    ]
    story_of = {path: path.split("_s", 1)[1] for _id, path, *_rest in rows}
    members: dict[str, set[str]] = {}
    for path, story in story_of.items():
        members.setdefault(story, set()).add(path)
    rng = random.Random(5)
    sample = [r for r in rng.sample(rows, min(args.samples, len(rows)))]
    took: list[float] = []
    found = 0
    for file_id, path, title, excerpt, topics, date_utc in sample:
        subject = Subject(
            title=title,
            excerpt=excerpt,
            topics=topics,
            date_utc=date_utc,
            own_id=file_id,
        )
        start = time.perf_counter()
        top = suggest(db, subject, limit=5)
        took.append(time.perf_counter() - start)
        siblings = members[story_of[path]] - {path}
        found += siblings <= {s.path for s in top}
    words = [(file_id, path, set(words_of(f"{t} {e}"))) for file_id, path, t, e, *_r in rows]
    base_took: list[float] = []
    base_found = 0
    for file_id, path, title, excerpt, *_rest in sample[: args.baseline_samples]:
        start = time.perf_counter()
        top_ids = _baseline(words, set(words_of(f"{title} {excerpt}")), file_id)
        base_took.append(time.perf_counter() - start)
        paths = {p for i, p, _w in words if i in top_ids}
        base_found += members[story_of[path]] - {path} <= paths
    index.close()
    ms = [t * 1000 for t in took]
    result = {
        "records": len(rows),
        "index_build_s": round(index_s, 2),
        "samples": len(sample),
        "top5_recall": round(found / len(sample), 3),
        "suggest_median_ms": round(statistics.median(ms), 2),
        "suggest_p95_ms": round(sorted(ms)[int(len(ms) * 0.95) - 1], 2),
        "suggest_max_ms": round(max(ms), 2),
        "baseline_samples": len(base_took),
        "baseline_top5_recall": round(base_found / len(base_took), 3),
        "baseline_median_ms": round(statistics.median(base_took) * 1000, 2),
    }
    print(f"{result['records']} records, index built in {result['index_build_s']} s")
    print(f"{'':28}{'curator':>12}{'baseline':>12}  target")
    print(
        f"{'both siblings in top 5':28}{result['top5_recall']:>12.1%}"
        f"{result['baseline_top5_recall']:>12.1%}  ≥90%"
    )
    print(
        f"{'answer, median':28}{result['suggest_median_ms']:>10.1f}ms"
        f"{result['baseline_median_ms']:>10.1f}ms  <100 ms"
    )
    print(f"{'answer, 95th percentile':28}{result['suggest_p95_ms']:>10.1f}ms")
    print(f"{'answer, slowest':28}{result['suggest_max_ms']:>10.1f}ms")
    print(json.dumps(result))
    if temp is not None:
        temp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
