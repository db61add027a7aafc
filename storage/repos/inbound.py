"""The inbound journal: store updates before confirming them, mark them handled exactly once.

``store`` runs before the poller asks Telegram for the next offset (which confirms the batch)
and before a webhook answers 200; ``claim`` runs inside the transaction that handles the
update, so "handled" commits or rolls back with what the handler wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, delete, null, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundUpdate


def _insert(session: AsyncSession) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


# Built once: every update runs these, and a statement built anew per call costs SQLAlchemy
# a cache key and argument coercion each time (about a millisecond an update in profiles).
# Core statements on the table, run on the session's connection: the ORM's bulk machinery
# costs more than the statement itself on this path.
_table: Table = InboundUpdate.__table__  # type: ignore[assignment]
_CLAIM = (
    update(_table)
    .where(_table.c.update_id == bindparam("b_update_id"), _table.c.handled_at.is_(None))
    .values(handled_at=bindparam("b_now"), outcome=bindparam("b_outcome"), payload=null())
)
_STORE = {
    name: insert_(_table)
    .on_conflict_do_nothing(index_elements=["update_id"])
    .returning(_table.c.update_id)
    for name, insert_ in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


@dataclass(frozen=True, slots=True)
class Stored:
    update_id: int
    payload: dict[str, Any]


def chat_of(payload: dict[str, Any]) -> int | None:
    """The chat an update belongs to (messages, edits, button presses), if any."""
    for key in ("message", "edited_message", "callback_query", "my_chat_member"):
        item = payload.get(key)
        if not isinstance(item, dict):
            continue
        if key == "callback_query":
            item = item.get("message") or {"chat": item.get("from")}
        chat = item.get("chat") if isinstance(item, dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
    return None


async def store(
    session: AsyncSession, payloads: Sequence[dict[str, Any]], now: datetime
) -> list[int]:
    """Stores updates not seen before; returns the ids that are new, in the given order."""
    if not payloads:
        return []
    rows = [
        {
            "update_id": int(p["update_id"]),
            "chat_id": chat_of(p),
            "payload": p,
            "received_at": now,
        }
        for p in payloads
    ]
    statement = _STORE[session.get_bind().dialect.name]
    connection = await session.connection()
    new = set((await connection.execute(statement, rows)).scalars().all())
    return [int(p["update_id"]) for p in payloads if int(p["update_id"]) in new]


async def claim(
    session: AsyncSession, update_id: int, now: datetime, outcome: str = "handled"
) -> bool:
    """Marks the update handled in the caller's transaction; False if it was handled already.

    An update that never went through the journal (handed to the application directly) is
    recorded here as handled, so a redelivery is still recognised.
    """
    connection = await session.connection()
    result = await connection.execute(
        _CLAIM, {"b_update_id": update_id, "b_now": now, "b_outcome": outcome}
    )
    if result.rowcount:
        return True
    inserted = await session.execute(
        _insert(session)(InboundUpdate)
        .values(update_id=update_id, received_at=now, handled_at=now, outcome=outcome)
        .on_conflict_do_nothing(index_elements=["update_id"])
    )
    return bool(inserted.rowcount)  # type: ignore[attr-defined]


async def unhandled(
    session: AsyncSession,
    limit: int = 1000,
    received_before: datetime | None = None,
    *,
    after: int | None = None,
) -> list[Stored]:
    """Stored but not handled (a crash came between the two), oldest first.

    One page of at most ``limit``; the next page starts ``after`` the last id of this one.
    """
    statement = select(InboundUpdate.update_id, InboundUpdate.payload).where(
        InboundUpdate.handled_at.is_(None), InboundUpdate.payload.is_not(None)
    )
    if received_before is not None:
        statement = statement.where(InboundUpdate.received_at < received_before)
    if after is not None:
        statement = statement.where(InboundUpdate.update_id > after)
    rows = await session.execute(statement.order_by(InboundUpdate.update_id).limit(limit))
    return [Stored(int(update_id), dict(payload)) for update_id, payload in rows]


KEEP = timedelta(days=7)


async def prune(session: AsyncSession, now: datetime) -> int:
    """Deletes handled updates older than a week: Telegram never redelivers one that old."""
    result = await session.execute(
        delete(InboundUpdate).where(
            InboundUpdate.handled_at.is_not(None), InboundUpdate.received_at < now - KEEP
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
