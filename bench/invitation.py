"""A round invitation to a whole network while people are talking to the bot.

``--organisations`` organisations (one contact each) are responsible for a measure; a round is
started in the database and ``kylabot run`` (a child process, on a fresh database) writes the
invitations at start (housekeeping) and sends them through the one sender. The emulator adds
``--api-latency`` ms to every Bot API call and answers ``--rate-429`` of the sends with 429.
Meanwhile ``--users`` other contacts step through /language and a tap, as in the foundation
suite, and their round trips are timed.

Reported: the time from start to the last invitation, exactly-once (how many contacts got 0,
1 or more), the highest number of messages the emulator accepted in any one-second window
(Telegram's budget is 30), the 429s, and the answering people's step latency beside the same
steps timed with no invitation running.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter, deque
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench._common import ChildBot, Database, latency_summary
from bench.foundation import Measurement, Step, StepError, _kylabot_step
from bot.emulator import BotApiEmulator, EmulatedUser, FaultPlan
from bot.i18n import Catalogs
from handlers.checkin.rounds import start_round
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Contact,
    Measure,
    MeasureResponsibility,
    Organisation,
    OrgKind,
    Plan,
    Role,
    Theme,
)
from storage.repos import checkin as repo
from storage.types import utcnow

DESCRIPTION = "round invitation to 1,000 organisations under 429s, people answering meanwhile"

FIRST_CONTACT = 600_000_000
FIRST_USER = 610_000_000
KYLABOT_ARGV = ["-c", "from bot.cli import main; raise SystemExit(main(['run']))"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--organisations", type=int, default=1000, help="invited (1000)")
    parser.add_argument("--users", type=int, default=5, help="people answering meanwhile (5)")
    parser.add_argument("--api-latency", type=float, default=100.0, metavar="MS", help="(100)")
    parser.add_argument("--rate-429", type=float, default=0.05, help="share of sends (0.05)")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql", "both"), default="both", help="(both)"
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds for it all (180)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds a person waits between steps (1.0)"
    )


async def _talk(
    user: EmulatedUser, steps: int, step: Step, into: Measurement, think: float
) -> None:
    """A person stepping through /language and a tap, with a pause between steps (people read
    before they tap; without it five users make 25 steps a second, as many as hundreds of real
    people, and their replies use up the bulk budget the invitation needs)."""
    for index in range(steps):
        await _drive_one(user, index, step, into)
        if into.errors:
            return
        await asyncio.sleep(think)


async def _drive_one(user: EmulatedUser, index: int, step: Step, into: Measurement) -> None:
    started = time.perf_counter()
    try:
        kind = await step(user, index)
    except (TimeoutError, LookupError, StepError) as exc:
        into.errors.append(f"user {user.id} step {index}: {type(exc).__name__}: {exc}"[:300])
        return
    into.add(kind, time.perf_counter() - started)


async def _seed(database_url: str, organisations: int, users: int) -> None:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            plan = Plan(key="bench", name={"fi": "Kierros"})
            theme = Theme(plan=plan, key="villages", position=0, name={"fi": "Kylät"})
            measure = Measure(theme=theme, key="m-1", position=0, title={"fi": "Toimenpide"})
            talkers = Organisation(name="Puhujat ry", kind=OrgKind.ASSOCIATION, language="fi")
            session.add_all([plan, theme, measure, talkers])
            orgs = [
                Organisation(name=f"Kylä {i:05d} ry", kind=OrgKind.VILLAGE_ASSOCIATION)
                for i in range(organisations)
            ]
            session.add_all(orgs)
            await session.flush()
            now = utcnow()
            session.add_all(
                MeasureResponsibility(measure_id=measure.id, organisation_id=org.id) for org in orgs
            )
            people = [(FIRST_CONTACT + i, org.id) for i, org in enumerate(orgs)]
            people += [(FIRST_USER + i, talkers.id) for i in range(users)]
            session.add_all(
                Contact(
                    telegram_user_id=telegram_id,
                    organisation_id=organisation_id,
                    role=Role.CONTACT,
                    language="fi",
                    consent_at=now,
                )
                for telegram_id, organisation_id in people
            )
            await session.flush()
            await start_round(session, await repo.get_plan(session), now, ZoneInfo("UTC"))
    finally:
        await engine.dispose()


class RateWatch:
    """Samples the emulator's delivered count to find the busiest one-second window."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self.samples: deque[tuple[float, int]] = deque()
        self.busiest = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            now, count = time.perf_counter(), self.emulator.total_delivered
            self.samples.append((now, count))
            while self.samples and now - self.samples[0][0] > 1.0:
                self.samples.popleft()
            self.busiest = max(self.busiest, count - self.samples[0][1])
            await asyncio.sleep(0.02)


async def _one(args: argparse.Namespace, backend: str, workdir: Path) -> dict[str, Any]:
    database = Database(backend, workdir)
    await database.create()
    try:
        await _seed(database.url, args.organisations, args.users)
        emulator = BotApiEmulator(auto_register_chats=True)
        async with emulator:
            contacts = [emulator.user(FIRST_CONTACT + i) for i in range(args.organisations)]
            users = [emulator.user(FIRST_USER + i) for i in range(args.users)]
            emulator.faults = FaultPlan(
                latency=args.api_latency / 1000,
                latency_everywhere=True,
                rate_429=args.rate_429,
                methods=frozenset({"sendMessage"}),
                seed=3,
            )
            step = _kylabot_step(Catalogs(), 30.0)
            env = {"KYLABOT_DATABASE_URL": database.url, "KYLABOT_QUIET_HOURS": "00:00-00:00"}
            watch = RateWatch(emulator)
            during = Measurement()
            async with ChildBot("kylabot", KYLABOT_ARGV, emulator, env) as bot:
                started = time.perf_counter() - bot.startup_seconds
                watch.start()
                talking = asyncio.gather(
                    *(_talk(u, 10_000, step, during, args.think) for u in users)
                )
                done_at = None
                deadline = time.perf_counter() + args.timeout
                while time.perf_counter() < deadline:
                    if all(emulator.delivered_count(c.id) for c in contacts):
                        done_at = time.perf_counter()
                        break
                    await asyncio.sleep(0.05)
                talking.cancel()
                await asyncio.gather(talking, return_exceptions=True)
                await watch.stop()
                quiet = Measurement()
                await asyncio.gather(*(_talk(u, 10, step, quiet, args.think) for u in users))
                await asyncio.sleep(1.0)  # anything still in flight would show as a duplicate
            got = Counter(min(emulator.delivered_count(c.id), 2) for c in contacts)
            return {
                "organisations": args.organisations,
                "invitation_s": round(done_at - started, 1) if done_at else None,
                "received": {"0": got[0], "1": got[1], "2+": got[2]},
                "busiest_second": watch.busiest,
                "sent_429": emulator.stats.sent_429,
                "step_ms_during": latency_summary(during.all) if during.count else None,
                "step_ms_quiet": latency_summary(quiet.all) if quiet.count else None,
                "steps_during": during.count,
                "first_errors": (during.errors + quiet.errors)[:3],
                "errors": len(quiet.errors) + got[0] + got[2] + (0 if done_at else 1),
            }
    finally:
        await database.drop()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            results[backend] = await _one(args, backend, Path(folder))
    results["errors"] = sum(r["errors"] for r in results.values() if isinstance(r, dict))
    return results


def format_result(result: dict[str, Any]) -> str:
    lines = [
        "| | invitation (s) | got 0 / 1 / 2+ | busiest second | 429s | step p50/p95 during "
        "(ms) | quiet (ms) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for backend in ("sqlite", "postgresql"):
        r = result.get(backend)
        if not isinstance(r, dict):
            continue
        during, quiet = r["step_ms_during"] or {}, r["step_ms_quiet"] or {}
        lines.append(
            f"| {backend} | {r['invitation_s']} | {r['received']['0']} / {r['received']['1']} / "
            f"{r['received']['2+']} | {r['busiest_second']} | {r['sent_429']} | "
            f"{during.get('p50')} / {during.get('p95')} | {quiet.get('p50')} / {quiet.get('p95')} |"
        )
    return "\n".join(lines)
