"""Official answers as search documents, found when what they answer is public."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.timeutil import to_local
from ..extensions import db
from ..core import content
from ..search.documents import SearchDocument, Source, Trigger
from .models import Answer


def _documents(ids: list[int]) -> dict:
    rows = {a.id: a for a in db.session.scalars(select(Answer).where(Answer.id.in_(ids)))}
    out = {}
    for answer_id in ids:
        answer = rows.get(answer_id)
        key = f"answer:{answer_id}"
        out[key] = None
        adapter = content.answerable(answer.subject_type) if answer is not None else None
        if adapter is None:
            continue
        subject = adapter.load(answer.subject_id)
        if subject is None or not adapter.is_public(subject):
            continue
        out[key] = SearchDocument(
            id=key, kind="answer", title=adapter.title(subject) or answer.agency.name,
            body=f"{answer.body}\n{answer.signer_title} {answer.signer_name}",
            url=url_for("answers.show", answer_id=answer.id), agency=answer.agency.slug,
            day=to_local(answer.created_at).date(),
        )
    return out


def _answers_of(subject_type: str):
    def documents(subject_ids: list[int]) -> dict:
        ids = db.session.scalars(select(Answer.id).where(
            Answer.subject_type == subject_type, Answer.subject_id.in_(subject_ids))).all()
        return _documents(list(ids))
    return documents


def _follow(kind: content.Kind):
    """Hiding what was answered hides its answer too: one more source and trigger for every
    answerable kind."""
    if kind.answerable is None or kind.model is None:
        return []
    name = f"answers_of:{kind.name}"
    return [(Source(kind=name, documents=_answers_of(kind.name), all_ids=lambda: ()),
             Trigger(kind.model, kind.answerable.search_watch, lambda obj: [(name, obj.id)]))]


ANSWER = content.Searchable(
    sources=(Source(kind="answer", label=_l("Trả lời của cơ quan"), documents=_documents,
                    all_ids=lambda: db.session.scalars(select(Answer.id)).all()),),
    triggers=(Trigger(Answer, ("body", "signer_name", "signer_title"), lambda answer: [("answer", answer.id)]),),
    per_kind=_follow,
)
