"""Properties of the typed broadcast time (parse_local_time in the broadcast conversation).

What a coordinator can write in any of the three forms parses back to the same wall-clock time
in the bot's zone; a day without a year means its next occurrence (not more than a day ago); a
past time parses to a past moment, which the conversation refuses; anything else is None, never
an exception.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from handlers.broadcast.times import _TIME, parse_local_time

HELSINKI = ZoneInfo("Europe/Helsinki")

nows = st.datetimes(datetime(2025, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC))
walls = st.datetimes(datetime(2001, 1, 1), datetime(2099, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def written(wall: datetime, form: int) -> str:
    """The wall time as a coordinator may type it (day and month with or without zeros)."""
    if form == 0:
        return f"{wall.day}.{wall.month}.{wall.year} {wall.hour}:{wall.minute:02d}"
    if form == 1:
        return f"{wall.day:02d}.{wall.month:02d}.{wall.year} {wall.hour:02d}.{wall.minute:02d}"
    separator = "T" if form == 2 else " "
    return f"{wall:%Y-%m-%d}{separator}{wall.hour}:{wall.minute:02d}"


@given(walls, st.integers(0, 3), nows)
def test_a_written_time_parses_back_to_itself(wall: datetime, form: int, now: datetime) -> None:
    parsed = parse_local_time(written(wall, form), now, HELSINKI)
    assert parsed is not None
    assert parsed.tzinfo is HELSINKI
    assert parsed.replace(tzinfo=None) == wall


@given(nows, st.integers(-23 * 60, 364 * 24 * 60))  # an hour's margin for DST
def test_a_day_without_a_year_is_its_next_occurrence(now: datetime, minutes: int) -> None:
    wall = (now.astimezone(HELSINKI) + timedelta(minutes=minutes)).replace(
        tzinfo=None, second=0, microsecond=0
    )
    parsed = parse_local_time(
        f"{wall.day}.{wall.month}. {wall.hour}:{wall.minute:02d}", now, HELSINKI
    )
    if wall.month == 2 and wall.day == 29:
        # 29.2. of a leap year; the parser tries this year first and gives up if it is gone.
        assert parsed is None or parsed.replace(tzinfo=None) == wall
        return
    assert parsed is not None
    assert parsed.replace(tzinfo=None) == wall


@given(nows, st.integers(1, 20 * 365 * 24 * 60))
def test_a_past_time_with_its_year_parses_to_the_past(now: datetime, minutes: int) -> None:
    wall = (now - timedelta(minutes=minutes)).astimezone(HELSINKI).replace(tzinfo=None)
    parsed = parse_local_time(written(wall.replace(second=0, microsecond=0), 0), now, HELSINKI)
    assert parsed is not None
    assert parsed <= now  # the conversation answers PAST_TIME for these


@given(st.from_regex(_TIME) | st.text(max_size=40), nows)
def test_any_text_is_a_time_or_none(text: str, now: datetime) -> None:
    """Including shapes with impossible values (31.02., 25:61, 0000-00-00): no exception."""
    parsed = parse_local_time(text, now, HELSINKI)
    assert parsed is None or parsed.tzinfo is HELSINKI


def test_last_night_just_after_new_year_is_the_past_not_next_december() -> None:
    """The case the property found: the year was taken from today, so at 02:00 on 1 January
    "31.12. 23:59" was scheduled a year ahead instead of being refused as past."""
    now = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)  # 02:00 in Helsinki
    parsed = parse_local_time("31.12. 23:59", now, HELSINKI)
    assert parsed == datetime(2024, 12, 31, 23, 59, tzinfo=HELSINKI)
    assert parse_local_time("24.12. 18:00", now, HELSINKI) == datetime(
        2025, 12, 24, 18, 0, tzinfo=HELSINKI
    )
