"""ideas

Revision ID: 0007_ideas
Revises: 0006_search_queue
Create Date: 2026-11-23 20:07:26.846578

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007_ideas"
down_revision = '0006_search_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ideas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('window_ends_on', sa.Date(), nullable=True),
    sa.Column('threshold', sa.Integer(), nullable=True),
    sa.Column('support_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('reached_on', sa.Date(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('implemented_on', sa.Date(), nullable=True),
    sa.Column('activity', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id <> id', name=op.f('ck_ideas_not_merged_into_itself')),
    sa.CheckConstraint('support_count >= 0', name=op.f('ck_ideas_support_count_not_negative')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_ideas_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_ideas_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['ideas.id'], name=op.f('fk_ideas_merged_into_id_ideas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_ideas_topic_id_topics'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas'))
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_topic_id'), ['topic_id'], unique=False)

    op.create_table('idea_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_attachments_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_attachments')),
    sa.UniqueConstraint('idea_id', name=op.f('uq_idea_attachments_idea_id'))
    )
    op.create_table('idea_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_idea_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_events_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_events'))
    )
    with op.batch_alter_table('idea_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_events_idea_id'), ['idea_id'], unique=False)

    op.create_table('idea_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_supports_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idea_supports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_supports')),
    sa.UniqueConstraint('idea_id', 'user_id', name=op.f('uq_idea_supports_idea_id_user_id'))
    )
    with op.batch_alter_table('idea_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_supports_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_supports_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('idea_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_supports_user_id'))
        batch_op.drop_index(batch_op.f('ix_idea_supports_idea_id'))

    op.drop_table('idea_supports')
    with op.batch_alter_table('idea_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_events_idea_id'))

    op.drop_table('idea_events')
    op.drop_table('idea_attachments')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_topic_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_status'))
        batch_op.drop_index(batch_op.f('ix_ideas_author_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_agency_id'))

    op.drop_table('ideas')
