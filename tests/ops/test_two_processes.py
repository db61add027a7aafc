"""Two ``kylabot run`` processes on one PostgreSQL database behind one webhook (issue 11).

Exactly one runs the scheduler; when it is killed (SIGKILL) the other takes over within
seconds, and a round scheduled every minute still starts once per minute with one invitation
per contact. A broadcast is drained by both processes' senders, each message sent once.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench._common import REPO, ChildBot
from bot.emulator import BotApiEmulator
from bot.harness import LocalBot
from handlers.checkin.scheduling import add_schedule
from storage.db import create_engine, create_sessionmaker
from storage.models import Round
from storage.repos import checkin as repo
from storage.types import utcnow
from tests.broadcast.support import wait_until
from tests.ops.support import free_port, get_json, webhook_child
from tests.pipeline.support import add_contacts, write_plan

pytestmark = [pytest.mark.e2e]

ORGANISATIONS = 40
FIRST_CHAT = 9_300


async def _leaders(ports: list[int]) -> list[bool]:
    answers = [await get_json(f"http://127.0.0.1:{port}/healthz") for port in ports]
    return [bool(body.get("scheduler", {}).get("this_process")) for _status, body in answers]


async def _rounds(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(Round)) or 0)
    finally:
        await engine.dispose()


def _received(emulator: BotApiEmulator, prefix: str) -> Counter[int]:
    got: Counter[int] = Counter()
    for i in range(ORGANISATIONS):
        user = emulator.user(FIRST_CHAT + i)
        got[user.id] = sum(1 for m in user.messages if (m.text or "").startswith(prefix))
    return got


async def _metric(port: int, name: str) -> float:
    import httpx

    async with httpx.AsyncClient(timeout=10) as client:
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name) and not line.startswith("#")
    )


async def _broadcast(database_url: str, text: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "broadcast", "send", "--text", text, "--urgent",
        cwd=REPO,
        env={**os.environ, "KYLABOT_DATABASE_URL": database_url, "PTB_TIMEDELTA": "true"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await process.communicate()
    assert process.returncode == 0, err.decode()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_leadership_moves_and_two_senders_share_a_broadcast(
    database_url: str, tmp_path: Path
) -> None:
    async with BotApiEmulator() as emulator:
        async with LocalBot(database_url, emulator=emulator) as setup:
            orgs = await write_plan(setup, tmp_path, organisations=ORGANISATIONS, measures=1)
            await add_contacts(setup, emulator, orgs, FIRST_CHAT)
            async with setup.services.sessionmaker() as session, session.begin():
                plan = await repo.get_plan(session)
                await add_schedule(session, "* * * * *", "UTC", plan.id, utcnow())
        ports = [free_port(), free_port()]
        emulator.webhook.set_targets([f"http://127.0.0.1:{port}/telegram" for port in ports])
        bots: list[ChildBot] = [
            webhook_child(emulator, database_url, port, name=f"kylabot-{n}")
            for n, port in enumerate(ports)
        ]
        try:
            for bot in bots:
                await bot.start()
            await wait_until(lambda: _one_leader(ports), 20)
            first = (await _leaders(ports)).index(True)
            other = 1 - first
            rounds_before = await _rounds(database_url)
            await bots[first].kill()
            killed = time.monotonic()
            await wait_until(lambda: _leads(ports[other]), 20)
            takeover = time.monotonic() - killed
            assert takeover < 10  # "within seconds": the lock went with the dead connection

            # the next minute's round starts once, from the process that leads now
            await wait_until(lambda: _more_rounds(database_url, rounds_before), 75)
            rounds = await _rounds(database_url)
            await wait_until(lambda: min(_received(emulator, "Check-in ").values()) >= rounds, 30)
            await asyncio.sleep(2)
            assert set(_received(emulator, "Check-in ").values()) == {rounds}

            # two senders drain one broadcast: everyone gets it once
            await bots[first].start()
            await _broadcast(database_url, "Kyläilta torstaina")
            await wait_until(lambda: min(_received(emulator, "Kyläilta").values()) >= 1, 60)
            await asyncio.sleep(2)
            assert set(_received(emulator, "Kyläilta").values()) == {1}
            sent = [await _metric(port, 'kylabot_deliveries_total{priority="urgent",result="sent"}')
                    for port in ports]  # fmt: skip
            assert all(count > 0 for count in sent), sent
        finally:
            for bot in bots:
                await bot.stop()


async def _one_leader(ports: list[int]) -> bool:
    return sorted(await _leaders(ports)) == [False, True]


async def _leads(port: int) -> bool:
    return (await _leaders([port])) == [True]


async def _more_rounds(database_url: str, before: int) -> bool:
    return await _rounds(database_url) > before
