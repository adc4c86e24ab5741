"""answers, owed answers, ratings, agency apology

Revision ID: 0003_answers
Revises: 0002_consultations
Create Date: 2026-11-23 17:26:08.160628

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_answers"
down_revision = '0002_consultations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signer_title', sa.String(length=160), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_answers_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_answers_answered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('subject_type', 'subject_id', name=op.f('uq_answers_subject_type_subject_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_agency_id'), ['agency_id'], unique=False)

    op.create_table('owed_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('triggered_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_owed_answers_agency_id_agencies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_owed_answers_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_owed_answers')),
    sa.UniqueConstraint('subject_type', 'subject_id', name=op.f('uq_owed_answers_subject_type_subject_id'))
    )
    with op.batch_alter_table('owed_answers', schema=None) as batch_op:
        batch_op.create_index('ix_owed_answers_agency_due', ['agency_id', 'due_on'], unique=False)

    op.create_table('answer_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=15), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("value IN ('satisfied', 'neutral', 'dissatisfied')", name=op.f('ck_answer_ratings_value_known')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_answer_ratings_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_answer_ratings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_ratings')),
    sa.UniqueConstraint('answer_id', 'user_id', name=op.f('uq_answer_ratings_answer_id_user_id'))
    )
    with op.batch_alter_table('answer_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_ratings_answer_id'), ['answer_id'], unique=False)

    op.create_table('answer_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signer_title', sa.String(length=160), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_answer_revisions_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['users.id'], name=op.f('fk_answer_revisions_replaced_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_revisions'))
    )
    with op.batch_alter_table('answer_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_revisions_answer_id'), ['answer_id'], unique=False)

    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('apology', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_column('apology')

    with op.batch_alter_table('answer_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_revisions_answer_id'))

    op.drop_table('answer_revisions')
    with op.batch_alter_table('answer_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_ratings_answer_id'))

    op.drop_table('answer_ratings')
    with op.batch_alter_table('owed_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_owed_answers_agency_due')

    op.drop_table('owed_answers')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_agency_id'))

    op.drop_table('answers')
