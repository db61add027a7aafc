"""Local phenomena: reports of what villages see, their drafts, coordinators' replies and the
reporters' own follow-ups."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.models.core import Contact, Organisation, _enum
from storage.types import UtcDateTime, utcnow


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"


class PhenomenonReport(Base):
    """One report. A draft is updated at every step; once sent it never changes.

    ``contact_id`` survives /forget (the contact row stays, without identity), so a forgotten
    reporter's reports stay with their organisation and show no name anywhere.
    """

    __tablename__ = "phenomenon_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[ReportStatus] = mapped_column(
        _enum(ReportStatus, "report_status"), default=ReportStatus.DRAFT, index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    step: Mapped[int | None] = mapped_column(Integer)  # where a resumed draft continues
    category: Mapped[str | None] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    media: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    municipality: Mapped[str | None] = mapped_column(String(100), index=True)  # given or confirmed
    municipality_guess: Mapped[str | None] = mapped_column(String(100))  # a pin's, unconfirmed
    village: Mapped[str | None] = mapped_column(String(100))
    place_kind: Mapped[str | None] = mapped_column(String(16))  # home, municipality, pin
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    outside_finland: Mapped[bool] = mapped_column(Boolean, default=False)
    frequency: Mapped[str | None] = mapped_column(String(32))
    affected: Mapped[list[str]] = mapped_column(JSON, default=list)
    show_name: Mapped[bool | None] = mapped_column(Boolean)
    emergency_words: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # A coordinator marked it handled (the desk, issue 17): when, and who.
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))

    contact: Mapped[Contact | None] = relationship(foreign_keys=[contact_id])
    organisation: Mapped[Organisation | None] = relationship()
    replies: Mapped[list[PhenomenonReply]] = relationship(
        back_populates="report", order_by="PhenomenonReply.id", cascade="all, delete-orphan"
    )
    follow_ups: Mapped[list[PhenomenonFollowUp]] = relationship(
        back_populates="report", order_by="PhenomenonFollowUp.id", cascade="all, delete-orphan"
    )

    @property
    def sent_follow_ups(self) -> list[PhenomenonFollowUp]:
        """What the reporter added and sent, in the order it was sent (drafts are theirs only)."""
        sent = [f for f in self.follow_ups if f.sent_at is not None]
        return sorted(sent, key=lambda f: (f.sent_at, f.id))


class PhenomenonReply(Base):
    """A coordinator's follow-up to a sent report, and whether it reached the reporter."""

    __tablename__ = "phenomenon_reply"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("phenomenon_report.id", ondelete="CASCADE"), index=True
    )
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    delivery: Mapped[str] = mapped_column(String(16), default="pending")  # notify() outcome

    report: Mapped[PhenomenonReport] = relationship(back_populates="replies")
    coordinator: Mapped[Contact | None] = relationship()


class PhenomenonFollowUp(Base):
    """Something the reporter added to their sent report; the report itself never changes.

    Written in parts like the report's description (text, photos, voice messages), it is a
    draft while ``sent_at`` is None and read-only once sent. ``contact_id`` survives /forget
    the same way as the report's, so a forgotten reporter's follow-ups show no name either.
    """

    __tablename__ = "phenomenon_follow_up"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("phenomenon_report.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    media: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    emergency_words: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The last part added: an unsent draft is kept for 7 days after it, not after the start.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)

    report: Mapped[PhenomenonReport] = relationship(back_populates="follow_ups")
    contact: Mapped[Contact | None] = relationship()
