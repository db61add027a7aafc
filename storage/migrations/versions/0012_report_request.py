"""Report files a coordinator asked for from the desk, kept until they are drawn

Revision ID: 0012_report_request
Revises: 0011_phenomenon_handled
Create Date: 2026-12-08 10:00:00

Issue 17: the desk's "Send this to my chat" writes a request in its transaction; the file is
drawn after the commit (seconds for a national round, never inside a transaction) and written
to the outbox in the transaction that deletes the request, so a crash in between loses
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision: str = "0012_report_request"
down_revision: str | Sequence[str] | None = "0011_phenomenon_handled"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "contact_id",
            sa.Integer(),
            sa.ForeignKey("contact.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "round_id", sa.Integer(), sa.ForeignKey("round.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("municipality", sa.String(100), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", UtcDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_report_request_contact_id", "report_request", ["contact_id"])


def downgrade() -> None:
    op.drop_index("ix_report_request_contact_id", table_name="report_request")
    op.drop_table("report_request")
