"""An anonymous report's pin is shown rounded to about a kilometre (service.rounded_pin)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.municipalities import distance_km
from handlers.phenomena.service import rounded_pin, shown_pin
from storage.models import Contact, PhenomenonReport

LAPLAND = {"latitude": st.floats(65.5, 70.1), "longitude": st.floats(20.5, 29.9)}


def test_a_pin_goes_to_the_nearest_grid_point() -> None:
    assert rounded_pin(68.90449, 27.0133) == (68.9, 27.00024)
    assert rounded_pin(68.9, 27.0) == (68.9, 27.00024)
    assert rounded_pin(66.50001, 25.7) == (66.5, 25.70539)


@given(**LAPLAND)
def test_a_rounded_pin_is_within_a_kilometre(latitude: float, longitude: float) -> None:
    # half a cell's diagonal: 1.11 km / 2 * sqrt(2) = 0.79 km
    assert distance_km((latitude, longitude), rounded_pin(latitude, longitude)) <= 0.8


@given(**LAPLAND)
def test_rounding_twice_changes_nothing(latitude: float, longitude: float) -> None:
    once = rounded_pin(latitude, longitude)
    assert rounded_pin(*once) == once


def _report(show_name: bool) -> PhenomenonReport:
    contact = Contact(telegram_user_id=5, display_name="Aino")
    return PhenomenonReport(
        latitude=68.90449, longitude=27.0133, show_name=show_name, contact=contact
    )


def test_a_named_report_keeps_its_pin_and_an_anonymous_one_is_rounded() -> None:
    assert shown_pin(_report(show_name=True)) == (68.90449, 27.0133)
    assert shown_pin(_report(show_name=False)) == (68.9, 27.00024)
    assert shown_pin(PhenomenonReport(municipality="Kemi")) is None
