"""A phenomenon report can be marked handled, by whom and when

Revision ID: 0011_phenomenon_handled
Revises: 0010_desk_button
Create Date: 2026-12-06 05:30:00

Issue 17: a coordinator marks a report handled from the desk (``handlers/desk``), so the
others see it needs nothing more. ``handled_at`` is when; ``handled_by`` the coordinator, kept
as their contact id (set to NULL if that row is ever deleted; /forget keeps it, nameless).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0011_phenomenon_handled"
down_revision: str | Sequence[str] | None = "0010_desk_button"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("phenomenon_report") as batch:
        batch.add_column(
            sa.Column("handled_at", storage.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("handled_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_phenomenon_report_handled_by_contact",
            "contact",
            ["handled_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("phenomenon_report") as batch:
        batch.drop_constraint("fk_phenomenon_report_handled_by_contact", type_="foreignkey")
        batch.drop_column("handled_by")
        batch.drop_column("handled_at")
