"""Whether an update's replies may take the fast path: not while the chat has an older one open.

A chat's messages go out in the order of their rows (``storage.repos.outbox``: a claim waits
for the chat's older open rows). The fast path sends an update's rows right after its commit,
so it must not start while an older message of the chat is still waiting (issue 19, item 6).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery
from storage.repos.outbox import OPEN, UNORDERED


def open_in_chat(chat_id: Any) -> Any:
    """EXISTS: the chat has a new message not yet sent (failed once and waiting, in flight).

    An update's replies are then queued behind it instead of taking the fast path, which
    would let them overtake it (issue 19, item 6). An edit does not count: it changes a
    message already on the screen, so a new one may come before it (the coordinator's
    broadcast progress is edited every few seconds; a later edit never undoes a newer one).
    ``chat_id``: a value or a bind parameter.
    """
    return exists(
        select(Delivery.id).where(
            Delivery.chat_id == chat_id,
            Delivery.status.in_(OPEN),
            Delivery.method.not_in(UNORDERED),
            Delivery.method.not_like("edit%"),
        )
    )


# session.info: whether the update's chat had an open message row when its transaction began
# (SQLite's router reads it with the contact and the conversation, in the same statement).
CHAT_BUSY = "kylabot.chat_busy"


async def chat_busy(session: AsyncSession, chat_id: int) -> bool:
    """Whether ``chat_id`` has an open message row (``open_in_chat``), read once per update."""
    known = session.info.get(CHAT_BUSY)
    if known is not None:
        return bool(known)
    return bool(await session.scalar(select(open_in_chat(chat_id))))
