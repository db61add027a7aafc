"""Several senders on PostgreSQL share Telegram's overall rate: each takes rate / live senders.

Telegram counts the bot's messages, not a process's: two processes each pacing itself at
``KYLABOT_GLOBAL_RATE`` = 15 sent 32 in one second (issue 19, item 10), as nothing tied their
windows together. Each sender now renews a row of ``sender_presence`` every second (``REFRESH``)
and sends at most ``KYLABOT_GLOBAL_RATE`` divided by the number of senders whose row was
renewed within ``ALIVE`` seconds (the database's clock); each keeps that share in its own
window (``bot.outbox.window``), so together they stay within the rate in any second:

- a sender's share shrinks at once when it sees a new sender; a new sender sends nothing
  until every other live sender has renewed its row after the new one joined (so counts it),
  and then a window more (the others' last second was at their old share);
- a share only grows a window after the growth was first seen (a sender that left stopped
  sending before its row aged out, and its last second is then past);
- a sender that cannot renew its row stops sending ``VALID`` seconds after its last renewal
  began, before the others stop counting it (``ALIVE`` > ``VALID`` + a window).

One statement a second per process, no lock, nothing on the path of a send. A new process
waits about two seconds before its first send while others run; one alone starts at once.
A process stopped with SIGKILL is counted ``ALIVE`` seconds more (its share then unused). On
SQLite only one sender runs, with the whole rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.pacing import Pacer
from bot.outbox.window import EPSILON, WINDOW
from storage.repos import senders as repo
from storage.repos.senders import Beat

log = logging.getLogger(__name__)

REFRESH = 1.0  # seconds between renewals of a sender's row
VALID = 2.5  # a share lapses this long after the renewal that set it began
ALIVE = VALID + WINDOW + 0.5  # others count a sender this long after its last renewal


class Presence:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        worker_id: str,
        rate: float,
        pacer: Pacer,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.worker_id = worker_id
        self.rate = rate
        self.pacer = pacer
        self.clock = clock
        self.current = 0.0  # the share in force
        self.live = 0  # senders seen alive at the last renewal, this one included
        self._rising_since: float | None = None
        self._task: asyncio.Task[None] | None = None
        pacer.share(0.0)  # nothing until the first renewal says how many share the rate

    async def start(self) -> None:
        await self.join()
        await self.refresh()
        self._task = asyncio.create_task(self._loop(), name=f"presence-{self.worker_id}")

    async def stop(self) -> None:
        """Ends the renewals; the row counts as gone a window from now (sends have ended)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.pacer.share(0.0)
        with contextlib.suppress(Exception):
            async with self.sessionmaker() as session, session.begin():
                await repo.leave(
                    session, self.worker_id, timedelta(seconds=ALIVE), timedelta(seconds=WINDOW)
                )

    async def join(self) -> None:
        async with self.sessionmaker() as session, session.begin():
            await repo.join(session, self.worker_id)
        async with self.sessionmaker() as session, session.begin():
            await repo.mark_joined(session, self.worker_id)

    async def refresh(self) -> None:
        """Renews this sender's row and sets its share from what the renewal saw."""
        started = self.clock()
        async with self.sessionmaker() as session, session.begin():
            beat = await repo.beat(session, self.worker_id, timedelta(seconds=ALIVE))
        if beat is None:  # forgotten after a long stall: join again, send nothing meanwhile
            self._set(0.0, started)
            await self.join()
            return
        self._apply(beat, started)

    def _apply(self, beat: Beat, started: float) -> None:
        self.live = beat.live
        desired = 0.0 if beat.unaware else self.rate / max(1, beat.live)
        if desired <= self.current or beat.live == 1:
            # Shrinking is always safe; alone, nobody else sent within the last window.
            self._rising_since = None
            self._set(desired, started)
            return
        now = self.clock()
        if self._rising_since is None:
            self._rising_since = now
        if now + EPSILON >= self._rising_since + WINDOW:
            self._rising_since = None
            self._set(desired, started)
        else:
            self._set(self.current, started)

    def _set(self, share: float, started: float) -> None:
        if share != self.current:
            log.info("sender %s: %.1f messages/s of %.1f", self.worker_id, share, self.rate)
        self.current = share
        self.pacer.share(share, until=started + VALID)

    async def _loop(self) -> None:
        while True:
            delay = REFRESH
            if self._rising_since is not None:
                delay = min(REFRESH, max(0.05, self._rising_since + WINDOW - self.clock()))
            await asyncio.sleep(delay)
            try:
                await self.refresh()
            except Exception:  # the share lapses by itself (VALID) until a renewal succeeds
                log.warning("sender %s could not renew its presence", self.worker_id, exc_info=True)
