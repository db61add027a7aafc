"""The desk's events page shows the chat's and the CLI's figures: each event's invited / signed
up / waitlist / declined / attended as /events has them, one event's lists as the chat's
"Attendees and waitlist", and the coffee rounds' meeting rate as /coffee and
``kylabot coffee rounds`` give it. The data is made through the emulator: invitations tapped,
attendance ticked and an event cancelled in the chat."""

from __future__ import annotations

import argparse
import re
from collections.abc import AsyncIterator
from html import unescape

import pytest

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.desk import events_data, texts
from handlers.events import coffee_flow, conversation, manage_flow, roulette
from handlers.events import texts as tx
from handlers.events.cli import cmd_coffee_rounds, cmd_list
from handlers.events.export import collect
from storage.models import Event
from tests.broadcast.support import add_contact
from tests.desk.support import DESK_URL, desk_client, init_data, signed, tables_of
from tests.events.coffee_support import join, pair_now, people
from tests.events.support import Clock, coordinator, has_signup, helsinki, make_event, tr
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e

BOSS = 9100  # tests.events.support.coordinator
VILLAGE = "Sevettijärven kyläyhdistys"
EVENT_LINK = re.compile(r'data-query="event=(\d+)&amp;when=\w+"')


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(3, 1, 9))
    async with LocalBot(
        database_url,
        clock=clock,
        admins=frozenset({9000}),
        quiet_hours="00:00-00:00",
        desk_url=DESK_URL,
    ) as started:
        yield started


def advance(bot: LocalBot, **delta: float) -> None:
    clock = bot.clock
    assert isinstance(clock, Clock)
    clock.advance(**delta)


async def answer(bot: LocalBot, person: EmulatedUser, event_id: int, button: str) -> None:
    """The person taps ``button`` (a msgid) on the invitation to ``event_id``."""
    await person.wait_for_message(has_signup(event_id))
    await person.tap(tr(bot)(button))
    await person.wait_for_message(lambda m: m.edited > 0)


async def manage(bot: LocalBot, boss: EmulatedUser, event_id: int, shown: str) -> None:
    """/events → Open → Manage, as the coordinator opens an event; waits for ``shown``."""
    _ = tr(bot)
    await boss.send_text("/events")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(conversation.OPEN_ONE) % {"id": event_id})
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(conversation.MANAGE) % {"id": event_id})
    await boss.wait_for_message(lambda m: _(shown) in str(m.reply_markup))


async def scenario(bot: LocalBot) -> tuple[EmulatedUser, dict[str, int]]:
    """Four events of an Inari village's four contacts, made and answered in the chat:
    ``old`` (35 days ago), ``past`` (started yesterday, one attended), ``upcoming`` (two seats
    taken, one waiting, one declined) and ``cancelled`` (to come, cancelled)."""
    _office, boss = await coordinator(bot)
    village = await make_org(bot, VILLAGE, municipality="Inari")
    folk = []
    for telegram_id, language in ((3601, "fi"), (3602, "fi"), (3603, "fi"), (3604, "fi")):
        await add_contact(bot, village, telegram_id, language)
        folk.append(bot.emulator.user(telegram_id))
    inari = {"kind": "mun", "value": "Inari"}
    now = bot.services.now
    ids = {"old": await make_event(bot, later(now(), 1), audience=inari, title={"fi": "Vanha"})}
    await answer(bot, folk[0], ids["old"], tx.SIGN_UP)
    advance(bot, days=35)
    ids["past"] = await make_event(bot, later(now(), 1), audience=inari, title={"fi": "Eilen"})
    for person in folk[:2]:
        await answer(bot, person, ids["past"], tx.SIGN_UP)
    ids["upcoming"] = await make_event(
        bot, later(now(), 10), capacity=2, audience=inari, title={"fi": "Tulossa"}
    )
    for person in folk[:3]:
        await answer(bot, person, ids["upcoming"], tx.SIGN_UP)
    await answer(bot, folk[3], ids["upcoming"], tx.NOT_THIS_TIME)
    ids["cancelled"] = await make_event(
        bot, later(now(), 20), audience=inari, title={"fi": "Kahvit"}
    )
    await answer(bot, folk[2], ids["cancelled"], tx.SIGN_UP)
    advance(bot, days=2)  # "past" is over: its attendance can be marked

    _ = tr(bot)
    await manage(bot, boss, ids["past"], manage_flow.MARK)
    await boss.tap(_(manage_flow.MARK))
    await boss.wait_for_message(lambda m: "▫️ User 3601" in str(m.reply_markup))
    await boss.tap(f"▫️ User 3601 ({VILLAGE})")
    await boss.wait_for_message(lambda m: "✅ User 3601" in str(m.reply_markup))
    await manage(bot, boss, ids["cancelled"], manage_flow.CANCEL_EVENT)
    await boss.tap(_(manage_flow.CANCEL_EVENT))
    await boss.wait_for_message(lambda m: _(manage_flow.YES_CANCEL) in str(m.reply_markup))
    await boss.tap(_(manage_flow.YES_CANCEL))
    await boss.wait_for_message(lambda m: m.edited > 0 and not m.reply_markup)
    await bot.settle()
    return boss, ids


def later(moment: object, days: float) -> object:
    from datetime import datetime, timedelta

    assert isinstance(moment, datetime)
    return moment + timedelta(days=days)


def chat_figures(listing: str) -> dict[int, str]:
    """Each event's figures line of the coordinator's /events, by event id."""
    found = {}
    for block in listing.split("\n\n")[1:]:
        head, *lines = block.splitlines()
        found[int(head.split(" ", 1)[0].lstrip("#"))] = lines[-1]
    return found


def desk_rows(page: str) -> dict[int, list[str]]:
    """Each event's row of the desk's table (its figures as shown), by event id."""
    ids = [int(found) for found in EVENT_LINK.findall(page)]
    rows = tables_of(page)[0][1:]
    return {event_id: row[1:] for event_id, row in zip(ids, rows, strict=True)}


def desk_lists(page: str) -> list[tuple[str, list[str]]]:
    """(heading, names) of each list of one event's view."""
    sections = re.findall(r'<section class="people"><h3>(.*?)</h3>(.*?)</section>', page)
    return [
        (unescape(title), [unescape(name) for name in re.findall(r"<li>(.*?)</li>", body)])
        for title, body in sections
    ]


async def test_the_events_page_shows_the_chats_figures_and_lists(
    bot: LocalBot, capsys: pytest.CaptureFixture[str]
) -> None:
    boss, ids = await scenario(bot)
    await boss.send_text("/events")
    chat = chat_figures((await boss.wait_for_message(has_buttons)).text or "")
    await manage(bot, boss, ids["upcoming"], manage_flow.PEOPLE)
    await boss.tap(tr(bot)(manage_flow.PEOPLE))
    chat_people = await boss.wait_for_message(
        lambda m: tr(bot)(manage_flow.BACK) in str(m.reply_markup)
    )
    headers = signed(init_data(bot, BOSS, "fi"))
    async with desk_client(bot) as client:
        upcoming = (await client.get("/desk/page/events", headers=headers)).text
        recent = (await client.get("/desk/page/events?when=recent", headers=headers)).text
        one = await client.get(f"/desk/page/events?event={ids['upcoming']}", headers=headers)
        past = await client.get(f"/desk/page/events?event={ids['past']}", headers=headers)
        gone = await client.get("/desk/page/events?event=999", headers=headers)
    fi = bot.services.catalogs.get("fi", "desk")

    # Upcoming: soonest first; recent: the last 30 days (the 35-day-old event is in neither).
    shown = desk_rows(upcoming)
    assert list(shown) == [ids["upcoming"], ids["cancelled"]]
    assert list(desk_rows(recent)) == [ids["past"]]
    assert fi._(texts.UPCOMING_NOTE) in upcoming
    assert fi.counted(texts.RECENT_NOTE, 30) % {"days": "30"} in recent
    states = [row[0].endswith(fi._(texts.CANCELLED)) for row in tables_of(upcoming)[0][1:]]
    assert states == [False, True]  # the cancelled event says so
    every = {**shown, **desk_rows(recent)}
    assert every == {
        ids["upcoming"]: ["4", "2", "1", "1", "0"],
        ids["cancelled"]: ["4", "1", "0", "0", "0"],
        ids["past"]: ["4", "2", "0", "0", "1"],
    }
    # ... as the chat's /events says them, and as the export and `kylabot event list` count.
    for event_id, cells in every.items():
        keys = ("invited", "seats", "waiting", "declined", "attended")
        assert chat[event_id] == tr(bot)(conversation.FIGURES) % dict(zip(keys, cells, strict=True))
        async with bot.services.sessionmaker() as session:
            event = await session.get(Event, event_id)
            assert event is not None
            exported = dict((await collect(session, event)).figure_rows())
        names = ("invited", "signed_up", "waitlisted", "declined", "attended")
        assert [str(exported[name]) for name in names] == cells
    capsys.readouterr()
    assert await cmd_list(argparse.Namespace(limit=20), bot.settings) == 0
    listed = {  # id, status, kind, date, time, seats(/capacity), waiting, invited, attended
        int(line.split()[0]): line.split()[5:9] for line in capsys.readouterr().out.splitlines()[1:]
    }
    for event_id, (invited, seats, waiting, _declined, attended) in every.items():
        [taken, *_capacity] = listed[event_id][0].split("/")
        assert [taken, *listed[event_id][1:]] == [seats, waiting, invited, attended]

    # One event: the chat's lists, in queue order, with everyone invited.
    assert one.status_code == 200
    chat_lines = (chat_people.text or "").split("\n\n")
    names = [[line.split(". ", 1)[1] for line in block.splitlines()[1:]] for block in chat_lines]
    person = [f"User {n} ({VILLAGE})" for n in (3601, 3602, 3603, 3604)]
    assert names == [person[:2], person[2:3]]
    assert desk_lists(one.text) == [
        (f"{fi._(texts.SIGNED_UP)} (2)", names[0]),
        (f"{fi._(texts.WAITLIST)} (1)", names[1]),
        (f"{fi._(texts.DECLINED)} (1)", person[3:]),
        (f"{fi._(texts.GAVE_UP)} (0)", []),
        (f"{fi._(texts.ATTENDED)} (0)", []),
        (f"{fi._(texts.INVITED)} (4)", person),
    ]
    assert desk_lists(past.text)[4] == (f"{fi._(texts.ATTENDED)} (1)", person[:1])
    assert fi._(tx.UNKNOWN) in gone.text


async def test_a_long_list_is_cut_with_how_many_more(bot: LocalBot) -> None:
    _office, _boss = await coordinator(bot)
    village = await make_org(bot, VILLAGE, municipality="Inari")
    total = events_data.LIST_CAP + 3
    for i in range(total):
        await add_contact(bot, village, 5000 + i, "fi")
    event_id = await make_event(bot, later(bot.services.now(), 3), audience={"kind": "all"})
    headers = signed(init_data(bot, BOSS, "fi"))
    async with desk_client(bot) as client:
        page = (await client.get(f"/desk/page/events?event={event_id}", headers=headers)).text
    fi = bot.services.catalogs.get("fi", "desk")
    invited = desk_lists(page)[-1]
    assert invited[0] == f"{fi._(texts.INVITED)} ({total + 1})"  # and the coordinator
    assert len(invited[1]) == events_data.LIST_CAP
    assert fi._(texts.MORE) % {"count": "4"} in unescape(page)


async def test_the_coffee_rounds_meeting_rate_is_the_chats(
    bot: LocalBot, capsys: pytest.CaptureFixture[str]
) -> None:
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])
    await join(bot, users["pekka"], "fi", [])
    await join(bot, users["stina"], "sv", [])
    await pair_now(bot, seed=7)  # Sanna and Pekka paired; Stina shares no language
    advance(bot, days=7, hours=1)
    await roulette.follow_up_due(bot.services)
    fi = bot.services.catalogs.get("fi", "events")
    await users["pekka"].wait_for_message(has_buttons)
    await users["pekka"].tap(fi._(roulette.YES))
    await users["pekka"].wait_for_message(lambda m: m.edited > 0)
    _office, boss = await coordinator(bot)
    await boss.send_text("/coffee")
    overview = (await boss.wait_for_message(has_buttons)).text or ""
    headers = signed(init_data(bot, BOSS, "fi"))
    async with desk_client(bot) as client:
        page = (await client.get("/desk/page/events", headers=headers)).text
    desk = bot.services.catalogs.get("fi", "desk")

    table = tables_of(page)[0]  # no events: the coffee table is the page's only one
    assert table[0] == [
        desk._(texts.PAIRED_ON),
        desk._(texts.PAIRED),
        desk._(texts.MET),
        desk._(texts.RATE),
        desk._(texts.NO_ANSWER),
    ]
    [(day, paired, met, rate, unanswered)] = table[1:]
    assert (paired, met, rate, unanswered) == ("2", "1", "50\u00a0%", "1")
    line = fi._(coffee_flow.ROUND_LINE) % {
        "date": day,
        "paired": paired,
        "met": met,
        "rate": rate,
        "open": unanswered,
    }
    taking_part = fi._(coffee_flow.ROUNDS) % {"count": "3"}
    assert f"{taking_part}\n{line}" in overview
    assert taking_part in unescape(page)
    capsys.readouterr()
    assert await cmd_coffee_rounds(argparse.Namespace(limit=12), bot.settings) == 0
    [row] = capsys.readouterr().out.splitlines()[1:]
    assert row.split()[3:] == [paired, met, "50%", unanswered]
