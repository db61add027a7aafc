"""Broadcast sender: throughput, memory, pacing accuracy and crash behaviour.

The sender runs as its own process (``python -m handlers.broadcast``) against the Bot API emulator
in this process, on loopback, once on SQLite and once on PostgreSQL:

* throughput: pacing off, 10,000 and 100,000 recipients; sustained deliveries/s from the first
  to the last delivery, and the sender's peak RSS;
* pacing: pacing on at the 30/s budget, a short run; achieved rate as a share of 30/s, with
  the emulator enforcing Telegram's flood limits (any 429 it sends is counted);
* faults: 5 % 429s, 2 % 5xx and 1 % dropped connections (the request times out unanswered),
  and the sender killed with SIGKILL twice mid-run and restarted; how many recipients got 0, 1,
  2 or more messages.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench._common import MIB, REPO, Database, RssSampler
from bot.config import Settings
from bot.emulator import BotApiEmulator, FaultPlan
from bot.features import FEATURES
from bot.segments import Segments
from handlers.broadcast.outbox import queue
from storage.db import create_engine, create_sessionmaker
from storage.models import Broadcast, BroadcastStatus, Contact, Organisation, OrgKind
from storage.types import utcnow

DESCRIPTION = "broadcast outbox: deliveries/s, RSS, pacing share of 30/s, kill -9 duplicates"
FIRST_CHAT = 1_000_000
CHUNK = 5000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default="10000,100000", help="recipients per throughput run")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--paced-seconds", type=float, default=20.0)
    parser.add_argument("--fault-recipients", type=int, default=1500)
    parser.add_argument("--fault-rate", type=float, default=100.0, help="global rate, msg/s")


# --------------------------------------------------------------------------- databases


async def populate(url: str, recipients: int, settings: Settings) -> float:
    """Contacts in bulk, then one broadcast to everyone queued; returns the queueing time."""
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            org = Organisation(name="Bench", kind=OrgKind.VILLAGE_ASSOCIATION)
            session.add(org)
            await session.flush()
            table = Contact.__table__
            now = utcnow()
            for start in range(0, recipients, CHUNK):
                rows = [
                    {
                        "telegram_user_id": FIRST_CHAT + i,
                        "organisation_id": org.id,
                        "role": "contact",
                        "language": "fi" if i % 10 else "sv",
                        "active": True,
                        "opted_out": False,
                        "created_at": now,
                    }
                    for i in range(start, min(recipients, start + CHUNK))
                ]
                await session.execute(table.insert(), rows)  # type: ignore[attr-defined]
        started = time.perf_counter()
        async with sessionmaker() as session, session.begin():
            broadcast = Broadcast(
                base_language="fi",
                variants={
                    "fi": {
                        "text": "Kyläturvallisuusilta torstaina klo 18",
                        "entities": [{"type": "bold", "offset": 0, "length": 21}],
                    },
                    "sv": {"text": "Bytrygghetskväll på torsdag kl. 18", "entities": []},
                },
                segment={"kind": "all"},
                total=0,
                skipped={},
            )
            session.add(broadcast)
            await session.flush()
            await queue(session, broadcast, utcnow(), settings, Segments.of(FEATURES))
        return time.perf_counter() - started
    finally:
        await engine.dispose()


async def broadcast_done(url: str) -> bool:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            statuses = list(await session.scalars(select(Broadcast.status)))
        return bool(statuses) and all(s is BroadcastStatus.DONE for s in statuses)
    finally:
        await engine.dispose()


# ------------------------------------------------------------------------------ sender


class SenderProcess:
    def __init__(self, emulator: BotApiEmulator, url: str, env: dict[str, str]) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("KYLABOT_")},
            "PTB_TIMEDELTA": "true",
            "KYLABOT_TOKEN": emulator.token,
            "KYLABOT_API_URL": emulator.api_url,
            "KYLABOT_DATABASE_URL": url,
            "KYLABOT_QUIET_HOURS": "00:00-00:00",
            "KYLABOT_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(REPO),
            **env,
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> int:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "handlers.broadcast",
            cwd=REPO,
            env=self.env,
            stdout=asyncio.subprocess.DEVNULL,
        )
        return self.process.pid

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                await self.kill()


async def wait_for(check: Callable[[], bool], limit: float, poll: float = 0.01) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > limit:
            raise TimeoutError("benchmark step did not finish in time")
        await asyncio.sleep(poll)
    return time.perf_counter()


def _settings(url: str, **extra: Any) -> Settings:
    return Settings.parse({"database_url": url, "quiet_hours": "00:00-00:00", **extra})


# -------------------------------------------------------------------------------- runs


async def throughput(backend: str, recipients: int, workdir: Path) -> dict[str, Any]:
    db = Database(backend, workdir)
    await db.create()
    emulator = BotApiEmulator(record_messages=False, auto_register_chats=True)
    await emulator.start()
    sender = SenderProcess(emulator, db.url, {"KYLABOT_BROADCAST_PACING": "off"})
    try:
        queue_seconds = await populate(db.url, recipients, _settings(db.url))
        pid = await sender.start()
        sampler = RssSampler(pid, interval=0.05)
        sampler.start()
        first = await wait_for(lambda: emulator.total_delivered > 0, 60)
        last = await wait_for(lambda: emulator.total_delivered >= recipients, 900)
        await sampler.stop()
        peak = sampler.high_water_mark()
        await asyncio.sleep(0.3)
        done = await wait_for_async(lambda: broadcast_done(db.url), 30)
        return {
            "backend": backend,
            "recipients": recipients,
            "queue_s": round(queue_seconds, 2),
            "send_s": round(last - first, 2),
            "deliveries_per_s": round((recipients - 1) / max(last - first, 1e-9)),
            "peak_rss_mib": round(peak / MIB, 1),
            "delivered": emulator.total_delivered,
            "finished": done,
        }
    finally:
        await sender.stop()
        await emulator.stop()
        await db.drop()


async def wait_for_async(check: Callable[[], Any], limit: float) -> bool:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.2)
    return False


async def paced(backend: str, seconds: float, workdir: Path) -> dict[str, Any]:
    rate = 30.0
    recipients = int(rate * seconds) + 200
    db = Database(backend, workdir)
    await db.create()
    emulator = BotApiEmulator(record_messages=False, auto_register_chats=True, enforce_limits=True)
    await emulator.start()
    sender = SenderProcess(emulator, db.url, {"KYLABOT_GLOBAL_RATE": str(rate)})
    try:
        await populate(db.url, recipients, _settings(db.url))
        await sender.start()
        first = await wait_for(lambda: emulator.total_delivered > 0, 60)
        base = emulator.total_delivered
        await asyncio.sleep(seconds)
        sent = emulator.total_delivered - base
        elapsed = time.perf_counter() - first
        achieved = sent / elapsed
        return {
            "backend": backend,
            "seconds": round(elapsed, 2),
            "budget_per_s": rate,
            "achieved_per_s": round(achieved, 2),
            "share": round(achieved / rate, 4),
            "emulator_429": emulator.stats.sent_429,
        }
    finally:
        await sender.stop()
        await emulator.stop()
        await db.drop()


async def faults(backend: str, recipients: int, rate: float, workdir: Path) -> dict[str, Any]:
    db = Database(backend, workdir)
    await db.create()
    emulator = BotApiEmulator(record_messages=False, auto_register_chats=True)
    await emulator.start()
    sender = SenderProcess(
        emulator,
        db.url,
        {
            "KYLABOT_GLOBAL_RATE": str(rate),
            "KYLABOT_BROADCAST_LEASE": "2",
            "KYLABOT_BROADCAST_BACKOFF": "0.5",
        },
    )
    kills = 0
    started = time.perf_counter()
    try:
        await populate(db.url, recipients, _settings(db.url))
        emulator.faults = FaultPlan(rate_429=0.05, rate_5xx=0.02, rate_drop=0.01, seed=42)
        await sender.start()
        for fraction in (1 / 3, 2 / 3):
            threshold = int(recipients * fraction)
            await wait_for(lambda t=threshold: emulator.total_delivered >= t, 300)  # type: ignore[misc]
            await sender.kill()
            kills += 1
            await sender.start()
        finished = await wait_for_async(lambda: broadcast_done(db.url), 300)
        counts = Counter(emulator.delivered_count(FIRST_CHAT + i) for i in range(recipients))
        stats = emulator.stats
        return {
            "backend": backend,
            "recipients": recipients,
            "rate_per_s": rate,
            "kills": kills,
            "seconds": round(time.perf_counter() - started, 1),
            "got_0": counts.get(0, 0),
            "got_1": counts.get(1, 0),
            "got_2": counts.get(2, 0),
            "got_more": sum(v for k, v in counts.items() if k > 2),
            "emulator_429": stats.sent_429,
            "emulator_5xx": stats.sent_5xx,
            "emulator_dropped": stats.drops,
            "finished": finished,
        }
    finally:
        emulator.faults = None
        await sender.stop()
        await emulator.stop()
        await db.drop()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    backends = [b for b in args.backends.split(",") if b]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    result: dict[str, Any] = {"throughput": [], "paced": [], "faults": [], "errors": 0}
    with tempfile.TemporaryDirectory(prefix="kylabot-bench-") as tmp:
        workdir = Path(tmp)
        for backend in backends:
            for size in sizes:
                print(f"  throughput {backend} {size:,} …", flush=True)
                result["throughput"].append(await throughput(backend, size, workdir))
            print(f"  pacing {backend} …", flush=True)
            result["paced"].append(await paced(backend, args.paced_seconds, workdir))
            print(f"  faults {backend} …", flush=True)
            result["faults"].append(
                await faults(backend, args.fault_recipients, args.fault_rate, workdir)
            )
    for row in result["throughput"]:
        result["errors"] += 0 if row["finished"] and row["delivered"] >= row["recipients"] else 1
    for row in result["faults"]:
        result["errors"] += 0 if row["finished"] else 1
    return result


def format_result(result: dict[str, Any]) -> str:
    lines = [
        "Throughput (pacing off)",
        f"{'backend':<11} {'recipients':>10} {'queue s':>8} {'send s':>7} "
        f"{'deliv/s':>8} {'peak RSS MiB':>13}",
    ]
    for r in result["throughput"]:
        lines.append(
            f"{r['backend']:<11} {r['recipients']:>10,} {r['queue_s']:>8} {r['send_s']:>7} "
            f"{r['deliveries_per_s']:>8,} {r['peak_rss_mib']:>13}"
        )
    lines += ["", "Pacing on (budget 30/s, emulator enforcing limits)"]
    lines.append(f"{'backend':<11} {'seconds':>8} {'achieved/s':>11} {'share':>7} {'429s':>5}")
    for r in result["paced"]:
        lines.append(
            f"{r['backend']:<11} {r['seconds']:>8} {r['achieved_per_s']:>11} "
            f"{r['share']:>7.1%} {r['emulator_429']:>5}"
        )
    lines += ["", "Faults (5% 429, 2% 5xx, 1% dropped) and SIGKILL twice"]
    lines.append(
        f"{'backend':<11} {'recipients':>10} {'kills':>5} {'got 0':>6} {'got 1':>6} "
        f"{'got 2':>6} {'got >2':>6} {'429':>5} {'5xx':>5} {'drop':>5} {'s':>6}"
    )
    for r in result["faults"]:
        lines.append(
            f"{r['backend']:<11} {r['recipients']:>10,} {r['kills']:>5} {r['got_0']:>6} "
            f"{r['got_1']:>6} {r['got_2']:>6} {r['got_more']:>6} {r['emulator_429']:>5} "
            f"{r['emulator_5xx']:>5} {r['emulator_dropped']:>5} {r['seconds']:>6}"
        )
    return "\n".join(lines)
