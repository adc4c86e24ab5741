"""Comments can be answered officially (the shared answers feature)."""
from __future__ import annotations

from flask import url_for

from ..answers import subjects as answer_subjects
from ..extensions import db
from . import subjects
from .models import Comment


def _load(comment_id: int):
    return db.session.get(Comment, comment_id)


def _is_public(comment: Comment) -> bool:
    adapter = subjects.get(comment.subject_type)
    subject = adapter.load(comment.subject_id)
    return subject is not None and adapter.is_public(subject)


def _agency(comment: Comment):
    adapter = subjects.get(comment.subject_type)
    return adapter.agency(adapter.load(comment.subject_id))


answer_subjects.register(
    answer_subjects.AnswerSubject(
        type="comment",
        load=_load,
        is_public=_is_public,
        agency=_agency,
        author_id=lambda comment: comment.author_id,
        url=lambda comment: url_for("comments.permalink", comment_id=comment.id),
        touch=lambda comment: subjects.get(comment.subject_type).touch(comment.subject_id),
        title=lambda comment: subjects.get(comment.subject_type).title(subjects.get(comment.subject_type).load(comment.subject_id)),
        model=Comment,
        search_watch=("status",),
    )
)
