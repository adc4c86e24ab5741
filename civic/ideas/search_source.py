"""Public ideas as search documents (their answers are found through the answers source)."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.timeutil import to_local
from ..extensions import db
from ..core.content import Searchable
from ..search.documents import SearchDocument, Source, Trigger
from .models import PUBLIC_STATUSES, Idea

WATCH = ("title", "problem", "solution", "status", "agency_id", "topic_id")


def _documents(ids: list[int]) -> dict:
    rows = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(ids)))}
    out = {}
    for idea_id in ids:
        idea = rows.get(idea_id)
        key = f"idea:{idea_id}"
        out[key] = None
        if idea is None or not idea.is_public:
            continue
        out[key] = SearchDocument(
            id=key, kind="idea", title=idea.title, body=f"{idea.problem}\n{idea.solution}",
            url=url_for("ideas.show", idea_id=idea.id), agency=idea.agency.slug if idea.agency else "",
            topics=(idea.topic.slug,), day=to_local(idea.published_at).date() if idea.published_at else None,
        )
    return out


IDEA = Searchable(
    sources=(Source(kind="idea", label=_l("Sáng kiến"), documents=_documents,
                    all_ids=lambda: db.session.scalars(select(Idea.id).where(Idea.status.in_(PUBLIC_STATUSES))).all()),),
    triggers=(Trigger(Idea, WATCH, lambda idea: [("idea", idea.id)]),),
)
