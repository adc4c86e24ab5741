"""drafts: no part of a draft, a mail subject or an audit summary is ever shortened

A clause's text lives in `sections.heading` (its whole first line, often a long paragraph):
String(500) cut a pasted 730-character khoản on import. The mail subject (built from titles:
a 300-character consultation title plus a phrase did not fit String(300), and PostgreSQL
refused the whole transaction), the audit summary (built from titles and reasons) and the
audit actor label (an email of up to 254 characters plus the account number did not fit
String(255)) become Text too.

Downgrade: the old columns are restored. A section heading longer than 500 characters keeps
every word: its end moves to the start of the section's body (heading then body reads the
same). Audit summaries, actor labels and mail subjects that do not fit are shortened with a
visible "…" (an audit summary's whole text is kept in the entry's `after` record as
"summary_full") — a downgrade cannot keep them whole in the old columns.

Revision ID: 0010_drafts_full_text
Revises: 0009_dialogues_past_sessions
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010_drafts_full_text"
down_revision = "0009_dialogues_past_sessions"
branch_labels = None
depends_on = None

HEADING_LIMIT = 500


def upgrade():
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.alter_column("heading", existing_type=sa.String(length=500), type_=sa.Text(), existing_nullable=False)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("summary", existing_type=sa.String(length=500), type_=sa.Text(), existing_nullable=False)
        batch_op.alter_column("actor_label", existing_type=sa.String(length=255), type_=sa.Text(), existing_nullable=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("subject", existing_type=sa.String(length=300), type_=sa.Text(), existing_nullable=False)


def split_heading(heading: str, body: str, limit: int = HEADING_LIMIT) -> tuple[str, str]:
    """(heading, body) with the heading at most `limit` characters and no word lost: the
    heading ends at the last space that fits; the rest opens the body."""
    if len(heading) <= limit:
        return heading, body
    cut = heading.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    head, rest = heading[:cut].rstrip(), heading[cut:].strip()
    return head, "\n\n".join(part for part in (rest, body) if part)


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def downgrade():
    conn = op.get_bind()
    sections = sa.table("sections", sa.column("id", sa.Integer), sa.column("heading", sa.Text), sa.column("body", sa.Text))
    for row in conn.execute(
        sa.select(sections.c.id, sections.c.heading, sections.c.body).where(sa.func.length(sections.c.heading) > HEADING_LIMIT)
    ).all():
        heading, body = split_heading(row.heading, row.body)
        conn.execute(sections.update().where(sections.c.id == row.id).values(heading=heading, body=body))

    audit = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("summary", sa.Text),
                     sa.column("actor_label", sa.Text), sa.column("after", sa.JSON))
    for row in conn.execute(
        sa.select(audit.c.id, audit.c.summary, audit.c.actor_label, audit.c.after)
        .where(sa.or_(sa.func.length(audit.c.summary) > 500, sa.func.length(audit.c.actor_label) > 255))
    ).all():
        values = {"actor_label": _shorten(row.actor_label, 255), "summary": _shorten(row.summary, 500)}
        if len(row.summary) > 500:
            values["after"] = {**(row.after or {}), "summary_full": row.summary}
        conn.execute(audit.update().where(audit.c.id == row.id).values(**values))

    outbox = sa.table("outbox", sa.column("id", sa.Integer), sa.column("subject", sa.Text))
    for row in conn.execute(sa.select(outbox.c.id, outbox.c.subject).where(sa.func.length(outbox.c.subject) > 300)).all():
        conn.execute(outbox.update().where(outbox.c.id == row.id).values(subject=_shorten(row.subject, 300)))

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("subject", existing_type=sa.Text(), type_=sa.String(length=300), existing_nullable=False)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("actor_label", existing_type=sa.Text(), type_=sa.String(length=255), existing_nullable=False)
        batch_op.alter_column("summary", existing_type=sa.Text(), type_=sa.String(length=500), existing_nullable=False)
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.alter_column("heading", existing_type=sa.Text(), type_=sa.String(length=500), existing_nullable=False)
