"""The chaos run's world: the seeded network, the bot processes behind one address, and the
operator's actions (a broadcast from the CLI, the calendar moved on for reminders).

Everything the bot does here it does as in production: ``kylabot run`` child processes in
webhook mode, the emulator's webhook delivery spreading the POSTs over their ports as a load
balancer would (a POST that meets a dead process is retried, so it lands on the other one), the
round started in the database and invited by the leader's housekeeping.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from bench._common import REPO, ChildBot
from bench._seed import org_name, seed_round
from bot.emulator import BotApiEmulator
from storage.db import create_engine, create_sessionmaker
from storage.models import Delivery, DeliveryStatus, InboundUpdate, Organisation, RoundRequest
from storage.types import utcnow

FIRST_PERSON = 720_000_000
BROADCAST_TEXT = "Chaos drill: the village hall is open on Thursday."
PUBLIC_URL = "https://bot.example.test/telegram"  # what Telegram is told; the "proxy" forwards


@dataclass(frozen=True)
class Network:
    """Who is who: ``people`` contacts spread over ``orgs`` organisations; the odd-numbered
    organisations answer only after a reminder ("late"), the others when invited."""

    orgs: int
    people: int

    def person_id(self, index: int) -> int:
        return FIRST_PERSON + index

    def org_of(self, index: int) -> int:
        return index % self.orgs

    def late(self, index: int) -> bool:
        return self.org_of(index) % 2 == 1

    def org_name(self, org: int) -> str:
        return org_name(org)


async def seed(url: str, network: Network) -> None:
    """The plan (one measure for every organisation), the contacts and an open round."""
    await seed_round(
        url,
        organisations=network.orgs,
        contacts=network.people,
        first_contact=FIRST_PERSON,
        language="en",
        plan_key="chaos",
    )


async def age_late_invitations(url: str, network: Network, days: int) -> int:
    """Moves the late organisations' invitations ``days`` back, so reminders fall due (time
    passing, as ``tests/pipeline/test_crash_invitations.py`` does); returns how many."""
    names = [network.org_name(o) for o in range(network.orgs) if o % 2 == 1]
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            ids = list(
                await session.scalars(select(Organisation.id).where(Organisation.name.in_(names)))
            )
            result = await session.execute(
                update(RoundRequest)
                .where(RoundRequest.organisation_id.in_(ids), RoundRequest.invited_at.is_not(None))
                .values(invited_at=utcnow() - timedelta(days=days))
            )
            return int(result.rowcount)  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


async def counts(url: str, *tables_and_conditions: tuple[Any, Any]) -> list[int]:
    """``SELECT count(*) FROM table WHERE condition`` for each pair, on one short session."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return [
                int(await session.scalar(select(func.count()).select_from(t).where(c)) or 0)
                for t, c in tables_and_conditions
            ]
    finally:
        await engine.dispose()


async def uninvited(url: str) -> int:
    """Round requests the leader has not invited yet (written no invitation for)."""
    [count] = await counts(url, (RoundRequest, RoundRequest.invited_at.is_(None)))
    return count


async def open_work(url: str) -> tuple[int, int]:
    """(outbox rows pending or sending, journal rows not handled)."""
    open_rows = Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING])
    rows, updates = await counts(
        url, (Delivery, open_rows), (InboundUpdate, InboundUpdate.handled_at.is_(None))
    )
    return rows, updates


async def queue_broadcast(url: str) -> str:
    """``kylabot broadcast send --urgent`` to everyone, as an operator runs it; '' or the error."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "broadcast", "send", "--text", BROADCAST_TEXT,
        "--base-language", "en", "--urgent",
        cwd=REPO,
        env={**os.environ, "KYLABOT_DATABASE_URL": url, "PTB_TIMEDELTA": "true"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await process.communicate()
    return "" if process.returncode == 0 else err.decode(errors="replace")[-500:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Fleet:
    """``processes`` ``kylabot run`` children in webhook mode behind the emulator's delivery."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        url: str,
        ports: list[int],
        env: dict[str, str],
        logs: Path,
    ) -> None:
        emulator.webhook.set_targets([f"http://127.0.0.1:{port}/telegram" for port in ports])
        self.ports = ports
        self.bots = [
            ChildBot(
                f"kylabot-{n}",
                ["-m", "bot.cli", "run"],
                emulator,
                {
                    **env,
                    "KYLABOT_DATABASE_URL": url,
                    "KYLABOT_WEBHOOK_URL": PUBLIC_URL,
                    "KYLABOT_LISTEN": f"127.0.0.1:{port}",
                },
                ready_method="setWebhook",
                log_path=logs / f"kylabot-{n}.log",
            )
            for n, port in enumerate(ports)
        ]
        self.restarts: list[float] = []  # seconds each restart took until setWebhook

    async def start(self) -> None:
        for bot in self.bots:
            await bot.start()

    def pids(self) -> dict[int, int]:
        """Running processes: pid -> index."""
        return {bot.pid: n for n, bot in enumerate(self.bots) if bot.process is not None}

    async def kill_and_restart(self, index: int) -> int:
        """SIGKILL, then start again at once (ready = it called setWebhook); the dead pid."""
        bot = self.bots[index]
        pid = bot.pid
        await bot.kill()
        await bot.start()
        self.restarts.append(bot.startup_seconds)
        return pid

    async def stop(self) -> None:
        for bot in self.bots:
            await bot.stop()
