"""Coordinator broadcasts and their transactional outbox (one delivery row per recipient)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.core import _enum
from storage.types import UtcDateTime, utcnow


class BroadcastStatus(enum.StrEnum):
    DRAFT = "draft"  # being composed in /broadcast
    SCHEDULED = "scheduled"  # waits for scheduled_for; deliveries are written when it fires
    QUEUED = "queued"  # deliveries written; the sender drains them
    DONE = "done"  # every delivery reached a final status; summary sent
    CANCELLED = "cancelled"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class Priority(enum.IntEnum):
    """Who waits for a delivery: lower goes first."""

    REPLY = 0  # an answer to what a person just did
    NOTICE = 1  # a message to one person about them (a reply to their report, a follow-up)
    URGENT = 2  # a broadcast marked urgent: before any other bulk, after people's own messages
    BULK = 3  # invitations, reminders, digests, broadcasts


FINAL_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.BLOCKED)


class Broadcast(Base):
    """A message to a segment of contacts.

    ``variants`` maps a language code to ``{"text": ..., "entities": [...]}`` (Telegram
    ``MessageEntity`` dicts, so bold, italics and links survive). ``base_language`` is the
    language of the first text; a contact whose language has no variant gets the first of
    ``fallback`` that exists.
    """

    __tablename__ = "broadcast"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[BroadcastStatus] = mapped_column(
        _enum(BroadcastStatus, "broadcast_status"), default=BroadcastStatus.DRAFT, index=True
    )
    base_language: Mapped[str] = mapped_column(String(8), default="fi")
    variants: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    scheduled_for: Mapped[datetime | None] = mapped_column(UtcDateTime)
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    total: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # Where progress is shown (the coordinator's chat), and in which language.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_language: Mapped[str | None] = mapped_column(String(8))
    progress_edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    progress_text: Mapped[str | None] = mapped_column(Text)
    # The outbox row of the progress message when it was sent as a new message (its Telegram
    # message id is known only once sent); edits refer to it through the outbox.
    progress_delivery_id: Mapped[int | None] = mapped_column(Integer)


class Delivery(Base):
    """The outbox: one row per Bot API call the bot makes to a person, written in the
    transaction that decides it and sent after the commit by the one sender.

    A broadcast row has ``broadcast_id`` and ``variant`` (its text comes from the broadcast);
    any other row has ``method`` and ``payload`` (the call's parameters, JSON) and, for an
    upload, ``document``. A row addressed by ``contact_id`` reads the Telegram chat id from the
    contact when sent (never copied here), so ``/forget`` leaves no identity behind and /stop
    is honoured until the last moment; a reply to a chat (a person maybe not yet stored) has
    ``chat_id``, and a chat's messages go out in the order of their ids (a row waits while an
    older message row of its chat is open). ``target_id`` is the row whose sent message this
    one edits, ``edits_message_id`` the Telegram message an edit changes.
    """

    __tablename__ = "delivery"
    __table_args__ = (
        Index("ix_delivery_queue", "status", "priority", "next_attempt_at", "id"),
        Index("ix_delivery_broadcast_status", "broadcast_id", "status"),
        Index("ix_delivery_chat", "chat_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcast.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str | None] = mapped_column(String(8))  # the recipient's language
    variant: Mapped[str | None] = mapped_column(String(8))  # the text sent (a key of variants)
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus, "delivery_status"), default=DeliveryStatus.PENDING
    )
    priority: Mapped[int] = mapped_column(
        SmallInteger, default=Priority.BULK, server_default=str(int(Priority.BULK))
    )
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    document: Mapped[bytes | None] = mapped_column(LargeBinary)
    target_id: Mapped[int | None] = mapped_column(Integer)
    # The message an edit changes: a resent edit never overwrites a newer one (after a crash).
    edits_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    # Counts the claims of the row: an outcome is written only under the claim it was sent
    # with (with ``claimed_by``), so a late one never overwrites a later claim's.
    claim_token: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(String(32))
    # Tries that timed out: each may have been delivered, so the row ends after three
    # (``bot.outbox.verdicts``); ``error`` names a reason, not how many.
    timeouts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SenderPresence(Base):
    """One row per running sender on PostgreSQL, renewed every second: the senders share
    Telegram's overall rate by how many are alive (``bot.outbox.presence``). Times are the
    database's clock, so processes on different machines compare the same clock."""

    __tablename__ = "sender_presence"

    worker: Mapped[str] = mapped_column(String(40), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
