"""Housekeeping: old handled-update ids are pruned, recent ones kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.maintenance import prune_update_ids
from storage.models import ProcessedUpdate
from storage.types import utcnow


async def test_prune_keeps_the_last_week(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        session.add_all(
            [
                ProcessedUpdate(update_id=1, processed_at=now - timedelta(days=8)),
                ProcessedUpdate(update_id=2, processed_at=now - timedelta(days=6)),
                ProcessedUpdate(update_id=3, processed_at=now),
            ]
        )
    async with sessionmaker() as session, session.begin():
        assert await prune_update_ids(session, now) == 1
    async with sessionmaker() as session:
        assert set(await session.scalars(select(ProcessedUpdate.update_id))) == {2, 3}
