"""``kylabot broadcast send|list|worker``: queue broadcasts and read their figures from a shell.

``send`` writes the outbox in one transaction (or schedules the broadcast); the running bot's
sender delivers it. Segments: ``all``, ``kind:<org kind>``, ``mun:<municipality>``,
``theme:<theme id>``, ``lang:<code>``, ``round:<round id>``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot import cli_types
from bot.cli_errors import UsageError
from bot.cli_session import with_session
from bot.feature import Feature

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.segments import Segments

# The outbox, the segments and the storage layer are imported inside each command: at module
# level they cost every `kylabot` command about 0.4 s (issue 12, item 21).


def parse_segment(text: str, segments: Segments) -> dict[str, Any]:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.models import OrgKind

    kind, _, value = text.partition(":")
    known = ", ".join(k.key for k in segments.visible())
    segment_kind = segments.get(kind)
    if segment_kind is None or not segment_kind.visible:
        raise UsageError(f"unknown segment {text!r}; one of: {known} (e.g. kind:parish)")
    if segment_kind.options is None:
        if value:
            raise UsageError(f"segment {kind!r} takes no value")
        return {"kind": kind}
    if not value:
        raise UsageError(f"segment {kind!r} needs a value, e.g. {kind}:...")
    if kind == "kind" and value not in {k.value for k in OrgKind}:
        raise UsageError(f"unknown organisation kind {value!r}")
    if kind == "lang":
        try:
            value = cli_types.language(value)
        except argparse.ArgumentTypeError as exc:
            raise UsageError(str(exc)) from None
    if kind in ("theme", "round") and not value.isdigit():
        raise UsageError(f"segment {kind!r} takes a numeric id")
    return {"kind": kind, "value": value}


def local(moment: datetime, settings: Settings) -> datetime:
    """``--at`` without an offset is a time in KYLABOT_TIMEZONE."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=settings.zone)


def parse_variants(pairs: list[tuple[str, str]], text: str, base: str) -> dict[str, Any]:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from handlers.broadcast.outbox import MAX_TEXT

    variants: dict[str, Any] = {base: {"text": text, "entities": []}}
    for language, value in pairs:  # checked by cli_types.language_text
        variants[language] = {"text": value, "entities": []}
    for variant in variants.values():
        if len(variant["text"]) > MAX_TEXT:
            raise UsageError(f"a text is longer than Telegram's {MAX_TEXT} characters")
    return variants


async def cmd_send(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.segments import Segments
    from handlers.broadcast.outbox import queue, schedule
    from storage.models import Broadcast
    from storage.repos import audit
    from storage.types import utcnow

    segments = Segments.of(args.features)
    segment = parse_segment(args.segment, segments)
    variants = parse_variants(args.lang_variant or [], args.text, args.base_language)
    when = local(args.at, settings) if args.at else None
    now = utcnow()
    if when is not None and when <= now:
        raise UsageError("--at is in the past")

    async def work(session: Any) -> int:
        broadcast = Broadcast(
            base_language=args.base_language,
            variants=variants,
            segment=segment,
            urgent=bool(args.urgent),
            skipped={},
            total=0,
        )
        session.add(broadcast)
        await session.flush()
        if when is not None:
            schedule(broadcast, when)
            audit.from_shell(
                session, audit.Action.BROADCAST_SCHEDULED, broadcast=broadcast.id, send_at=when
            )
            print(f"broadcast {broadcast.id} scheduled for {when.astimezone(settings.zone)}")
            return 0
        queued = await queue(session, broadcast, now, settings, segments)
        if queued.total == 0:  # raising rolls the whole transaction back: nothing is stored
            raise UsageError(
                f"nobody would get this broadcast (segment {args.segment}: "
                f"{queued.audience.paused} paused, {queued.audience.left} left); nothing queued"
            )
        audit.from_shell(
            session, audit.Action.BROADCAST_QUEUED, broadcast=broadcast.id, recipients=queued.total
        )
        per_language = ", ".join(
            f"{lang} {count}" for lang, count in sorted(queued.audience.by_language.items())
        )
        print(
            f"broadcast {broadcast.id} queued: {queued.total} recipients ({per_language or '-'}); "
            f"skipped {queued.audience.paused} paused, {queued.audience.left} left; "
            f"{queued.waiting} wait for the end of quiet hours"
        )
        return 0

    return await with_session(settings, work)


async def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.repos import broadcast as repo
    from storage.types import utcnow

    async def work(session: Any) -> int:
        now = utcnow()
        print(
            f"{'id':>5}  {'status':<9} {'created':<16} {'segment':<22} "
            f"{'total':>7} {'sent':>7} {'failed':>6} {'blocked':>7} {'open':>6}"
        )
        for broadcast in await repo.recent(session, args.limit):
            figures = await repo.figures(session, broadcast.id, now)
            segment = broadcast.segment.get("kind", "?")
            if broadcast.segment.get("value"):
                segment += f":{broadcast.segment['value']}"
            created = broadcast.created_at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")
            print(
                f"{broadcast.id:>5}  {broadcast.status.value:<9} {created:<16} {segment:<22} "
                f"{broadcast.total:>7} {figures.sent:>7} {figures.failed:>6} "
                f"{figures.blocked:>7} {figures.open:>6}"
            )
        return 0

    return await with_session(settings, work)


async def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from bot.segments import Segments
    from handlers.broadcast.worker import run_worker

    if settings.is_sqlite and not args.alone:
        # On SQLite a worker takes every in-flight row as a crashed run's: beside the bot's
        # own sender it would send those messages twice.
        raise UsageError(
            "on SQLite the running bot's own sender is the only one; extra workers need "
            "PostgreSQL (--alone if the bot is not running)"
        )
    return await run_worker(settings, Segments.of(args.features))


def register(sub: Any, features: Sequence[Feature]) -> None:
    group = sub.add_parser("broadcast", help="coordinator broadcasts")
    commands = group.add_subparsers(dest="broadcast", required=True)
    group.set_defaults(features=features)
    send = commands.add_parser("send", help="queue (or schedule) a broadcast")
    send.add_argument("--text", required=True, help="the message (up to 4,096 characters)")
    send.add_argument(
        "--segment", default="all", help="all, kind:X, mun:X, theme:ID, lang:X, round:ID"
    )
    send.add_argument(
        "--lang-variant",
        action="append",
        type=cli_types.language_text,
        metavar="LANG=TEXT",
        help="a text in another language",
    )
    send.add_argument(
        "--base-language",
        type=cli_types.language,
        default="fi",
        help="language of --text (default fi)",
    )
    send.add_argument("--urgent", action="store_true", help="ignore quiet hours")
    send.add_argument(
        "--at",
        type=cli_types.moment,
        help="send at this time (ISO 8601; KYLABOT_TIMEZONE if no offset)",
    )
    send.set_defaults(handler=cmd_send)
    listing = commands.add_parser("list", help="past broadcasts with delivery figures")
    listing.add_argument(
        "--limit", type=cli_types.positive, default=20, help="how many (default 20)"
    )
    listing.set_defaults(handler=cmd_list)
    worker = commands.add_parser("worker", help="run a sender worker (PostgreSQL: may run several)")
    worker.add_argument(
        "--alone", action="store_true", help="SQLite: the bot is not running, this is the only one"
    )
    worker.set_defaults(handler=cmd_worker)
