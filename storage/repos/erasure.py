"""Erasing a chat: no Telegram id of a forgotten or declined person stays in the database.

``/forget`` and "No, thank you" at the consent call ``erase_chat`` in their own transaction.
The reply that confirms it is written in that same transaction and sent after the commit, so
it cannot be erased here; it carries a flag that makes the sender clear its chat id once it is
sent (``storage.repos.outbox.erase_chat_of``).
"""

from __future__ import annotations

from sqlalchemy import Text, cast, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, Delivery, DeliveryStatus, InboundUpdate
from storage.repos.outbox import ERASE_CHAT, erase_chat_of


async def erase_chat(session: AsyncSession, chat_id: int) -> None:
    """Clears ``chat_id`` from the journal, the outbox and broadcast progress messages.

    Handled journal rows lose their chat id (the row stays: it still tells a redelivered
    update from a new one); final outbox rows lose chat id and content; open ones are flagged
    so the sender clears them once they are final. The caller removes the conversation.
    """
    await session.execute(
        update(InboundUpdate)
        .where(InboundUpdate.chat_id == chat_id, InboundUpdate.handled_at.is_not(None))
        .values(chat_id=None, payload=null())
        .execution_options(synchronize_session=False)
    )
    # Sent, failed, and in flight: a sender holds what it sends in memory; should one come
    # back to the queue it has no chat any more and fails as "stopped".
    done = await session.scalars(
        select(Delivery.id).where(
            Delivery.chat_id == chat_id, Delivery.status != DeliveryStatus.PENDING
        )
    )
    await erase_chat_of(session, done)
    open_rows = await session.execute(
        select(Delivery.id, Delivery.payload).where(
            Delivery.chat_id == chat_id, Delivery.status == DeliveryStatus.PENDING
        )
    )
    for row_id, payload in open_rows.all():
        await session.execute(
            update(Delivery)
            .where(Delivery.id == row_id)
            .values(payload={**(payload or {}), ERASE_CHAT: True})
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(Broadcast)
        .where(Broadcast.progress_chat_id == chat_id)
        .values(progress_chat_id=None, progress_message_id=None)
        .execution_options(synchronize_session=False)
    )
    # A message to someone else that names this person by a mention link (a coffee roulette
    # introduction): its text goes, sent or not; one still waiting is not sent.
    mention = f'%"tg://user?id={chat_id}"%'
    mentions = Delivery.contact_id.is_not(None) & cast(Delivery.payload, Text).like(mention)
    sent = await session.scalars(
        select(Delivery.id).where(mentions, Delivery.status != DeliveryStatus.PENDING)
    )
    await erase_chat_of(session, sent)
    await session.execute(
        update(Delivery)
        .where(mentions, Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.FAILED, error="forgotten", payload=null())
        .execution_options(synchronize_session=False)
    )
