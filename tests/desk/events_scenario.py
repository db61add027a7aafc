"""The data the desk's events tests look at, made as people make it: invitations answered in
the chat, attendance ticked and an event cancelled by the coordinator, a coffee round paired and
answered; and readers of the desk's and the chat's texts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.events import coffee_flow, conversation, manage_flow, roulette
from handlers.events import texts as tx
from tests.broadcast.support import add_contact
from tests.desk.support import tables_of
from tests.events.coffee_support import join, pair_now, people
from tests.events.support import Clock, coordinator, has_signup, make_event, tr
from tests.helpers import has_buttons, make_org

BOSS = 9100  # tests.events.support.coordinator
VILLAGE = "Nellimin kyläyhdistys"
EVENT_LINK = re.compile(r'data-query="event=(\d+)&amp;when=\w+"')


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


def later(moment: datetime, days: float) -> datetime:
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


async def coffee_round(bot: LocalBot) -> None:
    """Three join /coffee; a round pairs two (the third shares no language with them); a week
    later one says they met and the other does not answer."""
    users = await people(bot)
    await join(bot, users["sanna"], "sms", ["Suomi"])
    await join(bot, users["pekka"], "fi", [])
    await join(bot, users["stina"], "sv", [])
    await pair_now(bot, seed=7)
    advance(bot, days=7, hours=1)
    await roulette.follow_up_due(bot.services)
    fi = bot.services.catalogs.get("fi", "events")
    await users["pekka"].wait_for_message(has_buttons)
    await users["pekka"].tap(fi._(roulette.YES))
    await users["pekka"].wait_for_message(lambda m: m.edited > 0)


def round_line(bot: LocalBot, cells: list[str]) -> str:
    """The chat's /coffee line of a round, with the figures of the desk's row of it."""
    day, paired, met, rate, unanswered = cells
    values = {"date": day, "paired": paired, "met": met, "rate": rate, "open": unanswered}
    return str(bot.services.catalogs.get("fi", "events")._(coffee_flow.ROUND_LINE) % values)
