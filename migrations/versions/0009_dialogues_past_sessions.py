"""dialogues: sessions recorded after they took place (no registration)

A session can be recorded after the fact so that its minutes can be written and published:
it has no capacity, no registration window and no questions beforehand. `recorded_after`
says so, the three registration columns become nullable, and one CHECK keeps the two kinds
apart (a recorded session has none of the registration fields, any other has all of them).

Revision ID: 0009_dialogues_past_sessions
Revises: 0008_dialogues
Create Date: 2026-11-29 23:00:00

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


revision = '0009_dialogues_past_sessions'
down_revision = '0008_dialogues'
branch_labels = None
depends_on = None

CHECK = ("(recorded_after AND capacity IS NULL AND registration_opens_at IS NULL AND registration_closes_at IS NULL"
         " AND attending = 0 AND NOT questions_allowed)"
         " OR (NOT recorded_after AND capacity IS NOT NULL AND registration_opens_at IS NOT NULL"
         " AND registration_closes_at IS NOT NULL)")


def upgrade():
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_after', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.alter_column('capacity', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('registration_opens_at', existing_type=sa.DateTime(), nullable=True)
        batch_op.alter_column('registration_closes_at', existing_type=sa.DateTime(), nullable=True)
        batch_op.create_check_constraint(op.f('ck_dialogue_sessions_registration_unless_recorded'), CHECK)


def downgrade():
    # The earlier schema has no recorded sessions: each keeps its minutes and becomes a session
    # whose (one-seat) registration window closed when it began, so nothing of it is lost.
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_dialogue_sessions_registration_unless_recorded'), type_='check')
    op.execute(sa.text(
        "UPDATE dialogue_sessions SET capacity = 1, registration_opens_at = :opens, "
        "registration_closes_at = starts_at, questions_allowed = :no WHERE capacity IS NULL"
    ).bindparams(sa.bindparam("opens", datetime(1999, 1, 1), type_=sa.DateTime()),
                 sa.bindparam("no", False, type_=sa.Boolean())))
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.alter_column('registration_closes_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column('registration_opens_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column('capacity', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('recorded_after')
