"""``/healthz``: can this process do its job? One JSON document, 200 or 503.

Checked: the database answers (within a few seconds), its schema is the one this code needs
(``storage.schema_check``), some process is known to run the scheduler (``bot.ops.leader``),
and the outbox is moving: its backlog and the wait of the oldest due row are reported, and
replies or personal notices due for longer than ``KYLABOT_HEALTH_MAX_LAG`` seconds make the
process unhealthy (a stuck sender). Bulk rows wait by design (30 messages/s), so their lag is
reported but never fails the check; alert on ``kylabot_outbox_lag_seconds`` for that.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from bot.ops import leader
from bot.services import Services
from storage.db import read_only
from storage.models import Delivery, DeliveryStatus, Priority
from storage.schema_check import is_current

DATABASE_TIMEOUT = 5.0


@dataclass
class OutboxFigures:
    by_state: dict[str, int] = field(default_factory=dict)
    oldest_due_seconds: float = 0.0  # any priority
    oldest_urgent_seconds: float = 0.0  # replies and notices only

    @property
    def backlog(self) -> int:
        return self.by_state.get("pending", 0) + self.by_state.get("sending", 0)


async def outbox_figures(services: Services) -> OutboxFigures:
    """Open rows by state and how long the oldest due pending rows have waited."""
    now = services.now()
    due = (Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
    async with services.read() as session:
        rows = await session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]))
            .group_by(Delivery.status)
        )
        by_state = {str(getattr(status, "value", status)): int(count) for status, count in rows}
        oldest = await session.scalar(select(func.min(Delivery.next_attempt_at)).where(*due))
        urgent = await session.scalar(
            select(func.min(Delivery.next_attempt_at)).where(
                *due, Delivery.priority <= int(Priority.NOTICE)
            )
        )

    def age(moment: Any) -> float:
        return round(max(0.0, (now - moment).total_seconds()), 3) if moment is not None else 0.0

    return OutboxFigures(by_state, age(oldest), age(urgent))


async def report(services: Services) -> tuple[bool, dict[str, Any]]:
    """(healthy, the JSON body) for ``/healthz``."""
    body: dict[str, Any] = {"process": "up"}
    healthy = True
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT):
            current = await is_current(read_only(services.engine))
            figures = await outbox_figures(services)
    except Exception as error:  # any failure to read is the answer: the database is not usable
        body["database"] = f"unreachable: {type(error).__name__}"
        return False, body
    body["database"] = "ok"
    body["migrations"] = "current" if current else "not current: run `kylabot db upgrade`"
    healthy = healthy and current
    state = leader.of(services)
    scheduler = await state.describe() if state is not None else {"leader": "unknown"}
    body["scheduler"] = scheduler
    healthy = healthy and scheduler.get("leader") not in (None, "unknown", "none")
    body["outbox"] = {
        "backlog": figures.backlog,
        "by_state": figures.by_state,
        "oldest_due_seconds": figures.oldest_due_seconds,
        "oldest_reply_or_notice_seconds": figures.oldest_urgent_seconds,
    }
    if figures.oldest_urgent_seconds > services.settings.health_max_lag:
        body["outbox"]["problem"] = "replies or notices are not being sent"
        healthy = False
    body["status"] = "ok" if healthy else "unhealthy"
    return healthy, body
