"""dialogues

Revision ID: 0008_dialogues
Revises: 0007_ideas
Create Date: 2026-11-23 21:57:25.748864

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_dialogues'
down_revision = '0007_ideas'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dialogue_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('attending', sa.Integer(), server_default='0', nullable=False),
    sa.Column('registration_opens_at', sa.DateTime(), nullable=False),
    sa.Column('registration_closes_at', sa.DateTime(), nullable=False),
    sa.Column('questions_allowed', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('attending >= 0 AND attending <= capacity', name=op.f('ck_dialogue_sessions_attending_within_capacity')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_dialogue_sessions_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_dialogue_sessions_ends_after_start')),
    sa.CheckConstraint('registration_closes_at <= starts_at', name=op.f('ck_dialogue_sessions_registration_before_start')),
    sa.CheckConstraint('registration_closes_at > registration_opens_at', name=op.f('ck_dialogue_sessions_registration_window')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_dialogue_sessions_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dialogue_sessions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_dialogue_sessions_topic_id_topics'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_sessions'))
    )
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_sessions_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index('ix_dialogue_sessions_starts_at', ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_sessions_topic_id'), ['topic_id'], unique=False)

    op.create_table('dialogue_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('citizens', sa.Integer(), nullable=False),
    sa.Column('businesses', sa.Integer(), nullable=False),
    sa.Column('online', sa.Integer(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('citizens >= 0 AND businesses >= 0 AND online >= 0', name=op.f('ck_dialogue_minutes_counts_not_negative')),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_minutes_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_minutes')),
    sa.UniqueConstraint('session_id', name=op.f('uq_dialogue_minutes_session_id'))
    )
    op.create_table('dialogue_officials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_officials_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_officials'))
    )
    with op.batch_alter_table('dialogue_officials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_officials_session_id'), ['session_id'], unique=False)

    op.create_table('dialogue_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('selected', sa.Boolean(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id <> id', name=op.f('ck_dialogue_questions_not_merged_into_itself')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_dialogue_questions_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['dialogue_questions.id'], name=op.f('fk_dialogue_questions_merged_into_id_dialogue_questions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_questions_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_questions'))
    )
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_questions_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_questions_session_id'), ['session_id'], unique=False)

    op.create_table('dialogue_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("mode IN ('in_person', 'online')", name=op.f('ck_dialogue_registrations_mode_known')),
    sa.CheckConstraint("status IN ('confirmed', 'waiting', 'cancelled')", name=op.f('ck_dialogue_registrations_status_known')),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_registrations_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dialogue_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_registrations')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_dialogue_registrations_session_id_user_id'))
    )
    with op.batch_alter_table('dialogue_registrations', schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_registrations_queue', ['session_id', 'status', 'queued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('dialogue_minutes_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('asked_by', sa.String(length=200), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answered_by_name', sa.String(length=120), nullable=False),
    sa.Column('answered_by_title', sa.String(length=160), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['minutes_id'], ['dialogue_minutes.id'], name=op.f('fk_dialogue_minutes_items_minutes_id_dialogue_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['dialogue_questions.id'], name=op.f('fk_dialogue_minutes_items_question_id_dialogue_questions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_minutes_items'))
    )
    with op.batch_alter_table('dialogue_minutes_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_minutes_items_minutes_id'), ['minutes_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_minutes_items_question_id'), ['question_id'], unique=False)

    op.create_table('dialogue_minutes_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed', sa.Text(), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_dialogue_minutes_revisions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['minutes_id'], ['dialogue_minutes.id'], name=op.f('fk_dialogue_minutes_revisions_minutes_id_dialogue_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_minutes_revisions'))
    )
    with op.batch_alter_table('dialogue_minutes_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_minutes_revisions_minutes_id'), ['minutes_id'], unique=False)

    op.create_table('dialogue_minutes_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['minutes_id'], ['dialogue_minutes.id'], name=op.f('fk_dialogue_minutes_scans_minutes_id_dialogue_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_minutes_scans')),
    sa.UniqueConstraint('minutes_id', name=op.f('uq_dialogue_minutes_scans_minutes_id'))
    )
    op.create_table('dialogue_commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_agency_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('dropped_reason', sa.Text(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f('ck_dialogue_commitments_status_known')),
    sa.ForeignKeyConstraint(['item_id'], ['dialogue_minutes_items.id'], name=op.f('fk_dialogue_commitments_item_id_dialogue_minutes_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agencies.id'], name=op.f('fk_dialogue_commitments_owner_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_commitments_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_commitments'))
    )
    with op.batch_alter_table('dialogue_commitments', schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_commitments_owner_status', ['owner_agency_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_commitments_session_id'), ['session_id'], unique=False)

    op.create_table('dialogue_commitment_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_dialogue_commitment_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['commitment_id'], ['dialogue_commitments.id'], name=op.f('fk_dialogue_commitment_notes_commitment_id_dialogue_commitments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_commitment_notes'))
    )
    with op.batch_alter_table('dialogue_commitment_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_commitment_notes_commitment_id'), ['commitment_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('attachment_type', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('attachment', sa.LargeBinary(), nullable=True))

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('attachment')
        batch_op.drop_column('attachment_type')
        batch_op.drop_column('attachment_name')

    with op.batch_alter_table('dialogue_commitment_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_commitment_notes_commitment_id'))

    op.drop_table('dialogue_commitment_notes')
    with op.batch_alter_table('dialogue_commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_commitments_session_id'))
        batch_op.drop_index('ix_dialogue_commitments_owner_status')

    op.drop_table('dialogue_commitments')
    op.drop_table('dialogue_minutes_scans')
    with op.batch_alter_table('dialogue_minutes_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_minutes_revisions_minutes_id'))

    op.drop_table('dialogue_minutes_revisions')
    with op.batch_alter_table('dialogue_minutes_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_minutes_items_question_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_minutes_items_minutes_id'))

    op.drop_table('dialogue_minutes_items')
    with op.batch_alter_table('dialogue_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_registrations_user_id'))
        batch_op.drop_index('ix_dialogue_registrations_queue')

    op.drop_table('dialogue_registrations')
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_questions_session_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_questions_author_id'))

    op.drop_table('dialogue_questions')
    with op.batch_alter_table('dialogue_officials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_officials_session_id'))

    op.drop_table('dialogue_officials')
    op.drop_table('dialogue_minutes')
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_sessions_topic_id'))
        batch_op.drop_index('ix_dialogue_sessions_starts_at')
        batch_op.drop_index(batch_op.f('ix_dialogue_sessions_agency_id'))

    op.drop_table('dialogue_sessions')
    # ### end Alembic commands ###
