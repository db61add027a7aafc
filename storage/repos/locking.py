"""Row claims that hold on both databases: ``FOR UPDATE [SKIP LOCKED]`` on PostgreSQL.

Jobs that write "this was done" (an invitation, a reminder, a broadcast queued) can run at the
same time on PostgreSQL: the round's cron job beside the minute housekeeping, or two processes.
Two readers of an unlocked row both see it as not done and both do it (issue 19, items 1 and
7). On PostgreSQL the row is locked when read, and rows another transaction holds are skipped
(``skip_locked``) or waited for (``for_update``). SQLite needs neither: every write transaction
begins ``IMMEDIATE`` and so already holds the database's one write lock when it reads.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def skip_locked(session: AsyncSession, statement: S, of: Any) -> S:
    """``statement`` without the rows of ``of`` another transaction is claiming (PostgreSQL)."""
    if dialect(session) == "postgresql":
        return statement.with_for_update(skip_locked=True, of=of)
    return statement


def for_update(session: AsyncSession, statement: S) -> S:
    """``statement`` waiting for, then locking, its rows until the transaction ends."""
    if dialect(session) == "postgresql":
        return statement.with_for_update()
    return statement
