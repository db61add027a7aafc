"""Invitation, sign-up, full → waitlist, cancel → promotion, over the emulator (issue 10)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from handlers.events import texts as tx
from storage.models import EventSignup, OrgKind, SignupStatus
from tests.broadcast.support import add_contact
from tests.events.support import (
    HELSINKI,
    Clock,
    calendars,
    has_signup,
    helsinki,
    is_calendar,
    make_event,
    texts,
    tr,
)
from tests.helpers import make_org

pytestmark = pytest.mark.e2e
START = helsinki(3, 30, 10)  # Monday after the spring DST change (Sunday 29 March 2026)


@pytest.fixture
async def ev_bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(3, 20, 9))
    async with LocalBot(
        database_url, clock=clock, admins=frozenset({9000}), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


async def test_full_event_waitlists_and_a_cancellation_promotes_the_first(ev_bot: LocalBot) -> None:
    bot = ev_bot
    village = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    parish = await make_org(bot, "Kemin seurakunta", OrgKind.PARISH, municipality="Kemi")
    await add_contact(bot, village, 3001, "fi")
    await add_contact(bot, parish, 3002, "sv")
    await add_contact(bot, parish, 3003, "se")
    await add_contact(bot, village, 3004, "fi", opted_out=True)
    aino, stina, maret = (bot.emulator.user(i) for i in (3001, 3002, 3003))

    event_id = await make_event(bot, START, capacity=1)
    invitations = [await u.wait_for_message(has_signup(event_id)) for u in (aino, stina, maret)]
    assert invitations[0].text is not None and invitations[0].text.startswith(
        "☕ " + tr(bot)(tx.KIND_LABELS[tx.EventKind.COFFEE]) + ": Virtuaalikahvit"
    )
    assert "Virtuellt kaffe" in (invitations[1].text or "")  # Swedish title
    assert "Virtuaalikahvit" in (invitations[2].text or "")  # no Sámi title: Finnish
    assert bot.emulator.user(3004).messages == []  # /stop

    await aino.tap(tr(bot)(tx.SIGN_UP))
    signed = await aino.wait_for_message(is_calendar)
    assert signed.file_name == f"event-{event_id}.ics"
    confirmation = next(m for m in aino.messages if m.message_id == invitations[0].message_id)
    assert (confirmation.text or "").endswith(tr(bot)(tx.SIGNED_UP) % {"title": "Virtuaalikahvit"})
    [calendar] = calendars(aino)
    assert str(calendar["METHOD"]) == "PUBLISH"
    [entry] = calendar.events
    assert entry.decoded("dtstart") == START.astimezone(HELSINKI)
    assert entry.decoded("dtstart").utcoffset() == timedelta(hours=3)
    assert int(entry["SEQUENCE"]) == 0

    await stina.tap(tr(bot, "sv")(tx.SIGN_UP))
    waiting = await stina.wait_for_message(lambda m: "1" in (m.text or "") and m.edited > 0)
    title_sv = "Virtuellt kaffe"
    assert (waiting.text or "").endswith(
        tr(bot, "sv")(tx.WAITING) % {"title": title_sv, "place": "1"}
    )
    await maret.tap(tr(bot, "se")(tx.SIGN_UP))
    second = await maret.wait_for_message(lambda m: m.edited > 0)
    assert (second.text or "").endswith(
        tr(bot, "se")(tx.WAITING) % {"title": "Virtuaalikahvit", "place": "2"}
    )

    await aino.tap(tr(bot)(tx.GIVE_UP_SEAT))
    await aino.wait_for_message(lambda m: tr(bot)(tx.GAVE_UP).split("%")[0] in (m.text or ""))
    promoted = await stina.wait_for_message(is_calendar)
    assert promoted.caption == tr(bot, "sv")(tx.PROMOTED) % {
        "title": title_sv,
        "start": bot.services.catalogs.get("sv").datetime(START, HELSINKI),
    }
    assert calendars(aino)[0].events[0]["UID"] == calendars(stina)[0].events[0]["UID"]

    async with bot.services.sessionmaker() as session:
        rows = (
            await session.scalars(
                select(EventSignup).where(EventSignup.event_id == event_id).order_by(EventSignup.id)
            )
        ).all()
    assert [(r.contact_id, r.status) for r in rows] == [
        (1, SignupStatus.CANCELLED),
        (2, SignupStatus.SEAT),
        (3, SignupStatus.WAITING),
    ]
    assert texts(maret)[-1] == second.text  # the second on the list was not told anything


async def test_a_tap_after_the_deadline_or_on_a_cancelled_event_says_why(ev_bot: LocalBot) -> None:
    bot = ev_bot
    village = await make_org(bot)
    await add_contact(bot, village, 3101, "fi")
    user = bot.emulator.user(3101)
    event_id = await make_event(bot, START, deadline=helsinki(3, 21, 12))
    await user.wait_for_message(has_signup(event_id))
    clock = bot.clock
    assert isinstance(clock, Clock)
    clock.now = helsinki(3, 22, 9)
    await user.tap(tr(bot)(tx.SIGN_UP))
    closed = await user.wait_for_message(lambda m: m.edited > 0)
    expected = tr(bot)(tx.CLOSED) % {
        "title": "Virtuaalikahvit",
        "time": bot.services.catalogs.get("fi").datetime(helsinki(3, 21, 12), HELSINKI),
    }
    assert (closed.text or "").endswith(expected)
    assert [m for m in user.messages if is_calendar(m)] == []
