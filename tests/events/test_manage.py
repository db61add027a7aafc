"""A coordinator manages an event: lists, change of time and link, cancellation, attendance,
"Message attendees", and the attendee export; .ics parsed back with icalendar (issue 10)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.paging import NEXT, PREVIOUS
from handlers.broadcast import texts as broadcast_flow
from handlers.events import conversation, draft, manage_flow
from handlers.events import texts as tx
from handlers.events.export import collect, csv_bytes, xlsx_bytes
from storage.models import (
    AuditEvent,
    Broadcast,
    Conversation,
    Event,
    EventSignup,
    EventStatus,
    SignupStatus,
)
from tests.broadcast.support import add_contact
from tests.events.support import (
    HELSINKI,
    Clock,
    calendars,
    coordinator,
    has_signup,
    helsinki,
    is_calendar,
    make_event,
    tr,
)
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e
START = helsinki(3, 30, 10)


@pytest.fixture
async def ev_bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(3, 20, 9))
    async with LocalBot(
        database_url, clock=clock, admins=frozenset({9000}), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


async def setup(bot: LocalBot) -> tuple[EmulatedUser, list[EmulatedUser], int]:
    """A coordinator and three contacts; two have seats (capacity 2), the third waits."""
    _office, boss = await coordinator(bot)
    village = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    people = []
    for telegram_id, language in ((3601, "fi"), (3602, "sv"), (3603, "en")):
        await add_contact(bot, village, telegram_id, language)
        people.append(bot.emulator.user(telegram_id))
    event_id = await make_event(bot, START, capacity=2, audience={"kind": "mun", "value": "Inari"})
    for person, language in zip(people, ("fi", "sv", "en"), strict=True):
        await person.wait_for_message(has_signup(event_id))
        await person.tap(tr(bot, language)(tx.SIGN_UP))
        await person.wait_for_message(lambda m: m.edited > 0)
    await bot.settle()
    return boss, people, event_id


async def open_manage(bot: LocalBot, boss: EmulatedUser, event_id: int) -> None:
    await boss.send_text("/events")
    listing = await boss.wait_for_message(has_buttons)
    figures = tr(bot)(conversation.FIGURES) % {
        "invited": "3",
        "seats": "2",
        "waiting": "1",
        "declined": "0",
        "attended": "0",
    }
    assert figures in (listing.text or "")
    await boss.tap(tr(bot)(conversation.OPEN_ONE) % {"id": event_id})
    await boss.wait_for_message(has_buttons)
    await boss.tap(tr(bot)(conversation.MANAGE) % {"id": event_id})
    await boss.wait_for_message(lambda m: tr(bot)(manage_flow.PEOPLE) in str(m.reply_markup))


async def test_lists_a_change_of_time_and_a_cancellation(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    boss, (aino, stina, emma), event_id = await setup(bot)
    await open_manage(bot, boss, event_id)
    await boss.tap(_(manage_flow.PEOPLE))
    people = await boss.wait_for_message(lambda m: _(manage_flow.BACK) in str(m.reply_markup))
    assert people.text == "\n".join(
        [
            _(manage_flow.SIGNED_UP) % {"count": "2"},
            "1. User 3601 (Sevettijärven kyläyhdistys)",
            "2. User 3602 (Sevettijärven kyläyhdistys)",
            "",
            _(manage_flow.WAITLIST) % {"count": "1"},
            "1. User 3603 (Sevettijärven kyläyhdistys)",
        ]
    )

    await boss.tap(_(manage_flow.BACK))
    await boss.wait_for_message(lambda m: _(manage_flow.CHANGE_TIME) in str(m.reply_markup))
    await boss.tap(_(manage_flow.CHANGE_TIME))
    await boss.wait_for_message()
    await boss.send_text("30.3. 12:30")
    done = await boss.wait_for_message()
    assert done.text == _(manage_flow.CHANGED) % {"count": "3"}
    await bot.settle()
    sv = bot.services.catalogs.get("sv", "events")
    moved = await stina.wait_for_message(lambda m: is_calendar(m) and bool(m.caption))
    assert (moved.caption or "").startswith(sv._(tx.CHANGED) % {"title": "Virtuellt kaffe"})
    first, second = calendars(stina)
    assert first.events[0]["UID"] == second.events[0]["UID"]
    assert (int(first.events[0]["SEQUENCE"]), int(second.events[0]["SEQUENCE"])) == (0, 1)
    assert second.events[0].decoded("dtstart") == helsinki(3, 30, 12, 30).astimezone(HELSINKI)
    changed_en = tr(bot, "en")(tx.CHANGED) % {"title": "Coffee"}
    told = await emma.wait_for_message(lambda m: (m.text or "").startswith(changed_en))
    assert told.kind == "text"  # the waitlist gets the details without a calendar file

    await boss.send_text("/events")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(conversation.OPEN_ONE) % {"id": event_id})
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(conversation.MANAGE) % {"id": event_id})
    await boss.wait_for_message(lambda m: _(manage_flow.CANCEL_EVENT) in str(m.reply_markup))
    await boss.tap(_(manage_flow.CANCEL_EVENT))
    await boss.wait_for_message(lambda m: _(manage_flow.YES_CANCEL) in str(m.reply_markup))
    await boss.tap(_(manage_flow.YES_CANCEL))
    cancelled = await boss.wait_for_message(lambda m: m.edited > 0 and not m.reply_markup)
    assert cancelled.text == _(manage_flow.CANCELLED) % {"title": "Virtuaalikahvit", "count": "3"}
    fi = bot.services.catalogs.get("fi", "events")
    start_fi = fi.datetime(helsinki(3, 30, 12, 30), HELSINKI)
    expected = fi._(tx.CANCELLED_NOTICE) % {"title": "Virtuaalikahvit", "start": start_fi}
    caption = f"{expected} {fi._(tx.CANCELLED_FILE)}"
    await aino.wait_for_message(lambda m: is_calendar(m) and m.caption == caption)
    last = calendars(aino)[-1]
    assert str(last["METHOD"]) == "CANCEL"
    assert str(last.events[0]["STATUS"]) == "CANCELLED"
    assert int(last.events[0]["SEQUENCE"]) == 2
    en = bot.services.catalogs.get("en", "events")
    start_en = en.datetime(helsinki(3, 30, 12, 30), HELSINKI)
    notice = en._(tx.CANCELLED_NOTICE) % {"title": "Coffee", "start": start_en}
    await emma.wait_for_message(lambda m: m.text == notice)

    await aino.send_text("/events")  # a cancelled event is no longer offered
    assert (await aino.wait_for_message()).text == fi._(conversation.NO_EVENTS)
    async with bot.services.sessionmaker() as session:
        event = await session.get(Event, event_id)
        assert event is not None and event.status is EventStatus.CANCELLED
        actions = list(await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["event.changed", "event.cancelled"]


async def test_attendance_export_and_message_attendees(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    boss, (aino, stina, _emma), event_id = await setup(bot)
    await open_manage(bot, boss, event_id)
    await boss.tap(_(manage_flow.MESSAGE))
    await boss.wait_for_message()
    await boss.send_text("Muistakaa kahvikuppi!")
    await boss.wait_for_message(has_buttons)
    await boss.tap(bot.services.catalogs.get("fi")._(broadcast_flow.CONTINUE))
    preview = await boss.wait_for_message(
        lambda m: bot.services.catalogs.get("fi")._(broadcast_flow.SEND_NOW) in str(m.reply_markup)
    )
    assert "#1 Virtuaalikahvit" in (preview.text or "")
    assert _(broadcast_flow.RECIPIENTS) % {"count": "2"} in (preview.text or "")
    await boss.tap(bot.services.catalogs.get("fi")._(broadcast_flow.SEND_NOW))
    await aino.wait_for_message(lambda m: m.text == "Muistakaa kahvikuppi!", timeout=10.0)
    await stina.wait_for_message(lambda m: m.text == "Muistakaa kahvikuppi!", timeout=10.0)
    async with bot.services.sessionmaker() as session:
        [broadcast] = list(await session.scalars(select(Broadcast)))
    assert broadcast.segment == {"kind": "event", "value": str(event_id)}
    assert broadcast.total == 2  # the two with a seat; not the one on the waitlist

    clock = bot.clock
    assert isinstance(clock, Clock)
    clock.now = helsinki(3, 30, 11, 30)  # after the start: attendance
    await open_manage_after_start(bot, boss, event_id)
    await boss.tap(_(manage_flow.MARK))
    marks = await boss.wait_for_message(lambda m: "▫️ User 3601" in str(m.reply_markup))
    await boss.tap("▫️ User 3601 (Sevettijärven kyläyhdistys)")
    marked = await boss.wait_for_message(lambda m: "✅ User 3601" in str(m.reply_markup))
    assert marked.message_id == marks.message_id
    assert marked.text == _(manage_flow.ATTENDANCE) % {"count": "1", "seats": "2"}

    async with bot.services.sessionmaker() as session:
        event = await session.get(Event, event_id)
        assert event is not None
        found = await collect(session, event)
    text = csv_bytes(found).decode("utf-8")
    assert text.startswith("\ufeffevent;1\r\ntitle;Virtuaalikahvit\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    figures = {row[0]: row[1] for row in rows[:10]}
    assert (figures["invited"], figures["signed_up"], figures["waitlisted"]) == ("3", "2", "1")
    assert figures["attended"] == "1"
    header = rows.index(
        [
            "status",
            "place",
            "name",
            "organisation",
            "municipality",
            "language",
            "answered_at",
            "attended",
        ]
    )
    people = [(r[0], r[1], r[2], r[7]) for r in rows[header + 1 :]]
    assert people == [
        ("seat", "1", "User 3601", "yes"),
        ("seat", "2", "User 3602", ""),
        ("waiting", "1", "User 3603", ""),
    ]
    workbook = load_workbook(io.BytesIO(xlsx_bytes(found)))
    assert workbook.sheetnames == ["attendees", "figures"]
    assert workbook["attendees"].max_row == 4


async def open_manage_after_start(bot: LocalBot, boss: EmulatedUser, event_id: int) -> None:
    await boss.send_text("/events")
    await boss.wait_for_message(has_buttons)
    await boss.tap(tr(bot)(conversation.OPEN_ONE) % {"id": event_id})
    await boss.wait_for_message(has_buttons)
    await boss.tap(tr(bot)(conversation.MANAGE) % {"id": event_id})
    await boss.wait_for_message(lambda m: tr(bot)(manage_flow.MARK) in str(m.reply_markup))


async def test_the_attendance_list_pages_and_a_tick_stays_on_its_page(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    office, boss = await coordinator(bot)
    event_id = await make_event(bot, START, audience={"kind": "mun", "value": "Utsjoki"})
    contacts = [await add_contact(bot, office, 3700 + i) for i in range(10)]
    async with bot.services.sessionmaker() as session, session.begin():
        for number, contact in enumerate(contacts):
            session.add(
                EventSignup(
                    event_id=event_id,
                    contact_id=contact.id,
                    status=SignupStatus.SEAT,
                    queue_no=number,
                )
            )
    clock = bot.clock
    assert isinstance(clock, Clock)
    clock.now = helsinki(3, 30, 11, 30)
    await open_manage_after_start(bot, boss, event_id)
    await boss.tap(_(manage_flow.MARK))
    first = await boss.wait_for_message(lambda m: "▫️ User 3700" in str(m.reply_markup))
    assert [row[0][0] for row in first.buttons[-2:]] == [NEXT, _(manage_flow.DONE)]
    await boss.tap(NEXT)
    second = await boss.wait_for_message(lambda m: "▫️ User 3708" in str(m.reply_markup))
    labels = [[label for label, *_rest in row] for row in second.buttons]
    assert labels == [
        ["▫️ User 3708 (Lapin liitto)"],
        ["▫️ User 3709 (Lapin liitto)"],
        [PREVIOUS],
        [_(manage_flow.DONE)],
    ]
    await boss.tap("▫️ User 3709 (Lapin liitto)")
    ticked = await boss.wait_for_message(lambda m: "✅ User 3709" in str(m.reply_markup))
    assert [row[0][0] for row in ticked.buttons] == [
        "▫️ User 3708 (Lapin liitto)",
        "✅ User 3709 (Lapin liitto)",
        PREVIOUS,
        _(manage_flow.DONE),
    ]
    assert ticked.text == _(manage_flow.ATTENDANCE) % {"count": "1", "seats": "10"}
    async with bot.services.sessionmaker() as session:
        row = await session.scalar(select(Conversation).where(Conversation.chat_id == 9100))
    assert row is not None and row.data == {"id": event_id, "page": 1}


async def test_a_change_after_a_cancellation_is_refused(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    boss, _people, event_id = await setup(bot)
    await open_manage(bot, boss, event_id)
    await boss.tap(_(manage_flow.CHANGE_TIME))
    await boss.wait_for_message(lambda m: (m.text or "").startswith(_(draft.ASK_START)[:8]))
    async with bot.services.sessionmaker() as session, session.begin():
        event = await session.get(Event, event_id)
        assert event is not None
        event.status = EventStatus.CANCELLED  # e.g. `kylabot event cancel` meanwhile
    await boss.send_text("31.3.2026 10:00")
    assert (await boss.wait_for_message()).text == _(manage_flow.GONE)
    async with bot.services.sessionmaker() as session:
        row = await session.scalar(select(Conversation).where(Conversation.chat_id == 9100))
        moved = await session.get(Event, event_id)
    assert row is not None and row.flow is None
    assert moved is not None and moved.starts_at == START
