"""The desk's events page shows the chat's and the CLI's figures: each event's invited / signed
up / waitlist / declined / attended as /events has them, one event's lists as the chat's
"Attendees and waitlist", and the coffee rounds' meeting rate as /coffee and
``kylabot coffee rounds`` give it. The data is made through the emulator: invitations tapped,
attendance ticked and an event cancelled in the chat."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from html import unescape

import pytest

from bot.harness import LocalBot
from handlers.desk import events_data, texts
from handlers.events import coffee_flow, conversation, manage_flow
from handlers.events import texts as tx
from handlers.events.cli import cmd_coffee_rounds, cmd_list
from handlers.events.export import collect
from storage.models import Event
from tests.broadcast.support import add_contact
from tests.desk.events_scenario import (
    BOSS,
    VILLAGE,
    chat_figures,
    coffee_round,
    desk_lists,
    desk_rows,
    later,
    manage,
    round_line,
    scenario,
)
from tests.desk.support import DESK_URL, desk_client, init_data, signed, tables_of
from tests.events.support import Clock, coordinator, helsinki, make_event, tr
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e


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
    await coffee_round(bot)
    fi = bot.services.catalogs.get("fi", "events")
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
    [row] = table[1:]
    [_day, paired, met, rate, unanswered] = row
    assert (paired, met, rate, unanswered) == ("2", "1", "50\u00a0%", "1")
    line = round_line(bot, row)
    taking_part = fi._(coffee_flow.ROUNDS) % {"count": "3"}
    assert f"{taking_part}\n{line}" in overview
    assert taking_part in unescape(page)
    capsys.readouterr()
    assert await cmd_coffee_rounds(argparse.Namespace(limit=12), bot.settings) == 0
    [row] = capsys.readouterr().out.splitlines()[1:]
    assert row.split()[3:] == [paired, met, "50%", unanswered]
