"""Migration 0006: pins stored before it were never confirmed, so their municipality becomes a
guess; a municipality the reporter chose stays (issue 12, item 10)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import downgrade, upgrade

INSERT = sa.text(
    "INSERT INTO phenomenon_report (id, status, text, media, municipality, place_kind, "
    "outside_finland, affected, emergency_words, created_at, updated_at) VALUES "
    "(:id, 'sent', '', '[]', :municipality, :kind, false, '[]', false, :at, :at)"
)


async def test_old_pins_keep_their_municipality_only_as_a_guess(engine: AsyncEngine) -> None:
    await downgrade(engine, "0005")
    at = datetime(2026, 11, 30, tzinfo=UTC)
    async with engine.begin() as connection:
        for id_, municipality, kind in [(1, "Utsjoki", "pin"), (2, "Salla", "municipality")]:
            await connection.execute(
                INSERT, {"id": id_, "municipality": municipality, "kind": kind, "at": at}
            )
    await upgrade(engine)
    async with engine.connect() as connection:
        rows = await connection.execute(
            sa.text(
                "SELECT id, municipality, municipality_guess FROM phenomenon_report ORDER BY id"
            )
        )
        assert [tuple(row) for row in rows] == [(1, None, "Utsjoki"), (2, "Salla", None)]
    await downgrade(engine, "0005")
    async with engine.connect() as connection:
        rows = await connection.execute(
            sa.text("SELECT id, municipality FROM phenomenon_report ORDER BY id")
        )
        assert [tuple(row) for row in rows] == [(1, "Utsjoki"), (2, "Salla")]
    await upgrade(engine)
