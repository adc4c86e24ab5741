"""What dialogues are to the shared mechanisms: sessions, their minutes items and commitments
are found by search; a question sent beforehand is voted up ("I want this answered too");
a question raised in the session and marked for written follow-up (a minutes item) is owed
an answer by the session's agency, rated by whoever asked it. Registered from create_app."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core import content
from ..extensions import db
from . import search_source
from .models import Commitment, DialogueQuestion, DialogueSession, Minutes, MinutesItem


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


def _session_url(session: DialogueSession) -> str:
    return url_for("dialogues.show", session_id=session.id)


def register_kinds() -> None:
    content.register(content.Kind(
        name="dialogue",
        label=_l("hội nghị đối thoại"),
        model=DialogueSession,
        load=lambda session_id: db.session.get(DialogueSession, session_id),
        is_public=lambda session: session is not None,
        agency=lambda session: session.agency,
        url=_session_url,
        title=lambda session: session.title,
        searchable=search_source.SESSION,
    ))
    content.register(content.Kind(
        name="dialogue_question",
        label=_l("câu hỏi gửi trước"),
        model=DialogueQuestion,
        load=lambda question_id: db.session.get(DialogueQuestion, question_id),
        is_public=lambda question: question is not None and question.merged_into_id is None,
        agency=lambda question: db.session.get(DialogueSession, question.session_id).agency,
        url=lambda question: url_for("dialogues.show", session_id=question.session_id) + f"#question-{question.id}",
        title=lambda question: question.body,
        shown_on=lambda question: ("dialogue", question.session_id),
        votable=content.Votable(values=("up",)),
    ))
    content.register(content.Kind(
        name="dialogue_item",
        label=_l("câu hỏi đối thoại"),
        model=MinutesItem,
        load=_load,
        load_many=_load_many,
        is_public=lambda item: item is not None and item.minutes.is_published,
        agency=lambda item: item.minutes.session.agency,
        url=lambda item: url_for("dialogues.minutes", session_id=item.minutes.session_id) + f"#item-{item.id}",
        title=lambda item: item.minutes.session.title,
        shown_on=lambda item: ("dialogue", item.minutes.session_id),
        answerable=content.Answerable(
            author_id=_author_id,
            back_label=_l("Quay lại biên bản"),
            shown_where=_l("Câu trả lời được đăng công khai trong biên bản buổi đối thoại, với tên cơ quan và người ký."),
            quote=lambda item: item.question,
            excerpt=lambda item: item.question,
            search_watch=("question",),
        ),
        searchable=search_source.MINUTES_ITEM,
    ))
    content.register(content.Kind(
        name="commitment",
        label=_l("cam kết"),
        model=Commitment,
        load=lambda commitment_id: db.session.get(Commitment, commitment_id),
        is_public=lambda commitment: commitment is not None,
        agency=lambda commitment: commitment.owner,
        url=lambda commitment: _session_url(commitment.session) + "#commitments",
        title=lambda commitment: commitment.description,
        shown_on=lambda commitment: ("dialogue", commitment.session_id),
        searchable=search_source.COMMITMENT,
    ))
