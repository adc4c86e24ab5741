"""answer attachments

Revision ID: 0005_answer_attachments
Revises: 0004_reports
Create Date: 2026-11-23 17:55:06.973968

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0005_answer_attachments"
down_revision = '0004_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_answer_attachments_answer_id_answers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_attachments')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_answer_attachments_answer_id'))
    )


def downgrade():
    op.drop_table('answer_attachments')
