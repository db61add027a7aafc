"""The broadcast feature's periodic work, run by the sender between batches.

Firing scheduled broadcasts (each exactly once: the status changes in the transaction that
writes its deliveries) and showing progress: the coordinator's progress message is edited
through the outbox like any other message, at most every few seconds, and when a broadcast has
no open delivery left its final figures and summary are written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalogs
from bot.outbox.types import Tick
from bot.segments import Segments
from bot.services import Services
from handlers.broadcast.outbox import queue
from handlers.broadcast.progress import finished_text, progress_text, summary_text
from storage.models import Broadcast, DeliveryStatus, Priority
from storage.repos import broadcast as repo
from storage.repos.outbox import insert_one

log = logging.getLogger(__name__)

PROGRESS_EVERY = 3.0  # seconds between edits of a progress message
FIRE_EVERY = 1.0


@dataclass
class BroadcastTicks:
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    catalogs: Catalogs
    clock: Callable[[], datetime]
    segments: Segments
    write_lock: asyncio.Lock | None = None
    progress_every: float = PROGRESS_EVERY

    def ticks(self) -> list[Tick]:
        return [(FIRE_EVERY, self.fire_scheduled), (self.progress_every, self.progress)]

    def _turn(self) -> contextlib.AbstractAsyncContextManager[Any]:
        return self.write_lock if self.write_lock is not None else contextlib.nullcontext()

    async def fire_scheduled(self) -> int:
        """Queues every scheduled broadcast whose time has come (each exactly once)."""
        now = self.clock()
        fired = 0
        async with self._turn(), self.sessionmaker() as session, session.begin():
            for broadcast in await repo.due_scheduled(session, now):
                await queue(session, broadcast, now, self.settings, self.segments)
                fired += 1
                log.info("broadcast %s: scheduled time reached, queued", broadcast.id)
        return fired

    async def progress(self) -> None:
        """Writes progress edits of running broadcasts and finishes those with nothing open."""
        now = self.clock()
        async with self._turn(), self.sessionmaker() as session, session.begin():
            for broadcast in await repo.active_broadcasts(session):
                figures = await repo.figures(session, broadcast.id, now)
                if figures.open == 0:
                    if await repo.finish(session, broadcast.id, now):
                        log.info("broadcast %s done: %s", broadcast.id, dict(figures.by_status))
                        if broadcast.progress_chat_id is not None:
                            tr = self.catalogs.get(broadcast.progress_language)
                            await _show(
                                session, broadcast, finished_text(tr, broadcast.id, figures), now
                            )
                            await _write(
                                session,
                                broadcast.progress_chat_id,
                                "sendMessage",
                                {"text": summary_text(tr, broadcast.id, figures)},
                                now,
                            )
                    continue
                if broadcast.progress_chat_id is None:
                    continue
                tr = self.catalogs.get(broadcast.progress_language)
                text = progress_text(tr, broadcast.id, figures, self.settings.zone)
                if text != broadcast.progress_text:
                    await _show(session, broadcast, text, now)


async def _show(session: AsyncSession, broadcast: Broadcast, text: str, now: datetime) -> None:
    """Edits the progress message (known by its id or by the outbox row that sent it)."""
    assert broadcast.progress_chat_id is not None
    if broadcast.progress_message_id is not None:
        await _write(
            session,
            broadcast.progress_chat_id,
            "editMessageText",
            {"message_id": broadcast.progress_message_id, "text": text},
            now,
        )
    elif broadcast.progress_delivery_id is not None:
        await _write(
            session,
            broadcast.progress_chat_id,
            "editMessageText",
            {"text": text},
            now,
            target=broadcast.progress_delivery_id,
        )
    else:
        broadcast.progress_delivery_id = await _write(
            session, broadcast.progress_chat_id, "sendMessage", {"text": text}, now
        )
    broadcast.progress_text = text
    broadcast.progress_edited_at = now


async def _write(
    session: AsyncSession,
    chat_id: int,
    method: str,
    params: dict[str, Any],
    now: datetime,
    *,
    target: int | None = None,
) -> int:
    return await insert_one(
        session,
        {
            "chat_id": chat_id,
            "method": method,
            "payload": params,
            "priority": int(Priority.NOTICE),
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "target_id": target,
            "created_at": now,
        },
    )


def sender_ticks(services: Services) -> list[Tick]:
    """Scheduled broadcasts fire and progress is shown between the sender's batches."""
    return BroadcastTicks(
        services.sessionmaker,
        services.settings,
        services.catalogs,
        services.clock,
        services.segments,
        services.update_lock,
        services.settings.broadcast_progress,
    ).ticks()
