"""The claim token of an outbox row: outcomes are written under the claim they belong to

Revision ID: 0009_claim_token
Revises: 0008_send_window
Create Date: 2026-12-06 03:10:00

Issue 19, item 2. An outcome was written by the row's id alone, so the late outcome of a claim
that had been released (and claimed again by another sender) could turn that sender's "sent"
back into "pending". ``claim_token`` counts the claims of a row; an outcome is written only
where ``claimed_by`` and ``claim_token`` are still those it was sent under.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_claim_token"
down_revision: str | Sequence[str] | None = "0008_send_window"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.add_column(sa.Column("claim_token", sa.Integer(), nullable=False, server_default="0"))
    # A row in flight at the upgrade was claimed (and, from the fast path, written) once.
    op.execute("UPDATE delivery SET claim_token = 1 WHERE status = 'sending'")


def downgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("claim_token")
