"""Answering, owing, correcting and rating; and the queries pages use (one per kind of row)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from ..core import audit, settings
from ..core.services import Problems, ServiceError, page_bounds, refuse_unless
from ..core.text import clean_line, clean_text
from ..core.timeutil import local_today
from ..core.workdays import add_working_days, working_days_counter
from ..extensions import db
from ..core import content
from . import permissions
from ..core.uploads import read_upload
from .models import DUE_SOON, DUE_SOON_WORKING_DAYS, OVERDUE, PENDING, RATINGS, Answer, AnswerAttachment, AnswerRevision, OwedAnswer, Rating


BODY_MAX, NAME_MAX, TITLE_MAX, NOTE_MAX = 20000, 120, 160, 2000


def _check_body(raw) -> str:
    body = clean_text(raw)
    if not body:
        raise ServiceError(_l("Vui lòng nhập nội dung trả lời."), "body")
    if len(body) > BODY_MAX:
        raise ServiceError(_l("Nội dung trả lời dài tối đa 20.000 ký tự."), "body")
    return body


def _check_line(raw, field: str, empty, limit: int, too_long) -> str:
    value = clean_line(raw)
    if not value:
        raise ServiceError(empty, field)
    if len(value) > limit:
        raise ServiceError(too_long, field)
    return value


def _answer_fields(data: dict, problems: Problems) -> dict:
    """The answer's text and signer, every problem collected in `problems`."""
    return {
        "body": problems.check(_check_body, data.get("body")),
        "signer_name": problems.check(_check_line, data.get("signer_name"), "signer_name",
                                      _l("Vui lòng nhập họ tên người ký trả lời."), NAME_MAX,
                                      _l("Họ tên người ký dài tối đa %(n)s ký tự.", n=NAME_MAX)),
        "signer_title": problems.check(_check_line, data.get("signer_title"), "signer_title",
                                       _l("Vui lòng nhập chức vụ người ký trả lời."), TITLE_MAX,
                                       _l("Chức vụ dài tối đa %(n)s ký tự.", n=TITLE_MAX)),
    }


def _check_note(raw, field: str, message) -> str:
    """An optional or required free text of at most NOTE_MAX characters, refused when longer."""
    text = clean_text(raw)
    if len(text) > NOTE_MAX:
        raise ServiceError(message, field)
    return text


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
    adapter = content.answerable(subject_type)
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
    return owed


def _attachment(upload):
    """The answer's optional file, checked from its content; None when no file was chosen."""
    checked = read_upload(upload, "attachment")
    return AnswerAttachment(**checked.fields(), data=checked.data) if checked else None


def give_answer(user, subject_type: str, subject, data: dict, upload=None) -> Answer:
    refuse_unless(permissions.can_answer(user, subject_type, subject))
    if answer_for(subject_type, subject.id) is not None:
        raise ServiceError(_l("Ý kiến này đã có câu trả lời; hãy đính chính câu trả lời đó."), status=400)
    adapter = content.answerable(subject_type)
    problems = Problems()
    fields = _answer_fields(data, problems)
    attachment = problems.check(_attachment, upload)
    problems.raise_if_any()
    answer = Answer(subject_type=subject_type, subject_id=subject.id, agency_id=adapter.agency(subject).id,
                    answered_by_id=user.id, **fields)
    answer.attachment = attachment
    db.session.add(answer)
    owed = owed_for(subject_type, subject.id)
    if owed is not None and owed.answered_on is None:
        owed.answered_on = local_today()
    db.session.flush()
    audit.record("answer.give", answer, after={"subject": f"{subject_type}:{subject.id}", **fields}, summary=fields["body"])
    return answer


def correct_answer(user, answer: Answer, subject, data: dict) -> Answer:
    refuse_unless(permissions.can_answer(user, answer.subject_type, subject))
    problems = Problems()
    fields = _answer_fields(data, problems)
    reason = problems.check(_check_note, data.get("reason"), "reason",
                            _l("Lý do đính chính dài tối đa 2.000 ký tự."))
    if reason == "":
        problems.add(_l("Vui lòng nêu lý do đính chính; lý do được công khai."), "reason")
    before = {"body": answer.body, "signer_name": answer.signer_name, "signer_title": answer.signer_title}
    if fields == before:
        problems.add(_l("Nội dung đính chính giống hệt câu trả lời hiện tại."), "body")
    problems.raise_if_any()
    answer.revisions.append(AnswerRevision(reason=reason, replaced_by_id=user.id, **before))
    for key, value in fields.items():
        setattr(answer, key, value)
    audit.record("answer.correct", answer, before=before, after={**fields, "reason": reason}, summary=reason)
    return answer


def rate(user, answer: Answer, subject, value: str, comment: str | None) -> Rating:
    existing = db.session.scalar(select(Rating).where(Rating.answer_id == answer.id, Rating.user_id == user.id))
    refuse_unless(permissions.can_rate(user, answer, subject, existing))
    problems = Problems()
    if value not in RATINGS:
        problems.add(_l("Vui lòng chọn mức độ hài lòng."), "value")
    text = problems.check(_check_note, comment, "comment", _l("Nhận xét dài tối đa 2.000 ký tự."))
    problems.raise_if_any()
    if existing is None:
        existing = Rating(answer_id=answer.id, user_id=user.id, value=value, comment=text)
        db.session.add(existing)
    else:
        existing.value, existing.comment = value, text
    db.session.flush()
    return existing


# --- reading, for pages that show many answered things at once --------------------------

def answers_by_subject(subject_type: str, ids) -> dict[int, Answer]:
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(Answer).where(Answer.subject_type == subject_type, Answer.subject_id.in_(ids)))
    return {a.subject_id: a for a in rows}


def fill_lateness(rows) -> None:
    """Fill `late_by` of many owed answers answered late with one query (see OwedAnswer.late_by)."""
    late = [o for o in rows if o.answered_on is not None and o.answered_on > o.due_on and "_late_by" not in o.__dict__]
    if late:
        between = working_days_counter([(o.due_on, o.answered_on) for o in late])
        for owed in late:
            owed.__dict__["_late_by"] = between(owed.due_on, owed.answered_on)


def owed_by_subject(subject_type: str, ids) -> dict[int, OwedAnswer]:
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(OwedAnswer).where(OwedAnswer.subject_type == subject_type, OwedAnswer.subject_id.in_(ids))).all()
    fill_lateness(rows)
    return {o.subject_id: o for o in rows}


def ratings_by_answer(user, answer_ids) -> dict[int, Rating]:
    ids = list(answer_ids)
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.scalars(select(Rating).where(Rating.user_id == user.id, Rating.answer_id.in_(ids)))
    return {r.answer_id: r for r in rows}


@dataclass
class OwedRow:
    """One line of the staff queue: what is owed (its adapter and the thing itself, None if it
    no longer exists), its deadline state and the working days left (or past, when overdue)."""

    owed: OwedAnswer
    adapter: content.Facet | None
    subject: object
    state: str
    working_days: int

    @property
    def state_label(self) -> str:
        if self.state == OVERDUE:
            return ngettext("Quá hạn %(num)s ngày làm việc", "Quá hạn %(num)s ngày làm việc", self.working_days)
        if self.state == DUE_SOON:
            if self.working_days == 0:
                return _("Đến hạn hôm nay")
            return ngettext("Sắp đến hạn: còn %(num)s ngày làm việc", "Sắp đến hạn: còn %(num)s ngày làm việc", self.working_days)
        return ngettext("Còn %(num)s ngày làm việc", "Còn %(num)s ngày làm việc", self.working_days)


OWED_PER_PAGE = 50


def owed_queue(agency_ids: set[int], page: int = 1):
    """A page of the answers these agencies still owe, nearest deadline first, each with what
    it is about — loaded kind by kind (one query or two each, never one per row) — and its
    state counted in working days. Returns (rows, total, page, pages)."""
    if not agency_ids:
        return [], 0, 1, 1
    query = (select(OwedAnswer).where(OwedAnswer.agency_id.in_(agency_ids), OwedAnswer.answered_on.is_(None))
             .order_by(OwedAnswer.due_on, OwedAnswer.id))
    total, page, pages = page_bounds(query, OwedAnswer.id, page, OWED_PER_PAGE)
    items = db.session.scalars(query.offset((page - 1) * OWED_PER_PAGE).limit(OWED_PER_PAGE)).all()
    by_type: dict[str, list[int]] = {}
    for item in items:
        by_type.setdefault(item.subject_type, []).append(item.subject_id)
    adapters = {t: content.answerable(t) for t in by_type}
    loaded = {t: adapters[t].load_all(ids) for t, ids in by_type.items() if adapters[t] is not None}
    today = local_today()
    between = working_days_counter([(min(today, o.due_on), max(today, o.due_on)) for o in items]) if items else None
    rows = []
    for item in items:
        if item.due_on < today:
            state, days = OVERDUE, between(item.due_on, today)
        else:
            days = between(today, item.due_on)
            state = DUE_SOON if days <= DUE_SOON_WORKING_DAYS else PENDING
        rows.append(OwedRow(item, adapters.get(item.subject_type),
                            loaded.get(item.subject_type, {}).get(item.subject_id), state, days))
    return rows, total, page, pages


def load_subject_or_404(subject_type: str, subject_id: int):
    from flask import abort

    adapter = content.answerable(subject_type)
    subject = adapter.load(subject_id) if adapter else None
    if subject is None or not adapter.is_public(subject):
        abort(404)
    return adapter, subject


