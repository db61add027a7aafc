"""Message pipeline: the inbound journal, and the delivery table as the one outbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:00:00

``inbound_update`` replaces ``processed_update``: an update is stored before its getUpdates
offset is confirmed and marked handled in the transaction that handles it. ``delivery`` was
the broadcast outbox; it now holds every message the bot sends (replies, notices, bulk), so
broadcast columns become optional and a row may carry a Bot API method and its parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("received_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("handled_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_inbound_update")),
    )
    op.create_index(op.f("ix_inbound_update_handled_at"), "inbound_update", ["handled_at"])
    op.create_index(op.f("ix_inbound_update_received_at"), "inbound_update", ["received_at"])
    op.execute(
        "INSERT INTO inbound_update (update_id, received_at, handled_at, outcome) "
        "SELECT update_id, processed_at, processed_at, 'handled' FROM processed_update"
    )
    op.drop_index(op.f("ix_processed_update_processed_at"), table_name="processed_update")
    op.drop_table("processed_update")

    op.drop_index("ix_delivery_queue", table_name="delivery")
    with op.batch_alter_table("delivery") as batch:
        batch.alter_column("broadcast_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=True)
        batch.alter_column("variant", existing_type=sa.String(length=8), nullable=True)
        batch.add_column(
            sa.Column("priority", sa.SmallInteger(), nullable=False, server_default="2")
        )
        batch.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("method", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("document", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("target_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("edits_message_id", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column("created_at", storage.types.UtcDateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "ix_delivery_queue", "delivery", ["status", "priority", "next_attempt_at", "id"]
    )
    op.create_index("ix_delivery_chat", "delivery", ["chat_id", "status", "id"])
    with op.batch_alter_table("broadcast") as batch:
        batch.add_column(sa.Column("progress_delivery_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcast") as batch:
        batch.drop_column("progress_delivery_id")
    op.drop_index("ix_delivery_chat", table_name="delivery")
    op.drop_index("ix_delivery_queue", table_name="delivery")
    op.execute("DELETE FROM delivery WHERE broadcast_id IS NULL")
    with op.batch_alter_table("delivery") as batch:
        for column in (
            "created_at",
            "edits_message_id",
            "target_id",
            "document",
            "payload",
            "method",
            "chat_id",
            "priority",
        ):
            batch.drop_column(column)
        batch.alter_column("variant", existing_type=sa.String(length=8), nullable=False)
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=False)
        batch.alter_column("broadcast_id", existing_type=sa.Integer(), nullable=False)
    op.create_index("ix_delivery_queue", "delivery", ["status", "next_attempt_at", "id"])

    op.create_table(
        "processed_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("processed_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_update")),
    )
    op.create_index(op.f("ix_processed_update_processed_at"), "processed_update", ["processed_at"])
    op.execute(
        "INSERT INTO processed_update (update_id, processed_at) "
        "SELECT update_id, received_at FROM inbound_update WHERE handled_at IS NOT NULL"
    )
    op.drop_index(op.f("ix_inbound_update_received_at"), table_name="inbound_update")
    op.drop_index(op.f("ix_inbound_update_handled_at"), table_name="inbound_update")
    op.drop_table("inbound_update")
