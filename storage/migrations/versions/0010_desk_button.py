"""The URL a chat's menu button opens, as last written: the desk's button follows the setting

Revision ID: 0010_desk_button
Revises: 0009_claim_token
Create Date: 2026-12-06 05:30:00

Issue 17: coordinators get the desk's menu button when ``KYLABOT_DESK_URL`` is set. The button
was written only when a role or language changed, so coordinators who had their role before
the setting was turned on never got it, and unsetting it left buttons to a desk that answers
404. ``contact.desk_button`` records what each chat's button opens; at start the bot writes
the button to every chat where that differs from what the setting says. Unknown before this
revision, so NULL: a coordinator whose button was written earlier gets the same button again,
once, which changes nothing they see.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_desk_button"
down_revision: str | Sequence[str] | None = "0009_claim_token"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("desk_button", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("desk_button")
