"""The audit trail: who did what, when, for every coordinator action that reaches people.

One function writes an event (``record``), in the transaction of the action itself, so an
action that rolls back leaves no event and one that commits always has one. Actions from the
shell (the CLI) have no contact: their ``detail`` says ``"via": "shell"``. ``/mydata`` shows a
person their own events (``own_events``).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEvent, Contact
from storage.types import utcnow


class Action(enum.StrEnum):
    """Audited actions: coordinator actions that reach people, privacy requests, and a person
    blocking the bot or coming back (``bot.reachability``)."""

    ROUND_STARTED = "round.started"
    ROUND_SCHEDULED = "round.scheduled"
    ROUND_SCHEDULE_STOPPED = "round.schedule_stopped"
    ROUND_REMINDED = "round.reminded"  # a coordinator's "Remind" (the desk)
    REPORT_SENT = "report.sent"  # a report file asked for outside the chat (the desk)
    BROADCAST_QUEUED = "broadcast.queued"
    BROADCAST_SCHEDULED = "broadcast.scheduled"
    BROADCAST_CANCELLED = "broadcast.cancelled"
    REPLY_SENT = "phenomenon.reply"
    REPORT_HANDLED = "phenomenon.handled"
    EVENT_PUBLISHED = "event.published"
    EVENT_CHANGED = "event.changed"
    EVENT_CANCELLED = "event.cancelled"
    INVITE_REDEEMED = "invite.redeemed"
    CONTACT_FORGOTTEN = "contact.forgotten"
    CONTACT_BLOCKED = "contact.blocked"
    CONTACT_RETURNED = "contact.returned"


def record(
    session: AsyncSession,
    who: Contact | None,
    action: Action,
    at: datetime,
    **detail: Any,
) -> None:
    """Adds one event to the caller's transaction; ``detail`` is stored as JSON text.

    ``who`` is None for the shell, where no contact is known. Times in ``detail`` are
    written in UTC.
    """
    record_by(session, who.id if who is not None else None, action, at, **detail)


def record_by(
    session: AsyncSession, contact_id: int | None, action: Action, at: datetime, **detail: Any
) -> None:
    """``record`` for a caller that knows the person's id only (the desk's signed-in viewer)."""
    session.add(
        AuditEvent(
            contact_id=contact_id,
            action=action.value,
            at=at,
            detail=json.dumps(detail, sort_keys=True, default=_plain) if detail else None,
        )
    )


def record_each(
    session: AsyncSession, contact_ids: Sequence[int], action: Action, **detail: Any
) -> None:
    """One event per contact, timed now: for what the sender learns about many people at
    once (a 403 to each of them), where no contact object and no update clock are at hand."""
    at = utcnow()
    text = json.dumps(detail, sort_keys=True, default=_plain) if detail else None
    session.add_all(
        AuditEvent(contact_id=contact_id, action=action.value, at=at, detail=text)
        for contact_id in contact_ids
    )


def from_shell(session: AsyncSession, action: Action, **detail: Any) -> None:
    """An operator's action from ``kylabot``: no contact is known, so ``via`` says shell."""
    record(session, None, action, utcnow(), via="shell", **detail)


async def own_events(session: AsyncSession, contact_id: int) -> list[dict[str, Any]]:
    """A person's own events, oldest first, as /mydata shows them."""
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.contact_id == contact_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [
        {
            "at": event.at.isoformat(),
            "action": event.action,
            "detail": _detail(event.detail),
        }
        for event in rows
    ]


def _plain(value: Any) -> str:
    """Times in UTC, so events read alike whoever wrote them; anything else as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


def _detail(text: str | None) -> Any:
    """Events written before this module stored plain text; they are shown as they are."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
