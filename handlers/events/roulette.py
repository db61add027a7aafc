"""The monthly coffee roulette: pairing on a cron schedule, introductions, "Did you meet?".

The schedule is a ``schedule`` row of kind "coffee" (09:00 on the 1st of every month in the
configured zone unless changed with ``kylabot coffee schedule``), read as check-in rounds read
theirs (``handlers.checkin.scheduling.due_fire``: a fire missed while the bot was down runs once
within the grace time, never twice: ``last_fire_at`` and the unique (schedule, fire time) of
``coffee_round``). Its APScheduler job is ``coffee:<id>``, not ``schedule:<id>``: the check-in
scheduler removes every ``schedule:*`` job that is not one of its rounds.

A round pairs the active participants (``pairing.pair``, seeded and the seed stored), writes
everyone's introduction in their own language (the others' first names as Telegram mention
links, their organisation and municipality, the languages they share) and, a week later, asks
"Did you meet?". Someone whose last two pairings did not end in "Yes" is asked whether to stay
in and is not paired until they answer.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cron import CronError, crontab_trigger
from bot.flow import ButtonData
from bot.i18n import ENDONYMS, N_, NP_, SPOKEN_LANGUAGES, Catalogs, Translator
from bot.municipalities import municipality_name
from bot.services import Services
from handlers.checkin.scheduling import due_fire
from handlers.events import notices
from handlers.events.pairing import Person, pair
from storage.models import CoffeeMatch, CoffeeParticipant, CoffeeRound, Contact, Schedule
from storage.repos import coffee
from storage.repos import events as repo

log = logging.getLogger(__name__)

KIND = "coffee"
DEFAULT_CRON = "0 9 1 * *"
HISTORY = 3  # rounds whose pairs are not repeated when avoidable
FOLLOW_UP_AFTER = timedelta(days=7)
MISSES_BEFORE_ASKING = 2
HOUSEKEEPING_MINUTES = 5

# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# the monthly pairing message, sent unprompted: the first line; the pair's names (as
# links) and organisations follow.
INTRO = N_("Virtual coffee this month! You are paired with:")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# the monthly pairing message, sent unprompted: after the names. %(languages)s = the
# languages the pair shares, their own names, comma-separated.
SHARED = N_("You can meet in: %(languages)s")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# the monthly pairing message, sent unprompted: the last line.
INTRO_END = N_(
    "Tap a name to write to them directly, and agree on a time to meet online within the next "
    "two weeks."
)
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# sent unprompted to someone the monthly pairing left without a pair.
NO_MATCH = N_(
    "Virtual coffee: this month nobody from another organisation who shares your languages "
    "was free. You are in again next month."
)
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# sent unprompted a week after the pairing, above the buttons Yes / Not yet / No.
# %(names)s = the pair's first names, comma-separated.
DID_YOU_MEET = N_("Did you meet %(names)s for virtual coffee?")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# Did you meet ...?: we met. Three buttons share the row.
# Button; at most 11 characters on a phone.
YES = NP_("coffee", "Yes")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# Did you meet ...?: not yet, but we will. Three buttons share the row.
# Button; at most 11 characters on a phone.
NOT_YET = NP_("coffee", "Not yet")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# Did you meet ...?: we did not meet. Three buttons share the row.
# Button; at most 11 characters on a phone.
NO = NP_("coffee", "No")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# sent unprompted after two pairings without meeting, above the buttons Yes, stay in / No,
# stop.
STAY_QUESTION = N_(
    "You have not met your virtual coffee pair twice in a row. Do you want to stay in?"
)
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# Stay in?: keeps taking part. Button; at most 17 characters on a phone.
STAY = N_("Yes, stay in")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# Stay in?: stops taking part. Button; at most 17 characters on a phone.
LEAVE = N_("No, stop")


@dataclass(frozen=True)
class RoundResult:
    round_id: int
    groups: int
    paired: int
    unplaced: int
    asked_to_stay: int


def _button(label: str, action: str, arg: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=ButtonData(None, action, arg).encode())


def _utf16(text: str) -> int:
    """Telegram counts entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


async def coffee_schedule(session: AsyncSession, timezone: str, now: datetime) -> Schedule:
    """The roulette's schedule row, created monthly if missing."""
    schedule = await session.scalar(
        select(Schedule).where(Schedule.kind == KIND).order_by(Schedule.id).limit(1)
    )
    if schedule is None:
        schedule = Schedule(
            kind=KIND, cron=DEFAULT_CRON, timezone=timezone, options={}, active=True, created_at=now
        )
        session.add(schedule)
        await session.flush()
    return schedule


async def _misses(session: AsyncSession, participant: CoffeeParticipant) -> int:
    """How many of the person's latest followed-up pairings in a row did not end in "Yes"."""
    rows = await session.execute(
        select(CoffeeMatch.answer)
        .join(CoffeeRound, CoffeeRound.id == CoffeeMatch.round_id)
        .where(
            CoffeeMatch.contact_id == participant.contact_id,
            CoffeeMatch.group_no.is_not(None),
            CoffeeMatch.asked_at.is_not(None),
            CoffeeRound.started_at >= participant.counting_since,
        )
        .order_by(CoffeeRound.started_at.desc())
        .limit(MISSES_BEFORE_ASKING)
    )
    misses = 0
    for (answer,) in rows:
        if answer == "yes":
            break
        misses += 1
    return misses


async def _history(session: AsyncSession) -> set[frozenset[int]]:
    rounds = await coffee.recent_rounds(session, HISTORY)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for match in await coffee.matches_of_rounds(session, [r.id for r in rounds]):
        if match.group_no is not None:
            groups[match.round_id, match.group_no].append(match.contact_id)
    return {
        frozenset((a, b)) for members in groups.values() for a in members for b in members if a < b
    }


def introduction(
    tr: Translator, me: Contact, others: list[Contact], languages: dict[int, set[str]]
) -> tuple[str, list[dict[str, Any]]]:
    """The introduction for ``me``: text and mention entities (UTF-16 offsets)."""
    text = "☕ " + tr._(INTRO) + "\n"
    entities: list[dict[str, Any]] = []
    for other in others:
        name = other.display_name or "?"
        text += "• "
        if other.telegram_user_id is not None:
            entities.append(
                {
                    "type": "text_link",
                    "offset": _utf16(text),
                    "length": _utf16(name),
                    "url": f"tg://user?id={other.telegram_user_id}",
                }
            )
        text += name
        organisation = other.organisation
        if organisation is not None:
            place = municipality_name(organisation.municipality, tr.language)
            text += f", {organisation.name}" + (f" ({place})" if place else "")
        text += "\n"
    shared = set.intersection(languages[me.id], *(languages[o.id] for o in others))
    names = ", ".join(ENDONYMS[code] for code in SPOKEN_LANGUAGES if code in shared)
    text += tr._(SHARED) % {"languages": names} + "\n\n" + tr._(INTRO_END)
    return text, entities


async def run_round(
    session: AsyncSession,
    catalogs: Catalogs,
    now: datetime,
    *,
    schedule_id: int | None = None,
    scheduled_for: datetime | None = None,
    seed: int | None = None,
) -> RoundResult:
    """Pairs everyone taking part and writes the introductions, in the caller's transaction."""
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    new = CoffeeRound(
        schedule_id=schedule_id, scheduled_for=scheduled_for, started_at=now, seed=seed
    )
    session.add(new)
    await session.flush()
    asked = 0
    taking_part: list[tuple[CoffeeParticipant, Contact]] = []
    for participant, contact in await coffee.active_participants(session):
        if participant.asked_to_stay_at is not None:
            continue  # waits for their answer
        if await _misses(session, participant) >= MISSES_BEFORE_ASKING:
            participant.asked_to_stay_at = now
            asked += await _ask_to_stay(session, catalogs, contact, now)
            continue
        taking_part.append((participant, contact))
    languages = {contact.id: set(p.languages) for p, contact in taking_part}
    contacts = {contact.id: contact for _, contact in taking_part}
    people = [
        Person(
            contact.id,
            contact.organisation_id,
            contact.organisation.municipality if contact.organisation is not None else None,
            frozenset(p.languages),
        )
        for p, contact in taking_part
    ]
    result = pair(people, await _history(session), random.Random(seed))
    for number, group in enumerate(result.groups, start=1):
        for member in group:
            session.add(CoffeeMatch(round_id=new.id, contact_id=member, group_no=number))
            me = contacts[member]
            tr = notices.translator(catalogs, me)
            text, entities = introduction(
                tr, me, [contacts[o] for o in group if o != member], languages
            )
            await notices.send_text(session, me, text, now, entities=entities)
    for member in result.unplaced:
        session.add(CoffeeMatch(round_id=new.id, contact_id=member, group_no=None))
        tr = notices.translator(catalogs, contacts[member])
        await notices.send_text(session, contacts[member], tr._(NO_MATCH), now)
    await session.flush()
    paired = sum(len(group) for group in result.groups)
    log.info(
        "coffee round %s: %d groups, %d paired, %d unplaced, %d asked to stay",
        new.id,
        len(result.groups),
        paired,
        len(result.unplaced),
        asked,
    )
    return RoundResult(new.id, len(result.groups), paired, len(result.unplaced), asked)


async def _ask_to_stay(
    session: AsyncSession, catalogs: Catalogs, contact: Contact, now: datetime
) -> int:
    tr = notices.translator(catalogs, contact)
    markup = InlineKeyboardMarkup(
        [[_button(tr._(STAY), "cf_stay", "yes"), _button(tr._(LEAVE), "cf_stay", "no")]]
    )
    return int(await notices.send_text(session, contact, tr._(STAY_QUESTION), now, markup))


async def follow_up_due(services: Services) -> int:
    """Asks "Did you meet?" a week after each round (once per round and person)."""
    now = services.now()
    asked = 0
    async with services.write() as session:
        for round_ in await coffee.rounds_to_follow_up(session, now - FOLLOW_UP_AFTER):
            round_.follow_up_at = now
            matches = await coffee.matches_of_rounds(session, [round_.id])
            groups: dict[int, list[CoffeeMatch]] = defaultdict(list)
            for match in matches:
                if match.group_no is not None:
                    groups[match.group_no].append(match)
            people = await repo.contacts_by_id(session, [m.contact_id for m in matches])
            for members in groups.values():
                for match in members:
                    participant = await coffee.participant(session, match.contact_id)
                    person = people.get(match.contact_id)
                    if person is None or participant is None or not participant.active:
                        continue
                    match.asked_at = now
                    names = ", ".join(
                        people[m.contact_id].display_name or "?"
                        for m in members
                        if m is not match and m.contact_id in people
                    )
                    tr = notices.translator(services.catalogs, person)
                    arg = str(match.id)
                    markup = InlineKeyboardMarkup(
                        [
                            [
                                _button(tr._(YES), "cf_met", f"{arg}:yes"),
                                _button(tr._(NOT_YET), "cf_met", f"{arg}:not_yet"),
                                _button(tr._(NO), "cf_met", f"{arg}:no"),
                            ]
                        ]
                    )
                    text = tr._(DID_YOU_MEET) % {"names": names}
                    asked += await notices.send_text(session, person, text, now, markup)
    if asked:
        services.wake_sender()
    return asked


async def fire_due(services: Services) -> int | None:
    """Starts the round that is due now, if any (exactly once per fire time)."""
    now = services.now()
    grace = timedelta(hours=services.settings.round_grace_hours)
    try:
        async with services.write() as session:
            schedule = await coffee_schedule(session, services.settings.timezone, now)
            if not schedule.active:
                return None
            fire = due_fire(schedule, now, grace)
            if fire is None:
                return None
            schedule.last_fire_at = fire
            if await coffee.round_for_fire(session, schedule.id, fire) is not None:
                return None
            result = await run_round(
                session, services.catalogs, now, schedule_id=schedule.id, scheduled_for=fire
            )
    except IntegrityError:
        log.info("coffee: the round for this fire time exists already")
        return None
    services.wake_sender()
    return result.round_id


class CoffeeScheduler:
    """The roulette's cron job and a housekeeping job (missed rounds, follow-ups)."""

    def __init__(self, services: Services) -> None:
        assert services.scheduler is not None, "the application's scheduler comes first"
        self.services = services

    async def start(self) -> None:
        services = self.services
        assert services.scheduler is not None
        async with services.write() as session:
            schedule = await coffee_schedule(session, services.settings.timezone, services.now())
            cron, zone, schedule_id = schedule.cron, schedule.timezone, schedule.id
        try:
            trigger = crontab_trigger(cron, zone)
        except CronError:
            log.warning("coffee schedule %s has an invalid cron %r", schedule_id, cron)
        else:
            services.scheduler.add_job(
                self.tick,
                trigger,
                id=f"coffee:{schedule_id}",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
            )
        services.scheduler.add_job(
            self.tick,
            "interval",
            minutes=HOUSEKEEPING_MINUTES,
            id="coffee:housekeeping",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        await self.tick()

    async def tick(self) -> None:
        try:
            await fire_due(self.services)
            await follow_up_due(self.services)
        except Exception:
            log.exception("coffee roulette housekeeping failed")
