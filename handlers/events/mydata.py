"""``/mydata``: a person's invitations and sign-ups, and their part in the coffee roulette."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.feature import DataSection
from storage.models import (
    CoffeeMatch,
    CoffeeParticipant,
    CoffeeRound,
    Contact,
    Event,
    EventInvitation,
    EventSignup,
)


async def _events(session: AsyncSession, contact: Contact) -> dict[str, Any]:
    """The events the person was invited to and what they answered (attendance too)."""
    invited = await session.execute(
        select(EventInvitation, Event)
        .join(Event, Event.id == EventInvitation.event_id)
        .where(EventInvitation.contact_id == contact.id)
        .order_by(EventInvitation.event_id)
    )
    signups = await session.execute(
        select(EventSignup, Event)
        .join(Event, Event.id == EventSignup.event_id)
        .where(EventSignup.contact_id == contact.id)
        .order_by(EventSignup.event_id)
    )
    return {
        "invitations": [
            {
                "event": event.id,
                "title": event.title.get("fi"),
                "invited_at": row.invited_at.isoformat() if row.invited_at else None,
            }
            for row, event in invited
        ],
        "sign_ups": [
            {
                "event": event.id,
                "title": event.title.get("fi"),
                "status": row.status.value,
                "answered_at": row.updated_at.isoformat(),
                "attended": row.attended,
            }
            for row, event in signups
        ],
    }


async def _coffee(session: AsyncSession, contact: Contact) -> dict[str, Any] | None:
    """Whether the person takes part, in which languages, and their rounds and answers."""
    participant = await session.get(CoffeeParticipant, contact.id)
    if participant is None:
        return None
    rounds = await session.execute(
        select(CoffeeMatch, CoffeeRound)
        .join(CoffeeRound, CoffeeRound.id == CoffeeMatch.round_id)
        .where(CoffeeMatch.contact_id == contact.id)
        .order_by(CoffeeRound.started_at)
    )
    return {
        "taking_part": participant.active,
        "languages": list(participant.languages),
        "opted_in_at": participant.opted_in_at.isoformat(),
        "opted_out_at": participant.opted_out_at.isoformat() if participant.opted_out_at else None,
        "rounds": [
            {
                "round": found.id,
                "started_at": found.started_at.isoformat(),
                "paired": match.group_no is not None,
                "did_you_meet": match.answer,
            }
            for match, found in rounds
        ],
    }


SECTIONS: tuple[DataSection, ...] = (
    DataSection("events", ("event", "event_invitation", "event_signup"), _events),
    DataSection("virtual_coffee", ("coffee_participant", "coffee_match", "coffee_round"), _coffee),
)
