"""The fixed vocabularies of a report: categories, places, frequencies, affected groups.

Keys are stored; labels are marked with ``N_`` and translated where shown, so a report keeps
its meaning when a label's wording changes.
"""

from __future__ import annotations

import math
import re
from typing import Final

from bot.i18n import N_, NP_

CATEGORIES: Final[dict[str, str]] = {
    "traffic": N_("Traffic and mobility safety"),
    "village": N_("Village safety and preparedness"),
    "children": N_("Children, youth and families"),
    "older": N_("Older people's safety and getting help"),
    "loneliness": N_("Exclusion and loneliness"),
    "substances": N_("Substance abuse"),
    "violence": N_("Violence, crime and harassment"),
    "conflicts": N_("Polarisation and conflicts"),
    "immigrants": N_("Immigrants and multicultural life"),
    "tourism": N_("Tourism safety"),
    "scams": N_("Cyber crime and scams"),
    "other": NP_("phenomenon category", "Other"),
}

FREQUENCIES: Final[dict[str, str]] = {
    "once": N_("It happened once"),
    "sometimes": N_("Now and then"),
    "often": N_("Often, every week"),
    "ongoing": N_("All the time, for months"),
    "seasonal": N_("At certain seasons"),
    "unknown": N_("I do not know"),
}

AFFECTED: Final[dict[str, str]] = {
    "children": N_("Children"),
    "youth": N_("Young people"),
    "families": N_("Families"),
    "older": N_("Older people"),
    "immigrants": N_("Immigrants"),
    "tourists": N_("Tourists"),
    "village": N_("The whole village"),
    "other": NP_("affected group", "Others"),
    "unsure": NP_("affected group", "Not sure"),
}

# The 21 municipalities of Lapland with the rough coordinates of their centres (lat, lon),
# used to name the municipality nearest to a location pin.
MUNICIPALITIES: Final[dict[str, tuple[float, float]]] = {
    "Enontekiö": (68.385, 23.637),
    "Inari": (68.657, 27.539),
    "Kemi": (65.736, 24.564),
    "Kemijärvi": (66.713, 27.431),
    "Keminmaa": (65.801, 24.544),
    "Kittilä": (67.653, 24.911),
    "Kolari": (67.331, 23.783),
    "Muonio": (67.958, 23.681),
    "Pelkosenniemi": (67.110, 27.511),
    "Pello": (66.774, 23.967),
    "Posio": (66.110, 28.167),
    "Ranua": (65.928, 26.518),
    "Rovaniemi": (66.503, 25.729),
    "Salla": (66.832, 28.669),
    "Savukoski": (67.293, 28.160),
    "Simo": (65.660, 25.063),
    "Sodankylä": (67.417, 26.590),
    "Tervola": (66.083, 24.810),
    "Tornio": (65.848, 24.147),
    "Utsjoki": (69.908, 27.027),
    "Ylitornio": (66.317, 23.671),
}
MUNICIPALITY_KEYS: Final = tuple(MUNICIPALITIES)  # buttons carry the index, not the name

# Finland's extent with a margin of roughly 100 km; a pin beyond it is kept but flagged.
FINLAND_BOX: Final = (58.8, 71.0, 18.0, 32.5)  # min lat, max lat, min lon, max lon
NEAREST_MUNICIPALITY_KM: Final = 80.0


def outside_finland(latitude: float, longitude: float) -> bool:
    min_lat, max_lat, min_lon, max_lon = FINLAND_BOX
    return not (min_lat <= latitude <= max_lat and min_lon <= longitude <= max_lon)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = (math.radians(x) for x in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def nearest_municipality(latitude: float, longitude: float) -> str | None:
    """The Lapland municipality whose centre is nearest to the pin, if one is near enough."""
    name, centre = min(
        MUNICIPALITIES.items(), key=lambda item: distance_km(item[1], (latitude, longitude))
    )
    return name if distance_km(centre, (latitude, longitude)) <= NEAREST_MUNICIPALITY_KM else None


# Words that suggest an emergency, in all six languages (matched at the start of a word, any
# case). Finnish and Swedish are complete; the Sámi words are drafts to be checked by native
# speakers, so the Finnish and English words are matched in every language too.
EMERGENCY_WORDS: Final = (
    # Finnish
    "hätä", "tulipalo", "apua", "onnettomuus", "loukkaantu", "hengenvaara",
    "hukkumassa", "kadonnut",
    # Swedish
    "nödsituation", "nödläge", "brand", "brinner", "hjälp", "olycka", "skadad", "livsfara",
    "försvunnen",
    # North Sámi
    "heahti", "heahte", "buolli", "buollá", "veahk", "lihkuhisvuohta",
    # Inari Sámi
    "hääti", "pälis", "tulâ", "iše", "veehi",
    # Skolt Sámi
    "veäʹǩǩ", "veäkk",
    # English
    "emergency", "fire", "help", "accident", "injured", "danger", "urgent", "missing",
)  # fmt: skip
_EMERGENCY = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in EMERGENCY_WORDS) + r")|(?<!\d)112(?!\d)",
    re.IGNORECASE,
)


def suggests_emergency(text: str | None) -> bool:
    return bool(text) and _EMERGENCY.search(text or "") is not None
