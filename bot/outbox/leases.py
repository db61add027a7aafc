"""A sender's claims over time: a crashed run's are taken back, live ones are kept.

A row is "sending" from its claim until its outcome is written. At start a sender takes back
the rows a crashed run left in flight (SQLite: every one, as only one sender may run;
PostgreSQL: those whose lease ran out). While it runs on PostgreSQL it renews the claims it
holds every third of the lease, however long a send or its turn in the window takes, and
releases the claims of senders that stopped renewing theirs (crashed): before issue 19 (item
2) nothing renewed a claim, so a send slower than the lease was taken over and sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repos import outbox as repo

log = logging.getLogger(__name__)


class Leases:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        turn: Callable[[], contextlib.AbstractAsyncContextManager[Any]],
        worker_id: str,
        clock: Callable[[], datetime],
        lease: float,
        exclusive: bool,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.turn = turn  # SQLite: the process's FIFO queue for the write lock
        self.worker_id = worker_id
        self.clock = clock
        self.lease = lease
        self.exclusive = exclusive

    async def recover(self) -> None:
        """At start: with one worker every "sending" row is a crashed run's; else use the lease."""
        now = self.clock()
        cutoff = now + timedelta(days=1) if self.exclusive else self._cutoff(now)
        async with self.turn(), self.sessionmaker() as session, session.begin():
            released = await repo.release_stale(session, now, cutoff, keep=self.worker_id)
        if released:
            log.warning("outbox: %d deliveries were in flight at a crash; resending", released)

    async def keep(self) -> None:
        """Every third of the lease: renews this sender's claims, releases crashed ones'."""
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                await self._renew_and_release()
            except Exception:
                log.warning("outbox: could not renew %s's claims", self.worker_id, exc_info=True)

    async def _renew_and_release(self) -> None:
        now = self.clock()
        async with self.turn(), self.sessionmaker() as session, session.begin():
            await repo.renew(session, self.worker_id, now)
            released = await repo.release_stale(
                session, now, self._cutoff(now), keep=self.worker_id
            )
        if released:
            log.warning("outbox: %d claims outlived their lease; resending", released)

    def _cutoff(self, now: datetime) -> datetime:
        return now - timedelta(seconds=self.lease)
