"""Migration 0008: bulk moves from priority 2 to 3 (urgent takes 2), and the senders' presence
table; down and up again on both backends, with an open bulk row carried across."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import current_heads, downgrade, upgrade


async def _state(engine: AsyncEngine) -> tuple[list[int], bool]:
    async with engine.connect() as connection:
        priorities = list(
            await connection.scalars(sa.text("SELECT priority FROM delivery ORDER BY id"))
        )
        tables = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
    return priorities, "sender_presence" in tables


async def test_down_and_up(engine: AsyncEngine) -> None:
    await downgrade(engine, "0007_events")
    assert await _state(engine) == ([], False)
    async with engine.begin() as connection:
        for priority in (0, 1, 2):
            await connection.execute(
                sa.text(
                    "INSERT INTO delivery (status, priority, attempts, next_attempt_at)"
                    " VALUES ('pending', :priority, 0, :at)"
                ),
                {"priority": priority, "at": datetime(2026, 12, 6, 2, 0)},
            )
    await upgrade(engine)
    assert await current_heads(engine) == {"0010_report_request"}
    assert await _state(engine) == ([0, 1, 3], True)
    await downgrade(engine, "0007_events")
    assert await _state(engine) == ([0, 1, 2], False)
    await upgrade(engine)
