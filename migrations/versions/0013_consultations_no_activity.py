"""consultations: no activity counter

`consultations.activity` was incremented by hand (`touch()`) in every service that changed
something its page shows, and read by the page cache's key. The page's generation in
`generations` (name `page:consultation:<id>`), bumped by the change stream in the
transaction of any change to a row shown on the page, replaces it. Downgrade restores the
column at 0 (a fresh key: cached pages are simply rendered again).

Revision ID: 0013_consultations_no_activity
Revises: 0012_ideas_no_activity
Create Date: 2026-11-30 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013_consultations_no_activity"
down_revision = "0012_ideas_no_activity"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy: on SQLite a batch operation re-creates the table, and
# dropping the old copy with foreign keys on would cascade to every row that references it.
# (SQLite has dropped columns in place since 3.35.)
def upgrade():
    op.drop_column("consultations", "activity")


def downgrade():
    op.add_column("consultations", sa.Column("activity", sa.Integer(), server_default="0", nullable=False))
