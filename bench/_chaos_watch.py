"""What the chaos run watches while it runs: when each message arrived, and who leads.

``Arrivals`` stamps every message the bot sends to the people (the emulator keeps no clock), so
a duplicate can be set beside the kills. ``LeaderWatch`` asks every half second who holds the
scheduler: on PostgreSQL the advisory lock's holder in ``pg_locks`` (by the pid in its
``application_name``; a dead process's lock does not count), and on either database each
running process's ``/healthz`` ("this_process"), so two processes that both think they lead
show up as an overlap.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench._chaos_people import Person
from bench._chaos_world import Fleet
from bench._common import Background
from bot.ops.leader import LOCK_ID

SAMPLE_EVERY = 0.5
_HOLDER = (
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND l.granted "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


@dataclass(frozen=True, slots=True)
class Arrival:
    at: float  # time.monotonic()
    chat_id: int
    message_id: int
    text: str


class Arrivals(Background):
    """Scans the people's chats every ``every`` seconds and stamps messages not seen before."""

    def __init__(self, people: list[Person], every: float = 0.25) -> None:
        self.people = people
        self.every = every
        self.seen: list[Arrival] = []
        self._known: dict[int, set[int]] = {p.user.id: set() for p in people}

    def scan(self) -> None:
        now = time.monotonic()
        for person in self.people:
            known = self._known[person.user.id]
            for message in reversed(person.user.messages):
                if message.message_id in known:
                    break
                known.add(message.message_id)
                text = message.source_text or message.text or ""
                self.seen.append(Arrival(now, person.user.id, message.message_id, text))

    async def _loop(self) -> None:
        while True:
            self.scan()
            await asyncio.sleep(self.every)

    async def stop(self) -> None:
        await super().stop()
        self.scan()


@dataclass
class Sample:
    at: float
    holder: int | None  # pid of the live process holding the lock (PostgreSQL), else None
    believers: list[int] = field(default_factory=list)  # pids whose /healthz says they lead
    answered: int = 0  # processes whose /healthz answered


class LeaderWatch(Background):
    def __init__(self, fleet: Fleet, database_url: str | None) -> None:
        self.fleet = fleet
        self.dsn = (
            database_url.replace("postgresql+asyncpg://", "postgresql://") if database_url else None
        )
        self.samples: list[Sample] = []
        self._connection: Any = None

    async def _holder(self, live: dict[int, int]) -> int | None:
        import asyncpg  # only PostgreSQL runs need it; SQLite runs never import it

        if self._connection is None:
            self._connection = await asyncpg.connect(self.dsn, timeout=5)
        names = [str(r[0] or "") for r in await self._connection.fetch(_HOLDER, LOCK_ID)]
        for name in names:
            pid = name.rpartition(":")[2]
            if pid.isdigit() and int(pid) in live:
                return int(pid)
        return None

    async def _holder_or_none(self, live: dict[int, int]) -> int | None:
        if self.dsn is None:
            return None
        try:
            return await self._holder(live)
        except Exception:  # a sample lost to a busy server is a gap, not a crash
            self._connection = None
            return None

    async def _believers(self, client: httpx.AsyncClient, live: dict[int, int]) -> list[int]:
        async def ask(pid: int, index: int) -> int | None:
            port = self.fleet.ports[index]
            try:
                body = (await client.get(f"http://127.0.0.1:{port}/healthz")).json()
            except (httpx.HTTPError, ValueError):
                return None
            return pid if body.get("scheduler", {}).get("this_process") else 0

        answers = await asyncio.gather(*(ask(pid, n) for pid, n in live.items()))
        return [a for a in answers if a is not None]

    async def _loop(self) -> None:
        async with httpx.AsyncClient(timeout=2 * SAMPLE_EVERY) as client:
            while True:
                started = time.monotonic()
                live = self.fleet.pids()
                # Both at once: a slow /healthz must not delay the database's answer.
                holder, answers = await asyncio.gather(
                    self._holder_or_none(live), self._believers(client, live)
                )
                self.samples.append(
                    Sample(started, holder, [pid for pid in answers if pid], len(answers))
                )
                await asyncio.sleep(max(0.0, SAMPLE_EVERY - (time.monotonic() - started)))

    async def stop(self) -> None:
        await super().stop()
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()

    def leads(self, sample: Sample) -> bool:
        return sample.holder is not None if self.dsn is not None else bool(sample.believers)

    def back_after(self, moment: float) -> float | None:
        """Seconds from ``moment`` (a kill) to the first sample after it with a live leader."""
        for sample in self.samples:
            if sample.at > moment and self.leads(sample):
                return round(sample.at - moment, 2)
        return None

    def summary(self, interval: float, slack: float) -> dict[str, Any]:
        """The longest stretch without a leader, overlaps, and disagreements."""
        postgres = self.dsn is not None
        leads = self.leads
        gaps: list[float] = []
        lost_at: float | None = None
        for sample in self.samples:
            if leads(sample):
                if lost_at is not None:
                    gaps.append(round(sample.at - lost_at, 2))
                    lost_at = None
            elif lost_at is None:
                lost_at = sample.at
        if lost_at is not None and self.samples:
            gaps.append(round(self.samples[-1].at - lost_at, 2))
        overlaps = sum(1 for s in self.samples if len(s.believers) > 1)
        # On PostgreSQL: a process that thinks it leads although another holds the lock.
        disagree = sum(
            1
            for s in self.samples
            if postgres and s.holder is not None and any(b != s.holder for b in s.believers)
        )
        return {
            "source": "pg_locks + /healthz" if postgres else "/healthz",
            "interval_s": interval,
            "allowed_gap_s": round(interval + slack, 2),
            "samples": len(self.samples),
            # The resolution of the gaps: how far apart the samples really were.
            "sample_spacing_max_s": round(
                max((b.at - a.at for a, b in itertools.pairwise(self.samples)), default=0.0), 2
            ),
            "longest_gap_s": max(gaps, default=0.0),
            "gaps_s": sorted(gaps, reverse=True)[:12],
            "overlap_samples": overlaps,
            "disagreeing_samples": disagree,
        }
