"""synthesis reports, comment outcomes, report revisions

Revision ID: 0004_reports
Revises: 0003_answers
Create Date: 2026-11-23 17:32:01.297896

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0004_reports"
down_revision = '0003_answers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('synthesis_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_synthesis_reports_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_synthesis_reports_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis_reports')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_synthesis_reports_consultation_id'))
    )
    op.create_table('report_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_report_revisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['synthesis_reports.id'], name=op.f('fk_report_revisions_report_id_synthesis_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_revisions'))
    )
    with op.batch_alter_table('report_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_revisions_report_id'), ['report_id'], unique=False)

    op.create_table('comment_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('changed_section_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("outcome IN ('accepted', 'partly_accepted', 'explained', 'noted')", name=op.f('ck_comment_outcomes_outcome_known')),
    sa.ForeignKeyConstraint(['changed_section_id'], ['sections.id'], name=op.f('fk_comment_outcomes_changed_section_id_sections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_outcomes_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['synthesis_reports.id'], name=op.f('fk_comment_outcomes_report_id_synthesis_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_outcomes')),
    sa.UniqueConstraint('comment_id', name=op.f('uq_comment_outcomes_comment_id'))
    )
    with op.batch_alter_table('comment_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_outcomes_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('comment_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_outcomes_report_id'))

    op.drop_table('comment_outcomes')
    with op.batch_alter_table('report_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_revisions_report_id'))

    op.drop_table('report_revisions')
    op.drop_table('synthesis_reports')
