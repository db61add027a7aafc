"""The senders' presence rows (PostgreSQL): how several processes share Telegram's rate.

Each running sender renews its row every second (``beat``); the rows renewed within
``alive`` seconds are the live senders. Every comparison is made with the database's clock,
so the processes never compare clocks of different machines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SenderPresence

FORGOTTEN_AFTER = timedelta(minutes=1)  # rows of senders long gone are deleted


@dataclass(frozen=True)
class Beat:
    """What one renewal saw: the live senders, this one included, and how many of the others
    have not renewed their row since this one joined (they may not count it yet)."""

    live: int
    unaware: int


async def join(session: AsyncSession, worker: str) -> None:
    """Writes ``worker``'s row (again, after it was forgotten). ``joined_at`` is set by
    ``mark_joined`` in a later transaction: a time when the row is visible to everyone."""
    now = func.now()
    await session.execute(
        insert(SenderPresence)
        .values(worker=worker, joined_at=now, seen_at=now)
        .on_conflict_do_update(index_elements=["worker"], set_={"joined_at": now, "seen_at": now})
    )


async def mark_joined(session: AsyncSession, worker: str) -> None:
    """Sets the moment after which another sender that renews its row counts this one.

    A transaction that began before this row was committed may have counted the live
    senders without it; one that begins after ``joined_at`` (set here, after the commit of
    ``join``) cannot have.
    """
    await session.execute(
        update(SenderPresence).where(SenderPresence.worker == worker).values(joined_at=func.now())
    )


async def beat(session: AsyncSession, worker: str, alive: timedelta) -> Beat | None:
    """Renews ``worker``'s row and counts the live senders; None if the row is gone (``join``)."""
    now = func.now()
    joined_at = (
        await session.execute(
            update(SenderPresence)
            .where(SenderPresence.worker == worker)
            .values(seen_at=now)
            .returning(SenderPresence.joined_at)
        )
    ).scalar_one_or_none()
    if joined_at is None:
        return None
    others = SenderPresence.worker != worker
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(others, SenderPresence.seen_at <= joined_at),
            ).where(SenderPresence.seen_at > now - alive)
        )
    ).one()
    await session.execute(
        delete(SenderPresence).where(SenderPresence.seen_at < now - FORGOTTEN_AFTER)
    )
    return Beat(int(row[0]), int(row[1]))


async def leave(session: AsyncSession, worker: str, alive: timedelta, gone_in: timedelta) -> None:
    """A sender that stopped sending: its row counts as gone ``gone_in`` from now."""
    await session.execute(
        update(SenderPresence)
        .where(SenderPresence.worker == worker)
        .values(seen_at=func.now() - alive + gone_in)
    )
