"""``/mydata``: the check-in answers a person gave."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.feature import DataSection
from storage.models import Answer, Contact


async def _answers(session: AsyncSession, contact: Contact) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(Answer).where(Answer.contact_id == contact.id).order_by(Answer.answered_at)
    )
    return [
        {
            "round_id": a.round_id,
            "measure_id": a.measure_id,
            "organisation_id": a.organisation_id,
            "status": a.status.value,
            "comment": a.comment,
            "language": a.language,
            "answered_at": a.answered_at.isoformat(),
        }
        for a in rows
    ]


SECTIONS: tuple[DataSection, ...] = (DataSection("checkin_answers", ("answer",), _answers),)
