"""The coffee roulette over the emulator: opt-in with languages, the monthly pairing and its
introductions, "Did you meet?" a week later, the coordinators' figures, asking whether to stay
in, opting out, and /mydata (issue 10)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from handlers.events import coffee_flow, roulette
from storage.models import CoffeeMatch, CoffeeParticipant, Contact, Schedule
from tests.events.coffee_support import join, pair_now, people
from tests.events.support import Clock, coordinator, helsinki
from tests.helpers import has_buttons

pytestmark = pytest.mark.e2e


@pytest.fixture
async def ev_bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(3, 20, 9))
    async with LocalBot(
        database_url, clock=clock, admins=frozenset({9000}), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


async def test_pairing_introductions_and_did_you_meet(ev_bot: LocalBot) -> None:
    bot = ev_bot
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])  # Skolt Sámi who also meets in Finnish
    await join(bot, users["pekka"], "fi", [])
    await join(bot, users["stina"], "sv", [])  # only Swedish: nobody to meet this month
    async with bot.services.sessionmaker() as session:
        languages = {
            p.contact_id: p.languages for p in await session.scalars(select(CoffeeParticipant))
        }
    assert sorted(languages.values()) == [["fi"], ["fi", "sms"], ["sv"]]

    result = await pair_now(bot, seed=7)
    assert (result.groups, result.paired, result.unplaced) == (1, 2, 1)
    sms = bot.services.catalogs.get("sms", "events")
    intro = await users["sanna"].wait_for_message(lambda m: "☕" in (m.text or ""))
    assert (intro.text or "").startswith(
        "☕ " + sms._(roulette.INTRO) + "\n• Pekka, Kemin seurakunta"
    )
    [mention] = intro.entities
    assert mention["type"] == "text_link" and mention["url"] == "tg://user?id=3802"
    assert sms._(roulette.SHARED) % {"languages": "Suomi"} in (intro.text or "")
    fi = bot.services.catalogs.get("fi", "events")
    pekkas = await users["pekka"].wait_for_message(lambda m: "☕" in (m.text or ""))
    assert "• Sanna, Sevettijärven kyläyhdistys (Inari)" in (pekkas.text or "")
    sv = bot.services.catalogs.get("sv", "events")
    await users["stina"].wait_for_message(lambda m: m.text == sv._(roulette.NO_MATCH))

    clock = bot.clock
    assert isinstance(clock, Clock)
    clock.advance(days=6, hours=23)
    assert await roulette.follow_up_due(bot.services) == 0
    clock.advance(hours=1)
    await roulette.follow_up_due(bot.services)  # (the housekeeping job may have run it first)
    assert await roulette.follow_up_due(bot.services) == 0
    question = await users["pekka"].wait_for_message(has_buttons)
    asked = fi._(roulette.DID_YOU_MEET) % {"names": "Sanna"}
    assert question.text == asked
    await users["pekka"].tap(fi._(roulette.YES))
    thanked = await users["pekka"].wait_for_message(lambda m: m.edited > 0)
    assert thanked.text == asked + "\n\n" + fi._(coffee_flow.THANKS["yes"])
    await users["sanna"].wait_for_message(has_buttons)
    await users["sanna"].tap(sms._(roulette.NO))
    await users["sanna"].wait_for_message(lambda m: m.edited > 0)

    _office, boss = await coordinator(bot)
    await boss.send_text("/coffee")
    overview = await boss.wait_for_message(has_buttons)
    day = bot.services.catalogs.get("fi").date(helsinki(3, 20, 9).date())
    line = fi._(coffee_flow.ROUND_LINE) % {
        "date": day,
        "paired": "2",
        "met": "1",
        "rate": "50\u00a0%",
        "open": "0",
    }
    assert fi._(coffee_flow.ROUNDS) % {"count": "3"} + "\n" + line in (overview.text or "")


async def test_two_rounds_without_meeting_ask_whether_to_stay_in(ev_bot: LocalBot) -> None:
    bot = ev_bot
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])
    await join(bot, users["pekka"], "fi", [])
    clock = bot.clock
    assert isinstance(clock, Clock)
    for _ in range(2):
        await pair_now(bot, seed=1)
        clock.advance(days=8)
        await roulette.follow_up_due(bot.services)  # nobody answers
        clock.advance(days=22)
    third = await pair_now(bot)
    assert (third.asked_to_stay, third.paired) == (2, 0)
    fi = bot.services.catalogs.get("fi", "events")
    await users["pekka"].wait_for_message(lambda m: m.text == fi._(roulette.STAY_QUESTION))
    sms = bot.services.catalogs.get("sms", "events")
    await users["sanna"].wait_for_message(lambda m: m.text == sms._(roulette.STAY_QUESTION))
    await users["pekka"].tap(fi._(roulette.STAY))
    await users["pekka"].wait_for_message(lambda m: m.text == fi._(coffee_flow.STAYING))
    await users["sanna"].tap(sms._(roulette.LEAVE))
    await users["sanna"].wait_for_message(lambda m: m.text == sms._(coffee_flow.STOPPED))
    async with bot.services.sessionmaker() as session:
        rows = {
            p.contact_id: (p.active, p.asked_to_stay_at is None)
            for p in await session.scalars(select(CoffeeParticipant))
        }
    assert sorted(rows.values()) == [(False, False), (True, True)]


async def test_opting_out_stops_at_once_and_shows_in_mydata(ev_bot: LocalBot) -> None:
    bot = ev_bot
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])
    await join(bot, users["pekka"], "fi", [])
    await pair_now(bot, seed=3)
    fi = bot.services.catalogs.get("fi", "events")
    pekka = users["pekka"]
    await pekka.send_text("/coffee")
    await pekka.wait_for_message(lambda m: fi._(coffee_flow.STOP) in str(m.reply_markup))
    await pekka.tap(fi._(coffee_flow.STOP))
    await pekka.wait_for_message(lambda m: m.text == fi._(coffee_flow.STOPPED))
    clock = bot.clock
    assert isinstance(clock, Clock)
    clock.advance(days=8)
    await roulette.follow_up_due(bot.services)
    sms = bot.services.catalogs.get("sms", "events")
    asked_sanna = sms._(roulette.DID_YOU_MEET) % {"names": "Pekka"}
    await users["sanna"].wait_for_message(lambda m: m.text == asked_sanna)
    async with bot.services.sessionmaker() as session:
        asked = {
            telegram_id: asked_at is not None
            for telegram_id, asked_at in await session.execute(
                select(Contact.telegram_user_id, CoffeeMatch.asked_at).join(
                    Contact, Contact.id == CoffeeMatch.contact_id
                )
            )
        }
    assert asked == {3801: True, 3802: False}  # Sanna is asked; Pekka, who left, is not

    await pekka.send_text("/mydata")
    document = await pekka.wait_for_message(lambda m: m.kind == "document")
    data = json.loads(document.file_bytes or b"{}")
    assert data["virtual_coffee"]["taking_part"] is False
    assert data["virtual_coffee"]["languages"] == ["fi"]
    assert [r["paired"] for r in data["virtual_coffee"]["rounds"]] == [True]
    assert data["events"] == {"invitations": [], "sign_ups": []}


async def test_the_schedule_fires_once_per_month_and_catches_up(ev_bot: LocalBot) -> None:
    bot = ev_bot
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])
    await join(bot, users["pekka"], "fi", [])
    clock = bot.clock
    assert isinstance(clock, Clock)

    async def rounds() -> int:
        async with bot.services.sessionmaker() as session:
            return len(list(await session.scalars(select(CoffeeMatch.round_id).distinct())))

    clock.now = helsinki(3, 31, 23)
    assert await roulette.fire_due(bot.services) is None
    clock.now = helsinki(4, 1, 9, 5)  # the default schedule: the 1st of the month at 09:00
    await roulette.fire_due(bot.services)  # (the housekeeping job may have fired it first)
    assert await roulette.fire_due(bot.services) is None
    assert await rounds() == 1
    clock.now = helsinki(5, 2, 8)  # the bot was down on 1 May: within the grace, once
    await roulette.fire_due(bot.services)
    assert await roulette.fire_due(bot.services) is None
    assert await rounds() == 2
    clock.now = helsinki(6, 3, 8)  # down for two days: too late for June's round
    assert await roulette.fire_due(bot.services) is None
    assert await rounds() == 2
    async with bot.services.sessionmaker() as session:
        schedule = await session.scalar(select(Schedule).where(Schedule.kind == "coffee"))
    assert schedule is not None and schedule.cron == roulette.DEFAULT_CRON


async def test_forget_erases_the_mention_in_a_partners_introduction(ev_bot: LocalBot) -> None:
    """The introduction names the partner by a tg://user?id= link: after the partner's /forget
    no table holds their Telegram id, also not the message sent to someone else."""
    from handlers.privacy import conversation as privacy
    from tests.handlers.test_erasure import places_with_id

    bot = ev_bot
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])
    await join(bot, users["pekka"], "fi", [])
    await pair_now(bot, seed=5)
    await users["sanna"].wait_for_message(lambda m: "tg://user?id=3802" in str(m.entities))
    assert "delivery.payload" in await places_with_id(bot, 3802)
    kylabot = bot.services.catalogs.get("fi")
    pekka = users["pekka"]
    await pekka.send_text("/forget")
    await pekka.wait_for_message(has_buttons)
    await pekka.tap(kylabot._(privacy.YES_ERASE))
    await pekka.wait_for_message(lambda m: m.text == kylabot._(privacy.FORGOTTEN))
    assert await places_with_id(bot, 3802) == []
