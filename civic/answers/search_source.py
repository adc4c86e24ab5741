"""Official answers as search documents, found when what they answer is public."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.timeutil import to_local
from ..extensions import db
from ..search.documents import SearchDocument, Source, Trigger, register
from . import subjects
from .models import Answer


def _documents(ids: list[int]) -> dict:
    rows = {a.id: a for a in db.session.scalars(select(Answer).where(Answer.id.in_(ids)))}
    out = {}
    for answer_id in ids:
        answer = rows.get(answer_id)
        key = f"answer:{answer_id}"
        out[key] = None
        if answer is None or answer.subject_type not in subjects.SUBJECTS:
            continue
        adapter = subjects.get(answer.subject_type)
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


register(
    Source(kind="answer", label=_l("Trả lời của cơ quan"), documents=_documents, all_ids=lambda: db.session.scalars(select(Answer.id)).all()),
    Trigger(Answer, ("body", "signer_name", "signer_title"), lambda answer: [("answer", answer.id)]),
)


def watch_subjects() -> None:
    """Hiding what was answered hides its answer too."""
    for subject in subjects.SUBJECTS.values():
        if subject.model is None:
            continue
        kind = f"answers_of:{subject.type}"
        register(
            Source(kind=kind, documents=_answers_of(subject.type), all_ids=lambda: ()),
            Trigger(subject.model, subject.search_watch, lambda obj, kind=kind: [(kind, obj.id)]),
        )
