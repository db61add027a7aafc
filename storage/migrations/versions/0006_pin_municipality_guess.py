"""A pin's guessed municipality is kept apart from the one the reporter gave or confirmed

Issue 12, item 10: the municipality nearest to a pin was stored as the report's municipality,
so a pin at Sevettijärvi (Inari) was shown, exported and counted as Utsjoki. ``municipality``
now holds only what the reporter chose or confirmed; an unconfirmed guess goes to
``municipality_guess``. Pins stored before this revision were never confirmed, so their guess
moves there too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

report = sa.table(
    "phenomenon_report",
    sa.column("place_kind", sa.String),
    sa.column("municipality", sa.String),
    sa.column("municipality_guess", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("phenomenon_report") as batch:
        batch.add_column(sa.Column("municipality_guess", sa.String(length=100), nullable=True))
    op.execute(
        report.update()
        .where(report.c.place_kind == "pin", report.c.municipality.is_not(None))
        .values(municipality_guess=report.c.municipality, municipality=None)
    )


def downgrade() -> None:
    op.execute(
        report.update()
        .where(report.c.place_kind == "pin", report.c.municipality.is_(None))
        .values(municipality=report.c.municipality_guess)
    )
    with op.batch_alter_table("phenomenon_report") as batch:
        batch.drop_column("municipality_guess")
