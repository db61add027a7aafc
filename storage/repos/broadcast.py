"""Broadcast and delivery queries: the outbox's claim, record and reporting statements.

Everything here takes the caller's session; the sender worker opens one per batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, BroadcastStatus, Contact, Delivery, DeliveryStatus

INSERT_CHUNK = 2000
delivery_table: Table = Delivery.__table__  # type: ignore[assignment]


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    broadcast_id: int
    contact_id: int | None
    variant: str
    attempts: int  # including this one


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one claimed delivery; written in bulk."""

    id: int
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    message_id: int | None = None
    sent_at: datetime | None = None
    error: str | None = None


async def insert_deliveries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Inserts delivery rows in chunks (one multi-row INSERT / executemany per chunk)."""
    for start in range(0, len(rows), INSERT_CHUNK):
        await session.execute(delivery_table.insert(), list(rows[start : start + INSERT_CHUNK]))


async def claim(session: AsyncSession, worker: str, now: datetime, limit: int) -> list[Claimed]:
    """Marks up to ``limit`` due pending deliveries as sending for ``worker`` and returns them.

    On PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so concurrent workers take
    disjoint batches; on SQLite the transaction holds the database's write lock (BEGIN
    IMMEDIATE), which serialises claims.
    """
    due = (
        select(Delivery.id)
        .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    )
    if _dialect(session) == "postgresql":
        due = due.with_for_update(skip_locked=True)
    statement = (
        update(Delivery)
        .where(Delivery.id.in_(due.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            claimed_at=now,
            claimed_by=worker,
            attempts=Delivery.attempts + 1,
        )
        .returning(
            Delivery.id,
            Delivery.broadcast_id,
            Delivery.contact_id,
            Delivery.variant,
            Delivery.attempts,
        )
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).all()
    claimed = [Claimed(*row) for row in rows]
    claimed.sort(key=lambda c: c.id)
    return claimed


async def release_stale(
    session: AsyncSession, now: datetime, claimed_before: datetime, keep: str | None = None
) -> int:
    """Puts deliveries left in "sending" by a crashed worker back in the queue.

    A delivery is "sending" from its claim until its outcome is recorded; if the worker died
    in between, the message may or may not have reached Telegram. It is sent again: that is
    the one possible duplicate per crash, and only for messages that were in flight. Claims
    of ``keep`` (the calling worker, which knows they are alive) are left alone.
    """
    stale = [Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_at < claimed_before]
    if keep is not None:
        stale.append(Delivery.claimed_by != keep)
    result = await session.execute(
        update(Delivery)
        .where(*stale)
        .values(status=DeliveryStatus.PENDING, next_attempt_at=now, claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def record(session: AsyncSession, outcomes: Sequence[Outcome]) -> None:
    """Writes outcomes with one executemany UPDATE."""
    if not outcomes:
        return
    statement = (
        update(delivery_table)
        .where(delivery_table.c.id == bindparam("b_id"))
        .values(
            status=bindparam("b_status"),
            attempts=bindparam("b_attempts"),
            next_attempt_at=bindparam("b_next"),
            message_id=bindparam("b_message_id"),
            sent_at=bindparam("b_sent_at"),
            error=bindparam("b_error"),
            claimed_by=None,
        )
    )
    await session.execute(
        statement,
        [
            {
                "b_id": o.id,
                "b_status": o.status,
                "b_attempts": o.attempts,
                "b_next": o.next_attempt_at,
                "b_message_id": o.message_id,
                "b_sent_at": o.sent_at,
                "b_error": o.error,
            }
            for o in outcomes
        ],
    )


async def contacts_for(
    session: AsyncSession, contact_ids: Iterable[int]
) -> dict[int, tuple[int | None, bool]]:
    """``contact_id -> (telegram chat id, may receive now)`` for a claimed batch."""
    ids = list(set(contact_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(
            Contact.id,
            Contact.telegram_user_id,
            Contact.active,
            Contact.opted_out,
            Contact.forgotten_at,
        ).where(Contact.id.in_(ids))
    )
    return {
        cid: (chat, bool(active) and not opted_out and forgotten is None and chat is not None)
        for cid, chat, active, opted_out, forgotten in rows
    }


async def mark_inactive(session: AsyncSession, contact_ids: Iterable[int]) -> None:
    ids = list(set(contact_ids))
    if ids:
        await session.execute(
            update(Contact)
            .where(Contact.id.in_(ids))
            .values(active=False)
            .execution_options(synchronize_session=False)
        )


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
    if _dialect(session) == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(await session.scalars(statement))


async def finish(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Marks a queued broadcast done; True for the one caller that did it."""
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.QUEUED)
        .values(status=BroadcastStatus.DONE, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def recent(session: AsyncSession, limit: int = 10) -> list[Broadcast]:
    return list(
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.status != BroadcastStatus.DRAFT)
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
    )


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
