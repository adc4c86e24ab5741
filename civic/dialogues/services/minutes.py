"""The minutes of a session: attendance, agenda and summary, the questions raised in the room and
their answers (owed a written answer when marked for follow-up), the PDF scan, publication; once
published, every change is a revision with its note and the content before, kept in public."""
from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...answers import services as answers
from ...core import audit
from ...core.services import Problems, ServiceError, refuse_unless
from ...core.text import as_id, clean_text
from ...core.timeutil import utcnow
from ...core.uploads import read_upload
from ...extensions import db
from .. import permissions
from ..models import Commitment, DialogueQuestion, DialogueSession, Minutes, MinutesItem, MinutesRevision, MinutesScan
from ._common import ASKED_BY_MAX, NAME_MAX, OFFICIAL_TITLE_MAX, _line
from .questions import QUESTION_MAX

ITEM_SUBJECT = "dialogue_item"           # owed written answers to questions raised in the session


def start_minutes(actor, session: DialogueSession) -> Minutes:
    """The draft minutes of a session that has begun (created once; later calls return it)."""
    refuse_unless(permissions.can_manage(actor, session))
    if utcnow() < session.starts_at:
        raise ServiceError(_l("Biên bản được lập sau khi buổi đối thoại bắt đầu."), status=400)
    if session.minutes is not None:
        return session.minutes
    minutes = Minutes(session_id=session.id)
    db.session.add(minutes)
    db.session.flush()
    db.session.refresh(session, ["minutes"])
    return minutes


def snapshot(minutes: Minutes) -> dict:
    """The minutes' public content as plain data (for revisions and their comparison)."""
    commitments = db.session.scalars(select(Commitment).where(Commitment.session_id == minutes.session_id)
                                     .order_by(Commitment.id)).all()
    return {
        "attendance": {"citizens": minutes.citizens, "businesses": minutes.businesses, "online": minutes.online},
        "agenda": minutes.agenda, "summary": minutes.summary,
        "items": [{"id": i.id, "asked_by": i.asked_by, "question": i.question, "answered_by_name": i.answered_by_name,
                   "answered_by_title": i.answered_by_title, "answer": i.answer, "follow_up": i.follow_up}
                  for i in minutes.items],
        "commitments": [{"id": c.id, "description": c.description, "owner": c.owner.slug, "due_on": c.due_on.isoformat(),
                         "item_id": c.item_id} for c in commitments],
        "scan": minutes.scan.sha256 if minutes.scan else None,
    }


CHANGE_NOTE_MAX = 2000


def _change_note(minutes: Minutes, raw) -> str:
    """Every change to published minutes says what changed (on a draft the note is not needed)."""
    note = clean_text(raw)
    if minutes.is_published and len(note) < 5:
        raise ServiceError(_l("Biên bản đã công bố: vui lòng ghi nội dung sửa đổi (ít nhất 5 ký tự)."), "change_note")
    if len(note) > CHANGE_NOTE_MAX:
        raise ServiceError(_l("Nội dung sửa đổi dài tối đa 2.000 ký tự."), "change_note")
    return note


class _Revision:
    """Around a change to published minutes: the entry records the note (checked by
    _change_note), the parts that changed and the content before. On a draft it does nothing."""

    def __init__(self, actor, minutes: Minutes, note: str):
        self.actor, self.minutes, self.note = actor, minutes, note
        self.before = snapshot(minutes) if minutes.is_published else None

    def done(self) -> None:
        if self.before is None:
            return
        db.session.flush()
        db.session.expire(self.minutes, ["items"])
        after = snapshot(self.minutes)
        changed = [key for key in self.before if self.before[key] != after[key]]
        if not changed:
            raise ServiceError(_l("Không có nội dung nào thay đổi."), "change_note", status=400)
        self.minutes.revisions.append(MinutesRevision(
            note=self.note, changed=",".join(changed),
            before=json.dumps(self.before, ensure_ascii=False), author_id=self.actor.id))
        audit.record("dialogue.minutes.revise", self.minutes, after={"note": self.note, "changed": changed}, actor=self.actor)


def _checked(actor, minutes: Minutes, change_note, check) -> tuple[_Revision, object]:
    """Check the form (`check(problems)` returns its fields) and the change note together, so
    every problem is reported at once; then open the revision, before anything changes."""
    problems = Problems()
    note = problems.check(_change_note, minutes, change_note)
    fields = check(problems)
    problems.raise_if_any()
    return _Revision(actor, minutes, note), fields


def _count(raw, field: str) -> int:
    text = str(raw if raw is not None else "").strip() or "0"
    if as_id(text) is None or as_id(text) > 1_000_000:
        raise ServiceError(_l("Số người là một số nguyên không âm."), field)
    return int(text)


def _minutes_fields(data: dict, problems: Problems) -> dict:
    agenda, summary = clean_text(data.get("agenda")), clean_text(data.get("summary"))
    if len(agenda) > 10_000:
        problems.add(_l("Chương trình dài tối đa 10.000 ký tự."), "agenda")
    if len(summary) > 20_000:
        problems.add(_l("Tóm tắt kết quả dài tối đa 20.000 ký tự."), "summary")
    return {"citizens": problems.check(_count, data.get("citizens"), "citizens"),
            "businesses": problems.check(_count, data.get("businesses"), "businesses"),
            "online": problems.check(_count, data.get("online"), "online"), "agenda": agenda, "summary": summary}


def save_minutes(actor, minutes: Minutes, data: dict, change_note: str | None = None) -> Minutes:
    refuse_unless(permissions.can_manage(actor, minutes.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _minutes_fields(data, problems))
    for key, value in fields.items():
        setattr(minutes, key, value)
    revision.done()
    return minutes


def _linked_question(minutes: Minutes, raw) -> DialogueQuestion | None:
    raw = str(raw or "").strip()
    if not raw:
        return None
    linked = db.session.get(DialogueQuestion, as_id(raw)) if as_id(raw) else None
    if linked is None or linked.session_id != minutes.session_id:
        raise ServiceError(_l("Câu hỏi gửi trước không thuộc buổi đối thoại này."), "question_id")
    if linked.merged_into_id:
        raise ServiceError(_l("Câu hỏi này đã được gộp vào câu hỏi số %(n)s; hãy chọn câu hỏi đó.", n=linked.merged_into_id),
                           "question_id")
    return linked


def _item_fields(minutes: Minutes, data: dict, problems: Problems) -> dict:
    question = clean_text(data.get("question"))
    if not question or len(question) > QUESTION_MAX * 2:
        problems.add(_l("Vui lòng nhập nội dung câu hỏi (tối đa 4.000 ký tự)."), "question")
    answer = clean_text(data.get("answer"))
    if len(answer) > 20_000:
        problems.add(_l("Nội dung trả lời dài tối đa 20.000 ký tự."), "answer")
    linked = problems.check(_linked_question, minutes, data.get("question_id"))
    asked_by = problems.check(_line, data.get("asked_by"), "asked_by", ASKED_BY_MAX,
                              _l("Tên người hỏi dài tối đa %(n)s ký tự.", n=ASKED_BY_MAX))
    if linked is not None and linked.anonymous and asked_by:
        problems.add(_l("Câu hỏi này được gửi giấu tên: không ghi tên người hỏi."), "asked_by")
    name = problems.check(_line, data.get("answered_by_name"), "answered_by_name", NAME_MAX,
                          _l("Họ tên người trả lời dài tối đa %(n)s ký tự.", n=NAME_MAX))
    title = problems.check(_line, data.get("answered_by_title"), "answered_by_title", OFFICIAL_TITLE_MAX,
                           _l("Chức vụ người trả lời dài tối đa %(n)s ký tự.", n=OFFICIAL_TITLE_MAX))
    if answer and name == "":
        problems.add(_l("Vui lòng ghi họ tên người trả lời."), "answered_by_name")
    if answer and title == "":
        problems.add(_l("Vui lòng ghi chức vụ người trả lời."), "answered_by_title")
    return {"question": question, "answer": answer, "question_id": linked.id if linked is not None else None,
            "answered_by_name": name, "answered_by_title": title, "asked_by": asked_by,
            "follow_up": str(data.get("follow_up") or "") in ("y", "on", "1", "true")}


def _owe_follow_up(item: MinutesItem) -> None:
    if item.follow_up and item.minutes.is_published and answers.owed_for(ITEM_SUBJECT, item.id) is None:
        answers.mark_owed(None, ITEM_SUBJECT, item, reason="dialogue")


def add_item(actor, minutes: Minutes, data: dict, change_note: str | None = None) -> MinutesItem:
    refuse_unless(permissions.can_manage(actor, minutes.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _item_fields(minutes, data, problems))
    item = MinutesItem(position=len(minutes.items) + 1, **fields)
    minutes.items.append(item)
    db.session.flush()
    revision.done()
    _owe_follow_up(item)
    return item


def update_item(actor, item: MinutesItem, data: dict, change_note: str | None = None) -> MinutesItem:
    minutes = item.minutes
    refuse_unless(permissions.can_manage(actor, minutes.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _item_fields(minutes, data, problems))
    for key, value in fields.items():
        setattr(item, key, value)
    revision.done()
    _owe_follow_up(item)
    return item


def remove_item(actor, item: MinutesItem, change_note: str | None = None) -> None:
    minutes = item.minutes
    refuse_unless(permissions.can_manage(actor, minutes.session))
    if answers.answer_for(ITEM_SUBJECT, item.id) is not None or answers.owed_for(ITEM_SUBJECT, item.id) is not None:
        raise ServiceError(_l("Câu hỏi này đang chờ hoặc đã có trả lời bằng văn bản; không thể xoá."), status=400)
    revision, _fields = _checked(actor, minutes, change_note, lambda problems: None)
    minutes.items.remove(item)
    revision.done()


def _scan(upload):
    checked = read_upload(upload, "scan")
    if checked is None:
        raise ServiceError(_l("Vui lòng chọn tệp PDF."), "scan")
    if checked.kind != "pdf":
        raise ServiceError(_l("Bản scan biên bản phải là tệp PDF."), "scan")
    return checked


def attach_scan(actor, minutes: Minutes, upload, change_note: str | None = None) -> MinutesScan:
    refuse_unless(permissions.can_manage(actor, minutes.session))
    revision, checked = _checked(actor, minutes, change_note, lambda problems: problems.check(_scan, upload))
    minutes.scan = MinutesScan(**checked.fields(), data=checked.data)
    revision.done()
    return minutes.scan


def publish_minutes(actor, minutes: Minutes) -> Minutes:
    refuse_unless(permissions.can_manage(actor, minutes.session))
    if minutes.is_published:
        raise ServiceError(_l("Biên bản đã được công bố."), status=400)
    if not minutes.items and not minutes.summary:
        raise ServiceError(_l("Biên bản cần có tóm tắt hoặc ít nhất một câu hỏi trước khi công bố."), status=400)
    minutes.published_at = utcnow()
    minutes.revisions.append(MinutesRevision(note="", author_id=actor.id))  # shown as "published"
    db.session.flush()
    for item in minutes.items:
        _owe_follow_up(item)
    audit.record("dialogue.minutes.publish", minutes, actor=actor)
    return minutes
