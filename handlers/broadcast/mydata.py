"""``/mydata``: the broadcasts a person received (ids, states, times) and how many they wrote."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.feature import DataSection
from storage.models import Broadcast, Contact
from storage.repos import broadcast as repo


async def _broadcasts(session: AsyncSession, contact: Contact) -> dict[str, Any]:
    created = await session.scalar(
        select(func.count())
        .select_from(Broadcast)
        .where(Broadcast.created_by_contact_id == contact.id)
    )
    return {
        "received": await repo.received_by(session, contact.id),
        "written": int(created or 0),
    }


SECTIONS: tuple[DataSection, ...] = (
    DataSection("broadcasts", ("broadcast", "delivery"), _broadcasts),
)
