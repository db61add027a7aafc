"""Reminding the organisations of a round that have not finished answering.

Two callers, one rule: the scheduler's minute housekeeping (``remind_due``: a reminder
``reminder_after_days`` after the invitation or the previous one) and a coordinator's
"Remind" on the desk (``remind_round``: one round, the organisations its filters keep, as soon
as a day has passed since their invitation or last reminder). Both claim the requests with
``repo.reminders_due`` (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the write lock on SQLite)
and write each organisation's reminders with ``remind_request``: only to contacts at a civil
hour of their own time zone, at most ``max_reminders`` per organisation and round, into the
outbox in the transaction that counts the reminder. So a desk reminder racing the scheduled
one never reaches anyone twice: whichever transaction claims a request first counts it, and
the other then finds it reminded a moment ago.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.config import parse_hour_range
from bot.i18n import Translator
from bot.outbox.notices import notify
from bot.services import Services
from handlers.checkin.rounds import (
    CONTINUE,
    contact_zone,
    in_civil_hours,
    invitation_markup,
    unanswered_measures,
)
from storage.models import Organisation, Priority, RoundRequest
from storage.repos import checkin as repo
from storage.repos.checkin_rounds import EVERYWHERE, OrgScope

# A reminder a coordinator asks for goes at once, but never within a day of the organisation's
# invitation or previous reminder: pressing "Remind" twice must not reach anyone twice.
ASKED_GAP = timedelta(days=1)


class Outcome(enum.Enum):
    SENT = "sent"  # written to the outbox for at least one contact; counted
    FINISHED = "finished"  # nothing left to answer: marked finished instead
    OUTSIDE_HOURS = "outside_hours"  # no contact at a civil hour now
    UNREACHABLE = "unreachable"  # no contact who takes messages (paused, left, none joined)


@dataclass(frozen=True)
class Reminded:
    """What ``remind_request`` did for one organisation: how many people it wrote to, and
    for ``OUTSIDE_HOURS`` when the first of its contacts' civil hours begins."""

    outcome: Outcome
    people: int = 0
    possible_at: datetime | None = None


def next_civil_start(moment: datetime, zone: ZoneInfo, civil_hours: str) -> datetime:
    """``moment`` if it is at a civil hour in ``zone``, else when the civil hours next begin."""
    if in_civil_hours(moment, zone, civil_hours):
        return moment
    (hour, minute), _ = parse_hour_range(civil_hours)
    local = moment.astimezone(zone)
    for days in range(3):  # outside the hours, their next start is today's or tomorrow's
        start = datetime.combine(local.date() + timedelta(days=days), time(hour, minute), zone)
        if start > local:
            return start.astimezone(moment.tzinfo)
    raise AssertionError("civil hours begin every day")


def reminder_text(tr: Translator, label: str, count: int, organisation: str) -> str:
    # Translators: Check-in reminder, sent to an organisation that has not finished,
    # above the buttons Continue / Later. %(round)s = the round's label, e.g.
    # 2026/1; %(count)d = number of unanswered measures, a numeral; %(organisation)s
    # = the organisation's name.
    return tr.ngettext(
        "Reminder: check-in %(round)s still has %(count)d unanswered measure for %(organisation)s.",
        "Reminder: check-in %(round)s still has %(count)d unanswered measures "
        "for %(organisation)s.",
        count,
    ) % {"round": label, "count": count, "organisation": organisation}


async def remind_request(
    session: AsyncSession, services: Services, request: RoundRequest, now: datetime
) -> Reminded:
    """Writes the reminders of one claimed request and counts them on it (the one place
    that decides who gets a reminder and whether it counts)."""
    settings = services.settings
    round_ = request.round
    missing = await unanswered_measures(session, round_, request.organisation_id)
    if not missing:
        request.completed_at = now
        return Reminded(Outcome.FINISHED)
    organisation = await session.get(Organisation, request.organisation_id)
    assert organisation is not None
    contacts = await repo.contacts_of(session, request.organisation_id)
    zones = [contact_zone(contact, settings) for contact in contacts]
    now_civil = [
        contact
        for contact, zone in zip(contacts, zones, strict=True)
        if in_civil_hours(now, zone, settings.civil_hours)
    ]
    if contacts and not now_civil:
        later = min(next_civil_start(now, zone, settings.civil_hours) for zone in zones)
        return Reminded(Outcome.OUTSIDE_HOURS, possible_at=later)
    people = 0
    for contact in now_civil:

        def compose(
            tr: Translator,
            count: int = len(missing),
            label: str = round_.label,
            org_name: str = organisation.name,
            round_id: int = round_.id,
        ) -> tuple[str, InlineKeyboardMarkup]:
            return (
                reminder_text(tr, label, count, org_name),
                invitation_markup(tr, round_id, CONTINUE),
            )

        outcome = await notify(
            session, services.catalogs, contact, compose, now, priority=Priority.BULK
        )
        people += outcome.queued
    if not people:
        return Reminded(Outcome.UNREACHABLE)
    request.reminders_sent += 1
    request.last_reminder_at = now
    return Reminded(Outcome.SENT, people)


async def remind_due(services: Services) -> int:
    """Reminds organisations that have not finished, at a civil hour of each contact.

    A reminder is due ``reminder_after_days`` after the invitation (or the previous reminder);
    at most ``max_reminders`` are sent per organisation and round. Returns how many
    organisations were reminded.
    """
    settings = services.settings
    now = services.now()
    reminded = 0
    async with services.write() as session:
        due = await repo.reminders_due(
            session, now, timedelta(days=settings.reminder_after_days), settings.max_reminders
        )
        for request in due:
            done = await remind_request(session, services, request, now)
            reminded += done.outcome is Outcome.SENT
    services.wake_sender()
    return reminded


@dataclass(frozen=True)
class RoundReminders:
    """What a coordinator's "Remind" wrote: organisations and people reminded, and those
    that could not be (every contact outside civil hours, or none reachable)."""

    organisations: int = 0
    people: int = 0
    outside_hours: int = 0
    unreachable: int = 0
    possible_at: datetime | None = None  # the earliest civil hour of those outside them


async def remind_round(
    session: AsyncSession, services: Services, round_id: int, scope: OrgScope = EVERYWHERE
) -> RoundReminders:
    """Reminds, in the caller's transaction, the organisations of ``round_id`` in ``scope``
    that have not finished, were invited or reminded at least ``ASKED_GAP`` ago and have had
    fewer than ``max_reminders``; each claimed as the scheduled reminders claim them."""
    now = services.now()
    due = await repo.reminders_due(
        session,
        now,
        ASKED_GAP,
        services.settings.max_reminders,
        round_id=round_id,
        organisations=scope.ids() if scope else None,
    )
    organisations = people = outside = unreachable = 0
    possible: list[datetime] = []
    for request in due:
        done = await remind_request(session, services, request, now)
        if done.outcome is Outcome.SENT:
            organisations += 1
            people += done.people
        elif done.outcome is Outcome.OUTSIDE_HOURS:
            outside += 1
            possible += [done.possible_at] if done.possible_at is not None else []
        elif done.outcome is Outcome.UNREACHABLE:
            unreachable += 1
    return RoundReminders(
        organisations, people, outside, unreachable, min(possible) if possible else None
    )
