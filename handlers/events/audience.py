"""The audience this feature adds: "attendees of an event" (the people holding a seat).

Stored as ``{"kind": "event", "value": "<event id>"}``; offered in /broadcast and as an event's
audience (a follow-up for those who came), and used by an event's "Message attendees". Events
invite any audience of ``services.segments``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, Translator
from bot.segments import SegmentKind
from handlers.events.texts import event_title
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
    events = await session.scalars(
        select(Event)
        .where(Event.status == EventStatus.PUBLISHED)
        .order_by(Event.starts_at.desc())
        .limit(8)
    )
    return [(str(event.id), f"#{event.id} {event_title(event, tr.language)}") for event in events]


async def _value(session: AsyncSession, tr: Translator, value: str) -> str:
    try:
        event = await session.get(Event, int(value))
    except ValueError:
        event = None
    return f"#{event.id} {event_title(event, tr.language)}" if event is not None else "?"


ATTENDEES = SegmentKind(
    KEY,
    # Translators: /broadcast step 3 and /event's audience step: a group to choose, the
    # people signed up for an event. Button; at most 36 characters on a phone.
    N_("Attendees of an event"),
    _attendees,
    _options,
    _value,
    # Translators: /broadcast preview's "to:" line, /broadcasts and an event's audience line:
    # the chosen group. %(value)s = the event's number and title, e.g. #4 Village walk.
    N_("Attendees of the event: %(value)s"),
)


def attendees_of(event_id: int) -> dict[str, Any]:
    return {"kind": KEY, "value": str(event_id)}


KINDS: tuple[SegmentKind, ...] = (ATTENDEES,)
