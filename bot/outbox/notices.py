"""Messages the bot starts (invitations, reminders, digests, notices), written to the outbox.

Every such message honours /stop (``opted_out``), skips forgotten or blocked people and speaks
the recipient's language; it is a ``delivery`` row addressed to the contact (never to a copied
chat id), so /stop and /forget still apply when its turn comes. Writing one marks the session
so that whoever commits it wakes the sender (``WAKE_SENDER`` in ``session.info``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.i18n import Catalogs, Translator
from bot.language import choose_language
from storage.models import Contact, DeliveryStatus, Priority
from storage.repos.outbox import insert_one

WAKE_SENDER = "kylabot.wake_sender"

Compose = Callable[[Translator], tuple[str, InlineKeyboardMarkup | None]]


@dataclass(frozen=True)
class Outcome:
    delivery_id: int | None
    reason: str  # "queued", "opted_out", "inactive"

    @property
    def queued(self) -> bool:
        return self.delivery_id is not None


def reachable(contact: Contact) -> bool:
    return bool(contact.telegram_user_id) and contact.active and not contact.opted_out


async def notify(
    session: AsyncSession,
    catalogs: Catalogs,
    contact: Contact,
    compose: Compose,
    now: datetime,
    *,
    priority: Priority = Priority.NOTICE,
) -> Outcome:
    """Writes ``compose(translator)`` for ``contact`` unless they paused or left.

    ``contact.organisation`` must be loaded (it picks the default language).
    """
    if contact.telegram_user_id is None or not contact.active:
        return Outcome(None, "inactive")
    if contact.opted_out:
        return Outcome(None, "opted_out")
    text, markup = compose(catalogs.get(choose_language(contact, None)))
    return Outcome(await write(session, contact.id, text, markup, now, priority), "queued")


async def write(
    session: AsyncSession,
    contact_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    now: datetime,
    priority: Priority,
) -> int:
    """Writes one message to a contact into the outbox; returns the row's id."""
    params: dict[str, Any] = {"text": text}
    if markup is not None:
        params["reply_markup"] = markup.to_dict()
    session.info[WAKE_SENDER] = True
    return await insert_one(
        session,
        {
            "contact_id": contact_id,
            "method": "sendMessage",
            "payload": params,
            "priority": int(priority),
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
    )
