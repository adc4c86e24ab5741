"""What comments are to the shared mechanisms: a comment is shown on what it comments on,
answered officially by that thing's agency (rated by its author), voted up or down by whoever
may vote on that thing's comments, and found by search. Registered from create_app."""
from __future__ import annotations

from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core import content
from ..core.permissions import Decision
from ..extensions import db
from . import search_source
from .models import Comment
from .services import COMMENT_VOTES, VOTE_SUBJECT


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
        kind = content.KINDS.get(subject_type)
        model = kind.model if kind is not None else None
        if model is None:
            continue
        loaded = {s.id: s for s in db.session.scalars(select(model).where(model.id.in_(subject_ids))).unique()}
        for comment in rows.values():
            if comment.subject_type == subject_type:
                comment._commented_on = loaded.get(comment.subject_id)
    return rows


def _subject_of(comment: Comment):
    cached = getattr(comment, "_commented_on", None)
    return cached if cached is not None else content.get(comment.subject_type).load(comment.subject_id)


def _is_public(comment: Comment) -> bool:
    adapter = content.get(comment.subject_type)
    subject = adapter.load(comment.subject_id)
    return subject is not None and adapter.is_public(subject)


def _agency(comment: Comment):
    adapter = content.get(comment.subject_type)
    return adapter.agency(adapter.load(comment.subject_id))


def _title(comment: Comment) -> str:
    subject = _subject_of(comment)
    return content.get(comment.subject_type).title(subject) if subject is not None else ""


def _can_vote(user, comment: Comment) -> Decision:
    subject = _subject_of(comment)
    adapter = content.commentable(comment.subject_type)
    if subject is None or adapter is None:
        return Decision(False)
    return adapter.can_vote_comments(user, subject)


def register_kinds() -> None:
    content.register(content.Kind(
        name=VOTE_SUBJECT,
        label=_l("ý kiến góp ý"),
        model=Comment,
        load=_load,
        load_many=_load_many,
        is_public=_is_public,
        agency=_agency,
        url=lambda comment: url_for("comments.permalink", comment_id=comment.id),
        title=_title,
        shown_on=lambda comment: (comment.subject_type, comment.subject_id),
        answerable=content.Answerable(
            author_id=lambda comment: comment.author_id,
            back_label=_l("Quay lại ý kiến"),
            shown_where=_l("Câu trả lời được đăng công khai dưới ý kiến, với tên cơ quan và người ký."),
            excerpt=lambda comment: comment.body,
            search_watch=("status",),
        ),
        votable=content.Votable(values=COMMENT_VOTES, can_vote=_can_vote),
        searchable=search_source.COMMENT,
    ))
