"""Migration 0007: the events and coffee roulette tables, down and up again on both backends."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import current_heads, downgrade, upgrade

TABLES = {
    "event",
    "event_invitation",
    "event_signup",
    "coffee_participant",
    "coffee_round",
    "coffee_match",
}


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
    return names & TABLES


async def test_down_and_up(engine: AsyncEngine) -> None:
    assert await _tables(engine) == TABLES
    async with engine.begin() as connection:
        await connection.execute(
            sa.text(
                "INSERT INTO event (id, uid, kind, status, title, description, timezone, audience,"
                " sequence, created_at, updated_at) VALUES (1, 'u1', 'coffee', 'draft', '{}', '{}',"
                " 'Europe/Helsinki', '{}', 0, :at, :at)"
            ),
            {"at": datetime(2026, 12, 2, 10, 0)},
        )
    await downgrade(engine, "0006")
    assert await _tables(engine) == set()
    assert await current_heads(engine) == {"0006"}
    await upgrade(engine, "0007_events")
    assert await _tables(engine) == TABLES
    assert await current_heads(engine) == {"0007_events"}
    async with engine.connect() as connection:
        count = await connection.scalar(sa.text("SELECT count(*) FROM event"))
    assert count == 0
