"""Calendar files: stable UID, SEQUENCE, METHOD:CANCEL, and a VTIMEZONE for Europe/Helsinki
whose every observance begins exactly when the zone really changes (RFC 5545 reading)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from handlers.events.ics import CalendarEntry, calendar_file, transitions

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def entry(start: datetime, sequence: int = 0) -> CalendarEntry:
    return CalendarEntry(
        uid="4f1c0b8e",
        sequence=sequence,
        starts_at=start,
        minutes=90,
        timezone="Europe/Helsinki",
        title="Virtuaalikahvit",
        description="Kahvia ja kuulumisia.\n\nhttps://meet.example.fi/k",
        location="https://meet.example.fi/k",
        url="https://meet.example.fi/k",
    )


def onsets(calendar: Calendar) -> list[tuple[datetime, int]]:
    """(UTC instant, offset after, in seconds) of every observance, read as RFC 5545 says:
    DTSTART and RDATE are local times in the offset before the change (TZOFFSETFROM)."""
    [zone] = calendar.walk("VTIMEZONE")
    found = []
    for observance in zone.subcomponents:
        before = observance["TZOFFSETFROM"].td
        after = int(observance["TZOFFSETTO"].td.total_seconds())
        starts = [observance.decoded("DTSTART")]
        rdates = observance.get("RDATE")
        for group in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            starts += [d.dt for d in group.dts]
        found += [((start - before).replace(tzinfo=UTC), after) for start in starts]
    return sorted(found)


@pytest.mark.parametrize(
    "start",
    [
        datetime(2026, 3, 29, 12, tzinfo=HELSINKI),  # the day the clocks go forward
        datetime(2026, 3, 30, 10, tzinfo=HELSINKI),
        datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1),  # the repeated hour
        datetime(2026, 12, 24, 18, tzinfo=HELSINKI),
    ],
)
def test_the_timezone_changes_when_helsinki_does(start: datetime) -> None:
    calendar = Calendar.from_ical(calendar_file(entry(start), NOW))
    year = start.astimezone(UTC).year  # the changes two years either side of it
    window = (datetime(year - 2, 1, 1, tzinfo=UTC), datetime(year + 3, 1, 1, tzinfo=UTC))
    expected = [(instant, after) for instant, _before, after in transitions(HELSINKI, *window)]
    assert onsets(calendar) == expected
    assert (datetime(2026, 3, 29, 1, tzinfo=UTC), 3 * 3600) in expected  # 03:00 EET → 04:00
    assert (datetime(2026, 10, 25, 1, tzinfo=UTC), 2 * 3600) in expected  # 04:00 EEST → 03:00
    [event] = calendar.events
    assert event.decoded("dtstart").timestamp() == start.timestamp()  # the same instant
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=90)
    if start.fold:  # 03:30 of the repeated hour names two moments: written in UTC
        assert event["DTSTART"].to_ical() == b"20261025T013000Z"
    else:
        assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
        assert event.decoded("dtstart").utcoffset() == start.utcoffset()


def test_uid_is_stable_sequence_counts_changes_and_cancel_says_so() -> None:
    start = datetime(2026, 3, 30, 10, tzinfo=HELSINKI)
    first = Calendar.from_ical(calendar_file(entry(start), NOW))
    moved = Calendar.from_ical(calendar_file(entry(start + timedelta(hours=2), 1), NOW))
    gone = Calendar.from_ical(calendar_file(entry(start, 2), NOW, cancelled=True))
    assert [str(c["METHOD"]) for c in (first, moved, gone)] == ["PUBLISH", "PUBLISH", "CANCEL"]
    assert {str(c.events[0]["UID"]) for c in (first, moved, gone)} == {"4f1c0b8e@kylabot"}
    assert [int(c.events[0]["SEQUENCE"]) for c in (first, moved, gone)] == [0, 1, 2]
    assert [str(c.events[0]["STATUS"]) for c in (first, moved, gone)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert str(first.events[0]["SUMMARY"]) == "Virtuaalikahvit"
    assert str(first.events[0]["URL"]) == "https://meet.example.fi/k"
