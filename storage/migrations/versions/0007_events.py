"""events with sign-ups and waitlists, and the coffee roulette (issue 10)

Revision ID: 0007_events
Revises: 0006
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0007_events"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_KIND = ("coffee", "clinic", "workshop", "training", "other")
EVENT_STATUS = ("draft", "published", "cancelled")
SIGNUP_STATUS = ("seat", "waiting", "declined", "cancelled")


def _time(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, storage.types.UtcDateTime(timezone=True), nullable=nullable)


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("kind", _enum(EVENT_KIND, "event_kind"), nullable=False),
        sa.Column("status", _enum(EVENT_STATUS, "event_status"), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        _time("starts_at"),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        _time("signup_deadline"),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_by_contact_id", sa.Integer(), nullable=True),
        _time("created_at", nullable=False),
        _time("updated_at", nullable=False),
        _time("published_at"),
        _time("cancelled_at"),
        sa.ForeignKeyConstraint(
            ["created_by_contact_id"],
            ["contact.id"],
            name=op.f("fk_event_created_by_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("uid", name=op.f("uq_event_uid")),
    )
    op.create_index(op.f("ix_event_status"), "event", ["status"])
    op.create_index(op.f("ix_event_starts_at"), "event", ["starts_at"])
    op.create_index(op.f("ix_event_created_by_contact_id"), "event", ["created_by_contact_id"])

    op.create_table(
        "event_invitation",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        _time("invited_at"),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_invitation_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_event_invitation_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "contact_id", name=op.f("pk_event_invitation")),
    )
    op.create_index("ix_event_invitation_pending", "event_invitation", ["event_id", "invited_at"])
    op.create_index(op.f("ix_event_invitation_contact_id"), "event_invitation", ["contact_id"])

    op.create_table(
        "event_signup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum(SIGNUP_STATUS, "signup_status"), nullable=False),
        sa.Column("queue_no", sa.BigInteger(), nullable=False),
        _time("created_at", nullable=False),
        _time("updated_at", nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        _time("reminded_24h_at"),
        _time("reminded_1h_at"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_signup_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_event_signup_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_signup")),
        sa.UniqueConstraint("event_id", "contact_id", name=op.f("uq_event_signup_event_id")),
    )
    op.create_index("ix_event_signup_queue", "event_signup", ["event_id", "status", "queue_no"])
    op.create_index(op.f("ix_event_signup_contact_id"), "event_signup", ["contact_id"])

    op.create_table(
        "coffee_participant",
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _time("opted_in_at", nullable=False),
        _time("opted_out_at"),
        _time("asked_to_stay_at"),
        _time("counting_since", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_coffee_participant_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_coffee_participant")),
    )

    op.create_table(
        "coffee_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        _time("scheduled_for"),
        _time("started_at", nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        _time("follow_up_at"),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["schedule.id"],
            name=op.f("fk_coffee_round_schedule_id_schedule"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coffee_round")),
        sa.UniqueConstraint(
            "schedule_id", "scheduled_for", name=op.f("uq_coffee_round_schedule_id")
        ),
    )
    op.create_index(op.f("ix_coffee_round_started_at"), "coffee_round", ["started_at"])

    op.create_table(
        "coffee_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("group_no", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=8), nullable=True),
        _time("answered_at"),
        _time("asked_at"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["coffee_round.id"],
            name=op.f("fk_coffee_match_round_id_coffee_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_coffee_match_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coffee_match")),
        sa.UniqueConstraint("round_id", "contact_id", name=op.f("uq_coffee_match_round_id")),
    )
    op.create_index("ix_coffee_match_group", "coffee_match", ["round_id", "group_no"])
    op.create_index(op.f("ix_coffee_match_contact_id"), "coffee_match", ["contact_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_coffee_match_contact_id"), table_name="coffee_match")
    op.drop_index("ix_coffee_match_group", table_name="coffee_match")
    op.drop_table("coffee_match")
    op.drop_index(op.f("ix_coffee_round_started_at"), table_name="coffee_round")
    op.drop_table("coffee_round")
    op.drop_table("coffee_participant")
    op.drop_index(op.f("ix_event_signup_contact_id"), table_name="event_signup")
    op.drop_index("ix_event_signup_queue", table_name="event_signup")
    op.drop_table("event_signup")
    op.drop_index(op.f("ix_event_invitation_contact_id"), table_name="event_invitation")
    op.drop_index("ix_event_invitation_pending", table_name="event_invitation")
    op.drop_table("event_invitation")
    op.drop_index(op.f("ix_event_created_by_contact_id"), table_name="event")
    op.drop_index(op.f("ix_event_starts_at"), table_name="event")
    op.drop_index(op.f("ix_event_status"), table_name="event")
    op.drop_table("event")
