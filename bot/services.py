"""Long-lived objects shared by all updates and jobs: created in post_init, closed on shutdown."""

from __future__ import annotations

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

    def now(self) -> datetime:
        return self.clock()
