"""Seed-style records for scale benchmarks: deterministic, varied, fast to write.

    python3 benchmarks/generate.py DIR N [--seed 7]

Writes N records shaped like ``tests/data/seed.md`` (quoted title and excerpt, dates,
URLs, scores, provider mapping, topics, images, 1-3 related items each with a provider
and images, a ``secured`` blob, the closing fence and a body paragraph) into one flat
folder, named ``000123_<16 hex>.md``. The same seed always gives the same bytes, and the
first K records of a run are the same whatever N is. About 4 KB a record;
100,000 take about 20 s.
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PLACES = (
    "Harbour Town", "Lagos", "Rotterdam", "Osaka", "Quito", "Tallinn", "Perth", "Nairobi",
    "Valparaíso", "Montreal", "Hanoi", "Bergen", "Accra", "Lyon", "Busan", "Porto", "Denver",
    "Kraków", "Mumbai", "Halifax", "Dakar", "Seville", "Taipei", "Adelaide", "Riga",
    "Cork", "Bogotá", "Tbilisi", "Ghent", "Kyoto", "Manaus", "Tromsø", "Windhoek",
    "Yangon", "Leipzig", "Chennai", "Reykjavík", "Cusco", "Oulu", "Medellín",
)  # fmt: skip
ACTORS = (
    "Council", "Regulators", "Chipmakers", "Farmers", "Port Workers", "Startups",
    "Lawmakers", "Hospitals", "Universities", "Carmakers", "Railways", "Insurers",
    "Fishermen", "Utilities", "Teachers", "Airlines", "Banks", "Miners", "Researchers",
    "Retailers", "Police", "Courts", "Engineers", "Shipbuilders", "Nurses", "Developers",
)  # fmt: skip
VERBS = (
    "Pilot", "Ban", "Approve", "Delay", "Test", "Expand", "Scrap", "Fund", "Review",
    "Launch", "Question", "Back", "Halt", "Map", "Rethink", "Adopt", "Weigh", "Probe",
    "Upgrade", "Share", "Challenge", "Restore", "Automate", "Replace", "Audit",
)  # fmt: skip
ADJECTIVES = (
    "Facial Recognition", "Low-Power", "Solar", "Offshore", "Smart", "Open-Source",
    "Autonomous", "Hydrogen", "Coastal", "Satellite", "Battery", "Quantum", "Digital",
    "Rural", "Flood", "Water", "Wind", "Heat", "Neon", "Lithium", "Cloud", "5G",
    "Biometric", "Carbon", "Cobalt", "Drone", "Payment", "Medical", "Tide", "Grid",
)  # fmt: skip
NOUNS = (
    "Sensors", "Cameras", "Chips", "Ferries", "Batteries", "Networks", "Subsidies",
    "Datasets", "Permits", "Turbines", "Pipelines", "Clinics", "Vaccines", "Tariffs",
    "Rules", "Trials", "Contracts", "Gauges", "Models", "Satellites", "Fleets", "Farms",
    "Labs", "Towers", "Stations", "Apps", "Licences", "Reactors", "Warehouses", "Plants",
)  # fmt: skip
ENDINGS = (
    "", "", "", "", ": Council", ": Report", " After Storm", " as Costs Rise",
    " Along Its Old Sea Wall", " Despite Protests", " for the First Time",
    " Amid Supply Worries", " Before Elections", " in Two-Year Plan", ": Officials",
    " as Demand Surges", " After Data Leak", " Under New Law", " Ahead of Winter",
)  # fmt: skip
TEMPLATES = (
    "{place} {actor} {verb} {adj} {noun}{end}",
    "{actor} {verb} {adj} {noun} in {place}{end}",
    "{place} to {verb} {adj} {noun}{end}",
    "Why {place} {actor} {verb} {adj} {noun}",
    "{adj} {noun}: {place} {actor} {verb} Plan{end}",
    "{actor} in {place} {verb} {n} {adj} {noun}",
    "{place}’s {adj} {noun} Face Scrutiny{end}",
)
EXCERPT_OPENINGS = (
    "According to a council briefing,", "Officials said on Monday that", "In a statement,",
    "Analysts say", "A draft seen by reporters shows that", "Residents were told that",
    "The regional paper reported that", "People familiar with the matter said",
    "Figures released on Thursday show that", "After months of talks,",
)  # fmt: skip
EXCERPT_MIDDLES = (
    "the {actor} plan to fit {adj} {noun} on all {n} sites",
    "{n} {noun} will be replaced by {adj} ones before the end of the year",
    "the {actor} have asked for {n} more {adj} {noun}",
    "costs for {adj} {noun} rose by {n} percent",
    "the {actor} will review {adj} {noun} in {place} and {place2}",
    "a pilot with {n} {adj} {noun} ends in the spring",
)
EXCERPT_ENDINGS = (
    ".", ", though funding is not yet agreed.", ", a move critics call rushed.",
    ", with a decision due next month.", " and more are planned.",
    ", the harbour master said.", ", according to the minutes.",
)  # fmt: skip
CATEGORIES = ("news", "news", "news", "tech", "business", "science", "politics", "health")
TYPES = ("article",) * 18 + ("video", "podcast")
TOPICS = (
    "Sensor Networks", "IoT", "Computer Vision", "Semiconductors", "Supply Chains",
    "Climate", "Energy", "Shipping", "Privacy", "Surveillance", "Public Health", "Farming",
    "Transport", "Elections", "Labour", "Space", "Batteries", "Water", "Housing",
    "Cybersecurity", "Artificial Intelligence", "Finance", "Education", "Fisheries",
    "Mining", "Telecoms", "Robotics", "Weather", "Trade", "Urban Planning",
)  # fmt: skip
PROVIDERS = tuple(
    (name, domain)
    for name, domain in (
        ("The Coastal Ledger", "coastalledger.example"),
        ("Port Notes", "portnotes.example"),
        ("Shoreline Tech", "shorelinetech.example"),
        ("The Circuit Review", "circuitreview.example"),
        ("Market Pulse Daily", "marketpulsedaily.example"),
        ("Formosa Tech Wire", "formosatechwire.example"),
        ("Northern Courier", "northerncourier.example"),
        ("Le Monde Technique", "lemondetechnique.example"),
        ("Delta Observer", "deltaobserver.example"),
        ("Highland Herald", "highlandherald.example"),
        ("Equator Business", "equatorbusiness.example"),
        ("The Grid Report", "gridreport.example"),
        ("Baltic Wire", "balticwire.example"),
        ("Andes Today", "andestoday.example"),
        ("Pacific Signal", "pacificsignal.example"),
        ("Savanna Post", "savannapost.example"),
        ("Rhine Digest", "rhinedigest.example"),
        ("Metro Ledger", "metroledger.example"),
        ("Science Frontier", "sciencefrontier.example"),
        ("Health Watch Weekly", "healthwatchweekly.example"),
        ("Fjord Times", "fjordtimes.example"),
        ("Monsoon Daily", "monsoondaily.example"),
        ("Prairie Press", "prairiepress.example"),
        ("Atlas Monitor", "atlasmonitor.example"),
        ("Kestrel News", "kestrelnews.example"),
        ("The Quayside", "quayside.example"),
        ("Orbit Wire", "orbitwire.example"),
        ("Cascade Journal", "cascadejournal.example"),
        ("Steppe Review", "steppereview.example"),
        ("Isthmus Tribune", "isthmustribune.example"),
        ("Lantern Post", "lanternpost.example"),
        ("Midland Chronicle", "midlandchronicle.example"),
        ("Tide & Time", "tideandtime.example"),
        ("Harbour Lights", "harbourlights.example"),
        ("Sierra Gazette", "sierragazette.example"),
        ("Bay Area Byte", "bayareabyte.example"),
        ("Outback Report", "outbackreport.example"),
        ("Danube Daily", "danubedaily.example"),
        ("The Ridge", "theridge.example"),
        ("Copperbelt Times", "copperbelttimes.example"),
    )
)
BODY = (
    "Notes for the desk: check the council minutes before the follow-up runs, and ask the "
    "harbour master for the sensor supplier list. The pilot budget and the dates above come "
    "from the briefing paper; the photo is the agency's and may be reused with credit."
)
SIZES = ((640, 427), (1200, 720), (1280, 720), (600, 400), (800, 533), (1024, 576))
START = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 4 * 365 * 24 * 60


def _slug(text: str) -> str:
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


class _Maker:
    """One random stream; every record draws from it in order, so prefixes are stable."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.done: list[tuple[str, str, str, str, int, str, tuple[str, str]]] = []

    def _words(self) -> dict[str, object]:
        r = self.rng
        return {
            "place": r.choice(PLACES),
            "place2": r.choice(PLACES),
            "actor": r.choice(ACTORS),
            "verb": r.choice(VERBS),
            "adj": r.choice(ADJECTIVES),
            "noun": r.choice(NOUNS),
            "end": r.choice(ENDINGS),
            "n": r.randint(2, 40),
        }

    def _title(self) -> str:
        return self.rng.choice(TEMPLATES).format(**self._words())

    def _excerpt(self) -> str:
        r = self.rng
        words = self._words()
        words["actor"] = str(words["actor"]).lower()
        words["adj"] = str(words["adj"]).lower()
        words["noun"] = str(words["noun"]).lower()
        return (
            f"{r.choice(EXCERPT_OPENINGS)} {r.choice(EXCERPT_MIDDLES).format(**words)}"
            f"{r.choice(EXCERPT_ENDINGS)}"
        )

    def _when(self) -> datetime:
        return START + timedelta(minutes=self.rng.randrange(SPAN_MINUTES))

    def _image(self, domain: str, when: datetime, indent: str) -> str:
        width, height = self.rng.choice(SIZES)
        name = f"{self.rng.getrandbits(96):024x}"
        ext = self.rng.choice(("jpg", "jpeg", "png", "webp"))
        return (
            f'{indent}- url: "https://cdn.{domain}/media/{when:%Y/%m}/{name}.{ext}"\n'
            f"{indent}  width: {width}\n"
            f"{indent}  height: {height}\n"
            f"{indent}  isCached: {'true' if self.rng.random() < 0.8 else 'false'}\n"
        )

    def _related(self, when: datetime) -> str:
        r = self.rng
        # now and then a link to a record of the library itself, else an outside article
        if self.done and r.random() < 0.3:
            title, excerpt, stamp, url, quality, type_, (name, domain) = r.choice(self.done)
        else:
            title, excerpt = self._title(), self._excerpt()
            moment = when + timedelta(minutes=r.randint(-4320, 4320))
            stamp = f"{moment:%Y-%m-%dT%H:%M:%SZ}"
            name, domain = r.choice(PROVIDERS)
            url = f"https://www.{domain}/news/{moment:%Y%m}/{r.randrange(10**7)}.html"
            quality, type_ = r.randint(0, 100), r.choice(TYPES)
        images = "".join(self._image(domain, when, "      ") for _ in range(r.choice((1, 1, 1, 2))))
        return (
            f'  - title: "{title}"\n'
            f'    excerpt: "{excerpt}"\n'
            f"    publishedDateTime: {stamp}\n"
            f'    webUrl: "{url}"\n'
            f"    type: {type_}\n"
            f"    provider:\n"
            f"      name: {name}\n"
            f"      domain: {domain}\n"
            f"    quality: {quality}\n"
            f"    images:\n"
            f"{images}"
        )

    def record(self) -> tuple[str, str]:
        """(file-name hex, text) of the next record."""
        r = self.rng
        title, excerpt = self._title(), self._excerpt()
        when = self._when()
        stamp = f"{when:%Y-%m-%dT%H:%M:%SZ}"
        provider = r.choice(PROVIDERS)
        name, domain = provider
        url = f"https://{domain}/{when:%Y/%m}/{_slug(title)}/"
        type_ = r.choice(TYPES)
        quality = r.randint(0, 100)
        topics = "".join(f"  - {t}\n" for t in r.sample(TOPICS, r.randint(1, 4)))
        images = "".join(self._image(domain, when, "  ") for _ in range(r.choice((1, 1, 1, 2))))
        related = "".join(self._related(when) for _ in range(r.randint(1, 3)))
        secured = base64.b64encode(r.randbytes(r.randrange(300, 420))).decode()
        nonce = base64.b64encode(r.randbytes(16)).decode()
        text = (
            "---\n"
            f"category: {r.choice(CATEGORIES)}\n"
            f'title: "{title}"\n'
            f'excerpt: "{excerpt}"\n'
            f"publishedDateTime: {stamp}\n"
            f'originalUrl: "{url}"\n'
            f'webUrl: "{url}"\n'
            f"type: {type_}\n"
            f"quality: {quality}\n"
            f"heat: {r.randint(0, 100)}\n"
            f"published: {'true' if r.random() < 0.4 else 'false'}\n"
            "\n"
            "provider:\n"
            f"  name: {name}\n"
            f"  domain: {domain}\n"
            "\n"
            "topics:\n"
            f"{topics}"
            "\n"
            "images:\n"
            f"{images}"
            "\n"
            "related:\n"
            f"{related}"
            "\n"
            f'secured: "{secured};{nonce}"\n'
            "---\n"
            "\n"
            f"{BODY}\n"
        )
        if len(self.done) < 5000:
            self.done.append((title, excerpt, stamp, url, quality, type_, provider))
        return f"{r.getrandbits(64):016x}", text


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` records into ``folder`` (created if needed); their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    maker = _Maker(seed)
    width = max(6, len(str(count)))
    paths = []
    for number in range(1, count + 1):
        tag, text = maker.record()
        path = folder / f"{number:0{width}d}_{tag}.md"
        with open(path, "wb") as out:
            out.write(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = generate(args.folder, args.count, args.seed)
    print(f"{len(paths)} records in {args.folder} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
