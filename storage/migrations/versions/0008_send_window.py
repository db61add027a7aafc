"""Sending within Telegram's window: urgent broadcasts before bulk, senders share the rate

Revision ID: 0008_send_window
Revises: 0007_events
Create Date: 2026-12-06 02:30:00

Issue 19, item 10. ``delivery.priority`` gains a level for urgent broadcasts between notices
(1) and bulk, so bulk moves from 2 to 3; ``sender_presence`` has one row per running sender
on PostgreSQL, from which the senders divide Telegram's overall rate among themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0008_send_window"
down_revision: str | Sequence[str] | None = "0007_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.alter_column(
            "priority", existing_type=sa.SmallInteger(), existing_nullable=False, server_default="3"
        )
    op.execute("UPDATE delivery SET priority = 3 WHERE priority = 2")
    op.create_table(
        "sender_presence",
        sa.Column("worker", sa.String(length=40), nullable=False),
        sa.Column("joined_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("worker", name=op.f("pk_sender_presence")),
    )


def downgrade() -> None:
    op.drop_table("sender_presence")
    op.execute("UPDATE delivery SET priority = 2 WHERE priority = 3")
    with op.batch_alter_table("delivery") as batch:
        batch.alter_column(
            "priority", existing_type=sa.SmallInteger(), existing_nullable=False, server_default="2"
        )
