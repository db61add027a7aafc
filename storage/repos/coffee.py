"""Queries of the coffee roulette: who takes part, its rounds and their matches.

Every function takes the caller's session. The figures the coordinators see (paired, met, not
answered) are made from ``matches_of_rounds`` by ``handlers/events/coffee_figures.py``, for the
chat, ``kylabot coffee rounds`` and the desk alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import CoffeeMatch, CoffeeParticipant, CoffeeRound, Contact
from storage.repos.locking import skip_locked


async def participant(session: AsyncSession, contact_id: int) -> CoffeeParticipant | None:
    return await session.get(CoffeeParticipant, contact_id)


async def taking_part(session: AsyncSession) -> int:
    """How many have opted in to the roulette now (the coordinators' figure)."""
    found = await session.scalar(
        select(func.count())
        .select_from(CoffeeParticipant)
        .where(CoffeeParticipant.active.is_(True))
    )
    return int(found or 0)


async def active_participants(session: AsyncSession) -> list[tuple[CoffeeParticipant, Contact]]:
    """Opted-in people who can be reached now, with their organisation loaded."""
    rows = await session.execute(
        select(CoffeeParticipant, Contact)
        .join(Contact, Contact.id == CoffeeParticipant.contact_id)
        .options(joinedload(Contact.organisation))
        .where(
            CoffeeParticipant.active.is_(True),
            Contact.telegram_user_id.is_not(None),
            Contact.forgotten_at.is_(None),
            Contact.active.is_(True),
            Contact.opted_out.is_(False),
        )
        .order_by(CoffeeParticipant.contact_id)
    )
    return [(p, c) for p, c in rows.unique()]


async def recent_rounds(session: AsyncSession, limit: int) -> list[CoffeeRound]:
    return list(
        await session.scalars(
            select(CoffeeRound).order_by(CoffeeRound.started_at.desc()).limit(limit)
        )
    )


async def matches_of_rounds(session: AsyncSession, round_ids: Sequence[int]) -> list[CoffeeMatch]:
    if not round_ids:
        return []
    return list(
        await session.scalars(
            select(CoffeeMatch)
            .where(CoffeeMatch.round_id.in_(round_ids))
            .order_by(CoffeeMatch.round_id, CoffeeMatch.group_no, CoffeeMatch.id)
        )
    )


async def round_for_fire(
    session: AsyncSession, schedule_id: int, fire: datetime
) -> CoffeeRound | None:
    return await session.scalar(
        select(CoffeeRound).where(
            CoffeeRound.schedule_id == schedule_id, CoffeeRound.scheduled_for == fire
        )
    )


async def rounds_to_follow_up(session: AsyncSession, before: datetime) -> list[CoffeeRound]:
    statement = (
        select(CoffeeRound)
        .where(CoffeeRound.follow_up_at.is_(None), CoffeeRound.started_at <= before)
        .order_by(CoffeeRound.id)
    )
    return list(await session.scalars(skip_locked(session, statement, CoffeeRound)))
