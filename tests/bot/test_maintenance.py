"""Pruning keeps recent journal rows and deliveries, and anything still open."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.maintenance import prune
from storage.models import Delivery, DeliveryStatus, InboundUpdate
from storage.types import utcnow


def _reply(due: datetime, status: DeliveryStatus) -> Delivery:
    return Delivery(
        chat_id=5,
        method="sendMessage",
        payload={},
        next_attempt_at=due,
        status=status,
        priority=0,
    )


async def test_prune_drops_old_handled_rows_only(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    now = utcnow()
    old, recent = now - timedelta(days=8), now - timedelta(days=6)
    async with sessionmaker() as session, session.begin():
        session.add_all(
            [
                InboundUpdate(update_id=1, received_at=old, handled_at=old, outcome="handled"),
                InboundUpdate(update_id=2, received_at=recent, handled_at=recent),
                InboundUpdate(update_id=3, received_at=old, payload={"update_id": 3}),
                _reply(old, DeliveryStatus.SENT),
                _reply(recent, DeliveryStatus.SENT),
                _reply(old, DeliveryStatus.PENDING),
            ]
        )
    async with sessionmaker() as session, session.begin():
        assert await prune(session, now) == (1, 1)
    async with sessionmaker() as session:
        assert set(await session.scalars(select(InboundUpdate.update_id))) == {2, 3}
        left = list(await session.scalars(select(Delivery.status).order_by(Delivery.id)))
        assert left == [DeliveryStatus.SENT, DeliveryStatus.PENDING]
