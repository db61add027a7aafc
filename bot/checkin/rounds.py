"""Starting rounds, inviting the responsible organisations' contacts, and reminding them.

Invitations and reminders are messages the bot starts: they go through ``bot.notify`` so /stop,
forgotten and blocked people are honoured and each person reads them in their own language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.config import Settings, parse_hour_range
from bot.flow import ButtonData
from bot.i18n import NP_, Translator
from bot.notify import notify
from bot.services import Services
from storage.models import Contact, Organisation, Plan, Round, RoundRequest
from storage.repos import checkin as repo

log = logging.getLogger(__name__)

START = NP_("button", "Start")
LATER = NP_("button", "Later")
CONTINUE = NP_("button", "Continue")


def localized(texts: dict[str, str] | None, language: str) -> str:
    """The text in ``language``, else Finnish, else any."""
    if not texts:
        return ""
    if language in texts:
        return texts[language]
    if "fi" in texts:
        return texts["fi"]
    return next(iter(texts.values()))


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


@dataclass(frozen=True)
class SendCount:
    organisations: int = 0
    sent: int = 0
    skipped: int = 0


async def invite_round(bot: Bot, services: Services, round_id: int) -> SendCount:
    """Sends the invitation to every reachable contact of every organisation not yet invited."""
    async with services.sessionmaker() as session, session.begin():
        return await invite_round_in(session, bot, services, round_id)


async def invite_round_in(
    session: AsyncSession, bot: Bot, services: Services, round_id: int
) -> SendCount:
    """``invite_round`` inside the caller's transaction (a round started in a chat)."""
    organisations = sent = skipped = 0
    found = await session.get(Round, round_id)
    if found is None or found.closed_at is not None:
        return SendCount()
    requests = await session.scalars(
        select(RoundRequest).where(
            RoundRequest.round_id == round_id, RoundRequest.invited_at.is_(None)
        )
    )
    for request in list(requests):
        organisation = await session.get(Organisation, request.organisation_id)
        measures = await repo.org_measures(session, found.plan_id, request.organisation_id)
        if organisation is None or not measures:
            continue
        organisations += 1
        for contact in await repo.contacts_of(session, request.organisation_id):
            if contact.role.value == "admin" and contact.organisation_id is None:
                continue

            def compose(
                tr: Translator,
                count: int = len(measures),
                label: str = found.label,
                org_name: str = organisation.name,
            ) -> tuple[str, InlineKeyboardMarkup]:
                text = tr.ngettext(
                    "Check-in %(round)s: %(count)d measure for %(organisation)s.",
                    "Check-in %(round)s: %(count)d measures for %(organisation)s.",
                    count,
                ) % {
                    "round": label,
                    "count": count,
                    "organisation": org_name,
                }
                return text, invitation_markup(tr, round_id)

            outcome = await notify(bot, services.catalogs, contact, compose)
            if outcome.reason == "sent":
                sent += 1
            else:
                skipped += 1
        request.invited_at = services.now()
    return SendCount(organisations, sent, skipped)


async def invite_pending(bot: Bot, services: Services) -> int:
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
        await invite_round(bot, services, round_id)
    return len(round_ids)


async def remind_due(bot: Bot, services: Services) -> int:
    """Reminds organisations that have not finished, at a civil hour of each contact.

    A reminder is due ``reminder_after_days`` after the invitation (or the previous reminder);
    at most ``max_reminders`` are sent per organisation and round.
    """
    settings = services.settings
    now = services.now()
    reminded = 0
    async with services.sessionmaker() as session, session.begin():
        for request in await repo.pending_requests(session):
            if request.invited_at is None or request.reminders_sent >= settings.max_reminders:
                continue
            since = request.last_reminder_at or request.invited_at
            if now < since + timedelta(days=settings.reminder_after_days):
                continue
            round_ = request.round
            measures = await repo.org_measures(session, round_.plan_id, request.organisation_id)
            history = await repo.answer_history(session, round_.id, request.organisation_id)
            done = repo.touched(history, request.organisation_id)
            missing = [m for m in measures if m.id not in done]
            if not missing:
                request.completed_at = now
                continue
            organisation = await session.get(Organisation, request.organisation_id)
            assert organisation is not None
            sent_any = False
            for contact in await repo.contacts_of(session, request.organisation_id):
                if not in_civil_hours(now, contact_zone(contact, settings), settings.civil_hours):
                    continue

                def compose(
                    tr: Translator,
                    count: int = len(missing),
                    label: str = round_.label,
                    org_name: str = organisation.name,
                    round_id: int = round_.id,
                ) -> tuple[str, InlineKeyboardMarkup]:
                    text = tr.ngettext(
                        "Reminder: check-in %(round)s still has %(count)d unanswered measure "
                        "for %(organisation)s.",
                        "Reminder: check-in %(round)s still has %(count)d unanswered measures "
                        "for %(organisation)s.",
                        count,
                    ) % {
                        "round": label,
                        "count": count,
                        "organisation": org_name,
                    }
                    return text, invitation_markup(tr, round_id, CONTINUE)

                outcome = await notify(bot, services.catalogs, contact, compose)
                sent_any = sent_any or outcome.reason == "sent"
            if sent_any:
                request.reminders_sent += 1
                request.last_reminder_at = now
                reminded += 1
    return reminded
