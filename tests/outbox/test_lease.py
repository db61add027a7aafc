"""A live sender keeps its claims, and a late outcome never undoes another's (issue 19, item 2).

``release_stale`` frees rows claimed longer ago than the lease, for a crashed sender's rows;
nothing renewed a live sender's claim, so a send slower than the lease was taken over and
sent a second time, and the first sender's outcome, written by id alone, could then turn the
second one's "sent" back into "pending": a third send. Now a sender renews its claims while it
holds them, and every outcome is written only where the row is still its claim (claimed_by and
the claim's token).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator, FaultPlan
from bot.harness import LocalBot
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from storage.db import create_engine, create_sessionmaker
from storage.models import Delivery, DeliveryStatus, Priority
from storage.repos import outbox as repo
from storage.repos.outbox import Outcome
from storage.types import utcnow
from tests.broadcast.support import wait_until

pytestmark = pytest.mark.e2e


async def _row(session: AsyncSession) -> int:
    now = utcnow()
    return await repo.insert_one(
        session,
        {
            "chat_id": 4700,
            "method": "sendMessage",
            "payload": {"text": "Hei"},
            "priority": int(Priority.NOTICE),
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
    )


async def test_a_late_outcome_does_not_undo_the_next_claim(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        row_id = await _row(session)
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        (first,) = await repo.claim(session, "a", now, 10)
    async with sessionmaker() as session, session.begin():  # a's lease ran out
        assert await repo.release_stale(session, now, now + timedelta(seconds=1)) == 1
    async with sessionmaker() as session, session.begin():
        (second,) = await repo.claim(session, "b", now, 10)
    assert (first.id, second.id) == (row_id, row_id)
    assert second.token == first.token + 1
    sent = Outcome(row_id, DeliveryStatus.SENT, 1, now, 77, now, None, token=second.token)
    late = Outcome(row_id, DeliveryStatus.PENDING, 1, now, error="timeout", token=first.token)
    async with sessionmaker() as session, session.begin():
        await repo.record(session, "b", [sent])
    async with sessionmaker() as session, session.begin():
        await repo.record(session, "a", [late])
    async with sessionmaker() as session:
        row = await session.get(Delivery, row_id)
    assert row is not None
    assert (row.status, row.message_id, row.error) == (DeliveryStatus.SENT, 77, None)


async def test_a_send_slower_than_the_lease_is_sent_once(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several senders run on PostgreSQL only")
    emulator = BotApiEmulator(record_messages=False)
    await emulator.start()
    async with LocalBot(database_url, emulator=emulator):
        pass  # migrated, nothing else
    emulator.ensure_chats([4700])
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    bot = LocalBot(database_url, emulator=emulator)
    options = SenderOptions(pace=False, lease=1.5)
    senders = [Sender(sessionmaker, bot.settings, options=options) for _ in range(2)]
    emulator.faults = FaultPlan(latency=4.0)  # every send takes longer than the lease
    try:
        async with sessionmaker() as session, session.begin():
            row_id = await _row(session)
        senders[0].start()
        await wait_until(lambda: emulator.stats.requests["sendMessage"] == 1)
        senders[1].start()

        async def final() -> bool:
            async with sessionmaker() as session:
                status = await session.scalar(select(Delivery.status).where(Delivery.id == row_id))
            return status is DeliveryStatus.SENT

        await wait_until(final, timeout=20)
    finally:
        for sender in senders:
            await sender.stop()
        await engine.dispose()
        await emulator.stop()
    assert emulator.stats.requests["sendMessage"] == 1
    assert emulator.delivered_count(4700) == 1
