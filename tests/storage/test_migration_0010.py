"""Migration 0010: ``contact.desk_button``, down and up on both backends, a contact kept."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import current_heads, downgrade, upgrade


async def _columns(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: {column["name"] for column in sa.inspect(sync).get_columns("contact")}
        )


async def test_down_and_up(engine: AsyncEngine) -> None:
    await downgrade(engine, "0009_claim_token")
    assert "desk_button" not in await _columns(engine)
    async with engine.begin() as connection:
        await connection.execute(
            sa.text(
                "INSERT INTO contact (telegram_user_id, role, active, opted_out, created_at)"
                " VALUES (42, 'coordinator', :yes, :no, CURRENT_TIMESTAMP)"
            ),
            {"yes": True, "no": False},
        )
    await upgrade(engine, "0010_desk_button")
    assert await current_heads(engine) == {"0010_desk_button"}
    async with engine.connect() as connection:
        rows = list(
            await connection.execute(sa.text("SELECT telegram_user_id, desk_button FROM contact"))
        )
    assert [tuple(row) for row in rows] == [(42, None)]
    await downgrade(engine, "0009_claim_token")
    assert "desk_button" not in await _columns(engine)
    await upgrade(engine)
