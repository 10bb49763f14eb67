"""What each review was about (the proposition's key and valid time), so a review follows
its proposition when an earlier report moves the island's start and with it the id.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("family", sa.String(16)),
    ("geonames_id", sa.BigInteger),
    ("facility", sa.Text),
    ("side", sa.String(64)),
    ("valid_from", sa.DateTime(timezone=True)),
    ("valid_to", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_))


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        for name, _type in reversed(_COLUMNS):
            batch.drop_column(name)
