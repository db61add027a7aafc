"""Broadcast queries: writing a broadcast's deliveries and reporting on them.

Claiming, recording and releasing outbox rows (for every kind of message) is in
``storage.repos.outbox``. Everything here takes the caller's session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, BroadcastStatus, Delivery, DeliveryStatus
from storage.repos.locking import for_update, skip_locked

INSERT_CHUNK = 2000
delivery_table: Table = Delivery.__table__  # type: ignore[assignment]


@dataclass
class Figures:
    """Delivery figures of one broadcast."""

    total: int
    by_status: Counter[str]
    failures: Counter[str]  # error reason -> count, for failed deliveries
    waiting: int  # pending and not due yet (quiet hours, backoff)
    next_due: datetime | None

    @property
    def sent(self) -> int:
        return self.by_status[DeliveryStatus.SENT.value]

    @property
    def failed(self) -> int:
        return self.by_status[DeliveryStatus.FAILED.value]

    @property
    def blocked(self) -> int:
        return self.by_status[DeliveryStatus.BLOCKED.value]

    @property
    def open(self) -> int:
        return (
            self.by_status[DeliveryStatus.PENDING.value]
            + self.by_status[DeliveryStatus.SENDING.value]
        )


async def figures(session: AsyncSession, broadcast_id: int, now: datetime) -> Figures:
    by_status: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    rows = await session.execute(
        select(Delivery.status, Delivery.error, func.count())
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status, Delivery.error)
    )
    for status, error, count in rows:
        by_status[DeliveryStatus(status).value] += count
        if status == DeliveryStatus.FAILED:
            failures[error or "error"] += count
    waiting_row = (
        await session.execute(
            select(func.count(), func.min(Delivery.next_attempt_at)).where(
                Delivery.broadcast_id == broadcast_id,
                Delivery.status == DeliveryStatus.PENDING,
                Delivery.next_attempt_at > now,
            )
        )
    ).one()
    return Figures(
        total=sum(by_status.values()),
        by_status=by_status,
        failures=failures,
        waiting=int(waiting_row[0] or 0),
        next_due=waiting_row[1],
    )


async def active_broadcasts(session: AsyncSession) -> list[Broadcast]:
    return list(
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.status == BroadcastStatus.QUEUED)
            .order_by(Broadcast.id)
        )
    )


async def due_scheduled(session: AsyncSession, now: datetime) -> list[Broadcast]:
    statement = (
        select(Broadcast)
        .where(Broadcast.status == BroadcastStatus.SCHEDULED, Broadcast.scheduled_for <= now)
        .order_by(Broadcast.scheduled_for, Broadcast.id)
    )
    return list(await session.scalars(skip_locked(session, statement, Broadcast)))


async def locked(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    """The broadcast, locked until the transaction ends, as it is now (not as first read).

    Cancelling a scheduled broadcast reads its status through this: the firing tick holds the
    row (``due_scheduled``) while it writes the deliveries, so a cancel waits and then sees
    "queued", instead of reading "scheduled" beside it and overwriting the firing (issue 19,
    item 7: the coordinator was told "cancelled" and every delivery went out).
    """
    statement = for_update(session, select(Broadcast).where(Broadcast.id == broadcast_id))
    return await session.scalar(statement.execution_options(populate_existing=True))


async def finish(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Marks a queued broadcast done; True for the one caller that did it."""
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.QUEUED)
        .values(status=BroadcastStatus.DONE, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _listed(status: BroadcastStatus | None) -> ColumnElement[bool]:
    """The broadcasts /broadcasts, ``kylabot broadcast list`` and the desk list: every one but
    drafts, or those in ``status``."""
    if status is None:
        return Broadcast.status != BroadcastStatus.DRAFT
    return Broadcast.status == status


async def recent(
    session: AsyncSession, limit: int = 10, status: BroadcastStatus | None = None
) -> list[Broadcast]:
    """The latest broadcasts, newest first (those in ``status`` only, when given)."""
    return list(
        await session.scalars(
            select(Broadcast).where(_listed(status)).order_by(Broadcast.id.desc()).limit(limit)
        )
    )


async def count_listed(session: AsyncSession, status: BroadcastStatus | None = None) -> int:
    """How many ``recent`` would list without a limit (the desk says how many it leaves out)."""
    found = await session.scalar(select(func.count()).select_from(Broadcast).where(_listed(status)))
    return int(found or 0)


async def received_by(session: AsyncSession, contact_id: int) -> list[dict[str, Any]]:
    """For /mydata: the broadcasts sent to a contact (ids, statuses and times only)."""
    rows = await session.execute(
        select(Delivery.broadcast_id, Delivery.status, Delivery.sent_at)
        .where(Delivery.contact_id == contact_id)
        .order_by(Delivery.id)
    )
    return [
        {
            "broadcast": broadcast_id,
            "status": DeliveryStatus(status).value,
            "sent_at": sent_at.isoformat() if sent_at else None,
        }
        for broadcast_id, status, sent_at in rows
    ]
