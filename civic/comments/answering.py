"""Comments can be answered officially (the shared answers feature)."""
from __future__ import annotations

from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..answers import subjects as answer_subjects
from ..extensions import db
from . import subjects
from .models import Comment


def _load(comment_id: int):
    return db.session.get(Comment, comment_id)


def _load_many(ids: list[int]) -> dict:
    """Comments and what they comment on, one query per kind of subject; each comment keeps
    its subject (`_title` reads it) — the session's identity map alone holds objects weakly."""
    rows = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(ids)))}
    by_type: dict[str, set[int]] = defaultdict(set)
    for comment in rows.values():
        by_type[comment.subject_type].add(comment.subject_id)
    for subject_type, subject_ids in by_type.items():
        model = subjects.get(subject_type).model
        if model is None:
            continue
        loaded = {s.id: s for s in db.session.scalars(select(model).where(model.id.in_(subject_ids))).unique()}
        for comment in rows.values():
            if comment.subject_type == subject_type:
                comment._commented_on = loaded.get(comment.subject_id)
    return rows


def _subject_of(comment: Comment):
    cached = getattr(comment, "_commented_on", None)
    return cached if cached is not None else subjects.get(comment.subject_type).load(comment.subject_id)


def _is_public(comment: Comment) -> bool:
    adapter = subjects.get(comment.subject_type)
    subject = adapter.load(comment.subject_id)
    return subject is not None and adapter.is_public(subject)


def _agency(comment: Comment):
    adapter = subjects.get(comment.subject_type)
    return adapter.agency(adapter.load(comment.subject_id))


def _title(comment: Comment) -> str:
    subject = _subject_of(comment)
    return subjects.get(comment.subject_type).title(subject) if subject is not None else ""


answer_subjects.register(
    answer_subjects.AnswerSubject(
        type="comment",
        load=_load,
        is_public=_is_public,
        agency=_agency,
        author_id=lambda comment: comment.author_id,
        url=lambda comment: url_for("comments.permalink", comment_id=comment.id),
        touch=lambda comment: subjects.get(comment.subject_type).touch(comment.subject_id),
        title=_title,
        model=Comment,
        search_watch=("status",),
        kind_label=_l("ý kiến góp ý"),
        excerpt=lambda comment: comment.body,
        load_many=_load_many,
    )
)
