"""Reminders 24 h and 1 h before, across the spring DST change, each written once (issue 10)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.events import texts as tx
from handlers.events.reminders import remind_due
from storage.models import Delivery
from tests.broadcast.support import add_contact
from tests.events.support import HELSINKI, Clock, has_signup, helsinki, is_calendar, make_event, tr
from tests.helpers import make_org

pytestmark = pytest.mark.e2e


@pytest.fixture
async def ev_bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(3, 20, 9))
    async with LocalBot(
        database_url, clock=clock, admins=frozenset({9000}), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


def starting(user: EmulatedUser, prefix: str) -> list[str]:
    return [m.text or "" for m in user.messages if (m.text or "").startswith(prefix)]


@pytest.mark.parametrize(
    ("start", "day_before_ok", "day_before_early"),
    [
        # Sunday 29 March 12:00 EEST, the day the clocks go forward: 24 h before is Saturday
        # 11:00 EET (09:00 UTC), not 12:00.
        (helsinki(3, 29, 12), helsinki(3, 28, 11), helsinki(3, 28, 10, 59)),
        # Monday 30 March 10:00 EEST: 24 h before is Sunday 10:00 EEST, after the change.
        (helsinki(3, 30, 10), helsinki(3, 29, 10), helsinki(3, 29, 9, 59)),
    ],
)
async def test_reminders_a_day_and_an_hour_before_in_the_dst_week(
    ev_bot: LocalBot, start: datetime, day_before_ok: datetime, day_before_early: datetime
) -> None:
    bot = ev_bot
    clock = bot.clock
    assert isinstance(clock, Clock)
    village = await make_org(bot)
    await add_contact(bot, village, 3401, "sv")
    await add_contact(bot, village, 3402, "fi")
    swede, finn = bot.emulator.user(3401), bot.emulator.user(3402)
    event_id = await make_event(bot, start)
    await swede.wait_for_message(has_signup(event_id))
    await swede.tap(tr(bot, "sv")(tx.SIGN_UP))
    await swede.wait_for_message(is_calendar)
    await finn.wait_for_message(has_signup(event_id))  # invited, not signed up

    sv = bot.services.catalogs.get("sv", "events")
    day_prefix = sv._(tx.REMINDER).split("%")[0]
    clock.now = day_before_early
    assert await remind_due(bot.services) == 0
    clock.now = day_before_ok
    await remind_due(bot.services)  # (the sender's tick may have written it first)
    assert await remind_due(bot.services) == 0  # written once
    expected = sv._(tx.REMINDER) % {
        "title": "Virtuellt kaffe",
        "start": sv.datetime(start, HELSINKI),
    }
    link = "\n🔗 " + sv._(tx.ONLINE) % {"link": "https://meet.example.fi/kahvit"}
    await swede.wait_for_message(lambda m: m.text == expected + link)

    clock.now = start - timedelta(minutes=61)
    assert await remind_due(bot.services) == 0
    clock.now = start - timedelta(minutes=60)
    await bot.restart()  # a reminder's record survives a restart
    await remind_due(bot.services)
    assert await remind_due(bot.services) == 0
    soon = sv._(tx.REMINDER_SOON) % {
        "title": "Virtuellt kaffe",
        "time": sv.time(start, HELSINKI),
    }
    await swede.wait_for_message(lambda m: m.text == soon + link)
    assert starting(swede, soon) == [soon + link]
    assert starting(swede, day_prefix) == [expected + link]
    assert len(finn.messages) == 1  # the invitation only: no reminder without a seat


async def test_only_the_hour_reminder_after_downtime_inside_the_last_hour(ev_bot: LocalBot) -> None:
    bot = ev_bot
    clock = bot.clock
    assert isinstance(clock, Clock)
    village = await make_org(bot)
    await add_contact(bot, village, 3501, "fi")
    user = bot.emulator.user(3501)
    start = helsinki(3, 30, 10)
    event_id = await make_event(bot, start)
    await user.wait_for_message(has_signup(event_id))
    await user.tap(tr(bot)(tx.SIGN_UP))
    await user.wait_for_message(is_calendar)
    clock.now = helsinki(3, 30, 9, 30)  # the bot was down during the day-before reminder
    await remind_due(bot.services)
    fi = bot.services.catalogs.get("fi", "events")
    soon = fi._(tx.REMINDER_SOON) % {"title": "Virtuaalikahvit", "time": fi.time(start, HELSINKI)}
    link = "\n🔗 " + fi._(tx.ONLINE) % {"link": "https://meet.example.fi/kahvit"}
    await user.wait_for_message(lambda m: m.text == soon + link)
    assert await remind_due(bot.services) == 0
    async with bot.services.sessionmaker() as session:
        written = [
            str(payload["text"]).split("\n")[0]
            for payload in await session.scalars(
                select(Delivery.payload)
                .where(Delivery.contact_id.is_not(None), Delivery.method == "sendMessage")
                .order_by(Delivery.id)
            )
        ]
    assert written[1:] == [soon]  # after the invitation: the hour reminder only
