"""Regenerate the bundled sample library in ``resources/sample/``.

Usage (from anywhere; needs only the standard library, Pillow and PyYAML)::

    python resources/make_sample.py

The script deletes ``resources/sample/`` and writes it again; the output is deterministic (fixed
random seed, no timestamps) and is committed so that ``curator resources/sample`` works out of the
box. Notes on the library (kept here, because a README inside it would be read as a record):

* 30 invented news records ``NNN_<first 16 hex of sha256(webUrl)>.md``, written as text in the exact
  style of ``shared/seed/000_386cb65e861bb9db.txt`` (never ``yaml.dump``): double-quoted title,
  excerpt, URLs and ``secured``; plain category, type, provider and topics; blank lines between
  groups; the file ends with the closing ``---`` and one empty line. Two records carry a short
  Markdown body after the fence instead.
* Cached pictures live in ``.curator/images/<sha256 of the URL, UTF-8>`` with no extension.
* Deliberate special cases (see ``SPECIAL`` and the summary printed at the end):
  ``wrong-size`` stores 800x600 for a 600x400 picture; ``webp`` is cached as a WebP file;
  ``local`` uses the relative URL ``images/<slug>.png`` (file in ``sample/images/``);
  ``uncached`` says ``isCached: false`` and has no cache file. One record has ``images: []``,
  one has no ``images`` key, two have ``related: []``.
* Several related items copy another sample record (webUrl, title, excerpt, provider, quality,
  first image) so "open related record" can be exercised; the others point to outside articles.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from curator.core.layout import TOP_ORDER

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
CACHE = SAMPLE / ".curator" / "images"
RANDOM_SEED = 20220712
SIZES = ((1200, 720), (600, 400), (800, 450), (1024, 576), (640, 360), (900, 600))
SS = 2  # supersampling factor for smooth shapes and text

# --------------------------------------------------------------------------------------------
# Providers: name, domain, article URL pattern, image URL pattern.
# Fields: {slug} {y} {m} {d} {id} {hex}
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    name: str
    domain: str
    web: str
    img: str


PROVIDERS = {
    "harbor": Provider(
        "Harbor Ledger",
        "harborledger.com",
        "https://www.harborledger.com/business/{y}/{m}/{slug}/",
        "https://www.harborledger.com/wp-content/uploads/{y}/{m}/{slug}-1200x720.jpg",
    ),
    "circuit": Provider(
        "The Circuit Review",
        "circuitreview.net",
        "https://circuitreview.net/news/{slug}-{id}",
        "https://cdn.circuitreview.net/uploads/{y}/{m}/{hex}.jpeg",
    ),
    "orbital": Provider(
        "Orbital Weekly",
        "orbitalweekly.com",
        "https://www.orbitalweekly.com/{y}/{m}/{d}/{slug}/",
        "https://img.orbitalweekly.com/{y}/{m}/{slug}.jpg?w=1200&q=80",
    ),
    "meridian": Provider(
        "Meridian Times",
        "meridiantimes.co.uk",
        "https://www.meridiantimes.co.uk/world/{id}/{slug}",
        "https://static.meridiantimes.co.uk/media/{y}/{m}/{d}/{id}_main.jpg",
    ),
    "pulse": Provider(
        "Market Pulse Daily",
        "marketpulsedaily.com",
        "https://marketpulsedaily.com/articles/{slug}",
        "https://images.marketpulsedaily.com/{hex}/{slug}.jpg",
    ),
    "green": Provider(
        "Green Column",
        "greencolumn.org",
        "https://greencolumn.org/{y}/{m}/{slug}/",
        "https://greencolumn.org/media/{slug}-hero.jpg",
    ),
    "lab": Provider(
        "Lab Bench News",
        "labbenchnews.com",
        "https://www.labbenchnews.com/articles/{slug}",
        "https://www.labbenchnews.com/images/{y}{m}/{slug}_lead.jpeg",
    ),
    "northwind": Provider(
        "Northwind Herald",
        "northwindherald.com",
        "https://northwindherald.com/news/{y}/{m}/{d}/{slug}",
        "https://northwindherald.com/resizer/{hex}/{slug}.jpg",
    ),
    "byteline": Provider(
        "Byteline",
        "byteline.io",
        "https://byteline.io/p/{slug}",
        "https://byteline.io/content/images/size/w1200/{y}/{m}/{slug}.jpg",
    ),
    "coastal": Provider(
        "Coastal Observer",
        "coastalobserver.net",
        "https://www.coastalobserver.net/science/{slug}.html",
        "https://www.coastalobserver.net/assets/img/{y}/{slug}-1.jpg",
    ),
}

# --------------------------------------------------------------------------------------------
# Articles. art: (caption, motif) per image; None = no images key, () = "images: []".
# related: keys of other records, or "ext:<key>" for an outside article; () = "related: []".
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    key: str
    category: str
    provider: str
    when: str
    title: str
    excerpt: str
    topics: tuple[str, ...]
    quality: int
    heat: int
    published: bool
    art: tuple[tuple[str, str], ...] | None
    related: tuple[str, ...] | None = None
    body: str = ""
    original: str = ""


# fmt: off
SPECS = (
    Spec(
        "chipmakers-neon-supply", "tech", "circuit", "2022-07-04 08:15",
        "Chipmakers Race to Lock In Neon Supply as War Disrupts Ukrainian Producers",
        "Two Odesa-area firms once purified about half of the world’s semiconductor-grade neon. "
        "Fabs in Taiwan and South Korea are now recycling the gas and signing long-term deals "
        "elsewhere.",
        ("Semiconductors", "Supply Chains"), 72, 64, True, (("NEON", "circuit"),),
        related=("foundry-orders-cool", "ext:taiwan-neon"),
    ),
    Spec(
        "foundry-orders-cool", "business", "pulse", "2022-07-06 13:40",
        "Foundry Orders Cool for the First Time in Two Years",
        "Phone and PC makers are trimming chip orders as inventories swell, analysts say, "
        "though demand from carmakers and data centres remains firm.",
        ("Semiconductors", "Markets"), 55, 47, False, (("ORDERS", "bars"),),
        related=("chipmakers-neon-supply",),
    ),
    Spec(
        "shanghai-port-recovers", "news", "harbor", "2022-06-27 06:05",
        "Shanghai Port Traffic Recovers, but Container Rates Stay Stubbornly High",
        "Throughput at the world’s busiest container port is back near pre-lockdown levels, yet "
        "freight forwarders warn that spot rates to Europe may not fall before the autumn.",
        ("Supply Chains", "Transport", "Markets"), 61, 58, False,
        (("PORT", "blocks"), ("CRANES", "grid")),
    ),
    Spec(
        "battery-recyclers-ev-packs", "business", "green", "2022-07-08 09:30",
        "Battery Recyclers Bet on a Flood of Retired EV Packs",
        "Start-ups in Nevada and Sweden are building plants sized for a wave of end-of-life "
        "batteries that will not arrive for years — and hoping scrap from gigafactories fills "
        "the gap.",
        ("Energy", "Transport", "Climate"), 68, 33, False, (("RECYCLE", "rings"),),
        body="Curator’s note: pair this with the lithium price story if both run this week; "
        "the recycling angle explains why carmakers are signing mine deals now.\n",
    ),
    Spec(
        "europe-braces-record-heat", "news", "meridian", "2022-07-18 16:45",
        "Europe Braces for Record Heat as Temperatures Near 40°C in Britain",
        "Forecasters issued the UK’s first red extreme-heat warning, while firefighters in "
        "Portugal, Spain and south-west France battled blazes fuelled by weeks of drought.",
        ("Climate", "Health"), 88, 100, True, (("HEAT", "sun"),),
        related=("grids-under-strain", "rhine-low-water", "ext:keep-cool"),
    ),
    Spec(
        "grids-under-strain", "news", "northwind", "2022-07-19 07:20",
        "Heat Puts Power Grids Under Strain From Texas to France",
        "Operators asked customers to cut demand at peak hours as air-conditioning load soared "
        "and low river levels forced nuclear plants to reduce output.",
        ("Energy", "Climate"), 74, 81, False, (("GRID", "grid"),),
        related=("europe-braces-record-heat",),
    ),
    Spec(
        "pause-deep-sea-mining", "science", "coastal", "2022-06-29 11:00",
        "Scientists Urge Pause on Deep-Sea Mining Until Ecosystems Are Mapped",
        "A review of more than 200 studies finds that most species living on the abyssal nodule "
        "fields of the Pacific have not yet been described.",
        ("Oceans", "Climate"), 66, 29, False, (("ABYSS", "bubbles"),),
    ),
    Spec(
        "volunteers-exoplanet-candidates", "science", "orbital", "2022-07-12 15:30",
        "Volunteers Spot 30 New Exoplanet Candidates in Archived Telescope Data",
        "Members of an online citizen-science project combed through light curves that automated "
        "pipelines had discarded, turning up several likely worlds in the habitable zone.",
        ("Space", "AI"), 79, 52, True,
        (("EXO", "orbit"), ("TRANSIT", "waves"), ("30 NEW", "bubbles")),
    ),
    Spec(
        "stadium-facial-recognition", "tech", "byteline", "2022-07-01 10:10",
        "Stadium Operators Quietly Roll Out Facial Recognition at the Gates",
        "Ticketing firms pitch the systems as a faster way in, but privacy advocates say fans are "
        "rarely told how long their face templates are kept.",
        ("Computer Vision", "Privacy", "AI"), 58, 71, False, (("FACE ID", "rings"),),
        related=("ext:fans-faces", "ext:venue-entry"),
    ),
    Spec(
        "wheat-futures-slide", "business", "pulse", "2022-06-22 12:00",
        "Wheat Futures Slide as Black Sea Export Talks Make Progress",
        "Prices have given back most of their gains since February, though traders say any "
        "corridor deal would still leave millions of tonnes stuck in silos.",
        ("Markets", "Supply Chains"), 47, 0, False, (),
    ),
    Spec(
        "robot-kitchens-demo-stage", "tech", "circuit", "2022-07-14 09:00",
        "Robot Kitchens Struggle to Move Beyond the Demo Stage",
        "Burger-flipping arms and automated salad bars won headlines, but restaurant chains "
        "report that cleaning and maintenance eat most of the promised savings.",
        ("Robotics", "AI"), 42, 26, False, (("ROBO", "blocks"),),
    ),
    Spec(
        "booster-eleventh-flight", "science", "orbital", "2022-07-09 21:50",
        "Reusable Booster Lands at Sea After Record Eleventh Flight",
        "The first stage touched down on a drone ship in calm seas, bringing the company’s tally "
        "of landings this year to 28 and its launch cadence to one every six days.",
        ("Space", "Transport"), 70, 66, True, (("LIFTOFF", "mountains"),),
        related=("deorbit-deadline",),
    ),
    Spec(
        "deorbit-deadline", "science", "meridian", "2022-07-11 08:30",
        "Regulators Propose Five-Year Deadline to Deorbit Dead Satellites",
        "The draft rule would replace a 25-year guideline set in the 1990s, when fewer than a "
        "thousand active satellites circled the planet.",
        ("Space",), 63, 44, False, (("ORBIT", "orbit"),),
        related=("booster-eleventh-flight", "ext:space-junk"),
    ),
    Spec(
        "lab-coral-spawns", "science", "coastal", "2022-06-24 05:45",
        "Lab-Raised Coral Spawns in the Wild for the First Time, Researchers Say",
        "Colonies grown from fragments in aquarium tanks and replanted on a reef off Queensland "
        "released eggs and sperm in sync with wild neighbours.",
        ("Oceans", "Climate", "Biotech"), 81, 37, True, (("CORAL", "bubbles"),),
    ),
    Spec(
        "ransomware-regional-hospitals", "tech", "byteline", "2022-07-15 17:05",
        "Ransomware Gang Targets Regional Hospitals With New Loader",
        "Security researchers say the group is exploiting unpatched VPN appliances and has begun "
        "publishing stolen patient records to pressure victims.",
        ("Cybersecurity", "Health"), 77, 85, False, (("ALERT", "circuit"),),
        related=(),
    ),
    Spec(
        "malaria-vaccine-efficacy", "science", "lab", "2022-07-07 14:20",
        "Second Malaria Vaccine Shows 77% Efficacy in Extended Trial",
        "A booster dose given a year after the initial course maintained protection in young "
        "children in Burkina Faso, according to results published on Thursday.",
        ("Health", "Biotech"), 96, 60, True, (("VACCINE", "rings"),),
    ),
    Spec(
        "rhine-low-water", "news", "harbor", "2022-07-21 10:35",
        "Low Water on the Rhine Forces Barges to Sail a Third Full",
        "Shippers are adding surcharges as the gauge at Kaub falls toward the level at which many "
        "vessels stop running, threatening coal and fuel deliveries inland.",
        ("Climate", "Transport", "Supply Chains", "Energy"), 69, 75, False,
        (("RHINE", "waves"),),
    ),
    Spec(
        "ml-rainfall-outlooks", "science", "byteline", "2022-06-30 19:00",
        "Machine-Learning Model Matches Forecasters on Two-Week Rainfall Outlooks",
        "Trained on four decades of reanalysis data, the model runs on a single GPU in under a "
        "minute, though its authors caution it still misses rare extremes.",
        ("AI", "Climate"), 73, 48, False, (("FORECAST", "waves"),),
        body="## Why it matters\n\nSeasonal agencies are already testing the model alongside "
        "their ensembles; a *hybrid* forecast could reach farmers by next spring.\n",
    ),
    Spec(
        "deepfake-robocalls", "news", "northwind", "2022-07-05 11:25",
        "Election Officials Train Poll Workers to Spot Deepfake Robocalls",
        "Ahead of the midterms, several states are running tabletop exercises in which synthetic "
        "voices impersonate candidates urging supporters to vote on the wrong day.",
        ("Elections", "AI", "Cybersecurity"), 57, 62, False,
        (("VOTE", "grid"), ("VOICE", "waves")),
    ),
    Spec(
        "fuel-queues-dollars", "news", "meridian", "2022-07-02 04:50",
        "Fuel Queues Stretch for Days as Island Nation Runs Short of Dollars",
        "Schools have moved online and non-essential travel is banned while the government seeks "
        "an emergency credit line to pay for shipments already at anchor.",
        ("Energy", "Markets"), 64, 79, True, (("FUEL", "sun"),),
        related=("ext:rate-hike",),
    ),
    Spec(
        "error-corrected-qubit", "tech", "circuit", "2022-06-21 15:15",
        "Quantum Start-Up Claims Error-Corrected Qubit Milestone",
        "The company says a logical qubit built from 17 physical ones outlived its best "
        "component, a result outside researchers called promising but not yet verified.",
        ("Semiconductors",), 35, 22, False, (("QUBIT", "orbit"),),
    ),
    Spec(
        "eu-ev-tariffs", "business", "harbor", "2022-07-13 07:55",
        "EU Weighs Tariffs on Imported Electric Cars as Market Share Climbs",
        "Brussels has opened a consultation after Chinese-built models reached nearly one in ten "
        "battery-electric registrations in the first half of the year.",
        ("Transport", "Markets", "Energy"), 60, 54, False, (("EV", "mountains"),),
        related=("lithium-record-high", "ext:tariff-warning", "ext:ev-showrooms"),
        original="https://news.harborledger.com/amp/2022/07/eu-ev-tariffs",
    ),
    Spec(
        "lithium-record-high", "business", "pulse", "2022-07-16 12:30",
        "Lithium Prices Hit New High as Carmakers Sign Direct Mine Deals",
        "Spot lithium carbonate in China passed 480,000 yuan a tonne, and automakers are "
        "increasingly bypassing battery suppliers to secure raw material years ahead.",
        ("Energy", "Markets", "Supply Chains"), 71, 68, True, (("LITHIUM", "bars"),),
        related=("eu-ev-tariffs", "battery-recyclers-ev-packs"),
    ),
    Spec(
        "museums-ai-captions", "tech", "meridian", "2022-07-20 13:10",
        "Museums Test AI Tools to Caption Their Photo Archives",
        "Curators say image-recognition software can draft descriptions for millions of "
        "uncatalogued prints, but every label still needs a human to check it.",
        ("AI", "Computer Vision"), 52, 5, False, None,
    ),
    Spec(
        "heat-pump-installers", "business", "green", "2022-07-10 10:00",
        "Heat-Pump Installers Can’t Hire Fast Enough",
        "Orders across northern Europe have doubled since spring, and trade bodies estimate the "
        "region needs tens of thousands more trained technicians by 2025.",
        ("Energy", "Climate"), 67, 55, False, (("WARMTH", "sun"),),
        related=(),
    ),
    Spec(
        "alpine-glaciers-melt", "news", "northwind", "2022-07-04 18:40",
        "Alpine Glaciers on Track for Their Worst Melt Season in Decades",
        "Measurements on Swiss and Austrian glaciers show ice loss running weeks ahead of "
        "schedule after a winter of thin snowfall and an early run of heatwaves.",
        ("Climate",), 84, 70, True, (("MELT", "mountains"),),
    ),
    Spec(
        "browsers-adopt-passkeys", "tech", "circuit", "2022-06-23 16:00",
        "Password-Free Logins Move Closer as Browsers Adopt Passkeys",
        "Major platforms have committed to a shared standard that stores a cryptographic key on "
        "the phone, letting users sign in with a fingerprint instead of a password.",
        ("Cybersecurity", "Privacy"), 76, 57, False, (("PASSKEY", "circuit"),),
        related=("ext:passkey-guide",),
    ),
    Spec(
        "bird-flu-seabirds", "science", "lab", "2022-06-20 09:45",
        "Bird Flu Spreads to Seabird Colonies Along the North Sea Coast",
        "Rangers have collected thousands of dead gannets and great skuas since May, and "
        "ecologists fear breeding populations may take years to recover.",
        ("Health", "Oceans"), 62, 46, False, (("COLONY", "bubbles"),),
        original="https://www.labbenchnews.com/articles/bird-flu-seabirds?utm_source=rss",
    ),
    Spec(
        "office-vacancies-climb", "business", "pulse", "2022-07-22 14:05",
        "Office Vacancies Climb as Hybrid Work Settles In",
        "Landlords in São Paulo, London and San Francisco are offering longer rent-free periods, "
        "while some older towers are being studied for conversion into flats.",
        ("Markets",), 14, 35, False, (("VACANT", "blocks"),),
    ),
    Spec(
        "protein-structure-database", "science", "lab", "2022-07-17 11:15",
        "Open Database of Predicted Protein Structures Grows to 200 Million Entries",
        'Researchers say the "near-complete" catalogue covers almost every known protein, from '
        "bacteria to plants, and is already reshaping drug-discovery workflows.",
        ("Biotech", "AI", "Health"), 86, 63, True, (("FOLD", "rings"),),
    ),
)

# fmt: on

# Which record shows which special image case.
SPECIAL = {
    "pause-deep-sea-mining": "wrong-size",
    "robot-kitchens-demo-stage": "webp",
    "lab-coral-spawns": "local",
    "malaria-vaccine-efficacy": "uncached",
}


@dataclass(frozen=True)
class Outside:
    title: str
    excerpt: str
    when: str
    url: str
    name: str
    domain: str
    quality: int
    image: str = ""  # image URL, cached unless it starts with "!"
    art: tuple[str, str] = ("", "")


# fmt: off
OUTSIDE = {
    "taiwan-neon": Outside(
        "Taiwan fabs say neon stockpiles cover the rest of the year",
        "Foundries told suppliers they hold several months of inventory and have qualified "
        "recycled gas from two domestic plants.",
        "2022-07-03 22:10", "https://formosatechwire.com/2022/07/03/taiwan-fabs-neon-stockpiles",
        "Formosa Tech Wire", "formosatechwire.com", 31,
        "https://formosatechwire.com/wp-content/uploads/2022/07/neon-fab-floor.jpg",
        ("FAB", "grid"),
    ),
    "keep-cool": Outside(
        "How to keep cool when your home wasn’t built for heat",
        "Close curtains on sun-facing windows, open them at night and use fans to pull in "
        "cooler air: simple steps that can lower indoor temperatures by several degrees.",
        "2022-07-17 08:00", "https://everydayhealthdesk.com/living/keep-cool-heatwave-home",
        "Everyday Health Desk", "everydayhealthdesk.com", 18,
    ),
    "fans-faces": Outside(
        "Fans’ faces, their data: what the ticket terms actually say",
        "We read the privacy policies of twelve venues using biometric entry. Most allow "
        "templates to be kept for a season or longer.",
        "2022-07-02 09:00", "https://privacymatters.org/analysis/stadium-biometric-terms",
        "Privacy Matters", "privacymatters.org", 27,
        "https://privacymatters.org/static/uploads/stadium-terms-hero.jpg", ("TERMS", "circuit"),
    ),
    "venue-entry": Outside(
        "Vendor touts 0.3-second entry times at pilot venues",
        "The company says its gates processed 40,000 fans in under an hour at a season opener.",
        "2022-06-29 14:30", "https://venuetechtoday.com/news/biometric-gates-pilot-results",
        "Venue Tech Today", "venuetechtoday.com", 12,
    ),
    "space-junk": Outside(
        "A brief history of space junk, in five collisions",
        "From the 2009 Iridium crash to last year’s anti-satellite test, the events that filled "
        "low Earth orbit with debris.",
        "2022-07-10 12:00", "https://skyandorbit.com/features/space-junk-history",
        "Sky & Orbit", "skyandorbit.com", 22,
        "https://skyandorbit.com/images/features/debris-map.jpg?width=800", ("DEBRIS", "orbit"),
    ),
    "rate-hike": Outside(
        "Central bank raises rates by 100 basis points to defend the currency",
        "The move takes the policy rate to its highest level in two decades as inflation runs "
        "above 50 percent.",
        "2022-07-07 06:30", "https://asiamarketswire.com/markets/central-bank-100bp-hike",
        "Asia Markets Wire", "asiamarketswire.com", 29,
        "https://asiamarketswire.com/img/2022/07/central-bank-hike.jpg", ("+100 BP", "bars"),
    ),
    "tariff-warning": Outside(
        "Carmakers warn a tariff would slow EV adoption",
        "An industry association said duties would raise prices for entry-level electric models "
        "that European brands do not yet sell.",
        "2022-07-13 15:45", "https://autopolicyreview.eu/2022/07/carmakers-warn-ev-tariff",
        "Auto Policy Review", "autopolicyreview.eu", 25,
        "!https://autopolicyreview.eu/files/2022/07/ev-tariff-lineup.jpg",
    ),
    "ev-showrooms": Outside(
        "Chinese EV brands open first European showrooms",
        "Three manufacturers opened stores in Oslo, Amsterdam and Munich this spring, betting on "
        "direct sales rather than dealer networks.",
        "2022-07-12 10:20", "https://driveelectric.news/industry/chinese-brands-showrooms",
        "Drive Electric Daily", "driveelectric.news", 34,
        "https://driveelectric.news/media/showroom-oslo.jpg", ("OSLO", "blocks"),
    ),
    "passkey-guide": Outside(
        "What is a passkey? A plain-English guide",
        "Passkeys replace passwords with a key pair: the private half never leaves your device.",
        "2022-06-24 07:15", "https://securehome.tech/guides/what-is-a-passkey",
        "Secure Home Tech", "securehome.tech", 40,
        "https://securehome.tech/wp-content/uploads/passkey-guide.jpg", ("KEY", "rings"),
    ),
}

# fmt: on

# Pleasant two-stop gradients plus an accent colour.
PALETTES = (
    ("#0f2027", "#2c5364", "#4dd0e1"),
    ("#1a2a6c", "#b21f1f", "#fdbb2d"),
    ("#134e5e", "#71b280", "#e8f5e9"),
    ("#41295a", "#2f0743", "#ff80ab"),
    ("#ff7e5f", "#feb47b", "#fff3e0"),
    ("#0b486b", "#f56217", "#ffe0b2"),
    ("#373b44", "#4286f4", "#b3e5fc"),
    ("#00467f", "#a5cc82", "#f1f8e9"),
    ("#3a1c71", "#d76d77", "#ffaf7b"),
    ("#16222a", "#3a6073", "#80cbc4"),
    ("#603813", "#b29f94", "#fff8e1"),
    ("#000428", "#004e92", "#90caf9"),
    ("#1d976c", "#93f9b9", "#004d40"),
    ("#614385", "#516395", "#e1bee7"),
)


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def rgba(hex_colour: str, alpha: int) -> tuple[int, int, int, int]:
    return (*rgb(hex_colour), alpha)


def gradient(size: tuple[int, int], top: str, bottom: str, angle: float) -> Image.Image:
    ramp = Image.linear_gradient("L").rotate(angle, resample=Image.Resampling.BICUBIC)
    ramp = ramp.crop((40, 40, 216, 216)).resize(size, Image.Resampling.BICUBIC)
    return ImageOps.colorize(ramp, top, bottom).convert("RGBA")


def motif(
    draw: ImageDraw.ImageDraw, kind: str, w: int, h: int, accent: str, rng: random.Random
) -> None:
    """Draw one of a few simple decorative compositions on an RGBA layer."""
    if kind == "sun":
        cx, cy, r = w * rng.uniform(0.6, 0.8), h * 0.42, h * 0.2
        for i in range(12):
            a = i * 30 + rng.uniform(-4, 4)
            x1, y1 = (
                cx + math.cos(math.radians(a)) * r * 1.3,
                cy + math.sin(math.radians(a)) * r * 1.3,
            )
            x2, y2 = (
                cx + math.cos(math.radians(a)) * r * 2.0,
                cy + math.sin(math.radians(a)) * r * 2.0,
            )
            draw.line((x1, y1, x2, y2), fill=rgba(accent, 150), width=max(4, w // 120))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rgba(accent, 220))
        draw.rectangle((0, h * 0.78, w, h), fill=(0, 0, 0, 70))
    elif kind == "waves":
        for layer in range(4):
            base = h * (0.5 + layer * 0.12)
            amp, freq, phase = h * 0.05, rng.uniform(1.5, 3.0), rng.uniform(0, 6.28)
            crest = [
                (x, base + amp * math.sin(phase + freq * 6.28 * x / w)) for x in range(0, w + 8, 8)
            ]
            draw.polygon([*crest, (w, h), (0, h)], fill=rgba(accent, 60 + layer * 30))
    elif kind == "bars":
        n = 9
        bw = w / (n * 1.6)
        level = rng.uniform(0.3, 0.5)
        tops = []
        for i in range(n):
            level = min(0.85, max(0.15, level + rng.uniform(-0.12, 0.16)))
            x = w * 0.08 + i * bw * 1.6
            top = h * (1 - level)
            tops.append((x + bw / 2, top - h * 0.05))
            draw.rounded_rectangle(
                (x, top, x + bw, h * 0.95), radius=bw / 5, fill=rgba(accent, 120 + i * 12)
            )
        draw.line(tops, fill=(255, 255, 255, 200), width=max(3, w // 200), joint="curve")
    elif kind == "circuit":
        step = w // 12
        for _ in range(16):
            x, y = rng.randrange(0, w, step), rng.randrange(0, h, step)
            trace = [(x, y)]
            for _seg in range(3):
                if rng.random() < 0.5:
                    x += rng.choice((-1, 1)) * step * rng.randint(1, 3)
                else:
                    y += rng.choice((-1, 1)) * step * rng.randint(1, 2)
                trace.append((x, y))
            draw.line(trace, fill=rgba(accent, 110), width=max(3, w // 250))
            r = step / 6
            draw.ellipse((x - r, y - r, x + r, y + r), fill=rgba(accent, 200))
    elif kind == "orbit":
        cx, cy, r = w * 0.7, h * 0.5, h * 0.16
        for _ in range(60):
            sx, sy, sr = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(1, 3) * w / 600
            draw.ellipse(
                (sx - sr, sy - sr, sx + sr, sy + sr), fill=(255, 255, 255, rng.randint(80, 220))
            )
        for k in (1.8, 2.6):
            draw.ellipse(
                (cx - r * k * 1.6, cy - r * k * 0.55, cx + r * k * 1.6, cy + r * k * 0.55),
                outline=rgba(accent, 140),
                width=max(3, w // 300),
            )
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rgba(accent, 235))
    elif kind == "bubbles":
        for _ in range(26):
            bx, by = rng.uniform(0, w), rng.uniform(0, h)
            br = rng.uniform(0.02, 0.12) * h
            draw.ellipse(
                (bx - br, by - br, bx + br, by + br), fill=rgba(accent, rng.randint(30, 110))
            )
    elif kind == "mountains":
        for layer in range(3):
            y0 = h * (0.45 + layer * 0.15)
            x = 0.0
            pts: list[tuple[float, float]] = [(0.0, float(h))]
            while x < w:
                pts.append((x, y0 - rng.uniform(0, h * 0.22)))
                x += rng.uniform(w * 0.08, w * 0.18)
            pts += [(float(w), y0), (float(w), float(h))]
            draw.polygon(pts, fill=rgba(accent, 70 + layer * 50))
    elif kind == "grid":
        for i in range(-10, 22):
            x = w / 2 + i * w / 12
            draw.line(
                (w / 2 + (x - w / 2) * 0.15, h * 0.5, x, h), fill=rgba(accent, 90), width=2 * SS
            )
        for j in range(8):
            y = h * 0.5 + (h * 0.5) * (j / 7) ** 1.8
            draw.line((0, y, w, y), fill=rgba(accent, 90), width=2 * SS)
        draw.rectangle((0, 0, w, h * 0.5), fill=(255, 255, 255, 18))
    elif kind == "rings":
        cx, cy = w * rng.uniform(0.65, 0.8), h * rng.uniform(0.4, 0.6)
        for k in range(7, 0, -1):
            r = k * h * 0.07
            draw.ellipse(
                (cx - r, cy - r, cx + r, cy + r),
                outline=rgba(accent, 60 + k * 20),
                width=max(3, w // 220),
            )
        draw.ellipse(
            (cx - h * 0.03, cy - h * 0.03, cx + h * 0.03, cy + h * 0.03), fill=rgba(accent, 240)
        )
    elif kind == "blocks":
        bw, bh = w / 9, h / 9
        for row in range(4):
            for col in range(rng.randint(4, 8)):
                bx, by = col * bw * 1.08 + w * 0.04, h - (row + 1) * bh * 1.1 - h * 0.13
                alpha = rng.randint(110, 220)
                box = (bx, by, bx + bw, by + bh)
                draw.rounded_rectangle(box, radius=bh / 8, fill=rgba(accent, alpha))
                for s in range(1, 4):
                    xs = bx + s * bw / 4
                    draw.line(
                        (xs, by + bh * 0.15, xs, by + bh * 0.85), fill=(0, 0, 0, 40), width=SS
                    )
    else:
        raise ValueError(kind)


def picture(
    size: tuple[int, int],
    caption: str,
    kind: str,
    palette_index: int,
    label: str,
    rng: random.Random,
) -> Image.Image:
    """A gradient, a decorative motif and a large caption, rendered at SS x and scaled down."""
    top, bottom, accent = PALETTES[palette_index % len(PALETTES)]
    w, h = size[0] * SS, size[1] * SS
    image = gradient((w, h), top, bottom, rng.uniform(-30, 30))
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    motif(ImageDraw.Draw(layer), kind, w, h, accent, rng)
    image = Image.alpha_composite(image, layer)

    font = ImageFont.load_default(size=int(h * 0.17))
    small = ImageFont.load_default(size=int(h * 0.045))
    text_layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text_layer)
    x, y = w * 0.06, h * 0.12
    draw.text((x + h * 0.01, y + h * 0.012), caption, font=font, fill=(0, 0, 0, 150))
    shadow = text_layer.filter(ImageFilter.GaussianBlur(h * 0.008))
    text_layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text_layer)
    draw.text((x, y), caption, font=font, fill=(255, 255, 255, 245))
    left, _, right, bottom_edge = draw.textbbox((x, y), caption, font=font)
    draw.rectangle(
        (left, bottom_edge + h * 0.03, left + min(right - left, w * 0.3), bottom_edge + h * 0.045),
        fill=rgba(accent, 230),
    )
    draw.text((x, h * 0.9), label, font=small, fill=(255, 255, 255, 200))
    image = Image.alpha_composite(Image.alpha_composite(image, shadow), text_layer)
    return image.convert("RGB").resize(size, Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Img:
    url: str
    width: int
    height: int
    cached: bool


def dq(text: str) -> str:
    """A YAML double-quoted scalar, non-ASCII kept as is (as in the seed)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stamp(when: str) -> str:
    return datetime.strptime(when, "%Y-%m-%d %H:%M").strftime("%Y-%m-%dT%H:%M:%SZ")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def secured(rng: random.Random) -> str:
    blob = rng.randbytes(rng.randrange(430, 520, 3) + 1)  # length % 3 == 1: ends with "=="
    return base64.b64encode(blob).decode() + ";" + base64.b64encode(rng.randbytes(16)).decode()


def fill(pattern: str, spec: Spec, rng: random.Random) -> str:
    day = datetime.strptime(spec.when, "%Y-%m-%d %H:%M")
    return pattern.format(
        slug=spec.key,
        y=f"{day:%Y}",
        m=f"{day:%m}",
        d=f"{day:%d}",
        id=str(61_000_000 + rng.randrange(999_999)),
        hex=sha(spec.key)[:24],
    )


def image_lines(images: list[Img], indent: str) -> Iterator[str]:
    for image in images:
        yield f"{indent}- url: {dq(image.url)}"
        yield f"{indent}  width: {image.width}"
        yield f"{indent}  height: {image.height}"
        yield f"{indent}  isCached: {'true' if image.cached else 'false'}"


@dataclass
class Built:
    spec: Spec
    web: str
    original: str
    images: list[Img] | None


def render(built: Built, related: list[dict[str, Any]] | None, rng: random.Random) -> str:
    spec, provider = built.spec, PROVIDERS[built.spec.provider]
    lines = [
        "---",
        f"category: {spec.category}",
        f"title: {dq(spec.title)}",
        f"excerpt: {dq(spec.excerpt)}",
        f"publishedDateTime: {stamp(spec.when)}",
        f"originalUrl: {dq(built.original)}",
        f"webUrl: {dq(built.web)}",
        "type: article",
        f"quality: {spec.quality}",
        f"heat: {spec.heat}",
        f"published: {'true' if spec.published else 'false'}",
        "",
        "provider:",
        f"  name: {provider.name}",
        f"  domain: {provider.domain}",
        "",
        "topics:",
        *(f"  - {topic}" for topic in spec.topics),
        "",
    ]
    if built.images is not None:
        lines += (
            ["images: []"] if not built.images else ["images:", *image_lines(built.images, "  ")]
        )
        lines.append("")
    if related is not None:
        lines.append("related: []" if not related else "related:")
        for item in related:
            lines += [
                f"  - title: {dq(item['title'])}",
                f"    excerpt: {dq(item['excerpt'])}",
                f"    publishedDateTime: {item['when']}",
                f"    webUrl: {dq(item['webUrl'])}",
                "    type: article",
                "    provider:",
                f"      name: {item['name']}",
                f"      domain: {item['domain']}",
                f"    quality: {item['quality']}",
            ]
            if item["images"]:
                lines += ["    images:", *image_lines(item["images"], "      ")]
        lines.append("")
    lines += [f"secured: {dq(secured(rng))}", "---", ""]
    return "\n".join(lines) + "\n" + spec.body


def save_picture(image: Image.Image, url: str, fmt: str = "JPEG") -> Path:
    path = CACHE / sha(url)
    if fmt == "WEBP":
        image.save(path, "WEBP", quality=78, method=6)
    else:
        for quality in (72, 64, 56):  # keep each picture under about 40 KB
            image.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
            if path.stat().st_size < 40_000:
                break
    return path


def build() -> list[tuple[Path, Built]]:
    rng = random.Random(RANDOM_SEED)
    shutil.rmtree(SAMPLE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    (SAMPLE / "images").mkdir()

    built: dict[str, Built] = {}
    for index, spec in enumerate(SPECS):
        provider = PROVIDERS[spec.provider]
        web = fill(provider.web, spec, rng)
        images: list[Img] | None = None if spec.art is None else []
        special = SPECIAL.get(spec.key, "")
        for n, (caption, kind) in enumerate(spec.art or ()):
            size = SIZES[(index + 2 * n) % len(SIZES)]
            url = fill(provider.img, spec, rng)
            if n:
                url = re.sub(r"(\.\w+)(\?|$)", rf"-{n + 1}\1\2", url, count=1)
            stored, cached = size, True
            if special == "wrong-size":
                size, stored = (600, 400), (800, 600)
            elif special == "local":
                size = stored = (480, 320)
            pic = picture(size, caption, kind, index * 3 + n, provider.domain, rng)
            if special == "webp":
                url = re.sub(r"\.jpe?g", ".webp", url)
                save_picture(pic, url, "WEBP")
            elif special == "local":
                url = f"images/{spec.key}.png"
                pic.quantize(96, dither=Image.Dither.NONE).save(SAMPLE / url, optimize=True)
            elif special == "uncached":
                cached = False
            else:
                save_picture(pic, url)
            assert images is not None
            images.append(Img(url, stored[0], stored[1], cached))
        built[spec.key] = Built(spec, web, spec.original or web, images)

    out = []
    for number, spec in enumerate(SPECS, start=1):
        related = (
            None if spec.related is None else [related_item(k, built, rng) for k in spec.related]
        )
        record = built[spec.key]
        path = SAMPLE / f"{number:03d}_{sha(record.web)[:16]}.md"
        path.write_text(render(record, related, rng), encoding="utf-8", newline="\n")
        out.append((path, record))
    return out


def related_item(key: str, built: dict[str, Built], rng: random.Random) -> dict[str, Any]:
    if not key.startswith("ext:"):
        target = built[key]
        provider = PROVIDERS[target.spec.provider]
        return {
            "title": target.spec.title,
            "excerpt": target.spec.excerpt,
            "when": stamp(target.spec.when),
            "webUrl": target.web,
            "name": provider.name,
            "domain": provider.domain,
            "quality": target.spec.quality,
            "images": (target.images or [])[:1],
        }
    ext = OUTSIDE[key[4:]]
    images = []
    if ext.image.startswith("!"):
        images.append(Img(ext.image[1:], 1200, 800, False))
    elif ext.image:
        size = SIZES[len(ext.url) % len(SIZES)]
        caption, kind = ext.art
        save_picture(picture(size, caption, kind, len(ext.title), ext.domain, rng), ext.image)
        images.append(Img(ext.image, *size, True))
    return {
        "title": ext.title,
        "excerpt": ext.excerpt,
        "when": stamp(ext.when),
        "webUrl": ext.url,
        "name": ext.name,
        "domain": ext.domain,
        "quality": ext.quality,
        "images": images,
    }


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------

KEY_ORDER = TOP_ORDER  # the seed record's key order, as the writer uses it


def split(text: str) -> tuple[dict[str, Any], str]:
    assert text.startswith("---\n"), "no opening fence"
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, "no closing fence"
    assert body.startswith("\n"), "closing fence must be followed by an empty line"
    data = yaml.load(head, Loader=yaml.CSafeLoader)
    assert isinstance(data, dict)
    return data, body[1:]


def all_images(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from data.get("images") or []
    for item in data.get("related") or []:
        yield from item.get("images") or []


def verify(records: list[tuple[Path, Built]]) -> None:
    web_urls = {record.web: record for _, record in records}
    cache_names = {p.name for p in CACHE.iterdir()}
    referenced: set[str] = set()
    links = 0
    known = {(p.name, p.domain) for p in PROVIDERS.values()}
    known |= {(o.name, o.domain) for o in OUTSIDE.values()}
    for path, record in records:
        spec = record.spec
        data, body = split(path.read_text(encoding="utf-8"))
        assert [k for k in KEY_ORDER if k in data] == list(data), path.name
        assert data["title"] == spec.title and data["excerpt"] == spec.excerpt, path.name
        assert data["provider"] == {
            "name": PROVIDERS[spec.provider].name,
            "domain": PROVIDERS[spec.provider].domain,
        }
        assert data["topics"] == list(spec.topics) and data["quality"] == spec.quality
        assert data["heat"] == spec.heat and data["published"] is spec.published
        assert data["publishedDateTime"].isoformat() == stamp(spec.when).replace("Z", "+00:00")
        assert body == spec.body
        for image in all_images(data):
            url = image["url"]
            if url.startswith("https://"):
                cached = sha(url) in cache_names
                assert cached == image["isCached"], (path.name, url)
                if cached:
                    referenced.add(sha(url))
                    real = Image.open(CACHE / sha(url)).size
                    ok = real == (image["width"], image["height"])
                    assert ok != (SPECIAL.get(spec.key) == "wrong-size"), (path.name, url, real)
            else:
                assert Image.open(path.parent / url).size == (image["width"], image["height"])
        for item in data.get("related") or []:
            assert (item["provider"]["name"], item["provider"]["domain"]) in known, path.name
            target = web_urls.get(item["webUrl"])
            if target:
                links += 1
                assert item["title"] == target.spec.title, path.name
                assert item["excerpt"] == target.spec.excerpt, path.name
    assert referenced == cache_names, "cache holds files no record refers to"

    total = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    biggest = max((p.stat().st_size, p.name) for p in SAMPLE.rglob("*") if p.is_file())
    published = sum(r.spec.published for _, r in records)
    with_related = sum(bool(r.spec.related) for _, r in records)
    print(
        f"{len(records)} records ({published} published, {with_related} with related items, "
        f"{links} related items linking to sample records)"
    )
    print(
        f"{len(cache_names)} cached images; library {total / 1024:.0f} KiB; "
        f"largest file {biggest[1][:20]} {biggest[0] / 1024:.1f} KiB"
    )
    by_key = {r.spec.key: p.name for p, r in records}
    for key, case in SPECIAL.items():
        print(f"  {case:10} {by_key[key]}")
    for _path, record in records:
        if record.images is None or record.images == [] or record.spec.related == ():
            what = (
                "no images key"
                if record.images is None
                else ("images: []" if record.images == [] else "related: []")
            )
            print(f"  {what:10} {by_key[record.spec.key]}")


def main() -> None:
    records = build()
    verify(records)


if __name__ == "__main__":
    main()
