"""Answering, owing, correcting and rating; and the queries pages use (one per kind of row)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core import audit, settings
from ..core.services import ServiceError, refuse_unless
from ..core.text import clean_line, clean_text
from ..core.timeutil import local_today
from ..core.workdays import add_working_days
from ..extensions import db
from . import permissions, subjects
from ..core.uploads import read_upload
from .models import RATINGS, Answer, AnswerAttachment, AnswerRevision, OwedAnswer, Rating


def _answer_fields(data: dict) -> dict:
    body = clean_text(data.get("body"))
    if not body:
        raise ServiceError(_l("Vui lòng nhập nội dung trả lời."), "body")
    if len(body) > 20000:
        raise ServiceError(_l("Nội dung trả lời dài tối đa 20.000 ký tự."), "body")
    name = clean_line(data.get("signer_name"))
    title = clean_line(data.get("signer_title"))
    if not name:
        raise ServiceError(_l("Vui lòng nhập họ tên người ký trả lời."), "signer_name")
    if not title:
        raise ServiceError(_l("Vui lòng nhập chức vụ người ký trả lời."), "signer_title")
    return {"body": body, "signer_name": name[:120], "signer_title": title[:160]}


def owed_for(subject_type: str, subject_id: int) -> OwedAnswer | None:
    return db.session.scalar(select(OwedAnswer).where(OwedAnswer.subject_type == subject_type, OwedAnswer.subject_id == subject_id))


def answer_for(subject_type: str, subject_id: int) -> Answer | None:
    return db.session.scalar(select(Answer).where(Answer.subject_type == subject_type, Answer.subject_id == subject_id))


def mark_owed(user, subject_type: str, subject, reason: str = "marked") -> OwedAnswer:
    """The agency owes an answer from today: deadline = today + N working days (setting)."""
    if user is not None:
        refuse_unless(permissions.can_answer(user, subject_type, subject))
    if owed_for(subject_type, subject.id) is not None:
        raise ServiceError(_l("Ý kiến này đã được đánh dấu cần trả lời."), status=400)
    adapter = subjects.get(subject_type)
    today = local_today()
    owed = OwedAnswer(
        subject_type=subject_type, subject_id=subject.id, agency_id=adapter.agency(subject).id, reason=reason,
        triggered_on=today, due_on=add_working_days(today, settings.get("answer_deadline_working_days")),
        created_by_id=getattr(user, "id", None),
    )
    existing = answer_for(subject_type, subject.id)
    if existing is not None:
        owed.answered_on = today
    db.session.add(owed)
    db.session.flush()
    audit.record("answer.owe", owed, after={"subject": f"{subject_type}:{subject.id}", "due_on": owed.due_on}, summary=reason, actor=user)
    adapter.touch(subject)
    return owed


def _attachment(upload):
    """The answer's optional file, checked from its content; None when no file was chosen."""
    checked = read_upload(upload, "attachment")
    return AnswerAttachment(**checked.fields(), data=checked.data) if checked else None


def give_answer(user, subject_type: str, subject, data: dict, upload=None) -> Answer:
    refuse_unless(permissions.can_answer(user, subject_type, subject))
    if answer_for(subject_type, subject.id) is not None:
        raise ServiceError(_l("Ý kiến này đã có câu trả lời; hãy đính chính câu trả lời đó."), status=400)
    adapter = subjects.get(subject_type)
    fields = _answer_fields(data)
    answer = Answer(subject_type=subject_type, subject_id=subject.id, agency_id=adapter.agency(subject).id,
                    answered_by_id=user.id, **fields)
    answer.attachment = _attachment(upload)
    db.session.add(answer)
    owed = owed_for(subject_type, subject.id)
    if owed is not None and owed.answered_on is None:
        owed.answered_on = local_today()
    db.session.flush()
    audit.record("answer.give", answer, after={"subject": f"{subject_type}:{subject.id}", **fields}, summary=fields["body"][:200])
    adapter.touch(subject)
    return answer


def correct_answer(user, answer: Answer, subject, data: dict) -> Answer:
    refuse_unless(permissions.can_answer(user, answer.subject_type, subject))
    fields = _answer_fields(data)
    reason = clean_text(data.get("reason"))
    if not reason:
        raise ServiceError(_l("Vui lòng nêu lý do đính chính; lý do được công khai."), "reason")
    before = {"body": answer.body, "signer_name": answer.signer_name, "signer_title": answer.signer_title}
    if fields == before:
        raise ServiceError(_l("Nội dung đính chính giống hệt câu trả lời hiện tại."), "body")
    answer.revisions.append(AnswerRevision(reason=reason[:2000], replaced_by_id=user.id, **before))
    for key, value in fields.items():
        setattr(answer, key, value)
    audit.record("answer.correct", answer, before=before, after=fields, summary=reason[:200])
    subjects.get(answer.subject_type).touch(subject)
    return answer


def rate(user, answer: Answer, subject, value: str, comment: str | None) -> Rating:
    if value not in RATINGS:
        raise ServiceError(_l("Vui lòng chọn mức độ hài lòng."), "value")
    existing = db.session.scalar(select(Rating).where(Rating.answer_id == answer.id, Rating.user_id == user.id))
    refuse_unless(permissions.can_rate(user, answer, subject, existing))
    text = clean_text(comment)[:2000]
    if existing is None:
        existing = Rating(answer_id=answer.id, user_id=user.id, value=value, comment=text)
        db.session.add(existing)
    else:
        existing.value, existing.comment = value, text
    db.session.flush()
    subjects.get(answer.subject_type).touch(subject)
    return existing


# --- reading, for pages that show many answered things at once --------------------------

def answers_by_subject(subject_type: str, ids) -> dict[int, Answer]:
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(Answer).where(Answer.subject_type == subject_type, Answer.subject_id.in_(ids)))
    return {a.subject_id: a for a in rows}


def owed_by_subject(subject_type: str, ids) -> dict[int, OwedAnswer]:
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(OwedAnswer).where(OwedAnswer.subject_type == subject_type, OwedAnswer.subject_id.in_(ids)))
    return {o.subject_id: o for o in rows}


def ratings_by_answer(user, answer_ids) -> dict[int, Rating]:
    ids = list(answer_ids)
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.scalars(select(Rating).where(Rating.user_id == user.id, Rating.answer_id.in_(ids)))
    return {r.answer_id: r for r in rows}


def owed_queue(agency_ids: set[int]):
    if not agency_ids:
        return []
    return list(db.session.scalars(
        select(OwedAnswer).where(OwedAnswer.agency_id.in_(agency_ids), OwedAnswer.answered_on.is_(None)).order_by(OwedAnswer.due_on, OwedAnswer.id)
    ))


def load_subject_or_404(subject_type: str, subject_id: int):
    from flask import abort

    adapter = subjects.SUBJECTS.get(subject_type)
    subject = adapter.load(subject_id) if adapter else None
    if subject is None or not adapter.is_public(subject):
        abort(404)
    return adapter, subject


