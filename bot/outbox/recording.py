"""Writing what Telegram answered: the sender's outcomes, in bulk, soon after they arrive.

A row is recorded "sent" only after Telegram accepted it, and a write of its own per outcome
would cost a transaction each (on SQLite the dearest part of a send). So outcomes wait here a
few milliseconds and go in one statement, or ride along with a transaction that runs anyway
(an update's, the poller's: ``take`` / ``give_back`` / ``written``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import DeliveryStatus
from storage.repos import outbox as repo
from storage.repos.outbox import Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Taken:
    """Outcomes (and people who blocked the bot) taken from the sender to be written."""

    worker: str  # whose claims the outcomes belong to
    outcomes: list[Outcome]
    blocked: list[int]
    chats: list[int]
    erase: set[int]  # final rows whose chat id goes now (/forget, a decline)

    def __bool__(self) -> bool:
        return bool(self.outcomes or self.blocked or self.chats)

    async def write(self, session: AsyncSession) -> None:
        await repo.record(session, self.worker, self.outcomes)
        await repo.mark_inactive(session, self.blocked, self.chats)
        await repo.erase_chat_of(session, self.erase)


class Recorder:
    """Buffers outcomes and writes them ``delay`` seconds after the first one arrives."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        turn: Callable[[], contextlib.AbstractAsyncContextManager[Any]],
        delay: float,
        worker: str,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.worker = worker
        self.turn = turn  # SQLite: the process's FIFO queue for the write lock
        self.delay = delay
        self._buffer: list[Outcome] = []
        self._blocked: list[int] = []  # contacts who blocked the bot
        self._blocked_chats: list[int] = []  # chats (no contact) that blocked it
        self._erase: set[int] = set()  # rows whose chat id goes once their outcome is final
        self._ready = asyncio.Event()
        self._flushed = asyncio.Event()
        self._closing = False  # the loop ends after its current flush
        self._task: asyncio.Task[None] | None = None

    @property
    def empty(self) -> bool:
        return not self._buffer

    def add(self, outcome: Outcome) -> None:
        self._buffer.append(outcome)
        self._flushed.clear()
        self._ready.set()

    def blocked(self, contact_id: int) -> None:
        self._blocked.append(contact_id)

    def blocked_chat(self, chat_id: int) -> None:
        self._blocked_chats.append(chat_id)

    def erase_chat_of(self, row_ids: Iterable[int]) -> None:
        """These rows' chat ids are erased with their final outcome (/forget, a decline)."""
        self._erase.update(row_ids)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="outbox-recorder")

    async def close(self) -> None:
        """Lets a flush in progress finish, then writes what is left.

        A task cancelled inside a transaction can keep its connection (and on SQLite the
        write lock) until garbage collection, so the loop is asked to end, not cancelled.
        """
        self._closing = True
        self._ready.set()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task
        await self.flush()

    async def drained(self) -> None:
        """Waits until every outcome given so far is written (tests, shutdown)."""
        while self._buffer or self._ready.is_set():
            await self._flushed.wait()

    async def _loop(self) -> None:
        while not self._closing:
            await self._ready.wait()
            if self._closing:
                return
            await asyncio.sleep(self.delay)
            try:
                await self.flush()
            except Exception:
                log.exception("outbox: could not record outcomes; retrying")
                await asyncio.sleep(0.5)

    def take(self) -> Taken:
        """Hands the outcomes waiting to be written to a transaction that runs anyway (an
        update's, the poller's): on SQLite a transaction of its own costs more than the
        statement. ``give_back`` if that transaction does not commit."""
        erase = {
            o.id
            for o in self._buffer
            if o.id in self._erase and o.status is not DeliveryStatus.PENDING
        }
        taken = Taken(self.worker, self._buffer, self._blocked, self._blocked_chats, erase)
        self._buffer, self._blocked, self._blocked_chats = [], [], []
        return taken

    def give_back(self, taken: Taken) -> None:
        self._buffer[:0] = taken.outcomes
        self._blocked[:0] = taken.blocked
        self._blocked_chats[:0] = taken.chats
        if taken:
            self._ready.set()

    def written(self, taken: Taken) -> None:
        """The outcomes taken were committed (and the chats of erased rows with them)."""
        self._erase -= taken.erase
        if not self._buffer:
            self._flushed.set()

    async def flush(self) -> None:
        self._ready.clear()
        taken = self.take()
        if not taken:
            self.written(taken)
            return
        try:
            async with self.turn(), self.sessionmaker() as session, session.begin():
                await taken.write(session)
        except BaseException:
            self.give_back(taken)
            raise
        self.written(taken)
