"""Reporters' follow-ups to their own sent reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "phenomenon_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media", sa.JSON(), nullable=False),
        sa.Column("emergency_words", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_phenomenon_follow_up_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["phenomenon_report.id"],
            name=op.f("fk_phenomenon_follow_up_report_id_phenomenon_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phenomenon_follow_up")),
    )
    with op.batch_alter_table("phenomenon_follow_up", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_phenomenon_follow_up_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_phenomenon_follow_up_report_id"), ["report_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_phenomenon_follow_up_sent_at"), ["sent_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("phenomenon_follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phenomenon_follow_up_sent_at"))
        batch_op.drop_index(batch_op.f("ix_phenomenon_follow_up_report_id"))
        batch_op.drop_index(batch_op.f("ix_phenomenon_follow_up_contact_id"))

    op.drop_table("phenomenon_follow_up")
