"""A small library where stories come in clusters: one event told by several providers in
their own words, among unrelated records. For the suggestion tests (and nothing else)."""

from __future__ import annotations

from pathlib import Path

# (cluster, provider, date, title, excerpt, topics)
REPORTS: list[tuple[str, str, str, str, str, list[str]]] = [
    (
        "junta",
        "Frontier Wire",
        "2022-07-12T10:24:00Z",
        "Myanmar Junta Rolls Out Facial Recognition Cameras in Yangon",
        "Rights groups say the surveillance network in Myanmar's largest city targets dissidents.",
        ["myanmar", "surveillance"],
    ),
    (
        "junta",
        "Asia Ledger",
        "2022-07-13T08:00:00Z",
        "Yangon Residents Fear New CCTV Network Built for the Military",
        "Cameras with facial recognition now watch Yangon's streets, activists in Myanmar warn.",
        ["myanmar", "privacy"],
    ),
    (
        "junta",
        "Daily Courier",
        "2022-07-15T16:30:00Z",
        "Activists Warn Myanmar Surveillance Push Will Silence Dissidents",
        "The junta's camera rollout in Yangon follows a year of crackdowns on protesters.",
        ["surveillance", "human rights"],
    ),
    (
        "glacier",
        "Alpine Post",
        "2022-07-04T18:40:00Z",
        "Marmolada Glacier Collapse Kills Hikers in the Dolomites",
        "A serac broke away from the Marmolada glacier during a record heatwave in northern Italy.",
        ["climate", "italy"],
    ),
    (
        "glacier",
        "Meridian Times",
        "2022-07-05T07:15:00Z",
        "Italy Mourns Climbers Lost in Dolomites Ice Avalanche",
        "Rescuers searched the Marmolada slopes after the glacier gave way under heat.",
        ["italy", "disasters"],
    ),
    (
        "glacier",
        "Science Daily Wire",
        "2022-07-06T12:00:00Z",
        "Why the Marmolada Serac Fell: Heat, Meltwater and a Thinning Glacier",
        "Glaciologists say meltwater under the Dolomites ice weakened the serac before it broke.",
        ["climate", "glaciers"],
    ),
    (
        "rhine",
        "Harbor Ledger",
        "2022-07-21T10:35:00Z",
        "Low Water on the Rhine Forces Barges to Sail a Third Full",
        "Shippers at Kaub report draughts so shallow that freight rates have tripled.",
        ["shipping", "drought"],
    ),
    (
        "rhine",
        "Euro Freight News",
        "2022-07-22T09:10:00Z",
        "Kaub Gauge Falls Again, Squeezing Rhine Shipping and Coal Deliveries",
        "Barges on the Rhine carry less cargo as the Kaub gauge nears record lows.",
        ["shipping", "energy"],
    ),
    (
        "rhine",
        "Continental Review",
        "2022-07-24T14:45:00Z",
        "Germany's Industry Braces as Drought Chokes the Rhine",
        "Chemical plants along the Rhine plan for barges stranded by shallow water at Kaub.",
        ["drought", "industry"],
    ),
    (
        "coral",
        "Coastal Observer",
        "2022-06-24T05:45:00Z",
        "Lab-Raised Coral Spawns in the Wild for the First Time",
        "Colonies grown in aquarium tanks and replanted off Queensland released eggs in sync.",
        ["oceans", "science"],
    ),
    (
        "coral",
        "Reef Journal",
        "2022-06-25T11:20:00Z",
        "Replanted Coral Colonies Spawn on the Great Barrier Reef",
        "Researchers in Queensland watched aquarium-grown coral spawn alongside wild colonies.",
        ["oceans", "australia"],
    ),
    (
        "coral",
        "Lab Bench News",
        "2022-06-27T09:00:00Z",
        "Aquarium-Grown Corals Pass Their Biggest Test: Spawning",
        "The Queensland trial suggests reef restoration with lab-raised coral can reproduce.",
        ["science", "oceans"],
    ),
    (
        "neon",
        "Market Pulse Daily",
        "2022-07-04T08:15:00Z",
        "Chipmakers Race to Lock In Neon Supply as War Disrupts Ukrainian Producers",
        "Odesa and Mariupol plants supplied half the neon used in chip lithography lasers.",
        ["semiconductors", "ukraine"],
    ),
    (
        "neon",
        "Byteline",
        "2022-07-05T13:30:00Z",
        "Neon Shortage From Ukraine Threatens Chip Lithography Lines",
        "Gas makers in Odesa halted output; chip fabs scramble for neon for their lasers.",
        ["semiconductors", "supply chains"],
    ),
    (
        "neon",
        "Circuit Review",
        "2022-07-08T10:00:00Z",
        "Fabs Recycle Neon as Mariupol Gas Plants Stay Dark",
        "Recycling systems cut the neon chip lithography needs by up to 70 percent.",
        ["semiconductors", "ukraine"],
    ),
    (
        "exoplanet",
        "Orbital Weekly",
        "2022-07-12T19:00:00Z",
        "Volunteers Spot 30 New Exoplanet Candidates in Archived Telescope Data",
        "Citizen scientists combed Kepler light curves and found transits the software missed.",
        ["space", "science"],
    ),
    (
        "exoplanet",
        "Stargazer Gazette",
        "2022-07-13T07:40:00Z",
        "Citizen Scientists Find Dozens of Possible Planets in Old Kepler Data",
        "Amateur astronomers flagged transits in archived light curves from the Kepler telescope.",
        ["space", "astronomy"],
    ),
    (
        "exoplanet",
        "Meridian Times",
        "2022-07-16T15:00:00Z",
        "How Amateurs Beat the Algorithms to 30 Exoplanet Candidates",
        "Kepler transits hidden in noisy light curves were spotted by volunteers, not software.",
        ["astronomy", "citizen science"],
    ),
    (
        "tariffs",
        "Harbor Ledger",
        "2022-07-13T11:00:00Z",
        "EU Weighs Tariffs on Imported Electric Cars as Market Share Climbs",
        "Brussels is studying duties on Chinese-built electric vehicles after a surge in imports.",
        ["trade", "electric vehicles"],
    ),
    (
        "tariffs",
        "Continental Review",
        "2022-07-14T09:30:00Z",
        "Brussels Studies Duties on Chinese Electric Vehicles",
        "Carmakers lobby the European Commission as Chinese EV imports double in a year.",
        ["trade", "china"],
    ),
    (
        "tariffs",
        "Market Pulse Daily",
        "2022-07-18T08:20:00Z",
        "Chinese EV Makers Shrug Off Threat of EU Import Duties",
        "Executives say tariffs from Brussels would barely dent their European price advantage.",
        ["electric vehicles", "trade"],
    ),
    (
        "ransomware",
        "Byteline",
        "2022-07-15T06:50:00Z",
        "Ransomware Gang Targets Regional Hospitals With New Loader",
        "The Hivemind crew encrypts patient systems and threatens to leak medical records.",
        ["cybersecurity", "health"],
    ),
    (
        "ransomware",
        "Daily Courier",
        "2022-07-16T12:10:00Z",
        "Hospitals Divert Ambulances After Hivemind Ransomware Attack",
        "Three regional hospitals ran on paper after ransomware locked their patient records.",
        ["cybersecurity", "hospitals"],
    ),
    (
        "ransomware",
        "Circuit Review",
        "2022-07-19T17:25:00Z",
        "Inside the Loader Behind the Hivemind Hospital Attacks",
        "Researchers traced the ransomware loader to phishing mails sent to hospital staff.",
        ["cybersecurity", "malware"],
    ),
]

FILLER: list[tuple[str, str, str, str, list[str]]] = [
    (
        "Office Vacancies Climb as Hybrid Work Settles In",
        "Market Pulse Daily",
        "2022-07-22T14:05:00Z",
        "Landlords cut rents as firms shrink their floor space.",
        ["real estate"],
    ),
    (
        "Robot Kitchens Struggle to Move Beyond the Demo Stage",
        "Circuit Review",
        "2022-07-14T10:00:00Z",
        "Burger-flipping machines stay rare despite staff shortages.",
        ["robotics"],
    ),
    (
        "Lithium Prices Hit New High as Carmakers Sign Direct Mine Deals",
        "Market Pulse Daily",
        "2022-07-16T09:00:00Z",
        "Battery makers buy from mines in Chile and Australia.",
        ["commodities"],
    ),
    (
        "Museums Test AI Tools to Caption Their Photo Archives",
        "Meridian Times",
        "2022-07-20T13:10:00Z",
        "Curators check machine captions on millions of prints.",
        ["museums", "ai"],
    ),
    (
        "Heat Pump Installers Can't Hire Fast Enough",
        "Green Column",
        "2022-07-10T08:00:00Z",
        "Training schools triple places as orders outpace fitters.",
        ["energy"],
    ),
    (
        "Election Officials Train Poll Workers to Spot Deepfake Robocalls",
        "Daily Courier",
        "2022-07-05T11:25:00Z",
        "County clerks rehearse responses to fake audio.",
        ["elections"],
    ),
    (
        "Battery Recyclers Bet on a Flood of Retired EV Packs",
        "Green Column",
        "2022-07-08T09:30:00Z",
        "Plants in Nevada prepare for a wave of worn cells.",
        ["recycling"],
    ),
    (
        "Bird Flu Spreads to Seabird Colonies Along the North Sea Coast",
        "Coastal Observer",
        "2022-06-20T09:45:00Z",
        "Wardens count dead gannets on cliffs in Scotland.",
        ["wildlife"],
    ),
    (
        "Open Database of Predicted Protein Structures Grows to 200 Million",
        "Lab Bench News",
        "2022-07-17T10:00:00Z",
        "Biologists download structures for nearly every known protein.",
        ["biology"],
    ),
    (
        "Regulators Propose Five-Year Deadline to Deorbit Dead Satellites",
        "Orbital Weekly",
        "2022-07-11T12:00:00Z",
        "Operators would have to clear low orbit faster.",
        ["space"],
    ),
    (
        "Volunteers Restore a Victorian Glasshouse in Leeds",
        "Northern Echo Desk",
        "2022-06-30T15:00:00Z",
        "Gardeners replant palms in the repaired iron frame.",
        ["heritage"],
    ),
    (
        "City Bike Share Adds Cargo Bikes for Grocery Runs",
        "Urban Notes",
        "2022-07-02T08:30:00Z",
        "Parents and shop owners book the heavy bikes most.",
        ["transport"],
    ),
]


def _record(title: str, excerpt: str, provider: str, date: str, topics: list[str], url: str) -> str:
    lines = [
        "---",
        f'title: "{title}"',
        f'excerpt: "{excerpt}"',
        f"publishedDateTime: {date}",
        f'webUrl: "{url}"',
        "type: article",
        "provider:",
        f"  name: {provider}",
        "quality: 50",
        "topics:",
        *(f"  - {topic}" for topic in topics),
        "related: []",
        "---",
        "",
        f"{excerpt}",
        "",
    ]
    return "\n".join(lines)


def write_library(folder: Path) -> dict[str, str]:
    """Write the library into ``folder``; returns each clustered file's cluster by name."""
    folder.mkdir(parents=True, exist_ok=True)
    clusters: dict[str, str] = {}
    for number, (cluster, provider, date, title, excerpt, topics) in enumerate(REPORTS, 1):
        name = f"{number:03d}_{cluster}.md"
        url = f"https://news.example/{cluster}/{number}"
        text = _record(title, excerpt, provider, date, topics, url)
        (folder / name).write_text(text, encoding="utf-8")
        clusters[name] = cluster
    for number, (title, provider, date, excerpt, topics) in enumerate(FILLER, 101):
        url = f"https://news.example/other/{number}"
        text = _record(title, excerpt, provider, date, topics, url)
        (folder / f"{number:03d}_other.md").write_text(text, encoding="utf-8")
    return clusters
