"""Finland's extent and the nearest municipality to a pin."""

from __future__ import annotations

from bot.phenomena.categories import (
    CATEGORIES,
    MUNICIPALITIES,
    nearest_municipality,
    outside_finland,
)


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
