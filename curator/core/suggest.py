"""Related-story suggestions: the records of a library most likely the same story as one.

The engine is SQLite's FTS5 with its bm25 ranking, over the library index (a ``words``
table kept in step with ``files`` by triggers, see :mod:`~curator.core.index`): no new
dependency, offline, always as current as the index, and a query is C code that releases
the GIL. A record is matched by its *rarest* words (document frequencies from
``words_vocab``): two reports of one event share names of places, people and things, not
"says" or "new", and a handful of rare terms keeps the query under a few tens of
milliseconds at 100,000 records. The best text matches are then re-ranked with what
curators also go by: shared topics and how close the publication dates are.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .related import related_urls
from .summary import as_utc, fold, topic_keys

#: How many of the record's rarest words the text query uses.
QUERY_TERMS: Final = 8
#: A word of the title says more about the story than a word of the excerpt.
TITLE_BOOST: Final = 2.0
#: Below this score a record shares too little to be worth a curator's look; and a record
#: must hold at least MIN_TEXT of the subject's word weight (a broad topic alone, such as
#: "climate", is not a story).
MIN_SCORE: Final = 0.12
MIN_TEXT: Final = 0.08
#: How many text matches are re-ranked with topics and dates.
CANDIDATES: Final = 60
#: A word in more than this share of the library's records (and more than
#: :data:`COMMON_FLOOR` of them) says nothing about a story.
COMMON_SHARE: Final = 0.05
COMMON_FLOOR: Final = 10
#: Weights of the three signals in the final score (they add up to 1).
TEXT_WEIGHT, TOPIC_WEIGHT, DATE_WEIGHT = 0.6, 0.25, 0.15
#: Days after which publication dates no longer count as close (half weight at this gap).
DATE_SCALE_DAYS: Final = 3.0

_WORD = re.compile(r"[^\W_]+")
#: English function words, and the filler of news prose ("say", "several", "ahead"): words
#: that two reports of different stories share as easily as two of the same one.
STOP_WORDS: Final = frozenset(
    """a about above across after again against ago ahead all almost along already also
    although always among an and another any are around as at away back be became because
    become been before behind being below between beyond both but by came can cannot could
    day days did do does done down during each early either else enough even ever every
    far few first five for four from further get gets give given go goes going got had half
    has have having he her here hers him his how however i if in including inside instead
    into is it its just keep kept last late later least less like likely made make makes
    many may me might more most much must my near nearly need never new next nine no none
    nor not now of off often on once one only onto or other others our out over own part
    per put rather really run running runs said same say saying says see seen set seven
    several she should show shows since six so some soon still such take taken ten than that
    the their them then there these they third this those though three through thus time
    times to today told too took toward two under until up upon us use used very want was
    way we week weeks well went were what when where whether which while who whom whose why
    will with within without would year years yet you your""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Subject:
    """The record suggestions are made for: what it says, and what to leave out."""

    title: str
    excerpt: str
    topics: tuple[str, ...]
    date_utc: float | None
    own_id: int | None = None  # its row in the index, if it is there
    exclude_urls: frozenset[str] = frozenset()  # its own webUrl and those already related


@dataclass(frozen=True)
class Suggestion:
    """One record worth attaching, with why."""

    id: int
    path: str
    title: str
    provider: str
    date: str | None
    web_url: str
    score: float
    words: tuple[str, ...]  # the rare words both share
    topics: tuple[str, ...]  # the topics both have
    text_share: float = 0.0  # the share of the subject's word weight this record holds

    @property
    def reason(self) -> str:
        """A short reason for a curator: ``shared topics: x, y; words: a, b``."""
        parts = []
        if self.topics:
            parts.append("topics " + ", ".join(self.topics[:3]))
        if self.words:
            parts.append("words " + ", ".join(self.words[:4]))
        return "; ".join(parts) or "similar wording"


def subject_of(data: Mapping[str, Any], own_id: int | None = None) -> Subject:
    """The subject for a record's front-matter values (edits included)."""
    excluded = set(related_urls(dict(data)))
    own = data.get("webUrl")
    if isinstance(own, str) and own:
        excluded.add(own)
    moment = as_utc(data.get("publishedDateTime"))
    return Subject(
        title=_text(data.get("title")),
        excerpt=_text(data.get("excerpt")),
        topics=tuple(dict.fromkeys(t for t in topic_keys(data) if t)),
        date_utc=moment.timestamp() if moment is not None else None,
        own_id=own_id,
        exclude_urls=frozenset(excluded),
    )


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the index's tokenizer sees them (folded), in order, once
    each, without stop words, numbers and one- or two-letter words."""
    words = _WORD.findall(fold(text))
    return list(
        dict.fromkeys(w for w in words if len(w) > 2 and w not in STOP_WORDS and not w.isdigit())
    )


def suggest(db: sqlite3.Connection, subject: Subject, limit: int = 10) -> list[Suggestion]:
    """The records of the index behind ``db`` most likely related to ``subject``, best
    first (at most ``limit``); none that share too little to be worth a look."""
    terms = _terms(db, subject, _own_words(db, subject))
    if not terms.query:
        return []
    query = " OR ".join(f'"{term}"' for term in terms.query)
    found = db.execute(
        "SELECT f.id, f.path, f.title, f.excerpt, f.provider, f.date, f.date_utc, f.web_url "
        "FROM words JOIN files f ON f.id = words.rowid "
        "WHERE words MATCH ? AND f.problem IS NULL ORDER BY bm25(words, 3.0, 1.0) LIMIT ?",
        (query, CANDIDATES + 1 + len(subject.exclude_urls)),
    ).fetchall()
    found = [
        row
        for row in found
        if row[0] != subject.own_id and (row[7] or "") not in subject.exclude_urls
    ]
    if not found:
        return []
    topics = _topics_of(db, [row[0] for row in found])
    ranked = [_scored(subject, terms, row, topics.get(row[0], ())) for row in found]
    ranked = [s for s in ranked if s.score >= MIN_SCORE and s.text_share >= MIN_TEXT]
    ranked.sort(key=lambda s: (-s.score, s.path))
    return ranked[:limit]


def _own_words(db: sqlite3.Connection, subject: Subject) -> set[str]:
    """The words the index holds for the record itself (as last saved, not as edited)."""
    if subject.own_id is None:
        return set()
    row = db.execute("SELECT title, excerpt FROM files WHERE id = ?", (subject.own_id,)).fetchone()
    return set(words_of(f"{_text(row[0])} {_text(row[1])}")) if row else set()


@dataclass(frozen=True)
class _Terms:
    """The subject's words: the rarest ones to search by, and what each is worth."""

    query: list[str]
    weight: dict[str, float]  # idf of each word in the other records; 0 for common ones
    total: float


def _terms(db: sqlite3.Connection, subject: Subject, own: set[str]) -> _Terms:
    """Weigh the subject's words by how rare they are among the other records (``own``:
    the words the record's own row in the index counts), title words :data:`TITLE_BOOST`
    times; search by the :data:`QUERY_TERMS` rarest that some other record has."""
    in_title = set(words_of(subject.title))
    words = words_of(f"{subject.title} {subject.excerpt}")
    if not words:
        return _Terms([], {}, 0.0)
    # The highest row id, not count(*): as good for a word's rarity, and a count scans the
    # table (45 ms at 100,000 records, half of the time an answer may take).
    total = db.execute("SELECT max(id) FROM files").fetchone()[0] or 0
    marks = ",".join("?" * len(words))
    counts = dict(
        db.execute(f"SELECT term, doc FROM words_vocab WHERE term IN ({marks})", list(words))
    )
    common = max(COMMON_FLOOR, math.ceil(total * COMMON_SHARE))
    others = {w: max(0, counts.get(w, 0) - (w in own)) for w in words}
    boost = {w: TITLE_BOOST if w in in_title else 1.0 for w in words}
    weight = {
        w: math.log((total + 1) / (n + 1)) * boost[w] if n <= common else 0.0
        for w, n in others.items()
    }
    usable = sorted((w for w in words if 0 < others[w] <= common), key=lambda w: others[w])
    return _Terms(usable[:QUERY_TERMS], weight, sum(weight.values()) or 1.0)


def _topics_of(db: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    marks = ",".join("?" * len(ids))
    found: dict[int, list[str]] = {}
    for file_id, topic in db.execute(
        f"SELECT file_id, topic FROM topics WHERE file_id IN ({marks})", list(ids)
    ):
        found.setdefault(file_id, []).append(topic)
    return {k: tuple(v) for k, v in found.items()}


def _scored(
    subject: Subject, terms: _Terms, row: tuple[Any, ...], topics: Iterable[str]
) -> Suggestion:
    file_id, path, title, excerpt, provider, date, date_utc, web_url = row
    theirs = set(words_of(f"{_text(title)} {_text(excerpt)}"))
    common = [w for w, weight in terms.weight.items() if weight > 0 and w in theirs]
    words = tuple(sorted(common, key=lambda w: -terms.weight[w]))
    shared = tuple(t for t in subject.topics if t in set(topics))
    text = sum(terms.weight[w] for w in common) / terms.total
    topic = len(shared) / len(subject.topics) if subject.topics else 0.0
    days = (
        abs(subject.date_utc - date_utc) / 86400
        if subject.date_utc is not None and isinstance(date_utc, int | float)
        else None
    )
    near = 0.0 if days is None else 1.0 / (1.0 + days / DATE_SCALE_DAYS)
    score = TEXT_WEIGHT * text + TOPIC_WEIGHT * topic + DATE_WEIGHT * near
    return Suggestion(
        id=file_id,
        path=path,
        title=_text(title),
        provider=_text(provider),
        date=date if isinstance(date, str) else None,
        web_url=_text(web_url),
        score=round(score, 4),
        words=words,
        topics=shared,
        text_share=round(text, 4),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
