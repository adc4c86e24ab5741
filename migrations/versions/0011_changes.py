"""changes: one change stream, written in the transaction of the change

The search index's retry queue (`search_queue`, filled only when an index write failed after
the commit) becomes the change stream (`changes`): every flush writes, in its own transaction,
which documents it concerns, and they are applied and deleted after the commit — so a worker
killed between its commit and the index write leaves them for the next write or
`flask --app civic changes apply`. Rows waiting in `search_queue` move to `changes` (consumer
"search"); a downgrade moves the search rows back (one per document). `generations` holds the
named counters cached pages are keyed by (people's public names).

Revision ID: 0011_changes
Revises: 0010_drafts_full_text
Create Date: 2026-11-30 03:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_changes"
down_revision = "0010_drafts_full_text"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('consumer', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    op.create_index('ix_changes_consumer_id', 'changes', ['consumer', 'id'], unique=False)
    op.create_table('generations',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_generations'))
    )
    op.execute("INSERT INTO changes (consumer, kind, row_id, created_at) "
               "SELECT 'search', kind, row_id, queued_at FROM search_queue ORDER BY queued_at")
    op.drop_table('search_queue')


def downgrade():
    op.create_table('search_queue',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('row_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'row_id', name=op.f('pk_search_queue'))
    )
    op.execute("INSERT INTO search_queue (kind, row_id, queued_at) "
               "SELECT kind, row_id, min(created_at) FROM changes WHERE consumer = 'search' GROUP BY kind, row_id")
    op.drop_table('generations')
    op.drop_index('ix_changes_consumer_id', table_name='changes')
    op.drop_table('changes')
