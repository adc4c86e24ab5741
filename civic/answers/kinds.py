"""What answers are to the shared mechanisms: an answer is shown with what it answers and
found by search; its ratings and corrections, and what is owed, are shown with it.
Registered from create_app."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..core import content
from ..extensions import db
from . import search_source
from .models import Answer, AnswerRevision, OwedAnswer, Rating


def _subject(answer: Answer):
    adapter = content.answerable(answer.subject_type)
    return adapter.load(answer.subject_id) if adapter is not None else None


def _is_public(answer: Answer) -> bool:
    adapter = content.answerable(answer.subject_type)
    subject = adapter.load(answer.subject_id) if adapter is not None else None
    return subject is not None and adapter.is_public(subject)


def register_kinds() -> None:
    content.register(content.Kind(
        name="answer",
        label=_l("câu trả lời"),
        model=Answer,
        load=lambda answer_id: db.session.get(Answer, answer_id),
        is_public=_is_public,
        agency=lambda answer: answer.agency,
        url=lambda answer: url_for("answers.show", answer_id=answer.id),
        title=lambda answer: (content.get(answer.subject_type).title(subject)
                              if (subject := _subject(answer)) is not None else answer.agency.name),
        shown_on=lambda answer: (answer.subject_type, answer.subject_id),
        searchable=search_source.ANSWER,
    ))
    content.register_part(Rating, lambda rating: ("answer", rating.answer_id))
    content.register_part(AnswerRevision, lambda revision: ("answer", revision.answer_id))
    content.register_part(OwedAnswer, lambda owed: (owed.subject_type, owed.subject_id))
