"""kill -9 in the middle of a broadcast: the sender process restarts and finishes it.

The sender runs as a real subprocess (``python -m handlers.broadcast``) against the emulator running
in this test process, on a file database. The guarantee under test: nobody is left out, and a
crash duplicates at most the messages that were in flight (never more than one extra per
recipient).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.emulator import BotApiEmulator
from bot.features import FEATURES
from bot.segments import Segments
from handlers.broadcast.outbox import queue
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Broadcast,
    BroadcastStatus,
    Contact,
    Delivery,
    DeliveryStatus,
    Organisation,
    OrgKind,
)
from storage.types import utcnow
from tests.broadcast.support import wait_until

pytestmark = pytest.mark.e2e

RECIPIENTS = 400
FIRST_CHAT = 7000
IN_FLIGHT = 24  # 8 sends at once, plus what 200/s completes while an outcome write waits
ROOT = str(Path(__file__).resolve().parents[2])


def _env(emulator: BotApiEmulator, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYLABOT_")}
    env.update(
        {
            "KYLABOT_TOKEN": emulator.token,
            "KYLABOT_API_URL": emulator.api_url,
            "KYLABOT_DATABASE_URL": database_url,
            "KYLABOT_GLOBAL_RATE": "200",
            "KYLABOT_QUIET_HOURS": "00:00-00:00",
            "KYLABOT_BROADCAST_LEASE": "1",
            "KYLABOT_LOG_LEVEL": "WARNING",
            "PTB_TIMEDELTA": "true",
        }
    )
    return env


async def _start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "handlers.broadcast",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def test_sender_killed_with_sigkill_resumes_without_losing_anyone(database_url: str) -> None:
    emulator = BotApiEmulator(record_messages=False)
    await emulator.start()
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    settings = Settings.parse(
        {"database_url": database_url, "quiet_hours": "00:00-00:00", "token": emulator.token}
    )
    env = _env(emulator, database_url)
    process: asyncio.subprocess.Process | None = None
    try:
        async with sessionmaker() as session, session.begin():
            org = Organisation(name="Kylä", kind=OrgKind.VILLAGE_ASSOCIATION)
            session.add(org)
            await session.flush()
            session.add_all(
                Contact(telegram_user_id=FIRST_CHAT + i, organisation_id=org.id, language="fi")
                for i in range(RECIPIENTS)
            )
            broadcast = Broadcast(
                base_language="fi",
                variants={"fi": {"text": "Tärkeä tiedote", "entities": []}},
                segment={"kind": "all"},
                total=0,
                skipped={},
            )
            session.add(broadcast)
            await session.flush()
            await queue(session, broadcast, utcnow(), settings, Segments.of(FEATURES))
        emulator.ensure_chats(range(FIRST_CHAT, FIRST_CHAT + RECIPIENTS))

        process = await _start(env)
        await wait_until(lambda: emulator.total_delivered >= RECIPIENTS // 3, timeout=30)
        process.kill()  # SIGKILL: no cleanup at all
        await process.wait()
        assert process.returncode == -signal.SIGKILL
        await asyncio.sleep(0.1)  # requests the dead process had already sent are answered
        at_crash = emulator.total_delivered
        assert at_crash < RECIPIENTS  # it really died mid-broadcast
        # In flight at the crash: delivered, but the outcome not yet written. Only these may
        # be sent again, and the restart must send each of them again (it cannot know).
        async with sessionmaker() as session:
            unrecorded = set(
                await session.scalars(
                    select(Contact.telegram_user_id)
                    .join(Delivery, Delivery.contact_id == Contact.id)
                    .where(Delivery.status != DeliveryStatus.SENT)
                )
            )
        in_flight = {chat for chat in unrecorded if emulator.delivered_count(chat) > 0}

        process = await _start(env)

        async def finished() -> bool:
            async with sessionmaker() as session:
                status = await session.scalar(select(Broadcast.status))
            return status is BroadcastStatus.DONE

        await wait_until(finished, timeout=30)
        process.send_signal(signal.SIGTERM)
        await process.wait()
        process = None

        counts = [emulator.delivered_count(FIRST_CHAT + i) for i in range(RECIPIENTS)]
        assert counts.count(0) == 0
        assert max(counts) <= 2  # one crash: at most one extra per person
        doubled = {FIRST_CHAT + i for i, count in enumerate(counts) if count == 2}
        assert doubled == in_flight  # exactly what was in flight, nothing else
        # With even spacing (5 ms at 200/s) and outcomes written at once that is a few; a
        # loaded machine writes them later, so the bound is the sender's window, not a timing.
        assert len(in_flight) <= IN_FLIGHT
        async with sessionmaker() as session:
            sent = await session.scalar(
                select(func.count()).where(Delivery.status == DeliveryStatus.SENT)
            )
        assert sent == RECIPIENTS
    finally:
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        await engine.dispose()
        await emulator.stop()
