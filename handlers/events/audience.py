"""Who an event invites (any broadcast segment), and the segment "attendees of an event".

The events feature reads the audiences every feature contributes through this one module, so
the rest of the feature never names the engine's segment lookup. ``ATTENDEES`` is the segment
this feature adds: the people holding a seat at an event (``{"kind": "event", "value": id}``),
offered in /broadcast and used by an event's "Message attendees".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast import segments as lookup
from bot.i18n import N_, Translator
from bot.services import Services
from storage.models import Contact, Event, EventSignup, EventStatus, SignupStatus

KEY = "event"


def _attendees(value: str) -> ColumnElement[bool]:
    try:
        event_id = int(value)
    except ValueError:
        event_id = -1
    return Contact.id.in_(
        select(EventSignup.contact_id).where(
            EventSignup.event_id == event_id, EventSignup.status == SignupStatus.SEAT
        )
    )


async def _options(session: AsyncSession, tr: Translator) -> list[tuple[str, str]]:
    from handlers.events.texts import event_title  # the texts import this module's kinds

    events = await session.scalars(
        select(Event)
        .where(Event.status == EventStatus.PUBLISHED)
        .order_by(Event.starts_at.desc())
        .limit(8)
    )
    return [(str(event.id), f"#{event.id} {event_title(event, tr.language)}") for event in events]


async def _value(session: AsyncSession, tr: Translator, value: str) -> str:
    from handlers.events.texts import event_title

    try:
        event = await session.get(Event, int(value))
    except ValueError:
        event = None
    return f"#{event.id} {event_title(event, tr.language)}" if event is not None else "?"


ATTENDEES = lookup.SegmentKind(
    KEY,
    N_("Attendees of an event"),
    _attendees,
    _options,
    _value,
    N_("Attendees of the event: %(value)s"),
)


def attendees_of(event_id: int) -> dict[str, Any]:
    return {"kind": KEY, "value": str(event_id)}


def visible_kinds(services: Services) -> list[lookup.SegmentKind]:
    """The audiences a coordinator may choose, in the order the features list them."""
    return lookup.visible_segments()


def kind(services: Services, key: str) -> lookup.SegmentKind | None:
    return lookup.SEGMENTS.get(key)


async def resolve(
    services: Services, session: AsyncSession, segment: Mapping[str, Any]
) -> lookup.Audience:
    return await lookup.resolve(session, dict(segment))


async def describe(
    services: Services, session: AsyncSession, tr: Translator, segment: Mapping[str, Any]
) -> str:
    return await lookup.describe(session, tr, dict(segment))
