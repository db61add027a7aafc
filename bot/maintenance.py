"""Housekeeping of the message pipeline: keep the journal and the outbox small.

Telegram never redelivers an update older than a day (its own store keeps updates for 24
hours), so handled journal rows older than a week can go. Outbox rows that are not a
broadcast's (replies, notices) are kept a week after they reached a final state, for the
figures and for edits that refer to them; a broadcast's deliveries stay with the broadcast.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from storage.models import Delivery, DeliveryStatus
from storage.repos import inbound

log = logging.getLogger(__name__)

KEEP_DELIVERIES = timedelta(days=7)
JOB_ID = "maintenance:prune"
EVERY = timedelta(hours=6)


async def prune(session: AsyncSession, now: datetime) -> tuple[int, int]:
    """Deletes old handled updates and old final non-broadcast deliveries; returns both counts."""
    updates = await inbound.prune(session, now)
    result = await session.execute(
        delete(Delivery).where(
            Delivery.broadcast_id.is_(None),
            Delivery.status.in_(
                [DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.BLOCKED]
            ),
            Delivery.next_attempt_at < now - KEEP_DELIVERIES,
        )
    )
    return updates, int(result.rowcount)  # type: ignore[attr-defined]


def register(services: Services) -> None:
    """Adds the pruning job to the application's scheduler."""
    assert services.scheduler is not None

    async def job() -> None:
        try:
            async with services.write() as session:
                updates, deliveries = await prune(session, services.now())
            if updates or deliveries:
                log.info("pruned %d handled updates and %d deliveries", updates, deliveries)
        except Exception:
            log.exception("maintenance failed")

    services.scheduler.add_job(
        job, "interval", seconds=EVERY.total_seconds(), id=JOB_ID, replace_existing=True
    )
