"""Long-lived objects shared by all updates and jobs: created in post_init, closed on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalogs
from storage.types import utcnow

if TYPE_CHECKING:
    from bot.router import Router


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    catalogs: Catalogs
    router: Router
    clock: Callable[[], datetime] = utcnow
    extras: dict[str, Any] = field(default_factory=dict)  # feature-owned workers and schedulers
    # SQLite has one writer; updates queue for it here, in order, not in SQLite's busy handler.
    update_lock: asyncio.Lock | None = None

    def update_turn(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Held around an update's transaction: on SQLite a FIFO queue for the write lock.

        SQLite's busy handler polls with growing sleeps and is not fair: with dozens of chats
        at once and each transaction waiting on Telegram, an unlucky update could lose the
        race for 30 s and fail with "database is locked". An asyncio lock is first come, first
        served, and never times out.
        """
        return self.update_lock if self.update_lock is not None else contextlib.nullcontext()

    def now(self) -> datetime:
        return self.clock()
