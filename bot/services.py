"""Long-lived objects shared by all updates and jobs: created in post_init, closed on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalogs
from bot.segments import Segments
from storage.db import reading
from storage.types import utcnow

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from starlette.routing import BaseRoute

    from bot.feature import DataSection
    from bot.outbox.sender import Sender
    from bot.router import Router

T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    catalogs: Catalogs
    router: Router
    clock: Callable[[], datetime] = utcnow
    data_sections: tuple[DataSection, ...] = ()  # every feature's part of /mydata
    segments: Segments = field(default_factory=lambda: Segments(()))
    # every feature's pages on the HTTP listener (Parts.http_routes: the coordinator desk)
    http_routes: tuple[Callable[[Services], Sequence[BaseRoute]], ...] = ()
    # SQLite has one writer; the process's writers queue for it here, in order, not in
    # SQLite's busy handler.
    update_lock: asyncio.Lock | None = None
    sender: Sender | None = None  # the one sender (bot.outbox); None only in unit tests
    # How a worker process builds services of its own from these settings (the desk's page
    # workers; ``bot.app.worker_services``): None where the process has no workers to start.
    worker_services: Callable[[Settings], Services] | None = None
    scheduler: AsyncIOScheduler | None = None  # the one scheduler of the process
    _owned: dict[type[Any], Any] = field(default_factory=dict, repr=False)
    # Work started by an update to run after its transaction (a report file being drawn);
    # the test harness counts it as the bot being busy.
    background: set[asyncio.Task[None]] = field(default_factory=set, repr=False)

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

    def read(self) -> contextlib.AbstractAsyncContextManager[AsyncSession]:
        """A session in a transaction that only reads, not in turn (``storage.db.reading``):
        it neither waits for the write lock nor holds it (/healthz, recovery, reports)."""
        return reading(self.sessionmaker)

    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Runs ``work`` beside the updates, kept in ``background`` until it ends."""
        task = asyncio.create_task(work, name=name)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def finish_background(self) -> None:
        """Lets the work in ``background`` end (at stop: its rows are then in the outbox)."""
        if self.background:
            await asyncio.gather(*self.background, return_exceptions=True)

    @property
    def sender_id(self) -> str:
        return self.sender.worker_id if self.sender is not None else "unsent"

    def wake_sender(self) -> None:
        """Something was written to the outbox for the loop (a notice, a broadcast)."""
        if self.sender is not None:
            self.sender.wake()

    def now(self) -> datetime:
        return self.clock()

    # Long-lived objects a feature starts in its on_start (its scheduler, say), found by type so
    # that mypy checks every use; one object per type.
    def keep(self, value: T) -> T:
        self._owned[type(value)] = value
        return value

    def find(self, kind: type[T]) -> T | None:
        value = self._owned.get(kind)
        return value if isinstance(value, kind) else None

    def require(self, kind: type[T]) -> T:
        value = self.find(kind)
        if value is None:
            raise LookupError(f"{kind.__name__} is not running in this process")
        return value

    def drop(self, kind: type[T]) -> T | None:
        value = self._owned.pop(kind, None)
        return value if isinstance(value, kind) else None


@contextlib.asynccontextmanager
async def _write(services: Services) -> AsyncIterator[AsyncSession]:
    async with services.update_turn(), services.sessionmaker() as session, session.begin():
        yield session
