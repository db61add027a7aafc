"""broadcasts and their delivery outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BROADCAST_STATUS = ("draft", "scheduled", "queued", "done", "cancelled")
DELIVERY_STATUS = ("pending", "sending", "sent", "failed", "blocked")


def upgrade() -> None:
    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_contact_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*BROADCAST_STATUS, name="broadcast_status", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("base_language", sa.String(length=8), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("segment", sa.JSON(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("scheduled_for", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("queued_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_language", sa.String(length=8), nullable=True),
        sa.Column("progress_edited_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("progress_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_contact_id"],
            ["contact.id"],
            name=op.f("fk_broadcast_created_by_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast")),
    )
    op.create_index(
        op.f("ix_broadcast_created_by_contact_id"), "broadcast", ["created_by_contact_id"]
    )
    op.create_index(op.f("ix_broadcast_status"), "broadcast", ["status"])
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("variant", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*DELIVERY_STATUS, name="delivery_status", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=40), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("sent_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name=op.f("fk_delivery_broadcast_id_broadcast"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_delivery_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery")),
    )
    op.create_index("ix_delivery_queue", "delivery", ["status", "next_attempt_at", "id"])
    op.create_index("ix_delivery_broadcast_status", "delivery", ["broadcast_id", "status"])
    op.create_index(op.f("ix_delivery_contact_id"), "delivery", ["contact_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_delivery_contact_id"), table_name="delivery")
    op.drop_index("ix_delivery_broadcast_status", table_name="delivery")
    op.drop_index("ix_delivery_queue", table_name="delivery")
    op.drop_table("delivery")
    op.drop_index(op.f("ix_broadcast_status"), table_name="broadcast")
    op.drop_index(op.f("ix_broadcast_created_by_contact_id"), table_name="broadcast")
    op.drop_table("broadcast")
