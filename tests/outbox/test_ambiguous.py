"""A send that timed out may have been delivered: it is tried until three tries timed out
(issue 19, item 8).

Telegram has no idempotency key. A timeout says nothing about whether the message arrived, so
retrying it like a 5xx (six tries) could deliver it six times, and giving up after the second
lost it when neither try was delivered. Here the emulator delivers every message after the
client has given up waiting: the person gets it at most three times, the row ends "failed"
(timeout), and every send is counted as ambiguous; when the third try is answered in time, the
row is sent.
"""

from __future__ import annotations

from typing import cast

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.emulator import BotApiEmulator, FaultPlan
from bot.ops.metrics import Metrics
from bot.outbox.client import ResultKind, SendResult
from bot.outbox.pacing import NoPacing
from bot.outbox.recording import Recorder
from bot.outbox.verdicts import MAX_TIMEOUTS, Verdicts
from storage.models import Delivery, DeliveryStatus, Priority
from storage.models.broadcast import FINAL_STATUSES
from storage.repos import outbox as repo
from storage.repos.outbox import Claimed
from storage.types import utcnow
from tests.broadcast.support import wait_until
from tests.outbox.support import bare_sender

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


async def _timed_out_sends(
    database_url: str, priority: Priority, answered_from: int | None
) -> tuple[Delivery, list[str], BotApiEmulator]:
    """Sends one row while every request is answered after the client stopped waiting (and
    delivered then), until ``answered_from`` requests have come (None: never); returns the
    row when it is final, the sender's results and the emulator."""
    async with bare_sender(database_url, CHAT, client_timeout=0.3, backoff_base=0.05) as bare:
        emulator, sessionmaker, sender = bare.emulator, bare.sessionmaker, bare.sender
        results: list[str] = []
        sender.on_result = lambda result, _priority: results.append(result)
        emulator.faults = FaultPlan(latency=0.6)  # delivered after the client stopped waiting
        async with sessionmaker() as session, session.begin():
            row_id = await _row(session, priority)
        sender.start()
        if answered_from is not None:
            await wait_until(
                lambda: emulator.stats.requests["sendMessage"] >= answered_from, timeout=30
            )
            emulator.faults = FaultPlan()  # the next try is answered at once

        async def final() -> Delivery | None:
            async with sessionmaker() as session:
                row = await session.scalar(select(Delivery).where(Delivery.id == row_id))
            return row if row is not None and row.status in FINAL_STATUSES else None

        await wait_until(final, timeout=30)
        await sender.drained()
        async with sessionmaker() as session:
            row = await session.get(Delivery, row_id)
        copies = MAX_TIMEOUTS if answered_from is None else answered_from + 1
        await wait_until(lambda: emulator.delivered_count(CHAT) >= copies, timeout=5)
    assert row is not None
    return row, results, emulator


@pytest.mark.parametrize("priority", [Priority.REPLY, Priority.BULK])
async def test_a_send_that_keeps_timing_out_ends_after_three_tries(
    database_url: str, priority: Priority
) -> None:
    row, results, emulator = await _timed_out_sends(database_url, priority, None)
    assert (row.status, row.error, row.attempts, row.timeouts) == (
        DeliveryStatus.FAILED,
        "timeout",
        3,
        3,
    )
    assert results == ["timeout", "timeout", "timeout"]
    assert emulator.stats.requests["sendMessage"] == 3
    assert emulator.delivered_count(CHAT) == 3


async def test_a_third_try_after_two_timeouts_is_sent(database_url: str) -> None:
    """Under the old rule (give up at the second timeout) this row ended "failed": had both
    timeouts been undelivered, the person would never have got it."""
    row, results, emulator = await _timed_out_sends(database_url, Priority.BULK, 2)
    assert (row.status, row.attempts, row.timeouts) == (DeliveryStatus.SENT, 3, 2)
    assert results == ["timeout", "timeout", "sent"]
    assert emulator.stats.requests["sendMessage"] == 3


def _verdicts() -> Verdicts:
    # judged here: no 403, so the recorder (which marks blocked contacts) is never asked
    return Verdicts(utcnow, NoPacing(), cast(Recorder, None), backoff_base=0.05)


def _claimed(attempts: int, timeouts: int) -> Claimed:
    return Claimed(1, None, None, None, attempts, int(Priority.BULK), CHAT, token=1,
                   timeouts=timeouts)  # fmt: skip


def test_timeouts_are_counted_across_other_failures() -> None:
    """A 5xx or a 429 between two timeouts neither resets the count nor counts as one."""
    verdicts = _verdicts()
    timeout, server = SendResult(ResultKind.TIMEOUT), SendResult(ResultKind.SERVER)
    first = verdicts.judge(_claimed(1, 0), CHAT, timeout)
    assert (first.status, first.timeouts, first.error) == (DeliveryStatus.PENDING, 1, "timeout")
    between = verdicts.judge(_claimed(2, 1), CHAT, server)
    assert (between.status, between.timeouts, between.error) == (
        DeliveryStatus.PENDING,
        1,
        "timeout",
    )
    limited = verdicts.judge(_claimed(3, 1), CHAT, SendResult(ResultKind.RETRY_AFTER))
    assert (limited.status, limited.timeouts) == (DeliveryStatus.PENDING, 1)
    second = verdicts.judge(_claimed(3, 1), CHAT, timeout)
    assert (second.status, second.timeouts) == (DeliveryStatus.PENDING, 2)
    third = verdicts.judge(_claimed(4, 2), CHAT, timeout)
    assert (third.status, third.timeouts, third.error) == (DeliveryStatus.FAILED, 3, "timeout")


def test_ambiguous_sends_are_counted_in_metrics() -> None:
    metrics = Metrics()
    for result, priority in [("timeout", 0), ("timeout", 0), ("network", 3), ("sent", 3)]:
        metrics.delivery(result, priority)
    registry = metrics.registry
    name = "kylabot_ambiguous_sends_total"
    assert registry.get_sample_value(name, {"result": "timeout", "priority": "reply"}) == 2
    assert registry.get_sample_value(name, {"result": "network", "priority": "bulk"}) == 1
    assert registry.get_sample_value(name, {"result": "sent", "priority": "bulk"}) is None
