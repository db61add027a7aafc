"""Which language a person reads: one rule for replies, notices and broadcasts."""

from __future__ import annotations

from bot.i18n import normalise_language
from storage.models import Contact


def choose_language(contact: Contact | None, telegram_code: str | None) -> str:
    """The person's choice, else their organisation's language, else Telegram's, else Finnish."""
    if contact is not None and contact.language:
        return contact.language
    if contact is not None and contact.organisation is not None and contact.organisation.language:
        return contact.organisation.language
    return normalise_language(telegram_code) or "fi"
