"""Reminders: after N days, at most M, only at a civil hour in the contact's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from handlers.checkin.reminders import next_civil_start, remind_due
from handlers.checkin.rounds import in_civil_hours
from storage.models import Contact
from tests.checkin.support import Clock, import_example, organisation, start_and_invite
from tests.helpers import onboard

pytestmark = pytest.mark.e2e
HELSINKI = ZoneInfo("Europe/Helsinki")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 9, day, hour, tzinfo=HELSINKI).astimezone(UTC)


def test_civil_hours() -> None:
    assert in_civil_hours(at(7, 10), HELSINKI, "09:00-18:00")
    assert not in_civil_hours(at(7, 22), HELSINKI, "09:00-18:00")
    assert in_civil_hours(at(7, 23), HELSINKI, "21:00-08:00")


def test_next_civil_start() -> None:
    hours = "09:00-18:00"
    assert next_civil_start(at(7, 10), HELSINKI, hours) == at(7, 10)  # already civil
    assert next_civil_start(at(7, 7), HELSINKI, hours) == at(7, 9)  # later the same morning
    assert next_civil_start(at(7, 22), HELSINKI, hours) == at(8, 9)  # the next morning
    assert next_civil_start(at(7, 12), HELSINKI, "21:00-08:00") == at(7, 21)  # wraps midnight
    tokyo = ZoneInfo("Asia/Tokyo")  # 22:00 in Helsinki is 04:00 in Tokyo, five hours to go
    assert next_civil_start(at(7, 22), tokyo, hours) == at(8, 3)
    # the night the clocks go back (25 October 2026): still 09:00 local, now UTC+2
    late = datetime(2026, 10, 24, 20, tzinfo=HELSINKI).astimezone(UTC)
    assert next_civil_start(late, HELSINKI, hours) == datetime(2026, 10, 25, 7, tzinfo=UTC)


async def test_reminders(database_url: str) -> None:
    clock = Clock(at(7, 10))
    async with LocalBot(database_url, clock=clock, reminder_after_days=3, max_reminders=2) as bot:
        await import_example(bot)
        org = await organisation(bot, "Sevettijärven kyläyhdistys")
        user = bot.emulator.user(31, "Aino", language_code="fi")
        other = bot.emulator.user(32, "Juho", language_code="fi")
        await onboard(bot, user, org, "fi")
        await onboard(bot, other, org, "en")
        async with bot.services.sessionmaker() as session, session.begin():
            juho = await session.scalar(select(Contact).where(Contact.telegram_user_id == 32))
            assert juho is not None
            juho.timezone = "Asia/Tokyo"  # 22:00 in Helsinki is 04:00 there, 10:00 is 16:00
        await start_and_invite(bot)
        application = bot.application
        assert application is not None

        def reminders(u: object) -> int:
            texts = [m.text or "" for m in u.messages]
            return sum(1 for t in texts if t.startswith(("Muistutus", "Reminder")))

        clock.now = at(9, 10)  # two days: too early
        assert await remind_due(bot.services) == 0
        clock.now = at(10, 22)  # three days, but 22:00 here and 04:00 in Tokyo
        assert await remind_due(bot.services) == 0
        clock.now = at(11, 10)
        assert await remind_due(bot.services) == 1
        await user.wait_idle(quiet=0.1)
        await other.wait_idle(quiet=0.1)
        assert reminders(user) == 1 and reminders(other) == 1
        assert "4 vastaamatonta toimenpidettä" in user.last.text  # type: ignore[operator]
        assert await remind_due(bot.services) == 0  # not twice
        clock.now = at(14, 11)
        assert await remind_due(bot.services) == 1
        clock.now = at(20, 11)
        assert await remind_due(bot.services) == 0  # at most two
        await user.wait_idle(quiet=0.1)
        assert reminders(user) == 2
