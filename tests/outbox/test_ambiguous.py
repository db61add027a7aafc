"""A send that timed out may have been delivered: it is tried at most once more (issue 19, item 8).

Telegram has no idempotency key. A timeout says nothing about whether the message arrived, so
retrying it like a 5xx (six tries) could deliver it six times. Here the emulator delivers every
message after the client has given up waiting: the person gets it at most twice, the row ends
"failed" (timeout), and both sends are counted as ambiguous.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.emulator import BotApiEmulator, FaultPlan
from bot.harness import LocalBot
from bot.ops.metrics import Metrics
from bot.outbox.client import BotApiClient
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from storage.db import create_engine, create_sessionmaker
from storage.models import Delivery, DeliveryStatus, Priority
from storage.models.broadcast import FINAL_STATUSES
from storage.repos import outbox as repo
from storage.types import utcnow
from tests.broadcast.support import wait_until

pytestmark = pytest.mark.e2e

CHAT = 4800


async def _row(session: AsyncSession, priority: Priority) -> int:
    now = utcnow()
    return await repo.insert_one(
        session,
        {
            "chat_id": CHAT,
            "method": "sendMessage",
            "payload": {"text": "Hei"},
            "priority": int(priority),
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
    )


@pytest.mark.parametrize("priority", [Priority.REPLY, Priority.BULK])
async def test_a_timed_out_send_is_tried_once_more(database_url: str, priority: Priority) -> None:
    emulator = BotApiEmulator(record_messages=False)
    await emulator.start()
    async with LocalBot(database_url, emulator=emulator):
        pass  # migrated, nothing else
    emulator.ensure_chats([CHAT])
    bot = LocalBot(database_url, emulator=emulator)
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    client = BotApiClient(emulator.api_url, emulator.token, timeout=0.3)
    sender = Sender(
        sessionmaker,
        bot.settings,
        client=client,
        options=SenderOptions(pace=False, backoff_base=0.05, exclusive=True),
    )
    results: list[str] = []
    sender.on_result = lambda result, _priority: results.append(result)
    emulator.faults = FaultPlan(latency=0.6)  # delivered after the client stopped waiting
    try:
        async with sessionmaker() as session, session.begin():
            row_id = await _row(session, priority)
        sender.start()

        async def final() -> Delivery | None:
            async with sessionmaker() as session:
                row = await session.scalar(select(Delivery).where(Delivery.id == row_id))
            return row if row is not None and row.status in FINAL_STATUSES else None

        await wait_until(final, timeout=30)
        await sender.drained()
        async with sessionmaker() as session:
            row = await session.get(Delivery, row_id)
        await wait_until(lambda: emulator.delivered_count(CHAT) >= 2, timeout=5)
    finally:
        await sender.stop()
        await engine.dispose()
        await emulator.stop()
    assert row is not None
    assert (row.status, row.error, row.attempts) == (DeliveryStatus.FAILED, "timeout", 2)
    assert results == ["timeout", "timeout"]
    assert emulator.stats.requests["sendMessage"] == 2


def test_ambiguous_sends_are_counted_in_metrics() -> None:
    metrics = Metrics()
    for result, priority in [("timeout", 0), ("timeout", 0), ("network", 3), ("sent", 3)]:
        metrics.delivery(result, priority)
    registry = metrics.registry
    name = "kylabot_ambiguous_sends_total"
    assert registry.get_sample_value(name, {"result": "timeout", "priority": "reply"}) == 2
    assert registry.get_sample_value(name, {"result": "network", "priority": "bulk"}) == 1
    assert registry.get_sample_value(name, {"result": "sent", "priority": "bulk"}) is None
