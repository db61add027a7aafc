"""A person who blocks the bot and comes back is reached again (issue 19, item 5).

A 403 or a ``my_chat_member`` "kicked" marks the contact inactive; their return (an unblock
update, or any message or tap when the client sends none) makes them active again, so the
next broadcast and the next round's invitation reach them. A deliberate pause (/stop) or a
forgotten identity (/forget) is not undone by unblocking.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.ops.metrics import install
from bot.reachability import WELCOME_BACK, WELCOME_BACK_PAUSED
from storage.models import AuditEvent, Broadcast, Contact, Conversation, DeliveryStatus
from tests.broadcast.support import (
    add_contact,
    bc_bot,
    deliveries,
    is_done,
    queue_broadcast,
    received,
    wait_until,
)
from tests.checkin.support import import_example, organisation, start_and_invite
from tests.helpers import has_buttons, onboard

pytestmark = pytest.mark.e2e
__all__ = ["bc_bot"]

PERSON = 5101
INVITATION = "~ci_start~"


async def _person(bot: LocalBot, language: str = "se") -> EmulatedUser:
    """An onboarded contact of a village in the example plan, plus a neighbour who is never
    blocked (so every broadcast has someone it reaches)."""
    await import_example(bot)
    village = await organisation(bot, "Sevettijärven kyläyhdistys")
    person = bot.emulator.user(PERSON, "Elle", language_code="fi")
    await onboard(bot, person, village, language)
    await add_contact(bot, village, PERSON + 1)
    return person


async def _contact(bot: LocalBot) -> Contact:
    async with bot.services.sessionmaker() as session:
        found = await session.scalar(select(Contact).where(Contact.telegram_user_id == PERSON))
    assert found is not None
    return found


async def _urgent_broadcast(bot: LocalBot, text: str) -> None:
    """Queues an urgent broadcast to everyone and waits until every delivery has an outcome."""
    await queue_broadcast(bot, text, urgent=True)
    await wait_until(lambda: is_done(bot))


async def _statuses_of_person(bot: LocalBot) -> list[DeliveryStatus]:
    contact = await _contact(bot)
    return [d.status for d in await deliveries(bot) if d.contact_id == contact.id]


async def _actions(bot: LocalBot) -> list[tuple[str, str | None]]:
    """The person's audit events: action and the kind of update that showed the change."""
    contact = await _contact(bot)
    async with bot.services.sessionmaker() as session:
        rows = await session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.contact_id == contact.id)
            .order_by(AuditEvent.id)
        )
        return [(action, json.loads(detail or "{}").get("update")) for action, detail in rows]


async def test_blocked_then_unblocked_is_welcomed_back_and_reached_again(bc_bot: LocalBot) -> None:
    bot = bc_bot
    metrics = install(bot.services)
    person = await _person(bot)
    person.block(notify=False)  # no update: the bot learns it from the 403
    await _urgent_broadcast(bot, "Tiedote 1")
    assert received(person, "Tiedote 1") == []
    assert await _statuses_of_person(bot) == [DeliveryStatus.BLOCKED]
    assert (await _contact(bot)).active is False

    mark = person.mark()
    person.unblock()  # my_chat_member: kicked -> member
    welcome = await person.wait_for_message(after=mark)
    assert welcome.text == bot.services.catalogs.get("se")._(WELCOME_BACK)
    await bot.settle()
    assert (await _contact(bot)).active is True

    await _urgent_broadcast(bot, "Tiedote 2")
    assert len(received(person, "Tiedote 2")) == 1
    assert await _statuses_of_person(bot) == [DeliveryStatus.BLOCKED, DeliveryStatus.SENT]

    await start_and_invite(bot)
    invitation = await person.wait_for_message(lambda m: INVITATION in str(m.reply_markup))
    assert invitation.text is not None
    assert await _actions(bot) == [
        ("invite.redeemed", None),
        ("contact.blocked", "403"),
        ("contact.returned", "my_chat_member"),
    ]
    changes = metrics.registry.get_sample_value(
        "kylabot_chat_member_changes_total", {"old": "kicked", "new": "member"}
    )
    assert changes == 1.0


async def test_the_kicked_update_marks_inactive_without_a_reply(bc_bot: LocalBot) -> None:
    bot = bc_bot
    metrics = install(bot.services)
    person = await _person(bot, "fi")
    before = len(person.messages)
    person.block()  # my_chat_member: member -> kicked
    await bot.settle()
    assert (await _contact(bot)).active is False
    assert bot.emulator.stats.errors[403] == 0  # nothing was even tried
    await _urgent_broadcast(bot, "Tiedote")
    assert await _statuses_of_person(bot) == []  # left out: counted as left, not sent
    async with bot.services.sessionmaker() as session:
        (stored,) = await session.scalars(select(Broadcast))
    assert stored.skipped == {"paused": 0, "left": 1}
    assert len(person.messages) == before
    assert await _actions(bot) == [
        ("invite.redeemed", None),
        ("contact.blocked", "my_chat_member"),
    ]
    changes = metrics.registry.get_sample_value(
        "kylabot_chat_member_changes_total", {"old": "member", "new": "kicked"}
    )
    assert changes == 1.0


@pytest.mark.parametrize("comeback", ["/start", "moikka", "tap"])
async def test_any_message_or_tap_makes_a_blocked_person_active_again(
    bc_bot: LocalBot, comeback: str
) -> None:
    """Some clients send no my_chat_member on unblocking: the person's own message says it."""
    bot = bc_bot
    person = await _person(bot, "fi")
    menu = person.last
    person.block(notify=False)
    await _urgent_broadcast(bot, "Tiedote 1")
    assert (await _contact(bot)).active is False

    person.unblock(notify=False)
    if comeback == "tap":
        label, _data = menu.buttons[0][0]
        await person.tap(label)
    else:
        await person.send_text(comeback)
    await person.wait_for_message()
    await bot.settle()
    assert (await _contact(bot)).active is True
    assert received(person, bot.services.catalogs.get("fi")._(WELCOME_BACK)) == []

    await _urgent_broadcast(bot, "Tiedote 2")
    assert len(received(person, "Tiedote 2")) == 1
    assert await _actions(bot) == [
        ("invite.redeemed", None),
        ("contact.blocked", "403"),
        ("contact.returned", "message"),
    ]


async def test_a_paused_person_who_unblocks_stays_paused(bc_bot: LocalBot) -> None:
    bot = bc_bot
    person = await _person(bot, "sv")
    await person.send_text("/stop")
    await person.wait_for_message()
    person.block()
    await bot.settle()
    mark = person.mark()
    person.unblock()
    welcome = await person.wait_for_message(after=mark)
    assert welcome.text == bot.services.catalogs.get("sv")._(WELCOME_BACK_PAUSED)
    await bot.settle()
    contact = await _contact(bot)
    assert (contact.active, contact.opted_out) == (True, True)
    await _urgent_broadcast(bot, "Tiedote")
    assert received(person, "Tiedote") == []
    async with bot.services.sessionmaker() as session:
        (stored,) = await session.scalars(select(Broadcast))
    assert stored.skipped == {"paused": 1, "left": 0}


async def test_a_forgotten_person_who_unblocks_is_not_brought_back(bc_bot: LocalBot) -> None:
    bot = bc_bot
    person = await _person(bot, "fi")
    contact_id = (await _contact(bot)).id
    await person.send_text("/forget")
    await person.wait_for_message(has_buttons)
    await person.tap(bot.services.catalogs.get("fi")._("Yes, erase"))
    await person.wait_for_message()
    await bot.settle()
    before = len(person.messages)
    person.block()
    person.unblock()
    await bot.settle()
    assert len(person.messages) == before  # no welcome: nobody is known by this chat
    async with bot.services.sessionmaker() as session:
        forgotten = await session.get(Contact, contact_id)
        conversation = await session.get(Conversation, PERSON)
    assert forgotten is not None
    assert (forgotten.telegram_user_id, forgotten.active) == (None, False)
    assert conversation is None  # the unblock started no conversation
    await _urgent_broadcast(bot, "Tiedote")
    assert received(person, "Tiedote") == []
