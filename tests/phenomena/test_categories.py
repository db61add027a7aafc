"""Finland's extent and the nearest municipality to a pin."""

from __future__ import annotations

import pytest

from bot.municipalities import (
    MUNICIPALITIES,
    guess_municipality,
    municipality_name,
    outside_finland,
)
from handlers.phenomena.categories import CATEGORIES


def test_twelve_categories_and_twenty_one_municipalities() -> None:
    assert len(CATEGORIES) == 12 and "other" in CATEGORIES
    assert len(MUNICIPALITIES) == 21


def test_pins() -> None:
    assert guess_municipality(68.91, 27.03) == "Inari"
    assert guess_municipality(66.50, 25.70) == "Rovaniemi"
    assert guess_municipality(60.17, 24.94) is None  # Helsinki: in Finland, not Lapland
    assert not outside_finland(60.17, 24.94)
    assert outside_finland(40.71, -74.0)
    assert outside_finland(-33.9, 151.2)


def test_sevettijarvi_is_guessed_inari_not_utsjoki() -> None:
    """Utsjoki's centre is nearer to Sevettijärvi than Inari's; Inari's villages are nearer."""
    assert guess_municipality(69.517, 28.633) == "Inari"
    assert guess_municipality(69.40, 25.90) == "Utsjoki"  # Karigasniemi


@pytest.mark.parametrize(
    ("key", "language", "name"),
    [
        ("Inari", "se", "Anár"),
        ("Inari", "smn", "Aanaar"),
        ("Inari", "sms", "Aanar"),
        ("Inari", "sv", "Enare"),
        ("Utsjoki", "se", "Ohcejohka"),
        ("Enontekiö", "se", "Eanodat"),
        ("Sodankylä", "se", "Soađegilli"),
        ("Kemi", "se", "Kemi"),  # no Sámi name of its own: the Finnish one
        ("Inari", "fi", "Inari"),
        ("Inari", "en", "Inari"),
    ],
)
def test_municipality_names_per_language(key: str, language: str, name: str) -> None:
    assert municipality_name(key, language) == name
