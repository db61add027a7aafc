"""Cancelling a scheduled broadcast while it fires, on PostgreSQL (issue 19, item 7).

The coordinator's "Cancel #N" and the sender's firing tick race for the same row. Every time,
exactly one of them wins: the broadcast is cancelled and nothing is written for it, or it is
sent to everyone and the coordinator is told it can no longer be cancelled. Never "cancelled"
and sent anyway.

A third of the rounds force the order that lost before: the firing holds the row (it is
resolving the audience) when the tap arrives, and is let go only once the tap's transaction
waits for it; it must end "sent". Another third cancel first and fire after the answer: it must
end "cancelled". The rest let the two run at once, the firing started 0 to 60 ms after the tap
(the tap's own way through getUpdates takes about that), in whatever order they come.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from bot.segments import Audience
from handlers.broadcast import texts as words
from handlers.broadcast.ticks import BroadcastTicks
from storage.models import Broadcast, BroadcastStatus, Delivery, DeliveryStatus
from tests.broadcast.support import Clock, add_contact, coordinator, helsinki, tr, wait_until
from tests.helpers import make_org

pytestmark = pytest.mark.e2e

ROUNDS = 25
CONTACTS = 2


class Gate:
    """Holds the firing inside its transaction (in ``Segments.resolve``) while closed."""

    def __init__(self, resolve: Any) -> None:
        self._resolve = resolve
        self.closed = False
        self.entered = asyncio.Event()
        self.opened = asyncio.Event()

    async def __call__(self, session: Any, segment: Mapping[str, Any]) -> Audience:
        if self.closed:
            self.entered.set()
            await self.opened.wait()
        audience: Audience = await self._resolve(session, segment)
        return audience

    def close(self) -> None:
        self.closed, self.entered, self.opened = True, asyncio.Event(), asyncio.Event()

    def open(self) -> None:
        self.closed = False
        self.opened.set()


async def _schedule(bot: LocalBot, clock: Clock, number: int) -> int:
    """A broadcast due in half an hour (the sender's own tick must not fire it yet)."""
    async with bot.services.sessionmaker() as session, session.begin():
        broadcast = Broadcast(
            base_language="fi",
            variants={"fi": {"text": f"Tiedote {number}", "entities": []}},
            segment={"kind": "all"},
            status=BroadcastStatus.SCHEDULED,
            scheduled_for=clock.now + timedelta(minutes=30),
            total=0,
            skipped={},
        )
        session.add(broadcast)
        await session.flush()
        return broadcast.id


async def _waiting_for_a_lock(bot: LocalBot) -> bool:
    async with bot.services.sessionmaker() as session:
        waiting = await session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
    return bool(waiting)


async def _settled(bot: LocalBot, broadcast_id: int) -> tuple[BroadcastStatus, int]:
    """The broadcast's status once nothing of it is open, and how many rows it wrote."""
    async with bot.services.sessionmaker() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        rows = await session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.broadcast_id == broadcast_id)
            .group_by(Delivery.status)
        )
        by_status: dict[DeliveryStatus, int] = {status: count for status, count in rows}
    assert set(by_status) <= {DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT}
    return broadcast.status, sum(by_status.values())


def _received(users: list[EmulatedUser], number: int) -> list[int]:
    return [sum(1 for m in user.messages if m.text == f"Tiedote {number}") for user in users]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_cancel_and_firing_race_one_winner_every_time(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(helsinki(2026, 11, 24, 12, 0))
    async with LocalBot(database_url, clock=clock, quiet_hours="00:00-00:00") as bot:
        _ = tr(bot)
        org = await make_org(bot)
        boss = await coordinator(bot, org)
        for i in range(CONTACTS):
            await add_contact(bot, org, 4700 + i)
        people = [bot.emulator.user(4700 + i) for i in range(CONTACTS)]
        everyone = [*people, boss]
        segments = bot.services.segments
        gate = Gate(segments.resolve)
        monkeypatch.setattr(segments, "resolve", gate)
        ticks = BroadcastTicks(
            bot.services.sessionmaker,
            bot.services.settings,
            bot.services.catalogs,
            clock,
            segments,
            bot.services.update_lock,
        )
        outcomes: list[str] = []
        for number in range(ROUNDS):
            forced, first = number % 3 == 0, number % 3 == 1
            broadcast_id = await _schedule(bot, clock, number)
            await boss.send_text("/broadcasts")
            cancel = _(words.CANCEL_ONE) % {"id": broadcast_id}
            await boss.wait_for_message(lambda m, c=cancel: c in str(m.reply_markup))
            answers = len(boss.callback_answers)
            # Made due just before its race: the sender's own tick may fire it as well.
            if forced:
                gate.close()
                clock.advance(minutes=30)
                firing = asyncio.create_task(ticks.fire_scheduled())
                await gate.entered.wait()  # the firing holds the row
                await boss.tap(cancel)
                await wait_until(lambda: _waiting_for_a_lock(bot))
                gate.open()
                await firing
            elif first:
                await boss.tap(cancel)
                await wait_until(lambda n=answers: len(boss.callback_answers) > n)
                clock.advance(minutes=30)
                await ticks.fire_scheduled()
            else:
                clock.advance(minutes=30)
                await boss.tap(cancel)
                await asyncio.sleep(0.02 * (number % 4))  # varies the order; asserts nothing
                await ticks.fire_scheduled()
            await wait_until(lambda n=answers: len(boss.callback_answers) > n)
            told = boss.callback_answers[-1]["text"]
            await bot.settle()
            status, rows = await _settled(bot, broadcast_id)
            if status is BroadcastStatus.CANCELLED:
                assert told == _(words.SCHEDULE_CANCELLED) % {"id": broadcast_id}
                assert rows == 0
                outcomes.append("cancelled")
            else:
                assert told == _(words.NOT_CANCELLABLE) % {"id": broadcast_id}
                assert rows == len(everyone)
                await wait_until(lambda n=number: _received(everyone, n) == [1] * len(everyone))
                outcomes.append("sent")
            if forced:
                assert outcomes[-1] == "sent"
            if first:
                assert outcomes[-1] == "cancelled"
        await bot.settle()
        assert [_received(everyone, n) for n in range(ROUNDS)] == [
            [1] * len(everyone) if outcome == "sent" else [0] * len(everyone)
            for outcome in outcomes
        ]
