"""The plan (themes, measures, responsibilities), check-in rounds and their answers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# The foreign keys to organisation and contact need core's tables known: a flush sorts tables by
# their foreign keys and fails on an unknown one, and storage.models loads modules on demand.
import storage.models.core  # noqa: F401
from storage.models.base import Base
from storage.types import UtcDateTime, utcnow


class MeasureStatus(enum.StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_DONE = "not_done"
    SKIPPED = "skipped"


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    themes: Mapped[list[Theme]] = relationship(
        back_populates="plan", order_by="Theme.position", cascade="all, delete-orphan"
    )


class Theme(Base):
    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[dict[str, str]] = mapped_column(JSON)

    plan: Mapped[Plan] = relationship(back_populates="themes")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="theme", order_by="Measure.position"
    )


class Measure(Base):
    """A measure of the plan. ``retired`` measures stay so their answers keep their meaning."""

    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("theme_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    due_date: Mapped[date | None] = mapped_column(Date)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    theme: Mapped[Theme] = relationship(back_populates="measures")
    responsibilities: Mapped[list[MeasureResponsibility]] = relationship(
        back_populates="measure", cascade="all, delete-orphan"
    )


class MeasureResponsibility(Base):
    __tablename__ = "measure_responsibility"

    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    measure: Mapped[Measure] = relationship(back_populates="responsibilities")


class Schedule(Base):
    """A recurring job kept in our own table and registered with APScheduler under ``job_id``.

    ``last_fire_at`` is the last scheduled fire time that was acted on; it is what makes a
    missed fire run once after downtime and never twice.
    """

    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # "round", "digest", ...
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_fire_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def job_id(self) -> str:
        return f"schedule:{self.id}"


class Round(Base):
    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("schedule_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedule.id", ondelete="SET NULL"))
    scheduled_for: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    requests: Mapped[list[RoundRequest]] = relationship(back_populates="round")


class RoundRequest(Base):
    """One organisation asked in one round; tracks invitations and reminders."""

    __tablename__ = "round_request"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    invited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_reminder_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    round: Mapped[Round] = relationship(back_populates="requests")


class Answer(Base):
    """One answer to one measure; history is kept and the latest one per measure counts."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    status: Mapped[MeasureStatus] = mapped_column(
        Enum(
            MeasureStatus,
            name="measure_status",
            native_enum=False,
            length=16,
            values_callable=lambda c: [m.value for m in c],
        )
    )
    comment: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class ReportRequest(Base):
    """A report file a coordinator asked for (the desk's "Send this to my chat"), waiting to
    be drawn.

    Written in the action's transaction and deleted in the one that writes the drawn file to
    the outbox, so a request is never lost and never sent twice: a process that dies while
    drawing leaves the row, and the next pass draws it again. The filters are the desk's at
    the time: a municipality, an organisation kind (``OrgKind`` value), a theme; ``language``
    is the coordinator's.
    """

    __tablename__ = "report_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    municipality: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(32))
    theme_id: Mapped[int | None] = mapped_column(Integer)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
