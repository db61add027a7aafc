"""Calendar files (.ics) for events, made with the icalendar library.

One file per person and change: the event's UID never changes (``event.uid``), SEQUENCE is
the event's change counter, so a calendar replaces the earlier copy instead of adding a second
event, and a cancellation is ``METHOD:CANCEL`` with ``STATUS:CANCELLED``. Times are written in
the event's zone (in UTC where the local time is ambiguous, in the autumn night's repeated
hour) with a VTIMEZONE built here from the zone's real transitions: icalendar's own
``Timezone.from_tzinfo`` (7.3) gives the spring change the wall time after it (04:00 in
Helsinki) where RFC 5545 wants the local time before it (03:00, read with TZOFFSETFROM).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent
from icalendar import Timezone as VTimezone

PRODUCT = "-//Lapland safety and wellbeing network//kylabot events//EN"
UID_DOMAIN = "kylabot"
ZONE_YEARS = 2  # transitions written on each side of the event


@dataclass(frozen=True)
class CalendarEntry:
    """What a calendar file says, in the reader's language."""

    uid: str
    sequence: int
    starts_at: datetime  # aware
    minutes: int
    timezone: str
    title: str
    description: str
    location: str | None
    url: str | None


def calendar_file(entry: CalendarEntry, now: datetime, *, cancelled: bool = False) -> bytes:
    """The .ics of one event: published, changed (a higher SEQUENCE) or cancelled."""
    zone = ZoneInfo(entry.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(vtimezone(zone, entry.timezone, entry.starts_at))
    event = VEvent()
    event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    event.add("sequence", entry.sequence)
    event.add("dtstamp", now.astimezone(UTC))
    start = entry.starts_at.astimezone(zone)
    event.add("dtstart", _unambiguous(start))
    event.add("dtend", _unambiguous((start + timedelta(minutes=entry.minutes)).astimezone(zone)))
    event.add("summary", entry.title)
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _unambiguous(moment: datetime) -> datetime:
    """The local time, or UTC where the local time names two moments (the autumn night's
    repeated hour): a calendar reads an ambiguous local time as its first occurrence."""
    if moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset():
        return moment.astimezone(UTC)
    return moment


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, int, int]]:
    """The zone's offset changes in [start, end): (UTC instant, offset before, after; seconds)."""
    found = []
    step = timedelta(hours=6)
    moment = start.astimezone(UTC)
    offset = _offset(zone, moment)
    while moment < end:
        following = moment + step
        after = _offset(zone, following)
        if after != offset:
            low, high = moment, following  # the change is in (low, high]
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            found.append((high.replace(microsecond=0), offset, after))
            offset = after
        moment = following
    return found


@cache
def _changes(tzid: str, year: int) -> tuple[datetime, datetime, list[tuple[datetime, int, int]]]:
    """The zone's changes ``ZONE_YEARS`` around a year: computed once per zone and year (a
    scan costs milliseconds, and every sign-up writes a calendar file)."""
    start = datetime(year - ZONE_YEARS, 1, 1, tzinfo=UTC)
    end = datetime(year + ZONE_YEARS + 1, 1, 1, tzinfo=UTC)
    return start, end, transitions(ZoneInfo(tzid), start, end)


def vtimezone(zone: ZoneInfo, tzid: str, around: datetime) -> VTimezone:
    """A VTIMEZONE with every change ``ZONE_YEARS`` around ``around``'s year, each observance's
    DTSTART the local time at which it begins, read in the offset before it (RFC 5545)."""
    component = VTimezone()
    component.add("tzid", tzid)
    start, _end, changes = _changes(tzid, around.astimezone(UTC).year)
    if not changes:  # a zone without daylight saving time: one standard observance
        offset = _offset(zone, around)
        changes = [(start.astimezone(UTC), offset, offset)]
    groups: dict[tuple[int, int, str, bool], list[datetime]] = {}
    for instant, before, after in changes:
        local = instant.astimezone(zone)
        onset = (instant + timedelta(seconds=before)).replace(tzinfo=None)
        key = (before, after, local.tzname() or "", bool(local.dst()))
        groups.setdefault(key, []).append(onset)
    for (before, after, name, daylight), onsets in groups.items():
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        if onsets[1:]:
            observance.add("rdate", onsets[1:])
        observance.add("tzoffsetfrom", timedelta(seconds=before))
        observance.add("tzoffsetto", timedelta(seconds=after))
        if name:
            observance.add("tzname", name)
        component.add_component(observance)
    return component


def _offset(zone: ZoneInfo, moment: datetime) -> int:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())
