"""Long-lived objects shared by all updates and jobs: created in post_init, closed on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalogs
from storage.types import utcnow

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.outbox.sender import Sender
    from bot.router import Router


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    catalogs: Catalogs
    router: Router
    clock: Callable[[], datetime] = utcnow
    extras: dict[str, Any] = field(default_factory=dict)  # feature-owned state
    # SQLite has one writer; the process's writers queue for it here, in order, not in
    # SQLite's busy handler.
    update_lock: asyncio.Lock | None = None
    sender: Sender | None = None  # the one sender (bot.outbox); None only in unit tests
    scheduler: AsyncIOScheduler | None = None  # the one scheduler of the process

    def update_turn(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Held around every write transaction: on SQLite a FIFO queue for the write lock.

        SQLite's busy handler polls with growing sleeps and is not fair: with dozens of chats
        at once, an unlucky update could lose the race again and again. An asyncio lock is
        first come, first served, and never times out. Transactions are short (no network
        call inside), so the queue moves fast.
        """
        return self.update_lock if self.update_lock is not None else contextlib.nullcontext()

    def write(self) -> contextlib.AbstractAsyncContextManager[AsyncSession]:
        """A session in a write transaction, in turn (jobs and workers use this)."""
        return _write(self)

    @property
    def sender_id(self) -> str:
        return self.sender.worker_id if self.sender is not None else "unsent"

    def wake_sender(self) -> None:
        """Something was written to the outbox for the loop (a notice, a broadcast)."""
        if self.sender is not None:
            self.sender.wake()

    def now(self) -> datetime:
        return self.clock()


@contextlib.asynccontextmanager
async def _write(services: Services) -> AsyncIterator[AsyncSession]:
    async with services.update_turn(), services.sessionmaker() as session, session.begin():
        yield session
