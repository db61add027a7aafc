"""``kylabot event create|list|show|cancel|attendees`` and ``kylabot coffee run|rounds|schedule``.

``event create`` checks what /event checks (a start in the past, a length of zero, a deadline
after the start, a link that is not https are refused in one line, nothing stored) and
publishes at once: the running bot writes the invitations within a second. Times are ISO 8601
(``2026-12-10T10:00``), in ``KYLABOT_TIMEZONE`` when no offset is given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import cli_types
from bot.cli_errors import UsageError
from bot.cli_session import with_session
from bot.feature import Feature

if TYPE_CHECKING:
    from datetime import datetime

    from bot.config import Settings

# Storage, segments and the outbox are imported inside each command (``kylabot --help`` stays
# quick; tests/bot/test_cli.py).

KINDS = ("coffee", "clinic", "workshop", "training", "other")


def _refused(result: Any) -> Any:
    # imported per command: keeps `kylabot --help` quick
    from handlers.events.rules import Refusal

    if isinstance(result, Refusal):
        raise UsageError(result.english())
    return result


def _refuse_if(problem: Any) -> None:
    if problem is not None:
        _refused(problem)


def _texts(base: str, pairs: list[tuple[str, str]] | None, limit: int) -> dict[str, str]:
    """The Finnish text and its ``LANG=TEXT`` versions, each within ``limit`` characters."""
    # imported per command: keeps `kylabot --help` quick
    from handlers.events import rules

    texts = {"fi": _refused(rules.check_text(base, limit))} if base else {}
    for language, value in pairs or []:
        texts[language] = _refused(rules.check_text(value, limit))
    return texts


def _local(moment: datetime, settings: Settings) -> datetime:
    # imported per command: keeps `kylabot --help` quick
    from handlers.broadcast.cli import local

    return local(moment, settings)


async def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick

    from bot.segments import Segments
    from handlers.broadcast.cli import parse_segment
    from handlers.events import publish, rules
    from storage.models import EventKind
    from storage.repos import audit
    from storage.types import utcnow

    if not args.title.strip():
        raise UsageError("--title (Finnish) must not be empty")
    titles = _texts(args.title, args.title_variant, rules.TITLE_LIMIT)
    descriptions = _texts(args.description or "", args.description_variant, rules.DESCRIPTION_LIMIT)
    if (args.link is None) == (args.place is None):
        raise UsageError("give either --link (https://...) or --place")
    link = _refused(rules.check_link(args.link)) if args.link is not None else None
    place = _refused(rules.check_text(args.place, rules.PLACE_LIMIT)) if args.place else None
    now = utcnow()
    start = _local(args.start, settings)
    _refuse_if(rules.check_start(start, now))
    minutes = _refused(rules.parse_minutes(args.duration))
    deadline = _local(args.deadline, settings) if args.deadline else start
    _refuse_if(rules.check_deadline(deadline, start, now, _table_time(start, settings)))
    capacity = _refused(rules.parse_capacity(args.capacity)) if args.capacity else None
    segments = Segments.of(args.features)
    segment = parse_segment(args.audience, segments)

    async def work(session: Any) -> int:
        event = publish.new_event(
            now,
            EventKind(args.kind),
            title=titles,
            description=descriptions,
            starts_at=start,
            minutes=minutes,
            timezone=settings.timezone,
            link=link,
            place=place,
            capacity=capacity,
            audience=segment,
            deadline=deadline,
        )
        invited = await publish.publish_new(session, segments, event, now)
        if invited == 0:  # raising rolls the transaction back: nothing is stored
            raise UsageError(f"nobody would be invited (audience {args.audience}); nothing stored")
        audit.from_shell(session, audit.Action.EVENT_PUBLISHED, event=event.id, invitees=invited)
        print(f"event {event.id} published: {invited} invitations to write")
        return 0

    return await with_session(settings, work)


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from storage.repos import events as repo

    async def work(session: Any) -> int:
        print(
            f"{'id':>4}  {'status':<9} {'kind':<8} {'starts':<16} {'seats':>9} {'waiting':>7} "
            f"{'invited':>7} {'attended':>8}  title"
        )
        for event in await repo.recent_events(session, args.limit):
            figures = await repo.figures(session, event.id)
            seats = f"{figures.seats}/{event.capacity}" if event.capacity else str(figures.seats)
            starts = _table_time(event.starts_at, settings)
            print(
                f"{event.id:>4}  {event.status.value:<9} {event.kind.value:<8} {starts:<16} "
                f"{seats:>9} {figures.waiting:>7} {figures.invited:>7} {figures.attended:>8}  "
                f"{event.title.get('fi', '')}"
            )
        return 0

    return await with_session(settings, work)


def _table_time(moment: datetime | None, settings: Settings) -> str:
    return moment.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M") if moment else "-"


async def _event(session: Any, event_id: int) -> Any:
    # imported per command: keeps `kylabot --help` quick
    from storage.models import Event, EventStatus

    event = await session.get(Event, event_id)
    if event is None or event.status is EventStatus.DRAFT:
        raise UsageError(f"no event {event_id} (kylabot event list shows them)")
    return event


async def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from handlers.events.export import collect

    async def work(session: Any) -> int:
        event = await _event(session, args.id)
        found = await collect(session, event)
        for key, value in found.figure_rows():
            print(f"{key:<11} {value}")
        print(f"{'kind':<11} {event.kind.value}")
        print(f"{'where':<11} {event.link or event.place}")
        for language, text in event.title.items():
            print(f"{'title_' + language:<11} {text}")
        return 0

    return await with_session(settings, work)


async def cmd_cancel(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from bot.i18n import Catalogs
    from handlers.events import notices
    from storage.models import EventStatus
    from storage.repos import audit
    from storage.repos import events as repo
    from storage.types import utcnow

    catalogs = Catalogs()

    async def work(session: Any) -> int:
        await _event(session, args.id)
        event = await repo.lock_event(session, args.id)
        assert event is not None
        if event.status is not EventStatus.PUBLISHED:
            raise UsageError(f"event {args.id} is {event.status.value}; nothing to cancel")
        now = utcnow()
        if event.starts_at is not None and event.starts_at <= now:
            raise UsageError(f"event {args.id} has already started; it cannot be cancelled")
        event.status = EventStatus.CANCELLED
        event.cancelled_at = now
        event.updated_at = now
        event.sequence += 1
        dropped = await repo.drop_pending_invitations(session, event.id)
        told = await notices.tell_cancelled(session, catalogs, event, now)
        audit.from_shell(session, audit.Action.EVENT_CANCELLED, event=event.id, told=told)
        print(f"event {event.id} cancelled: {told} notices written, {dropped} invitations dropped")
        return 0

    return await with_session(settings, work)


async def cmd_attendees(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from handlers.events.export import collect, csv_bytes, xlsx_bytes

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx needs --output FILE")

    written: list[bytes] = []

    async def work(session: Any) -> int:
        found = await collect(session, await _event(session, args.id))
        written.append(csv_bytes(found) if args.format == "csv" else xlsx_bytes(found))
        return 0

    code = await with_session(settings, work)
    _write(written[0], args.output)
    return code


def _write(content: bytes, output: str | None) -> None:
    """To the file (after the database work), or to standard output."""
    if output:
        Path(output).write_bytes(content)
        print(f"written to {output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)


# ------------------------------------------------------------------------------ coffee


async def cmd_coffee_run(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from bot.i18n import Catalogs
    from handlers.events.roulette import run_round
    from storage.types import utcnow

    catalogs = Catalogs()

    async def work(session: Any) -> int:
        result = await run_round(session, catalogs, utcnow(), seed=args.seed)
        print(
            f"coffee round {result.round_id}: {result.groups} groups, {result.paired} paired, "
            f"{result.unplaced} without a pair, {result.asked_to_stay} asked whether to stay in"
        )
        return 0

    return await with_session(settings, work)


async def cmd_coffee_rounds(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from handlers.events.coffee_figures import recent_round_figures

    async def work(session: Any) -> int:
        print(f"{'id':>4}  {'started':<16} {'paired':>6} {'met':>5} {'rate':>6} {'no answer':>9}")
        for found, figures in await recent_round_figures(session, args.limit):
            rate = f"{round(figures.rate * 100)}%"
            print(
                f"{found.id:>4}  {_table_time(found.started_at, settings):<16} "
                f"{figures.paired:>6} {figures.met:>5} {rate:>6} "
                f"{figures.unanswered:>9}"
            )
        return 0

    return await with_session(settings, work)


async def cmd_coffee_schedule(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` quick
    from bot.cron import CronError, crontab_trigger
    from handlers.checkin.scheduling import next_fire
    from handlers.events.roulette import coffee_schedule
    from storage.types import utcnow

    if args.cron is not None:
        try:
            crontab_trigger(args.cron, settings.timezone)
        except CronError as error:
            raise UsageError(str(error)) from None
    if args.on and args.off:
        raise UsageError("--on and --off exclude each other")

    async def work(session: Any) -> int:
        now = utcnow()
        schedule = await coffee_schedule(session, settings.timezone, now)
        if args.cron is not None:
            schedule.cron = args.cron
            schedule.timezone = settings.timezone
            schedule.last_fire_at = now  # a new schedule starts counting now
        if args.on or args.off:
            schedule.active = bool(args.on)
        fire = next_fire(schedule.cron, schedule.timezone, now) if schedule.active else None
        state = "on" if schedule.active else "off"
        print(
            f"coffee roulette: {schedule.cron} ({schedule.timezone}), {state}; "
            f"next pairing {_table_time(fire, settings)}"
        )
        return 0

    return await with_session(settings, work)


def register(sub: Any, features: Sequence[Feature]) -> None:
    group = sub.add_parser(
        "event", help="events with sign-ups (create, list, show, cancel, export)"
    )
    group.set_defaults(features=features)
    commands = group.add_subparsers(dest="event", required=True)
    create = commands.add_parser("create", help="create and publish an event")
    create.add_argument("--kind", required=True, choices=KINDS, help="the kind of event")
    create.add_argument("--title", required=True, help="title in Finnish")
    create.add_argument(
        "--title-variant",
        action="append",
        type=cli_types.language_text,
        metavar="LANG=TEXT",
        help="the title in another language",
    )
    create.add_argument("--description", help="description in Finnish")
    create.add_argument(
        "--description-variant",
        action="append",
        type=cli_types.language_text,
        metavar="LANG=TEXT",
        help="the description in another language",
    )
    create.add_argument(
        "--start", required=True, type=cli_types.moment, help="start, e.g. 2026-12-10T10:00 (local)"
    )
    create.add_argument("--duration", required=True, help="minutes (60) or hours:minutes (1:30)")
    create.add_argument("--link", help="online link, https:// only")
    create.add_argument("--place", help="the place, if not online")
    create.add_argument("--capacity", help="number of seats (default: no limit)")
    create.add_argument("--audience", default="all", help="a broadcast segment, e.g. mun:Inari")
    create.add_argument(
        "--deadline", type=cli_types.moment, help="sign-ups close (default: at the start)"
    )
    create.set_defaults(handler=cmd_create)
    listing = commands.add_parser("list", help="latest events with their figures")
    listing.add_argument("--limit", type=cli_types.positive, default=20, help="how many (20)")
    listing.set_defaults(handler=cmd_list)
    for name, text, handler in (
        ("show", "one event with its figures", cmd_show),
        ("cancel", "cancel an event; everyone signed up or waiting is told", cmd_cancel),
    ):
        parser = commands.add_parser(name, help=text)
        parser.add_argument("id", type=cli_types.positive, help="event id (kylabot event list)")
        parser.set_defaults(handler=handler)
    attendees = commands.add_parser("attendees", help="export who signed up, waits, attended")
    attendees.add_argument("id", type=cli_types.positive, help="event id (kylabot event list)")
    attendees.add_argument(
        "--format", choices=["csv", "xlsx"], default="csv", help="csv (default) or xlsx"
    )
    attendees.add_argument("--output", help="file to write (default: standard output; csv only)")
    attendees.set_defaults(handler=cmd_attendees)

    coffee = sub.add_parser("coffee", help="the monthly virtual coffee roulette")
    coffee_commands = coffee.add_subparsers(dest="coffee", required=True)
    run = coffee_commands.add_parser("run", help="pair everyone taking part now")
    run.add_argument("--seed", type=int, help="random seed (default: a new one, stored)")
    run.set_defaults(handler=cmd_coffee_run)
    rounds = coffee_commands.add_parser("rounds", help="each round: paired, met, no answer")
    rounds.add_argument("--limit", type=cli_types.positive, default=12, help="how many (12)")
    rounds.set_defaults(handler=cmd_coffee_rounds)
    schedule = coffee_commands.add_parser("schedule", help="show or change the monthly schedule")
    schedule.add_argument("--cron", help='crontab line, e.g. "0 9 1 * *" (1st, 09:00)')
    schedule.add_argument("--on", action="store_true", help="resume the roulette")
    schedule.add_argument("--off", action="store_true", help="pause the roulette")
    schedule.set_defaults(handler=cmd_coffee_schedule)
