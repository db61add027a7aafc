"""``/mydata``: a person's phenomenon reports, their additions, and replies they wrote."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.feature import DataSection
from storage.models import Contact, PhenomenonReply
from storage.repos.phenomena import follow_ups_of, reports_of


async def _reports(session: AsyncSession, contact: Contact) -> list[dict[str, Any]]:
    """The person's reports (drafts too) and the replies to them."""
    return [
        {
            "id": r.id,
            "status": r.status.value,
            "category": r.category,
            "text": r.text,
            "attachments": [dict(item) for item in r.media],
            "municipality": r.municipality,
            "municipality_guess": r.municipality_guess,
            "village": r.village,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "frequency": r.frequency,
            "affected": list(r.affected or []),
            "name_shown_to_coordinators": r.show_name,
            "created_at": r.created_at.isoformat(),
            "sent_at": r.sent_at.isoformat() if r.sent_at else None,
            "handled_at": r.handled_at.isoformat() if r.handled_at else None,
            "replies": [
                {"text": reply.text, "at": reply.created_at.isoformat()} for reply in r.replies
            ],
        }
        for r in await reports_of(session, contact)
    ]


async def _follow_ups(session: AsyncSession, contact: Contact) -> list[dict[str, Any]]:
    """What the person added to their reports (unsent additions too)."""
    return [
        {
            "id": f.id,
            "report_id": f.report_id,
            "status": "sent" if f.sent_at else "draft",
            "text": f.text,
            "attachments": [dict(item) for item in f.media],
            "created_at": f.created_at.isoformat(),
            "sent_at": f.sent_at.isoformat() if f.sent_at else None,
        }
        for f in await follow_ups_of(session, contact)
    ]


async def _replies_written(session: AsyncSession, contact: Contact) -> list[dict[str, Any]]:
    """A coordinator's replies to reporters (their own words, so their own data)."""
    rows = await session.scalars(
        select(PhenomenonReply)
        .where(PhenomenonReply.coordinator_id == contact.id)
        .order_by(PhenomenonReply.id)
    )
    return [
        {"report_id": r.report_id, "text": r.text, "at": r.created_at.isoformat()} for r in rows
    ]


SECTIONS: tuple[DataSection, ...] = (
    DataSection("phenomenon_reports", ("phenomenon_report",), _reports),
    DataSection("phenomenon_follow_ups", ("phenomenon_follow_up",), _follow_ups),
    DataSection("phenomenon_replies_written", ("phenomenon_reply",), _replies_written),
)
