"""Queueing a broadcast: the transactional outbox, variants, quiet hours and scheduling.

``queue`` writes one delivery row per recipient in the caller's transaction, the same one that
marks the broadcast queued, so either every recipient is in the outbox or none is, and nothing
is sent before that transaction commits. The sender worker (``bot.outbox.sender``) drains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import MessageEntity

from bot.config import Settings, parse_hour_range
from bot.i18n import BASE_LANGUAGE, DEFAULT_LANGUAGE
from bot.segments import Audience, Segments
from storage.models import Broadcast, BroadcastStatus, DeliveryStatus, Priority
from storage.repos.outbox import insert_deliveries

MAX_TEXT = 4096  # Telegram's limit for a text message


def fallback_order(base_language: str) -> list[str]:
    """After the reader's own language: Finnish, then the language the coordinator wrote in."""
    order = [DEFAULT_LANGUAGE]
    if base_language not in order:
        order.append(base_language)
    return order


def choose_variant(language: str, variants: dict[str, Any], base_language: str) -> str:
    """The variant ``language`` reads: its own, else its base language's (plain Finnish reads
    the Finnish text), else Finnish, else the language the coordinator wrote in."""
    for candidate in [
        language,
        BASE_LANGUAGE.get(language, language),
        *fallback_order(base_language),
    ]:
        if candidate in variants:
            return candidate
    return base_language


def variant_payload(variant: dict[str, Any]) -> tuple[str, list[MessageEntity] | None]:
    entities = [MessageEntity.de_json(e, None) for e in variant.get("entities") or []]
    return str(variant["text"]), [e for e in entities if e is not None] or None


def entities_json(entities: tuple[MessageEntity, ...] | list[MessageEntity]) -> list[Any]:
    return [entity.to_dict() for entity in entities]


def zone_of(name: str | None, default: ZoneInfo) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default


def after_quiet_hours(moment: datetime, zone: ZoneInfo, quiet_hours: str) -> datetime:
    """``moment`` if it is outside quiet hours in ``zone``, else the end of the quiet hours."""
    (sh, sm), (eh, em) = parse_hour_range(quiet_hours)
    start, end = sh * 60 + sm, eh * 60 + em
    if start == end:
        return moment
    local = moment.astimezone(zone)
    minute = local.hour * 60 + local.minute
    if start > end:  # wraps past midnight, e.g. 21:00-08:00
        if minute >= start:
            day = local.date() + timedelta(days=1)
        elif minute < end:
            day = local.date()
        else:
            return moment
    elif start <= minute < end:
        day = local.date()
    else:
        return moment
    return datetime.combine(day, time(eh, em), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Queued:
    total: int
    audience: Audience
    waiting: int  # deliveries held back until the end of quiet hours


async def queue(
    session: AsyncSession,
    broadcast: Broadcast,
    now: datetime,
    settings: Settings,
    segments: Segments,
) -> Queued:
    """Writes the outbox of ``broadcast`` (one pending delivery per recipient) and queues it."""
    audience = await segments.resolve(session, broadcast.segment)
    default_zone = settings.zone
    starts: dict[str | None, datetime] = {}
    rows: list[dict[str, Any]] = []
    waiting = 0
    variants = broadcast.variants
    # Claimed before every other bulk row (a round invitation going out meanwhile).
    priority = int(Priority.URGENT if broadcast.urgent else Priority.BULK)
    for recipient in audience.recipients:
        start = starts.get(recipient.timezone)
        if start is None:
            start = now
            if not broadcast.urgent:
                zone = zone_of(recipient.timezone, default_zone)
                start = after_quiet_hours(now, zone, settings.quiet_hours)
            starts[recipient.timezone] = start
        if start > now:
            waiting += 1
        rows.append(
            {
                "broadcast_id": broadcast.id,
                "contact_id": recipient.contact_id,
                "language": recipient.language,
                "variant": choose_variant(recipient.language, variants, broadcast.base_language),
                "status": DeliveryStatus.PENDING,
                "priority": priority,
                "attempts": 0,
                "next_attempt_at": start,
            }
        )
    await insert_deliveries(session, rows)
    broadcast.status = BroadcastStatus.QUEUED
    broadcast.queued_at = now
    broadcast.total = len(rows)
    broadcast.skipped = {"paused": audience.paused, "left": audience.left}
    return Queued(len(rows), audience, waiting)


def schedule(broadcast: Broadcast, when: datetime) -> None:
    """Holds the broadcast until ``when``; its recipients are chosen when it fires."""
    broadcast.status = BroadcastStatus.SCHEDULED
    broadcast.scheduled_for = when


def cancel(broadcast: Broadcast) -> bool:
    """Cancels a draft or a scheduled broadcast; a queued one is already in the outbox."""
    if broadcast.status not in (BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED):
        return False
    broadcast.status = BroadcastStatus.CANCELLED
    return True
