"""Questions sent before a session: asked by those registered, voted up, selected by staff for
the room, duplicates merged; each shown with the item of the published minutes that answers it."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select

from ...core import audit
from ...core.services import ServiceError, refuse_unless
from ...core.text import clean_text
from ...extensions import db
from ...votes import services as votes
from ...votes.models import Vote
from .. import permissions
from ..models import DialogueQuestion, DialogueSession, MinutesItem
from .registrations import registration_of

QUESTION_SUBJECT = "dialogue_question"   # votes on questions sent beforehand
QUESTION_MAX = 2000


def ask(user, session: DialogueSession, body: str, anonymous: bool = False) -> DialogueQuestion:
    refuse_unless(permissions.can_ask(user, session, registration_of(user, session)), status=400)
    body = clean_text(body)
    if not body:
        raise ServiceError(_l("Vui lòng nhập câu hỏi."), "body")
    if len(body) > QUESTION_MAX:
        raise ServiceError(_l("Câu hỏi dài tối đa %(n)s ký tự.", n=QUESTION_MAX), "body")
    question = DialogueQuestion(session_id=session.id, author_id=user.id, body=body, anonymous=bool(anonymous))
    db.session.add(question)
    db.session.flush()
    audit.record("dialogue.ask", question, after={"anonymous": question.anonymous}, actor=user)
    return question


def vote_question(user, question: DialogueQuestion, session: DialogueSession) -> None:
    refuse_unless(permissions.can_vote_question(user, session), status=400)
    if question.author_id == user.id:
        raise ServiceError(_l("Bạn không thể bình chọn câu hỏi của chính mình."), status=400)
    if question.merged_into_id:
        raise ServiceError(_l("Câu hỏi này đã được gộp vào câu hỏi khác."), status=400)
    votes.set_vote(user, QUESTION_SUBJECT, question.id, "up")


def unvote_question(user, question: DialogueQuestion, session: DialogueSession) -> None:
    refuse_unless(permissions.can_vote_question(user, session), status=400)
    votes.withdraw_vote(user, QUESTION_SUBJECT, question.id)


@dataclass
class QuestionView:
    question: DialogueQuestion
    votes: int
    voted: bool
    item_id: int | None = None   # the published minutes' item that answers it


def answered_in_minutes(session: DialogueSession) -> dict[int, int]:
    """Question id -> the id of the item of the published minutes that took it up (one query;
    nothing while the minutes are a draft)."""
    if session.minutes is None or not session.minutes.is_published:
        return {}
    rows = db.session.execute(select(MinutesItem.question_id, MinutesItem.id).where(
        MinutesItem.minutes_id == session.minutes.id, MinutesItem.question_id.is_not(None))
        .order_by(MinutesItem.position.desc(), MinutesItem.id.desc()))
    return {question_id: item_id for question_id, item_id in rows}   # the first item wins


def question_list(user, session: DialogueSession) -> list[QuestionView]:
    """The session's questions (merged ones left out), most voted first, each with the item of
    the published minutes that answers it: at most four queries."""
    questions = db.session.scalars(select(DialogueQuestion).where(
        DialogueQuestion.session_id == session.id, DialogueQuestion.merged_into_id.is_(None))).all()
    ids = [q.id for q in questions]
    tallies = votes.tallies(QUESTION_SUBJECT, ids)
    mine = set()
    if ids and getattr(user, "is_authenticated", False):
        mine = set(db.session.scalars(select(Vote.subject_id).where(
            Vote.subject_type == QUESTION_SUBJECT, Vote.user_id == user.id, Vote.subject_id.in_(ids))))
    items = answered_in_minutes(session) if ids else {}
    views = [QuestionView(q, tallies.get(q.id, {}).get("up", 0), q.id in mine, items.get(q.id)) for q in questions]
    return sorted(views, key=lambda v: (not v.question.selected, -v.votes, v.question.id))


def select_question(actor, question: DialogueQuestion, session: DialogueSession, selected: bool) -> DialogueQuestion:
    refuse_unless(permissions.can_manage(actor, session))
    question.selected = bool(selected)
    audit.record("dialogue.question.select", question, after={"selected": question.selected}, actor=actor)
    return question


def merge_question(actor, duplicate: DialogueQuestion, target: DialogueQuestion, session: DialogueSession) -> DialogueQuestion:
    """Fold a duplicate question into another of the same session: its votes move over (once
    per person; the target's author is not counted)."""
    refuse_unless(permissions.can_manage(actor, session))
    if duplicate.id == target.id:
        raise ServiceError(_l("Không thể gộp câu hỏi vào chính nó."), "target")
    if target.session_id != session.id or duplicate.session_id != session.id:
        raise ServiceError(_l("Chỉ gộp được các câu hỏi của cùng một buổi đối thoại."), "target")
    if target.merged_into_id or duplicate.merged_into_id:
        raise ServiceError(_l("Câu hỏi này đã được gộp vào câu hỏi khác."), "target")
    if db.session.scalar(select(MinutesItem.id).where(MinutesItem.question_id == duplicate.id).limit(1)) is not None:
        # its asker follows the link from the question to its answer in the minutes
        raise ServiceError(_l("Câu hỏi này đã được ghi trong biên bản; không thể gộp."), "target")
    already = select(Vote.user_id).where(Vote.subject_type == QUESTION_SUBJECT, Vote.subject_id == target.id)
    db.session.execute(insert(Vote).from_select(
        ["user_id", "subject_type", "subject_id", "value", "created_at"],
        select(Vote.user_id, db.literal(QUESTION_SUBJECT), db.literal(target.id), Vote.value, Vote.created_at).where(
            Vote.subject_type == QUESTION_SUBJECT, Vote.subject_id == duplicate.id,
            Vote.user_id.not_in(already), Vote.user_id != target.author_id)))
    db.session.execute(delete(Vote).where(Vote.subject_type == QUESTION_SUBJECT, Vote.subject_id == duplicate.id))
    duplicate.merged_into_id = target.id
    target.selected = target.selected or duplicate.selected
    audit.record("dialogue.question.merge", duplicate, after={"into": target.id}, actor=actor)
    return target
