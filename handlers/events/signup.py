"""Sign-ups: a seat while there is one, else the waitlist; a cancellation promotes the first.

Every change happens with the event's row locked (``storage.repos.events.lock_event``: FOR
UPDATE on PostgreSQL, the write lock of ``BEGIN IMMEDIATE`` on SQLite), and the seats are
counted inside that lock, so two people tapping the last seat at the same moment can never
both get it: the second waits for the first's commit and then sees the event full.
The waitlist is served in the order of the taps, not in the order the lock was granted (on
PostgreSQL concurrent taps reach the lock in an order of their own): ``queue_no`` is the tap's
Telegram update id, which grows with every update. Telegram may restart its update ids at a
random number after a week without updates; a tap whose id is far below the event's latest
then takes the next number after it (``ORDER_WINDOW``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, EventSignup, EventStatus, SignupStatus
from storage.repos import events as repo

REMINDERS = (timedelta(hours=24), timedelta(hours=1))
ORDER_WINDOW = 100_000  # update ids of one burst of taps lie far closer together than this


class Answer(enum.StrEnum):
    SEAT = "seat"
    WAITING = "waiting"
    ALREADY_SEAT = "already_seat"
    ALREADY_WAITING = "already_waiting"
    DECLINED = "declined"
    GAVE_UP = "gave_up"  # a seat or a place on the waitlist given up
    NOT_SIGNED_UP = "not_signed_up"
    CLOSED = "closed"  # the sign-up deadline has passed
    STARTED = "started"
    EVENT_CANCELLED = "event_cancelled"
    UNKNOWN = "unknown"  # no such event, or still a draft


@dataclass
class Outcome:
    answer: Answer
    event: Event | None = None
    signup: EventSignup | None = None
    place: int = 0  # on the waitlist, 1 = first
    promoted: EventSignup | None = None  # who got the seat given up
    seats: int | None = None  # seats taken after this answer, when it was counted


async def _open_event(session: AsyncSession, event_id: int, now: datetime) -> Outcome | Event:
    event = await repo.lock_event(session, event_id)
    if event is None or event.status is EventStatus.DRAFT or event.starts_at is None:
        return Outcome(Answer.UNKNOWN)
    if event.status is EventStatus.CANCELLED:
        return Outcome(Answer.EVENT_CANCELLED, event)
    if event.starts_at <= now:
        return Outcome(Answer.STARTED, event)
    return event


def _seat(signup: EventSignup, event: Event, now: datetime) -> None:
    """Gives ``signup`` a seat; a reminder whose time has already passed is not sent."""
    assert event.starts_at is not None
    signup.status = SignupStatus.SEAT
    signup.updated_at = now
    late_24h = now >= event.starts_at - REMINDERS[0]
    late_1h = now >= event.starts_at - REMINDERS[1]
    signup.reminded_24h_at = now if late_24h else None
    signup.reminded_1h_at = now if late_1h else None


def rearm(signup: EventSignup, event: Event, now: datetime) -> None:
    """After the start moved: the reminders are due again, unless already past."""
    _seat(signup, event, now)


def queue_number(order: int | None, latest: int) -> int:
    """The tap's place in the queue: its update id, unless it has none or lies far below the
    event's latest (Telegram restarted its ids); then the next after the latest."""
    if order is None or order <= latest - ORDER_WINDOW:
        return latest + 1
    return order


async def sign_up(
    session: AsyncSession,
    event_id: int,
    contact_id: int,
    now: datetime,
    order: int | None = None,
) -> Outcome:
    """A seat if one is free, else a place on the waitlist by ``order`` (the tap's update id)."""
    found = await _open_event(session, event_id, now)
    if isinstance(found, Outcome):
        return found
    event = found
    signup = await repo.signup_of(session, event_id, contact_id)
    if signup is not None and signup.status is SignupStatus.SEAT:
        return Outcome(Answer.ALREADY_SEAT, event, signup)
    if signup is not None and signup.status is SignupStatus.WAITING:
        return Outcome(
            Answer.ALREADY_WAITING, event, signup, await repo.waiting_place(session, signup)
        )
    if event.signup_deadline is not None and now > event.signup_deadline:
        return Outcome(Answer.CLOSED, event, signup)
    latest, seats = await repo.queue_state(session, event_id)
    queue_no = queue_number(order, latest)
    if signup is None:
        signup = EventSignup(
            event_id=event_id,
            contact_id=contact_id,
            status=SignupStatus.WAITING,
            queue_no=queue_no,
            created_at=now,
            updated_at=now,
        )
        session.add(signup)
    signup.queue_no = queue_no
    if event.capacity is None or seats < event.capacity:
        _seat(signup, event, now)
        await session.flush()
        return Outcome(Answer.SEAT, event, signup, seats=seats + 1)
    signup.status = SignupStatus.WAITING
    signup.updated_at = now
    await session.flush()
    place = await repo.waiting_place(session, signup)
    return Outcome(Answer.WAITING, event, signup, place, seats=seats)


async def decline(session: AsyncSession, event_id: int, contact_id: int, now: datetime) -> Outcome:
    """ "Not this time": recorded for the figures; someone with a seat gives it up."""
    signup = await repo.signup_of(session, event_id, contact_id)
    if signup is not None and signup.status in (SignupStatus.SEAT, SignupStatus.WAITING):
        return await give_up(session, event_id, contact_id, now)
    found = await _open_event(session, event_id, now)
    if isinstance(found, Outcome):
        return found
    if signup is None:
        signup = EventSignup(event_id=event_id, contact_id=contact_id, queue_no=0, created_at=now)
        session.add(signup)
    signup.status = SignupStatus.DECLINED
    signup.updated_at = now
    await session.flush()
    return Outcome(Answer.DECLINED, found, signup)


async def give_up(session: AsyncSession, event_id: int, contact_id: int, now: datetime) -> Outcome:
    """Gives up a seat (the first on the waitlist gets it) or a place on the waitlist."""
    found = await _open_event(session, event_id, now)
    if isinstance(found, Outcome):
        return found
    event = found
    signup = await repo.signup_of(session, event_id, contact_id)
    if signup is None or signup.status not in (SignupStatus.SEAT, SignupStatus.WAITING):
        return Outcome(Answer.NOT_SIGNED_UP, event, signup)
    had_seat = signup.status is SignupStatus.SEAT
    signup.status = SignupStatus.CANCELLED
    signup.updated_at = now
    await session.flush()
    promoted = await promote(session, event, now) if had_seat else None
    return Outcome(Answer.GAVE_UP, event, signup, promoted=promoted)


async def promote(session: AsyncSession, event: Event, now: datetime) -> EventSignup | None:
    """Gives a free seat to the first on the waitlist (the event must be locked)."""
    seats = await repo.count_status(session, event.id, SignupStatus.SEAT)
    if event.capacity is not None and seats >= event.capacity:
        return None
    first = await repo.first_waiting(session, event.id)
    if first is None:
        return None
    _seat(first, event, now)
    await session.flush()
    return first
