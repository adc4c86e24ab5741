"""Official answers as search documents, found when what they answer is public."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.timeutil import to_local
from ..extensions import db
from ..core import content
from ..search.documents import SearchDocument, Source, Trigger, following
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


ANSWER = content.Searchable(
    sources=(Source(kind="answer", label=_l("Trả lời của cơ quan"), documents=_documents,
                    all_ids=lambda: db.session.scalars(select(Answer.id)).all()),),
    triggers=(Trigger(Answer, ("body", "signer_name", "signer_title"), lambda answer: [("answer", answer.id)]),),
    per_kind=following(Answer, _documents, "answerable", "answers_of"),   # hiding what was answered hides its answer
)
