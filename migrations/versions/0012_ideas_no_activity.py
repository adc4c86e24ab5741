"""ideas: no activity counter

`ideas.activity` was incremented on every change of an idea and read by nothing (no cached
page is keyed by it): the change stream is where cached pages learn of changes. Downgrade
restores the column at 0.

Revision ID: 0012_ideas_no_activity
Revises: 0011_changes
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_ideas_no_activity"
down_revision = "0011_changes"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy: on SQLite a batch operation re-creates the table, and
# dropping the old copy with foreign keys on would cascade to every row that references it.
# (SQLite has dropped columns in place since 3.35.)
def upgrade():
    op.drop_column("ideas", "activity")


def downgrade():
    op.add_column("ideas", sa.Column("activity", sa.Integer(), server_default="0", nullable=False))
