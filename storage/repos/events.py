"""Queries of the events feature: events, invitations, sign-ups, and the coffee roulette.

Every function takes the caller's session. ``lock_event`` is the one way sign-ups change: on
PostgreSQL it is ``SELECT ... FOR UPDATE`` on the event row, so two taps on the last seat queue
for it; on SQLite every write transaction already holds the database's write lock from its
``BEGIN IMMEDIATE``, which serialises them the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Text, cast, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import (
    CoffeeMatch,
    CoffeeParticipant,
    CoffeeRound,
    Contact,
    Delivery,
    DeliveryStatus,
    Event,
    EventInvitation,
    EventSignup,
    EventStatus,
    Organisation,
    SignupStatus,
)
from storage.repos.locking import for_update, skip_locked

COORDINATOR_WINDOW = timedelta(days=14)


async def lock_event(session: AsyncSession, event_id: int) -> Event | None:
    """The event, locked for this transaction (see the module docstring)."""
    statement = for_update(session, select(Event).where(Event.id == event_id))
    return await session.scalar(statement.execution_options(populate_existing=True))


async def signup_of(session: AsyncSession, event_id: int, contact_id: int) -> EventSignup | None:
    return await session.scalar(
        select(EventSignup).where(
            EventSignup.event_id == event_id, EventSignup.contact_id == contact_id
        )
    )


async def count_status(session: AsyncSession, event_id: int, status: SignupStatus) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(EventSignup)
        .where(EventSignup.event_id == event_id, EventSignup.status == status)
    )
    return int(found or 0)


async def queue_state(session: AsyncSession, event_id: int) -> tuple[int, int]:
    """(the latest queue number, seats taken) in one query: a sign-up needs both."""
    row = (
        await session.execute(
            select(
                func.max(EventSignup.queue_no),
                func.count().filter(EventSignup.status == SignupStatus.SEAT),
            ).where(EventSignup.event_id == event_id)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


async def first_waiting(session: AsyncSession, event_id: int) -> EventSignup | None:
    return await session.scalar(
        select(EventSignup)
        .where(EventSignup.event_id == event_id, EventSignup.status == SignupStatus.WAITING)
        .order_by(EventSignup.queue_no)
        .limit(1)
    )


async def waiting_place(session: AsyncSession, signup: EventSignup) -> int:
    """1 for the first on the waitlist."""
    found = await session.scalar(
        select(func.count())
        .select_from(EventSignup)
        .where(
            EventSignup.event_id == signup.event_id,
            EventSignup.status == SignupStatus.WAITING,
            EventSignup.queue_no <= signup.queue_no,
        )
    )
    return int(found or 0)


@dataclass(frozen=True)
class Figures:
    invited: int = 0
    seats: int = 0
    waiting: int = 0
    declined: int = 0
    cancelled: int = 0
    attended: int = 0


async def figures(session: AsyncSession, event_id: int) -> Figures:
    """Invited, signed up (seats), waitlisted, declined, cancelled and attended."""
    invited = await session.scalar(
        select(func.count())
        .select_from(EventInvitation)
        .where(EventInvitation.event_id == event_id)
    )
    rows = await session.execute(
        select(EventSignup.status, func.count())
        .where(EventSignup.event_id == event_id)
        .group_by(EventSignup.status)
    )
    by_status = {SignupStatus(status): int(count) for status, count in rows}
    attended = await session.scalar(
        select(func.count())
        .select_from(EventSignup)
        .where(EventSignup.event_id == event_id, EventSignup.attended.is_(True))
    )
    return Figures(
        invited=int(invited or 0),
        seats=by_status.get(SignupStatus.SEAT, 0),
        waiting=by_status.get(SignupStatus.WAITING, 0),
        declined=by_status.get(SignupStatus.DECLINED, 0),
        cancelled=by_status.get(SignupStatus.CANCELLED, 0),
        attended=int(attended or 0),
    )


async def people(
    session: AsyncSession, event_id: int, statuses: Sequence[SignupStatus]
) -> list[tuple[EventSignup, Contact]]:
    """Sign-ups of the given statuses with their people (organisation loaded), in queue order."""
    rows = await session.execute(
        select(EventSignup, Contact)
        .join(Contact, Contact.id == EventSignup.contact_id)
        .options(joinedload(Contact.organisation))
        .where(EventSignup.event_id == event_id, EventSignup.status.in_(statuses))
        .order_by(EventSignup.queue_no)
    )
    return [(signup, contact) for signup, contact in rows.unique()]


async def visible_events(
    session: AsyncSession, contact_id: int | None, now: datetime, limit: int = 10
) -> list[tuple[Event, EventSignup | None]]:
    """Events for /events, soonest first, each with the person's own sign-up.

    For a contact: published events not yet over that they were invited to or answered. For
    a coordinator (``contact_id`` None): every published or cancelled event of the last two
    weeks and after, so attendance can still be marked.
    """
    statement = (
        select(Event, EventSignup)
        .outerjoin(
            EventSignup,
            (EventSignup.event_id == Event.id) & (EventSignup.contact_id == (contact_id or -1)),
        )
        .order_by(Event.starts_at, Event.id)
    )
    if contact_id is None:
        statement = statement.where(
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            Event.starts_at > now - COORDINATOR_WINDOW,
        )
    else:
        invited = select(EventInvitation.event_id).where(EventInvitation.contact_id == contact_id)
        statement = statement.where(
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now - timedelta(days=1),
            Event.id.in_(invited) | EventSignup.id.is_not(None),
        )
    result: list[tuple[Event, EventSignup | None]] = []
    for event, signup in await session.execute(statement):
        assert event.starts_at is not None
        over = event.starts_at + timedelta(minutes=event.duration_minutes or 0) <= now
        if contact_id is None or not over:
            result.append((event, signup))
    return result[:limit]


async def drop_pending_invitations(session: AsyncSession, event_id: int) -> int:
    """Invitations of a cancelled event still waiting in the outbox (quiet hours) are dropped;
    they are found by their Sign up button, the only place the event's id is written."""
    button = f'%"~ev_join~{event_id}"%'  # bot.flow.ButtonData of a button with no generation
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.contact_id.is_not(None),
            Delivery.method == "sendMessage",
            cast(Delivery.payload, Text).like(button),
        )
        .values(status=DeliveryStatus.FAILED, error="cancelled")
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def recent_events(session: AsyncSession, limit: int = 20) -> list[Event]:
    """The latest events by start (drafts excluded), newest first: ``kylabot event list``."""
    return list(
        await session.scalars(
            select(Event)
            .where(Event.status != EventStatus.DRAFT)
            .order_by(Event.starts_at.desc(), Event.id.desc())
            .limit(limit)
        )
    )


async def uninvited(session: AsyncSession, limit: int) -> list[EventInvitation]:
    """Invitations of published events still to be written, oldest event first."""
    statement = (
        select(EventInvitation)
        .join(Event, Event.id == EventInvitation.event_id)
        .where(EventInvitation.invited_at.is_(None), Event.status == EventStatus.PUBLISHED)
        .order_by(EventInvitation.event_id, EventInvitation.contact_id)
        .limit(limit)
    )
    return list(await session.scalars(skip_locked(session, statement, EventInvitation)))


async def contacts_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Contact]:
    rows = await session.scalars(
        select(Contact).options(joinedload(Contact.organisation)).where(Contact.id.in_(ids))
    )
    return {contact.id: contact for contact in rows.unique()}


async def reminders_due(
    session: AsyncSession, now: datetime, ahead: timedelta, limit: int = 200
) -> list[tuple[EventSignup, Event]]:
    """Seats whose reminder ``ahead`` of the start is due and not yet written."""
    column = (
        EventSignup.reminded_24h_at if ahead > timedelta(hours=1) else EventSignup.reminded_1h_at
    )
    statement = (
        select(EventSignup, Event)
        .join(Event, Event.id == EventSignup.event_id)
        .where(
            Event.status == EventStatus.PUBLISHED,
            EventSignup.status == SignupStatus.SEAT,
            column.is_(None),
            Event.starts_at > now,
            Event.starts_at <= now + ahead,
        )
        .order_by(Event.starts_at, EventSignup.id)
        .limit(limit)
    )
    rows = await session.execute(skip_locked(session, statement, EventSignup))
    return [(signup, event) for signup, event in rows]


# ---------------------------------------------------------------------------- coffee


async def participant(session: AsyncSession, contact_id: int) -> CoffeeParticipant | None:
    return await session.get(CoffeeParticipant, contact_id)


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


async def contact_with_organisation(session: AsyncSession, contact_id: int) -> Contact | None:
    return await session.scalar(
        select(Contact).options(joinedload(Contact.organisation)).where(Contact.id == contact_id)
    )


async def organisation_names(session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    rows = await session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    )
    return {org_id: name for org_id, name in rows}
