"""Comments as search documents: visible comments on public subjects only. A hidden or
withdrawn comment leaves the index in the request that hid it."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.timeutil import to_local
from ..extensions import db
from ..core import content
from ..search.documents import SearchDocument, Source, Trigger, following
from .models import PUBLISHED, Comment


def _documents(ids: list[int]) -> dict:
    rows = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(ids)))}
    loaded: dict[tuple, object] = {}
    out = {}
    for comment_id in ids:
        comment = rows.get(comment_id)
        key = f"comment:{comment_id}"
        out[key] = None
        if comment is None or comment.status != PUBLISHED:
            continue
        adapter = content.commentable(comment.subject_type)
        if adapter is None:
            continue
        subject_key = (comment.subject_type, comment.subject_id)
        if subject_key not in loaded:
            loaded[subject_key] = adapter.load(comment.subject_id)
        subject = loaded[subject_key]
        if subject is None or not adapter.is_public(subject):
            continue
        agency = adapter.agency(subject)  # an idea may have none yet
        facets = {"agency": agency.slug if agency else "", **adapter.search_facets(subject)}
        out[key] = SearchDocument(
            id=key, kind="comment", title=adapter.title(subject), body=comment.body,
            url=url_for("comments.permalink", comment_id=comment.id),
            day=to_local(comment.created_at).date(), **facets,
        )
    return out


COMMENT = content.Searchable(
    sources=(Source(kind="comment", label=_l("Ý kiến góp ý"), documents=_documents,
                    all_ids=lambda: db.session.scalars(select(Comment.id).where(Comment.status == PUBLISHED)).all()),),
    triggers=(Trigger(Comment, ("body", "status"), lambda comment: [("comment", comment.id)]),),
    # A change to what comments are on that they show (its title, agency, topics) re-indexes them.
    per_kind=following(Comment, _documents, "commentable", "comments_of"),
)
