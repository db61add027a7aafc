"""The outbox counts the tries of a row that timed out

Revision ID: 0013_delivery_timeouts
Revises: 0012_report_request
Create Date: 2026-12-06 12:00:00

Issue 19, item 8: a send that timed out may or may not have been delivered (Telegram has no
idempotency key). A row is now tried until three tries have timed out, not two: two
undelivered timeouts in a row (1 in 40,000 sends under the chaos run's faults) lost the
message. The count needs a column of its own; the row's ``error`` names a reason, not a
count.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_delivery_timeouts"
down_revision: str | Sequence[str] | None = "0012_report_request"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.add_column(sa.Column("timeouts", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("timeouts")
