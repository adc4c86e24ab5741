"""How dialogue questions appear to the shared answers feature: a question raised in the
session and marked for written follow-up is owed an answer by the session's agency."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..answers import subjects as answer_subjects
from ..extensions import db
from .models import DialogueQuestion, Minutes, MinutesItem


def _load(item_id: int):
    return db.session.get(MinutesItem, item_id)


def _load_many(ids: list[int]) -> dict:
    items = db.session.scalars(select(MinutesItem).where(MinutesItem.id.in_(ids))
                               .options(joinedload(MinutesItem.minutes).joinedload(Minutes.session)))
    return {item.id: item for item in items.unique()}


def _author_id(item: MinutesItem):
    if item.question_id is None:
        return None
    question = db.session.get(DialogueQuestion, item.question_id)
    return question.author_id if question else None


answer_subjects.register(
    answer_subjects.AnswerSubject(
        type="dialogue_item",
        load=_load,
        is_public=lambda item: item is not None and item.minutes.is_published,
        agency=lambda item: item.minutes.session.agency,
        author_id=_author_id,
        url=lambda item: url_for("dialogues.minutes", session_id=item.minutes.session_id) + f"#item-{item.id}",
        title=lambda item: item.minutes.session.title,
        model=MinutesItem,
        search_watch=("question",),
        quote=lambda item: item.question,
        back_label=_l("Quay lại biên bản"),
        shown_where=_l("Câu trả lời được đăng công khai trong biên bản buổi đối thoại, với tên cơ quan và người ký."),
        kind_label=_l("câu hỏi đối thoại"),
        excerpt=lambda item: item.question,
        load_many=_load_many,
    )
)
