"""Helpers for the events tests: a bot on a controllable clock, events made as /event makes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from handlers.events import notices, publish
from storage.models import EventKind, Organisation, OrgKind, Role
from tests.broadcast.support import Clock
from tests.helpers import make_org, onboard

HELSINKI = ZoneInfo("Europe/Helsinki")
__all__ = ["Clock", "coordinator", "helsinki", "make_event", "tr"]


async def coordinator(bot: LocalBot, language: str = "fi") -> tuple[Organisation, EmulatedUser]:
    """Kaisa (user 9100) of the regional council, onboarded as a coordinator: who makes events."""
    office = await make_org(bot, "Lapin liitto", OrgKind.AUTHORITY, municipality="Rovaniemi")
    boss = bot.emulator.user(9100, "Kaisa")
    await onboard(bot, boss, office, language, Role.COORDINATOR)
    return office, boss


def helsinki(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI).astimezone(UTC)


def tr(bot: LocalBot, language: str = "fi") -> Callable[[str], str]:
    return bot.services.catalogs.get(language, "events")._


async def make_event(
    bot: LocalBot,
    start: datetime,
    *,
    capacity: int | None = None,
    audience: dict[str, Any] | None = None,
    minutes: int = 60,
    link: str | None = "https://meet.example.fi/kahvit",
    place: str | None = None,
    title: dict[str, str] | None = None,
    deadline: datetime | None = None,
) -> int:
    """A published event (as /event or ``kylabot event create`` leaves it); returns its id."""
    services = bot.services
    now = services.now()
    async with services.write() as session:
        event = publish.new_event(
            now,
            EventKind.COFFEE,
            title=title or {"fi": "Virtuaalikahvit", "sv": "Virtuellt kaffe", "en": "Coffee"},
            description={"fi": "Kahvia ja kuulumisia."},
            starts_at=start,
            minutes=minutes,
            timezone="Europe/Helsinki",
            link=link,
            place=place,
            capacity=capacity,
            audience=audience or {"kind": "all"},
            deadline=deadline or start,
        )
        await publish.publish_new(session, services.segments, event, now)
        event_id = event.id
    await notices.invite_all(services)
    return event_id


def has_signup(event_id: int) -> Callable[[SentMessage], bool]:
    return lambda m: f"~ev_join~{event_id}" in str(m.reply_markup)


def is_calendar(message: SentMessage) -> bool:
    return message.kind == "document" and (message.file_name or "").endswith(".ics")


def calendars(user: EmulatedUser) -> list[Calendar]:
    return [
        Calendar.from_ical(m.file_bytes) for m in user.messages if is_calendar(m) and m.file_bytes
    ]


def texts(user: EmulatedUser) -> list[str]:
    return [m.text or m.caption or "" for m in user.messages]


def later(moment: datetime, **delta: float) -> datetime:
    return moment + timedelta(**delta)
