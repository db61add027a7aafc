"""Organisations, contacts, invites, and the per-chat conversation state."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.types import UtcDateTime, utcnow


class OrgKind(enum.StrEnum):
    VILLAGE_ASSOCIATION = "village_association"
    ASSOCIATION = "association"
    LOCAL_BRANCH = "local_branch"
    SAMI_ASSOCIATION = "sami_association"
    DEFENCE_ASSOCIATION = "defence_association"
    MUNICIPALITY = "municipality"
    AUTHORITY = "authority"
    PARISH = "parish"
    FOUNDATION = "foundation"
    EDUCATION = "education"
    BUSINESS = "business"


class Role(enum.StrEnum):
    CONTACT = "contact"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"contact": 0, "coordinator": 1, "admin": 2}[self.value]


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (no native enum type): adding a kind is then a code change only.
    return Enum(cls, name=name, native_enum=False, length=32, values_callable=_values)


def _values(cls: type[enum.Enum]) -> list[str]:
    return [str(m.value) for m in cls]


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrgKind] = mapped_column(_enum(OrgKind, "org_kind"))
    municipality: Mapped[str | None] = mapped_column(String(100))
    village: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="organisation")


class Contact(Base):
    """A person the bot talks to. ``telegram_user_id`` is None once the person is forgotten."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.CONTACT)
    language: Mapped[str | None] = mapped_column(String(8))
    display_name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str | None] = mapped_column(String(64))
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    forgotten_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The URL the chat's menu button was last set to open (the desk), None: Telegram's
    # default. Kept so that setting or unsetting KYLABOT_DESK_URL reaches every chat once
    # (handlers/desk/button_sync.py), not only those whose role changes afterwards.
    desk_button: Mapped[str | None] = mapped_column(String(500))

    organisation: Mapped[Organisation | None] = relationship(back_populates="contacts")


class Invite(Base):
    """A single-use onboarding link; only a hash of its token is stored."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_by_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )

    organisation: Mapped[Organisation] = relationship()


class Conversation(Base):
    """The guided-conversation state of one chat, read and written on every update.

    ``generation`` grows each time a new flow starts; buttons carry it, so a button from an
    earlier conversation is recognised as stale even after a restart.
    """

    __tablename__ = "conversation"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    flow: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class InboundUpdate(Base):
    """The inbound journal: every update from Telegram, stored before it is confirmed.

    The poller (or the webhook) writes the update here and only then lets Telegram forget it
    (the next getUpdates offset); the router marks it handled in the same transaction that
    handles it. After a crash, rows with no ``handled_at`` are handled first, in order. The
    payload is cleared once handled (it holds what the person wrote), and handled rows are
    pruned after a week: Telegram never redelivers an update that old.
    """

    __tablename__ = "inbound_update"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))  # handled, skipped, failed


class AuditEvent(Base):
    """Who did what: coordinator actions and privacy requests, for accountability."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
