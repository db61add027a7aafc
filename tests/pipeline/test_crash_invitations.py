"""A round invitation and its reminders to 300 organisations, under 429s and dropped requests,
with the bot killed once in the middle of each: everyone gets exactly one of each.

The bot is a real ``kylabot run`` child process; the emulator answers 5 % of sendMessage
calls with 429 and drops 1 % unanswered. Invitations and reminders are outbox rows written in
the transaction that marks the organisation invited or reminded, so a retry never sends them
again and a crash can repeat only what was in flight at that moment.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bench._common import ChildBot
from bot.emulator import BotApiEmulator, FaultPlan
from bot.harness import LocalBot
from handlers.checkin.rounds import start_round
from storage.db import create_engine, create_sessionmaker
from storage.models import Delivery, DeliveryStatus, RoundRequest
from storage.repos import checkin as repo
from storage.types import utcnow
from tests.broadcast.support import wait_until
from tests.pipeline.support import add_contacts, child_env, write_plan

pytestmark = pytest.mark.e2e

ORGANISATIONS = 300
FIRST_CHAT = 9_100
FAULTS = FaultPlan(rate_429=0.05, rate_drop=0.01, methods=frozenset({"sendMessage"}), seed=7)


def _received(emulator: BotApiEmulator, prefix: str) -> Counter[int]:
    got: Counter[int] = Counter()
    for i in range(ORGANISATIONS):
        user = emulator.user(FIRST_CHAT + i)
        got[user.id] = sum(1 for m in user.messages if (m.text or "").startswith(prefix))
    return got


async def _open_rows(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            open_rows = await session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]))
            )
            return int(open_rows or 0)
    finally:
        await engine.dispose()


async def _run_with_one_kill(
    emulator: BotApiEmulator, database_url: str, prefix: str
) -> Counter[int]:
    """Runs the bot until a third got the message, kills it, restarts it, waits for the rest."""
    # 90 a second, not Telegram's 30: the rate is not what this test is about, and at 30 the
    # two runs would wait 20 s on the pacer alone
    env = child_env(database_url, KYLABOT_GLOBAL_RATE="90")
    bot = ChildBot("kylabot", ["-m", "bot.cli", "run"], emulator, env)
    await bot.start()
    try:
        await wait_until(
            lambda: sum(_received(emulator, prefix).values()) >= ORGANISATIONS // 3, 60
        )
        await bot.kill()
        await asyncio.sleep(0.2)
        await bot.start()

        async def finished() -> bool:
            everyone = all(_received(emulator, prefix).values())
            return everyone and await _open_rows(database_url) == 0

        await wait_until(finished, 90)
    finally:
        await bot.stop()
    return _received(emulator, prefix)


async def test_invitations_and_reminders_survive_faults_and_a_kill(
    database_url: str, tmp_path: Path
) -> None:
    async with BotApiEmulator() as emulator:
        async with LocalBot(database_url, emulator=emulator) as setup:
            orgs = await write_plan(setup, tmp_path, organisations=ORGANISATIONS, measures=1)
            await add_contacts(setup, emulator, orgs, FIRST_CHAT)
            async with setup.services.sessionmaker() as session, session.begin():
                plan = await repo.get_plan(session)
                await start_round(session, plan, utcnow(), setup.services.settings.zone)
        emulator.faults = FAULTS

        invitations = await _run_with_one_kill(emulator, database_url, "Check-in ")
        assert min(invitations.values()) == 1  # nobody missed
        assert max(invitations.values()) <= 2  # a crash repeats a message at most once...
        assert sum(invitations.values()) - ORGANISATIONS <= 8  # ...and only those in flight

        engine = create_engine(database_url)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                await session.execute(
                    update(RoundRequest).values(invited_at=utcnow() - timedelta(days=4))
                )
        finally:
            await engine.dispose()
        reminders = await _run_with_one_kill(emulator, database_url, "Reminder: ")
        assert min(reminders.values()) == 1
        assert max(reminders.values()) <= 2
        assert sum(reminders.values()) - ORGANISATIONS <= 8
        assert max(_received(emulator, "Check-in ").values()) <= 2  # no invitation again
