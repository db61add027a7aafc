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

from sqlalchemy import ColumnElement, Select, Text, cast, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import (
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
    return (await figures_of(session, [event_id]))[event_id]


async def figures_of(session: AsyncSession, event_ids: Sequence[int]) -> dict[int, Figures]:
    """``figures`` of several events in two queries (the desk lists a page of events); an
    event nobody was invited to or answered has all zeros."""
    ids = list(event_ids)
    if not ids:
        return {}
    invited = dict(
        (event_id, int(count))
        for event_id, count in await session.execute(
            select(EventInvitation.event_id, func.count())
            .where(EventInvitation.event_id.in_(ids))
            .group_by(EventInvitation.event_id)
        )
    )
    by_status: dict[int, dict[SignupStatus, int]] = {event_id: {} for event_id in ids}
    attended = dict.fromkeys(ids, 0)
    rows = await session.execute(
        select(
            EventSignup.event_id,
            EventSignup.status,
            func.count(),
            func.count().filter(EventSignup.attended.is_(True)),
        )
        .where(EventSignup.event_id.in_(ids))
        .group_by(EventSignup.event_id, EventSignup.status)
    )
    for event_id, status, count, came in rows:
        by_status[event_id][SignupStatus(status)] = int(count)
        attended[event_id] += int(came or 0)
    return {
        event_id: Figures(
            invited=invited.get(event_id, 0),
            seats=by_status[event_id].get(SignupStatus.SEAT, 0),
            waiting=by_status[event_id].get(SignupStatus.WAITING, 0),
            declined=by_status[event_id].get(SignupStatus.DECLINED, 0),
            cancelled=by_status[event_id].get(SignupStatus.CANCELLED, 0),
            attended=attended[event_id],
        )
        for event_id in ids
    }


def _people(*where: ColumnElement[bool]) -> Select[EventSignup, Contact]:
    """Sign-ups matching ``where`` with their people (organisation loaded), in queue order."""
    return (
        select(EventSignup, Contact)
        .join(Contact, Contact.id == EventSignup.contact_id)
        .options(joinedload(Contact.organisation))
        .where(*where)
        .order_by(EventSignup.queue_no, EventSignup.id)
    )


async def people(
    session: AsyncSession,
    event_id: int,
    statuses: Sequence[SignupStatus],
    limit: int | None = None,
) -> list[tuple[EventSignup, Contact]]:
    """Sign-ups of the given statuses with their people (organisation loaded), in queue order;
    the first ``limit`` of them (the desk's lists are capped; ``figures`` counts them all)."""
    statement = _people(EventSignup.event_id == event_id, EventSignup.status.in_(statuses))
    rows = await session.execute(statement.limit(limit))
    return [(signup, contact) for signup, contact in rows.unique()]


async def attendees(
    session: AsyncSession, event_id: int, limit: int | None = None
) -> list[tuple[EventSignup, Contact]]:
    """The sign-ups marked attended (the people ``Figures.attended`` counts), in queue order."""
    statement = _people(EventSignup.event_id == event_id, EventSignup.attended.is_(True))
    rows = await session.execute(statement.limit(limit))
    return [(signup, contact) for signup, contact in rows.unique()]


async def invitees(session: AsyncSession, event_id: int, limit: int | None = None) -> list[Contact]:
    """The people invited (``Figures.invited`` counts them), organisation loaded, by name of
    organisation, then person."""
    rows = await session.scalars(
        select(Contact)
        .join(EventInvitation, EventInvitation.contact_id == Contact.id)
        .outerjoin(Organisation, Organisation.id == Contact.organisation_id)
        .options(joinedload(Contact.organisation))
        .where(EventInvitation.event_id == event_id)
        .order_by(Organisation.name, Contact.display_name, Contact.id)
        .limit(limit)
    )
    return list(rows.unique())


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
        statement = statement.where(*_coordinators_events(now - COORDINATOR_WINDOW, None))
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


def _coordinators_events(
    after: datetime | None, until: datetime | None
) -> list[ColumnElement[bool]]:
    """Published or cancelled events starting after ``after`` and at the latest ``until``:
    the events a coordinator sees (``visible_events``, the desk's events page)."""
    conditions: list[ColumnElement[bool]] = [
        Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED])
    ]
    if after is not None:
        conditions.append(Event.starts_at > after)
    if until is not None:
        conditions.append(Event.starts_at <= until)
    return conditions


async def events_starting(
    session: AsyncSession,
    after: datetime | None,
    until: datetime | None,
    *,
    newest_first: bool,
    limit: int,
) -> tuple[list[Event], int]:
    """A coordinator's events starting in (``after``, ``until``], soonest or newest first,
    with how many there are in all (a page shows ``limit`` and says how many more)."""
    conditions = _coordinators_events(after, until)
    order = (
        (Event.starts_at.desc(), Event.id.desc()) if newest_first else (Event.starts_at, Event.id)
    )
    found = await session.scalars(select(Event).where(*conditions).order_by(*order).limit(limit))
    total = await session.scalar(select(func.count()).select_from(Event).where(*conditions))
    return list(found), int(total or 0)


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


async def contact_with_organisation(session: AsyncSession, contact_id: int) -> Contact | None:
    return await session.scalar(
        select(Contact).options(joinedload(Contact.organisation)).where(Contact.id == contact_id)
    )


async def organisation_names(session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    rows = await session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    )
    return {org_id: name for org_id, name in rows}
