"""Senders on PostgreSQL share Telegram's rate (issue 19, item 10).

Two processes each paced at ``KYLABOT_GLOBAL_RATE`` = 15 sent 32 messages in one second: each
kept its own window. Now each takes rate / live senders from ``sender_presence``; a newcomer
sends nothing until the others count it, and a share grows only a window after it could.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator
from bot.features import FEATURES
from bot.harness import LocalBot
from bot.i18n import Catalogs
from bot.outbox.client import SendResult, Upload
from bot.outbox.pacing import Pacer
from bot.outbox.presence import ALIVE, VALID, Presence
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from bot.outbox.window import WINDOW
from bot.segments import Segments
from handlers.broadcast.ticks import BroadcastTicks
from storage.db import create_engine, create_sessionmaker
from storage.types import utcnow
from tests.broadcast.support import add_contact, queue_to_all, wait_until
from tests.helpers import make_org

pytestmark = pytest.mark.postgres


def _postgresql_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several senders run on PostgreSQL only")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_newcomer_waits_until_the_others_count_it(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    _postgresql_only(database_url)
    clock = FakeClock()
    pacers = [Pacer(30, 1, 20, clock=clock) for _ in range(2)]
    a, b = (
        Presence(sessionmaker, name, 30, p, clock) for name, p in zip("ab", pacers, strict=True)
    )
    await a.join()
    await a.refresh()
    assert (a.live, a.current) == (1, 30)  # alone: the whole rate at once
    assert pacers[0].window._until == clock.now + VALID

    await b.join()
    await b.refresh()
    assert (b.live, b.current) == (2, 0)  # a has not counted b yet
    await a.refresh()
    assert (a.live, a.current) == (2, 15)  # shrinks at once
    await b.refresh()
    assert b.current == 0  # a counts b now, but a's last second was at 30/s
    clock.now += WINDOW
    await b.refresh()
    assert b.current == 15

    async with sessionmaker() as session, session.begin():  # a dies: its row ages out
        await session.execute(
            text("UPDATE sender_presence SET seen_at = now() - make_interval(secs => :s)"),
            {"s": ALIVE + 1},
        )
        await session.execute(text("UPDATE sender_presence SET seen_at = now() WHERE worker='b'"))
    await b.refresh()
    assert (b.live, b.current) == (1, 30)


def busiest_second(times: list[float]) -> int:
    times = sorted(times)
    return max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))


async def test_two_senders_together_stay_within_the_rate(database_url: str) -> None:
    """Two paced senders at KYLABOT_GLOBAL_RATE=30 drain one broadcast: each message once,
    never more than 30 calls in any second (timed where the calls leave the senders)."""
    _postgresql_only(database_url)
    emulator = BotApiEmulator(record_messages=False)
    await emulator.start()
    bot = LocalBot(database_url, emulator=emulator, quiet_hours="00:00-00:00", global_rate=30.0)
    await bot.start()
    org = await make_org(bot)
    for i in range(150):
        await add_contact(bot, org, 7000 + i)
    await bot.stop()  # only the two senders below send
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    segments = Segments.of(FEATURES)
    ticks = BroadcastTicks(sessionmaker, bot.settings, Catalogs(), utcnow, segments)
    calls: list[float] = []
    senders = [
        Sender(sessionmaker, bot.settings, options=SenderOptions(), ticks=ticks.ticks())
        for _ in range(2)
    ]
    for sender in senders:
        real = sender.client.call

        async def timed(
            method: str, params: dict[str, Any], upload: Upload | None = None, real: Any = real
        ) -> SendResult:
            calls.append(time.monotonic())
            result: SendResult = await real(method, params, upload)
            return result

        sender.client.call = timed  # type: ignore[method-assign]
    try:
        await queue_to_all(sessionmaker, bot.settings, "Kaikille", utcnow())
        for sender in senders:
            sender.start()
        await wait_until(lambda: emulator.total_delivered >= 150, timeout=30)
        await asyncio.sleep(0.2)
        async with sessionmaker() as session:
            workers = set(await session.scalars(select(text("worker FROM sender_presence"))))
    finally:
        for sender in senders:
            await sender.stop()
        await engine.dispose()
        await emulator.stop()
    assert all(emulator.delivered_count(7000 + i) == 1 for i in range(150))
    assert sum(sender.sent for sender in senders) == 150
    assert all(sender.sent > 0 for sender in senders)
    assert {sender.worker_id for sender in senders} <= workers
    assert busiest_second(calls) <= 30
