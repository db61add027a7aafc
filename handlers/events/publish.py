"""Publishing an event: the last checks, then the list of who is invited, in one transaction.

The audience is resolved once, when the event is published: one ``event_invitation`` row per
reachable person (written in one INSERT). The invitations themselves are written to the outbox
in chunks by the sender's tick (``notices.invite_all``), each marked when written, so a
restart in the middle neither loses nor repeats one. Used by /event and ``kylabot event
create``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.notices import WAKE_SENDER
from bot.segments import Segments
from handlers.events import rules
from storage.models import Event, EventInvitation, EventKind, EventStatus

INSERT_CHUNK = 2000


def new_event(
    now: datetime,
    kind: EventKind,
    *,
    title: dict[str, str],
    starts_at: datetime,
    minutes: int,
    timezone: str,
    audience: dict[str, Any],
    deadline: datetime | None,
    description: dict[str, str] | None = None,
    link: str | None = None,
    place: str | None = None,
    capacity: int | None = None,
) -> Event:
    """A whole event's row, still a draft: what ``kylabot event create``, the demo and the
    reviewer's pages publish at once (/event fills one step by step instead)."""
    return Event(
        uid=uuid.uuid4().hex,
        kind=kind,
        status=EventStatus.DRAFT,
        title=title,
        description=description or {},
        starts_at=starts_at,
        duration_minutes=minutes,
        timezone=timezone,
        link=link,
        place=place,
        capacity=capacity,
        audience=audience,
        signup_deadline=deadline,
        sequence=0,
        created_at=now,
        updated_at=now,
    )


async def publish_new(
    session: AsyncSession, segments: Segments, event: Event, now: datetime
) -> int:
    """Stores ``event`` (made by ``new_event``) and publishes it; returns how many are invited."""
    session.add(event)
    await session.flush()
    return await publish(session, segments, event, now)


def refusal(event: Event, now: datetime, shown_start: str) -> rules.Refusal | None:
    """Why ``event`` cannot be published now (one sentence), or None."""
    if event.starts_at is None:
        return rules.Refusal(rules.PAST)
    problem = rules.check_start(event.starts_at, now)
    if problem is None and event.duration_minutes is not None:
        checked = rules.check_minutes(event.duration_minutes)
        problem = checked if isinstance(checked, rules.Refusal) else None
    if problem is None and event.signup_deadline is not None:
        problem = rules.check_deadline(event.signup_deadline, event.starts_at, now, shown_start)
    if problem is None and event.link:
        link = rules.check_link(event.link)
        problem = link if isinstance(link, rules.Refusal) else None
    return problem


async def publish(session: AsyncSession, segments: Segments, event: Event, now: datetime) -> int:
    """Marks ``event`` published and lists its invitees; returns how many."""
    found = await segments.resolve(session, event.audience)
    rows = [
        {"event_id": event.id, "contact_id": r.contact_id, "invited_at": None, "skipped": False}
        for r in found.recipients
    ]
    for start in range(0, len(rows), INSERT_CHUNK):
        await session.execute(insert(EventInvitation), rows[start : start + INSERT_CHUNK])
    event.status = EventStatus.PUBLISHED
    event.published_at = now
    event.updated_at = now
    if event.signup_deadline is None:
        event.signup_deadline = event.starts_at
    session.info[WAKE_SENDER] = True  # whoever commits this wakes the sender
    return len(rows)
