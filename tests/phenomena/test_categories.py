"""Emergency words, Finland's extent and the nearest municipality to a pin."""

from __future__ import annotations

import pytest

from bot.phenomena.categories import (
    CATEGORIES,
    MUNICIPALITIES,
    nearest_municipality,
    outside_finland,
    suggests_emergency,
)


@pytest.mark.parametrize(
    "text",
    [
        "Naapurissa on tulipalo!",  # fi
        "APUA, mummo kaatui",  # fi
        "Det brinner i ladan",  # sv
        "Vi behöver hjälp",  # sv
        "Dát lea heahtedilli",  # se
        "Dárbbašan veahki",  # se
        "Iše, tääl!",  # smn
        "Veäʹǩǩ!",  # sms
        "There is a fire on the road",  # en
        "call 112 now",
    ],
)
def test_emergency_words_in_every_language(text: str) -> None:
    assert suggests_emergency(text)


@pytest.mark.parametrize(
    "text", ["Tie on huonossa kunnossa", "Bussen går inte längre", "", "1120 metres", "Hetta"]
)
def test_ordinary_text_is_not_an_emergency(text: str) -> None:
    assert not suggests_emergency(text)


def test_twelve_categories_and_twenty_one_municipalities() -> None:
    assert len(CATEGORIES) == 12 and "other" in CATEGORIES
    assert len(MUNICIPALITIES) == 21


def test_pins() -> None:
    assert nearest_municipality(68.91, 27.03) == "Inari"
    assert nearest_municipality(66.50, 25.70) == "Rovaniemi"
    assert nearest_municipality(60.17, 24.94) is None  # Helsinki: in Finland, not Lapland
    assert not outside_finland(60.17, 24.94)
    assert outside_finland(40.71, -74.0)
    assert outside_finland(-33.9, 151.2)
