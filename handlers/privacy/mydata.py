"""``/mydata``: everything kylabot stores about a person, gathered from every feature's sections.

The privacy feature owns the person's own record and the parts no other feature owns (the open
conversation, the actions that reached others); each feature lists its own parts in its
``Feature.data_sections``. ``tests/handlers/test_mydata.py`` derives the tables that hold
personal data from the models and fails when one is in no section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.feature import DataSection
from storage.models import Contact, Conversation, Invite
from storage.repos import audit

# Tables that mention a person but are not in /mydata, and why.
NOT_IN_MYDATA: dict[str, str] = {
    "inbound_update": "the journal of raw updates: its content is cleared as soon as the update "
    "is handled, and the remaining update id and chat id are pruned after a week",
    "report_request": "a report file a coordinator asked for on the desk, kept only until it "
    "is drawn and written to the outbox (seconds); the request itself is in the audit trail",
}


async def _own_record(session: AsyncSession, contact: Contact) -> dict[str, Any]:
    invite = await session.scalar(select(Invite).where(Invite.used_by_contact_id == contact.id))
    return {
        "telegram_user_id": contact.telegram_user_id,
        "name": contact.display_name,
        "role": contact.role.value,
        "language": contact.language,
        "timezone": contact.timezone,
        "consent_at": contact.consent_at.isoformat() if contact.consent_at else None,
        "messages_paused": contact.opted_out,
        "joined_at": contact.created_at.isoformat(),
        "joined_with_invite_at": invite.used_at.isoformat()
        if invite is not None and invite.used_at is not None
        else None,
    }


async def _organisation(session: AsyncSession, contact: Contact) -> dict[str, Any] | None:
    organisation = contact.organisation
    if organisation is None:
        return None
    return {
        "name": organisation.name,
        "kind": organisation.kind.value,
        "municipality": organisation.municipality,
    }


async def _open_conversation(session: AsyncSession, contact: Contact) -> dict[str, Any] | None:
    """The conversation under way in the person's chat, with what it has kept so far."""
    if contact.telegram_user_id is None:
        return None
    conversation = await session.get(Conversation, contact.telegram_user_id)
    if conversation is None or conversation.flow is None:
        return None
    return {
        "conversation": conversation.flow,
        "kept_so_far": dict(conversation.data or {}),
        "updated_at": conversation.updated_at.isoformat(),
    }


async def _own_actions(session: AsyncSession, contact: Contact) -> list[dict[str, Any]]:
    """What the person did that reached others (rounds, broadcasts, replies), with when."""
    return await audit.own_events(session, contact.id)


SECTIONS: tuple[DataSection, ...] = (
    DataSection("contact", ("contact", "invite"), _own_record),
    DataSection("organisation", ("organisation",), _organisation),
    DataSection("open_conversation", ("conversation",), _open_conversation),
    DataSection("own_actions", ("audit_event",), _own_actions),
)


async def collect_data(
    session: AsyncSession, contact: Contact, sections: Sequence[DataSection]
) -> dict[str, Any]:
    """The person's own data as one JSON-ready document, a key per section."""
    return {section.key: await section.collect(session, contact) for section in sections}
