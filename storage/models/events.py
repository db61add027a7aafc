"""Events with sign-ups and waitlists, and the opt-in coffee roulette (issue 10).

An event's texts are ``{language: text}`` maps (Finnish required), read with the broadcasts'
fallback order. ``event_invitation`` lists who the invitation goes to; a row with no
``invited_at`` is still to be written to the outbox (in chunks, by the sender's tick), so an
invitation is written exactly once however often that runs. ``event_signup`` is one person's
answer to one event: a seat, a place on the waitlist (``queue_no`` orders both: the order of
the taps, Telegram's update order), declined or cancelled; the reminder columns record
that a reminder was written, so a restart never sends it twice.

Coffee roulette: a participant opts in with the languages they can meet in; each monthly round
stores its groups (``coffee_match.group_no``; None for someone nobody could be paired with) and
each member's answer to "Did you meet?".
"""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

# The foreign keys to schedule need checkin's tables known: a flush sorts tables by their
# foreign keys and fails on an unknown one, and storage.models loads modules on demand.
import storage.models.checkin  # noqa: F401
from storage.models.base import Base
from storage.models.core import _enum
from storage.types import UtcDateTime, utcnow


class EventKind(enum.StrEnum):
    COFFEE = "coffee"  # virtuaalikahvit
    CLINIC = "clinic"  # HYTU-klinikka
    WORKSHOP = "workshop"
    TRAINING = "training"
    OTHER = "other"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"  # being composed in /event
    PUBLISHED = "published"  # invitations written (or being written)
    CANCELLED = "cancelled"


class SignupStatus(enum.StrEnum):
    SEAT = "seat"
    WAITING = "waiting"
    DECLINED = "declined"  # "Not this time"
    CANCELLED = "cancelled"  # gave up a seat or a place on the waitlist


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)  # the calendar UID, never changes
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    status: Mapped[EventStatus] = mapped_column(
        _enum(EventStatus, "event_status"), default=EventStatus.DRAFT, index=True
    )
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    link: Mapped[str | None] = mapped_column(String(500))
    place: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None] = mapped_column(Integer)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    signup_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # bumped on every change
    created_by_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EventInvitation(Base):
    __tablename__ = "event_invitation"
    __table_args__ = (Index("ix_event_invitation_pending", "event_id", "invited_at"),)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    invited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # None: not written yet
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)  # paused or left by then


class EventSignup(Base):
    __tablename__ = "event_signup"
    __table_args__ = (
        UniqueConstraint("event_id", "contact_id"),
        Index("ix_event_signup_queue", "event_id", "status", "queue_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SignupStatus] = mapped_column(_enum(SignupStatus, "signup_status"))
    queue_no: Mapped[int] = mapped_column(BigInteger, default=0)  # a tap's update id
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    reminded_24h_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_1h_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CoffeeParticipant(Base):
    __tablename__ = "coffee_participant"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    opted_in_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    opted_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Asked whether to stay in (two rounds without meeting): not paired until they answer.
    asked_to_stay_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Misses count only from here (the opt-in, or the last "Stay in").
    counting_since: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CoffeeRound(Base):
    __tablename__ = "coffee_round"
    __table_args__ = (UniqueConstraint("schedule_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedule.id", ondelete="SET NULL"))
    scheduled_for: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    seed: Mapped[int] = mapped_column(Integer)
    follow_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Text)


class CoffeeMatch(Base):
    __tablename__ = "coffee_match"
    __table_args__ = (
        UniqueConstraint("round_id", "contact_id"),
        Index("ix_coffee_match_group", "round_id", "group_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("coffee_round.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    group_no: Mapped[int | None] = mapped_column(Integer)  # None: nobody fitted this round
    answer: Mapped[str | None] = mapped_column(String(8))  # yes, not_yet, no
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    asked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
