"""Lapland's 21 municipalities: their names in each language and where a pin probably is.

Issue 12, item 2: a North Sámi flow showed "Inari", "Utsjoki", "Enontekiö", "Sodankylä". The
Finnish name stays the stored key (reports, filters and exports keep one spelling); it is shown
in the reader's language where that language has an established name of its own.

Issue 12, item 10: a pin at Sevettijärvi (Inari) was stored as Utsjoki because the nearest
municipal centre won. No boundary polygons can be shipped (none are available to this project
under a known licence), so a pin gets a *guess* from the nearest of several known places per
municipality (its villages, not only its centre), and the reporter confirms it or picks another
municipality; the guess alone is never stored as the report's municipality.

Sources of the names (certainty as in locales/GLOSSARY.md: A attested for this very name,
B attested in related use, C inferred; C names wait for the native reviewer):

- KOTUS, Kielikello "Saamenkieliset paikannimet Suomessa" and "Lapin pitäjien nimiä"
  (kielikello.fi): Eanodat (se, Enontekiö).
- Metsähallitus publication a161, Sámi place names of the Inari and Utsjoki area: name family
  "Utsjoki – Ohcejohka – Uccjuuhâ".
- "Monikielisen Inarin paikannimet" (monikieliseninarinpaikannimet.blogspot.com, 2017):
  Aanaar (smn), Aanar (sms), Anár (se), Enare (sv) for Inari.
- The municipalities' official Swedish names (Enare, Enontekis, Torneå, Övertorneå) as the
  Finnish name-planning guidelines give them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class Municipality:
    key: str  # the Finnish name: stored, filtered on and exported
    places: tuple[tuple[float, float], ...]  # (lat, lon): the centre first, then villages
    names: dict[str, str] = field(default_factory=dict)  # language -> name, where established
    certainty: dict[str, str] = field(default_factory=dict)  # language -> A / B / C


def _m(
    key: str,
    *places: tuple[float, float],
    names: dict[str, str] | None = None,
    certainty: dict[str, str] | None = None,
) -> Municipality:
    return Municipality(key, places, names or {}, certainty or {})


MUNICIPALITY_LIST: Final = (
    _m(
        "Enontekiö",
        (68.385, 23.637),  # Hetta
        (69.047, 20.794),  # Kilpisjärvi
        (68.445, 22.490),  # Karesuvanto
        names={"sv": "Enontekis", "se": "Eanodat", "smn": "Eanodâh", "sms": "Eanodak"},
        certainty={"sv": "A", "se": "A", "smn": "C", "sms": "C"},
    ),
    _m(
        "Inari",
        (68.657, 27.539),  # Ivalo
        (68.906, 27.028),  # Inari village
        (69.517, 28.633),  # Sevettijärvi
        (69.680, 29.030),  # Näätämö
        (68.850, 28.300),  # Nellim
        (69.100, 27.210),  # Kaamanen
        (68.420, 27.410),  # Saariselkä
        names={"sv": "Enare", "se": "Anár", "smn": "Aanaar", "sms": "Aanar"},
        certainty={"sv": "A", "se": "A", "smn": "A", "sms": "A"},
    ),
    _m("Kemi", (65.736, 24.564)),
    _m("Kemijärvi", (66.713, 27.431)),
    _m("Keminmaa", (65.801, 24.544)),
    _m(
        "Kittilä",
        (67.653, 24.911),
        (67.800, 24.810),  # Levi
        names={"se": "Gihttel"},
        certainty={"se": "B"},
    ),
    _m("Kolari", (67.331, 23.783), (67.600, 24.170)),  # Äkäslompolo
    _m("Muonio", (67.958, 23.681), names={"se": "Muoná"}, certainty={"se": "B"}),
    _m("Pelkosenniemi", (67.110, 27.511)),
    _m("Pello", (66.774, 23.967)),
    _m("Posio", (66.110, 28.167)),
    _m("Ranua", (65.928, 26.518)),
    _m(
        "Rovaniemi",
        (66.503, 25.729),
        names={"se": "Roavvenjárga"},
        certainty={"se": "B"},
    ),
    _m("Salla", (66.832, 28.669)),
    _m("Savukoski", (67.293, 28.160), (67.720, 28.880)),  # Martti
    _m("Simo", (65.660, 25.063)),
    _m(
        "Sodankylä",
        (67.417, 26.590),
        (68.090, 27.100),  # Vuotso
        names={"se": "Soađegilli", "smn": "Suáđigil", "sms": "Soäʹđjel"},
        certainty={"se": "B", "smn": "C", "sms": "C"},
    ),
    _m("Tervola", (66.083, 24.810)),
    _m("Tornio", (65.848, 24.147), names={"sv": "Torneå"}, certainty={"sv": "A"}),
    _m(
        "Utsjoki",
        (69.908, 27.027),
        (70.080, 27.870),  # Nuorgam
        (69.400, 25.850),  # Karigasniemi
        names={"se": "Ohcejohka", "smn": "Uccjuuhâ", "sms": "Uccjokk"},
        certainty={"se": "A", "smn": "A", "sms": "C"},
    ),
    _m("Ylitornio", (66.317, 23.671), names={"sv": "Övertorneå"}, certainty={"sv": "A"}),
)
MUNICIPALITIES: Final = {m.key: m for m in MUNICIPALITY_LIST}
MUNICIPALITY_KEYS: Final = tuple(MUNICIPALITIES)  # buttons carry the index, not the name

# Finland's extent with a margin of roughly 100 km; a pin beyond it is kept but flagged.
FINLAND_BOX: Final = (58.8, 71.0, 18.0, 32.5)  # min lat, max lat, min lon, max lon
GUESS_WITHIN_KM: Final = 80.0  # farther from every known place: no guess


def municipality_name(key: str | None, language: str) -> str:
    """The municipality's name in ``language`` when it has one, else the stored (Finnish) key."""
    if not key:
        return ""
    found = MUNICIPALITIES.get(key)
    return found.names.get(language, key) if found is not None else key


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


def guess_municipality(latitude: float, longitude: float) -> str | None:
    """The municipality of the known place nearest to the pin, if one is near enough.

    Only a guess for the reporter to confirm: near a border it can be wrong.
    """
    pin = (latitude, longitude)
    distance, key = min(
        (distance_km(place, pin), m.key) for m in MUNICIPALITY_LIST for place in m.places
    )
    return key if distance <= GUESS_WITHIN_KM else None
