"""Outbox queries: writing rows, and the sender's claim, record and release statements.

Every message the bot sends is a ``delivery`` row (see ``storage.models.Delivery``). Each
function takes the caller's session; the sender opens one per batch, the router writes an
update's replies in the update's own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, exists, insert, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Contact, Delivery, DeliveryStatus
from storage.repos import audit

INSERT_CHUNK = 2000
delivery_table: Table = Delivery.__table__  # type: ignore[assignment]
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row taken by a sender: what to send, to whom, and which try this is."""

    id: int
    broadcast_id: int | None
    contact_id: int | None
    variant: str | None
    attempts: int  # including this one
    priority: int = 2
    chat_id: int | None = None
    method: str | None = None
    payload: dict[str, Any] | None = None
    document: bytes | None = None
    target_id: int | None = None
    edits_message_id: int | None = None
    token: int = 0  # the claim's (``claim_token``): its outcome is written under it
    timeouts: int = 0  # earlier tries of the row that timed out (``Delivery.timeouts``)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one claimed delivery; written in bulk."""

    id: int
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    message_id: int | None = None
    sent_at: datetime | None = None
    error: str | None = None
    token: int = 0  # the claim this outcome belongs to (``Claimed.token``)
    timeouts: int = 0  # the row's tries that timed out, this one included


async def insert_deliveries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Inserts delivery rows in chunks (one multi-row INSERT / executemany per chunk)."""
    for start in range(0, len(rows), INSERT_CHUNK):
        await session.execute(delivery_table.insert(), list(rows[start : start + INSERT_CHUNK]))


_INSERT = insert(delivery_table).returning(Delivery.id)  # built once: it runs every update
COLUMNS = (
    "broadcast_id", "contact_id", "language", "variant", "status", "priority", "chat_id",
    "method", "payload", "document", "target_id", "edits_message_id", "created_at",
    "attempts", "next_attempt_at", "claimed_at", "claimed_by", "claim_token",
)  # fmt: skip


def _complete(row: dict[str, Any]) -> dict[str, Any]:
    """Every column given (None where absent), so one prepared INSERT fits every row; the
    message an edit changes is read from its parameters, here for every writer."""
    values = {column: row.get(column) for column in COLUMNS}
    values["claim_token"] = values["claim_token"] or 0
    method, payload = row.get("method"), row.get("payload")
    if values["edits_message_id"] is None and method and method.startswith("edit") and payload:
        values["edits_message_id"] = payload.get("message_id")
    return values


async def insert_one(session: AsyncSession, row: dict[str, Any]) -> int:
    """Inserts one row and returns its id (on the session's connection: Core, no ORM cost)."""
    connection = await session.connection()
    result = await connection.execute(_INSERT, _complete(row))
    return int(result.scalar_one())


async def insert_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Inserts rows in one statement; returns their ids in the order given.

    SQLAlchemy sends them as one multi-row VALUES statement ("insertmanyvalues"); both
    databases number its rows in the order of the list (SQLite's rowid, PostgreSQL's
    sequence), so the sorted ids match the rows.
    """
    if len(rows) == 1:
        return [await insert_one(session, rows[0])]
    connection = await session.connection()
    result = await connection.execute(_INSERT, [_complete(row) for row in rows])
    return sorted(int(row_id) for row_id in result.scalars())


# A payload key: once the row's outcome is final, nothing of it may name the chat (/forget).
ERASE_CHAT = "_erase_chat"


async def erase_chat_of(session: AsyncSession, delivery_ids: Iterable[int]) -> None:
    """Clears the chat id, parameters and file of rows sent to a person who was forgotten.

    The reply that confirms /forget is written in the transaction that forgets, so its chat id
    can only be erased once it has been sent (or has failed for good).
    """
    ids = list(set(delivery_ids))
    if ids:
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids))
            .values(chat_id=None, payload=null(), document=None)
            .execution_options(synchronize_session=False)
        )


# Calls that are not messages in the chat: never ordered with the chat's messages.
UNORDERED = ("answerCallbackQuery", "setMyCommands", "setChatMenuButton")


def _ready() -> Any:
    """Rows with no older open message row in their chat, whose edited message (``target_id``)
    has been sent: one chat's messages keep their order across retries and restarts."""
    before, target = aliased(Delivery), aliased(Delivery)
    is_message = or_(Delivery.method.is_(None), Delivery.method.not_in(UNORDERED))
    older_open = exists(
        select(before.id).where(
            before.chat_id == Delivery.chat_id,
            before.status.in_(OPEN),
            before.id < Delivery.id,
            or_(before.method.is_(None), before.method.not_in(UNORDERED)),
        )
    )
    target_open = exists(
        select(target.id).where(target.id == Delivery.target_id, target.status.in_(OPEN))
    )
    return and_(
        or_(Delivery.chat_id.is_(None), ~is_message, ~older_open),
        or_(Delivery.target_id.is_(None), ~target_open),
    )


def _claim_statement(dialect: str) -> Any:
    due = (
        select(Delivery.id)
        .where(
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.next_attempt_at <= bindparam("b_now"),
        )
        .where(_ready())
        .order_by(Delivery.priority, Delivery.next_attempt_at, Delivery.id)
        .limit(bindparam("b_limit"))
    )
    if dialect == "postgresql":
        due = due.with_for_update(skip_locked=True)
    return (
        update(Delivery)
        .where(Delivery.id.in_(due.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            claimed_at=bindparam("b_now"),
            claimed_by=bindparam("b_worker"),
            claim_token=Delivery.claim_token + 1,
            attempts=Delivery.attempts + 1,
        )
        .returning(
            Delivery.id,
            Delivery.broadcast_id,
            Delivery.contact_id,
            Delivery.variant,
            Delivery.attempts,
            Delivery.priority,
            Delivery.chat_id,
            Delivery.method,
            Delivery.payload,
            Delivery.document,
            Delivery.target_id,
            Delivery.edits_message_id,
            Delivery.claim_token,
            Delivery.timeouts,
        )
        .execution_options(synchronize_session=False)
    )


# Built once per database kind: the sender claims several times a second.
_CLAIM = {dialect: _claim_statement(dialect) for dialect in ("sqlite", "postgresql")}


async def claim(session: AsyncSession, worker: str, now: datetime, limit: int) -> list[Claimed]:
    """Marks up to ``limit`` due pending deliveries as sending for ``worker`` and returns them.

    Replies first, then notices, then bulk; within a priority the earliest due. A message row
    waits while an older message row of its chat (or the message it edits) is still open, so
    a chat's messages keep their order across retries and restarts. On PostgreSQL the rows are
    picked with FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint batches; on SQLite
    the transaction holds the database's write lock (BEGIN IMMEDIATE), which serialises claims.
    """
    statement = _CLAIM[_dialect(session)]
    params = {"b_now": now, "b_limit": limit, "b_worker": worker}
    rows = (await session.execute(statement, params)).all()
    claimed = [Claimed(*row) for row in rows]
    claimed.sort(key=lambda c: (c.priority, c.id))
    return claimed


async def release_stale(
    session: AsyncSession, now: datetime, claimed_before: datetime, keep: str | None = None
) -> int:
    """Puts deliveries left in "sending" by a crashed worker back in the queue.

    A delivery is "sending" from its claim until its outcome is recorded; if the worker died
    in between, the message may or may not have reached Telegram. It is sent again: that is
    the one possible duplicate per crash, and only for messages that were in flight. Claims
    of ``keep`` (the calling worker, which knows they are alive) are left alone.
    """
    stale = [Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_at < claimed_before]
    if keep is not None:
        stale.append(Delivery.claimed_by != keep)
    result = await session.execute(
        update(Delivery)
        .where(*stale)
        .values(status=DeliveryStatus.PENDING, next_attempt_at=now, claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def renew(session: AsyncSession, worker: str, now: datetime) -> int:
    """Renews the lease of every row ``worker`` holds: a live sender's rows are never taken
    from it, however long a send or its turn in the window takes (issue 19, item 2)."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.claimed_by == worker, Delivery.status == DeliveryStatus.SENDING)
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# Fenced by the claim: an outcome of a claim that was released (and maybe claimed again by
# another sender, maybe sent) changes nothing.
_RECORD = (
    update(delivery_table)
    .where(
        delivery_table.c.id == bindparam("b_id"),
        delivery_table.c.claimed_by == bindparam("b_worker"),
        delivery_table.c.claim_token == bindparam("b_token"),
    )
    .values(
        status=bindparam("b_status"),
        attempts=bindparam("b_attempts"),
        next_attempt_at=bindparam("b_next"),
        message_id=bindparam("b_message_id"),
        sent_at=bindparam("b_sent_at"),
        error=bindparam("b_error"),
        timeouts=bindparam("b_timeouts"),
        claimed_by=None,
    )
)


async def record(session: AsyncSession, worker: str, outcomes: Sequence[Outcome]) -> None:
    """Writes ``worker``'s outcomes with one executemany UPDATE, each only where the row is
    still the claim it was sent under."""
    if not outcomes:
        return
    connection = await session.connection()
    await connection.execute(
        _RECORD,
        [
            {
                "b_id": o.id,
                "b_worker": worker,
                "b_token": o.token,
                "b_status": o.status,
                "b_attempts": o.attempts,
                "b_next": o.next_attempt_at,
                "b_message_id": o.message_id,
                "b_sent_at": o.sent_at,
                "b_error": o.error,
                "b_timeouts": o.timeouts,
            }
            for o in outcomes
        ],
    )


async def superseded(session: AsyncSession, edits: Sequence[Claimed]) -> set[int]:
    """Edits of a message that a newer row has already changed: sending them again (after a
    crash or a retry) would put an old text or keyboard back on the person's screen."""
    ids = [c.id for c in edits if c.edits_message_id is not None]
    if not ids:
        return set()
    newer = aliased(Delivery)
    rows = await session.scalars(
        select(Delivery.id).where(
            Delivery.id.in_(ids),
            exists(
                select(newer.id).where(
                    newer.chat_id == Delivery.chat_id,
                    newer.edits_message_id == Delivery.edits_message_id,
                    newer.id > Delivery.id,
                    newer.status == DeliveryStatus.SENT,
                )
            ),
        )
    )
    return set(rows)


async def message_ids(session: AsyncSession, delivery_ids: Iterable[int]) -> dict[int, int]:
    """``delivery id -> Telegram message id`` of sent rows (the messages later rows edit)."""
    ids = list(set(delivery_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Delivery.id, Delivery.message_id).where(
            Delivery.id.in_(ids), Delivery.message_id.is_not(None)
        )
    )
    return {row_id: int(message_id) for row_id, message_id in rows if message_id is not None}


async def contacts_for(
    session: AsyncSession, contact_ids: Iterable[int]
) -> dict[int, tuple[int | None, bool]]:
    """``contact_id -> (telegram chat id, may receive now)`` for a claimed batch."""
    ids = list(set(contact_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(
            Contact.id,
            Contact.telegram_user_id,
            Contact.active,
            Contact.opted_out,
            Contact.forgotten_at,
        ).where(Contact.id.in_(ids))
    )
    return {
        cid: (chat, bool(active) and not opted_out and forgotten is None and chat is not None)
        for cid, chat, active, opted_out, forgotten in rows
    }


async def mark_inactive(
    session: AsyncSession, contact_ids: Iterable[int], chat_ids: Iterable[int] = ()
) -> None:
    """Telegram answered 403 (blocked by the user): no notices or broadcasts until they return.

    Notices and broadcasts know the contact; a reply knows only its chat. Each contact this
    makes inactive gets a ``contact.blocked`` audit event (``bot.reachability`` writes the
    others and the return).
    """
    for column, values in ((Contact.id, contact_ids), (Contact.telegram_user_id, chat_ids)):
        ids = list(set(values))
        if ids:
            changed = await session.scalars(
                update(Contact)
                .where(column.in_(ids), Contact.active.is_(True))
                .values(active=False)
                .returning(Contact.id)
                .execution_options(synchronize_session=False)
            )
            audit.record_each(session, list(changed), audit.Action.CONTACT_BLOCKED, update="403")
