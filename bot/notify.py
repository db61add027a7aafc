"""Messages the bot starts (invitations, reminders, digests), as opposed to replies.

Every such message honours /stop (``opted_out``), skips forgotten or blocked people, speaks the
recipient's language, and marks a person inactive when Telegram says they blocked the bot.
Bulk sends to many people belong in the broadcast outbox instead, which paces and resumes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden

from bot.i18n import Catalogs, Translator
from bot.router import choose_language
from storage.models import Contact

log = logging.getLogger(__name__)

Compose = Callable[[Translator], tuple[str, InlineKeyboardMarkup | None]]


@dataclass(frozen=True)
class Outcome:
    sent: Message | None
    reason: str  # "sent", "opted_out", "inactive", "blocked", "failed"


def reachable(contact: Contact) -> bool:
    return bool(contact.telegram_user_id) and contact.active and not contact.opted_out


async def notify(bot: Bot, catalogs: Catalogs, contact: Contact, compose: Compose) -> Outcome:
    """Sends ``compose(translator)`` to ``contact`` unless they paused or left.

    ``contact.organisation`` must be loaded (it picks the default language).
    """
    if contact.telegram_user_id is None or not contact.active:
        return Outcome(None, "inactive")
    if contact.opted_out:
        return Outcome(None, "opted_out")
    tr = catalogs.get(choose_language(contact, None))
    text, markup = compose(tr)
    try:
        message = await bot.send_message(contact.telegram_user_id, text, reply_markup=markup)
    except Forbidden:
        contact.active = False
        return Outcome(None, "blocked")
    except BadRequest:
        log.warning("could not message contact %s", contact.id, exc_info=True)
        return Outcome(None, "failed")
    return Outcome(message, "sent")
