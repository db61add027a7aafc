"""Starting rounds and inviting the responsible organisations' contacts (reminders:
``reminders.py``).

Invitations and reminders are messages the bot starts: they are written to the outbox
(``bot.outbox.notices``) in the transaction that marks the organisation invited or reminded, so
each is sent exactly once (at most once more per crash, for a message in flight), paced by the
one sender; /stop, forgotten and blocked people are honoured and each person reads them in
their own language. Invitations are written in chunks of organisations, one short transaction
each, so a round for a thousand organisations never holds the database for long.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.config import Settings, parse_hour_range
from bot.flow import ButtonData
from bot.i18n import ENDONYMS, NP_, Translator, base_language
from bot.outbox.notices import notify
from bot.services import Services
from storage.models import Contact, Measure, Plan, Priority, Round, RoundRequest
from storage.repos import checkin as repo

log = logging.getLogger(__name__)

# Translators: Check-in invitation (sent when a round starts): starts answering.
# Button; at most 17 characters on a phone.
START = NP_("button", "Start")
# Translators: Check-in invitation and reminder: puts answering off.
# Button; at most 17 characters on a phone.
LATER = NP_("button", "Later")
# Translators: Check-in reminder (a round partly answered): goes on answering; also
# /broadcast's and /event's language steps. Button; at most 17 characters on a phone.
CONTINUE = NP_("button", "Continue")


async def unanswered_measures(
    session: AsyncSession, round_: Round, organisation_id: int
) -> list[Measure]:
    """The organisation's measures in ``round_`` that nobody of it has answered or skipped."""
    measures = await repo.org_measures(session, round_.plan_id, organisation_id)
    done = repo.touched(
        await repo.answer_history(session, round_.id, organisation_id), organisation_id
    )
    return [m for m in measures if m.id not in done]


async def complete_answered(session: AsyncSession, round_: Round, now: datetime) -> int:
    """Marks every organisation that has answered all its measures as finished; how many.

    Answers that arrive outside the chat (seeded or imported) finish an organisation too, so
    /rounds, reminders and the "have not answered" segment agree with the report (issue 12,
    item 14: seeded answers showed "0/9 organisations finished" beside a complete report).
    """
    marked = 0
    requests = await session.scalars(select(RoundRequest).where(RoundRequest.round_id == round_.id))
    for request in list(requests):
        if request.completed_at is None and not await unanswered_measures(
            session, round_, request.organisation_id
        ):
            request.completed_at = now
            marked += 1
    return marked


def localized(texts: dict[str, str] | None, language: str) -> str:
    """The text in ``language``, else Finnish, else any."""
    if not texts:
        return ""
    if language in texts:
        return texts[language]
    if "fi" in texts:
        return texts["fi"]
    return next(iter(texts.values()))


def localized_marked(texts: dict[str, str] | None, language: str) -> str:
    """Like ``localized``, but a text in another language says which: "Kylätalo … [Suomi]".

    Issue 12, item 2: a plan text that falls back (a Swedish title over a Finnish description,
    a Finnish measure in a Skolt Sámi flow) must not look like the reader's own language.
    """
    text = localized(texts, language)
    if not texts or not text or language in texts:
        return text
    if base_language(language) in texts:  # plain Finnish over Finnish: the reader's language
        return text
    used = "fi" if "fi" in texts else next(iter(texts))
    return f"{text} [{ENDONYMS.get(used, used)}]"


def round_label(local: datetime) -> str:
    """``Q3/2026`` for a round started in July–September 2026."""
    return f"Q{(local.month - 1) // 3 + 1}/{local.year}"


def contact_zone(contact: Contact, settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(contact.timezone) if contact.timezone else settings.zone
    except (ZoneInfoNotFoundError, ValueError):
        return settings.zone


def in_civil_hours(moment: datetime, zone: ZoneInfo, civil_hours: str) -> bool:
    (sh, sm), (eh, em) = parse_hour_range(civil_hours)
    local = moment.astimezone(zone)
    minute = local.hour * 60 + local.minute
    start, end = sh * 60 + sm, eh * 60 + em
    if start <= end:
        return start <= minute < end
    return minute >= start or minute < end


async def start_round(
    session: AsyncSession,
    plan: Plan,
    now: datetime,
    zone: ZoneInfo,
    *,
    schedule_id: int | None = None,
    scheduled_for: datetime | None = None,
    label: str | None = None,
) -> Round:
    """Opens a round of ``plan`` (closing its earlier open rounds) with one request per owner."""
    earlier = await session.scalars(
        select(Round).where(Round.plan_id == plan.id, Round.closed_at.is_(None))
    )
    for old in earlier:
        old.closed_at = now
    base = label or round_label((scheduled_for or now).astimezone(zone))
    taken = set(await session.scalars(select(Round.label).where(Round.plan_id == plan.id)))
    label_text, n = base, 2
    while label_text in taken:
        label_text, n = f"{base} ({n})", n + 1
    new = Round(
        plan_id=plan.id,
        label=label_text,
        schedule_id=schedule_id,
        scheduled_for=scheduled_for,
        started_at=now,
    )
    session.add(new)
    await session.flush()
    for organisation_id in await repo.responsible_org_ids(session, plan.id):
        session.add(RoundRequest(round_id=new.id, organisation_id=organisation_id))
    await session.flush()
    return new


def _global_button(label: str, action: str, arg: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=ButtonData(None, action, arg).encode())


def invitation_markup(
    tr: Translator, round_id: int, start_label: str = START
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _global_button(tr._(start_label), "ci_start", str(round_id)),
                _global_button(tr._(LATER), "ci_later", str(round_id)),
            ]
        ]
    )


INVITE_CHUNK = 50  # organisations per transaction


@dataclass(frozen=True)
class SendCount:
    organisations: int = 0
    sent: int = 0  # written to the outbox
    skipped: int = 0
    requests: int = 0  # requests marked invited

    def __add__(self, other: SendCount) -> SendCount:
        return SendCount(
            self.organisations + other.organisations,
            self.sent + other.sent,
            self.skipped + other.skipped,
            self.requests + other.requests,
        )


def invitation_text(tr: Translator, label: str, count: int, organisation: str) -> str:
    # Translators: Check-in invitation, sent when a round starts, above the buttons Start /
    # Later. %(round)s = the round's label, e.g. Q3/2026; %(count)d = number of measures to
    # answer, a numeral; %(organisation)s = the organisation's name.
    return tr.ngettext(
        "Check-in %(round)s: %(count)d measure for %(organisation)s.",
        "Check-in %(round)s: %(count)d measures for %(organisation)s.",
        count,
    ) % {"round": label, "count": count, "organisation": organisation}


async def invite_round(services: Services, round_id: int) -> SendCount:
    """Invites every reachable contact of every organisation not yet invited, in chunks."""
    total = SendCount()
    while True:
        async with services.write() as session:
            part = await invite_round_in(session, services, round_id, limit=INVITE_CHUNK)
        services.wake_sender()
        total += part
        if part.requests < INVITE_CHUNK:
            return total


async def invite_round_in(
    session: AsyncSession, services: Services, round_id: int, *, limit: int | None = None
) -> SendCount:
    """Writes the invitations of (up to ``limit``) uninvited organisations of the round.

    Marking a request invited and writing its invitations happen in the caller's transaction,
    and the requests are claimed when read (``repo.uninvited_requests``), so an organisation is
    invited exactly once however often, and however many times at once, this runs.
    """
    found = await session.get(Round, round_id)
    if found is None or found.closed_at is not None:
        return SendCount()
    requests = await repo.uninvited_requests(session, round_id, limit)
    if not requests:
        return SendCount()
    org_ids = [request.organisation_id for request in requests]
    counts = await repo.measure_counts(session, found.plan_id)
    contacts = await repo.contacts_of_organisations(session, org_ids)
    now = services.now()
    organisations = sent = skipped = 0
    for request in requests:
        request.invited_at = now
        count = counts.get(request.organisation_id, 0)
        people = contacts.get(request.organisation_id, [])
        if not count or not people:
            continue
        organisations += 1
        for contact in people:
            assert contact.organisation is not None

            def compose(
                tr: Translator,
                count: int = count,
                label: str = found.label,
                org_name: str = contact.organisation.name,
            ) -> tuple[str, InlineKeyboardMarkup]:
                return invitation_text(tr, label, count, org_name), invitation_markup(tr, round_id)

            outcome = await notify(
                session, services.catalogs, contact, compose, now, priority=Priority.BULK
            )
            if outcome.queued:
                sent += 1
            else:
                skipped += 1
    return SendCount(organisations, sent, skipped, len(requests))


async def invite_pending(services: Services) -> int:
    """Invites for open rounds started elsewhere (the CLI, another process); returns rounds."""
    async with services.sessionmaker() as session:
        round_ids = sorted(
            set(
                await session.scalars(
                    select(RoundRequest.round_id)
                    .join(Round, Round.id == RoundRequest.round_id)
                    .where(Round.closed_at.is_(None), RoundRequest.invited_at.is_(None))
                )
            )
        )
    for round_id in round_ids:
        await invite_round(services, round_id)
    return len(round_ids)
