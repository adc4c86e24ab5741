"""Dialogue sessions: scheduling, registration (capacity kept by the database, a waiting list
that moves up), questions beforehand, minutes with a public revision history, commitments.

Every function works in the caller's transaction (views commit once through run_service)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..agencies.models import Agency
from ..agencies.permissions import can_act_for_agency
from ..answers import services as answers
from ..topics.models import Topic
from ..core import audit, mail
from ..core.services import Problems, ServiceError, page_bounds, parse_date, parse_local_datetime, refuse_unless
from ..core.text import as_id, clean_line, clean_text, page_number
from ..core.timeutil import local_today, to_local, utcnow
from ..core.uploads import read_upload
from ..extensions import db
from ..votes import services as votes
from ..votes.models import Vote
from . import calendar, permissions
from .models import (
    CANCELLED, COMMITMENT_STATUSES, CONFIRMED, DONE, DROPPED, IN_PERSON, IN_PROGRESS, MODES, OPEN, WAITING,
    Commitment, CommitmentNote, DialogueOfficial, DialogueQuestion, DialogueSession, Minutes, MinutesItem,
    MinutesRevision, MinutesScan, Registration,
)

QUESTION_SUBJECT = "dialogue_question"   # votes on questions sent beforehand
ITEM_SUBJECT = "dialogue_item"           # owed written answers to questions raised in the session
QUESTION_MAX = 2000
MAX_OFFICIALS = 20


# --- scheduling -----------------------------------------------------------------------------

UPCOMING, PAST = "upcoming", "past"   # schedule a session people register for / record one that took place
KINDS = (UPCOMING, PAST)
TITLE_MAX, PLACE_MAX, URL_MAX, DESCRIPTION_MAX = 300, 300, 500, 10_000
NAME_MAX, OFFICIAL_TITLE_MAX, ORGANISATION_MAX, ASKED_BY_MAX = 120, 160, 200, 200   # the columns' lengths: refused, never cut


def _line(raw, field: str, most: int, message) -> str:
    """A one-line field stored whole: longer than its column holds is refused, never cut."""
    value = clean_line(raw)
    if len(value) > most:
        raise ServiceError(message, field)
    return value


def parse_officials(text) -> list[tuple[str, str]]:
    """The officials typed one per line as "Name, Title" (the title may hold commas)."""
    pairs = []
    for line in clean_text(text).split("\n"):
        name, _sep, title = line.partition(",")
        pairs.append((name, title))
    return pairs


def _officials(rows) -> list[DialogueOfficial]:
    """(name, title) pairs; blank rows are skipped; a half-filled or too long one is refused,
    each with its line number (every problem at once)."""
    out, problems = [], Problems()
    for position, (name, title) in enumerate(rows or []):
        name, title = clean_line(name), clean_line(title)
        if not name and not title:
            continue
        line = position + 1
        if not name or not title:
            problems.add(_l("Dòng %(line)s: mỗi lãnh đạo dự cần có cả họ tên và chức vụ.", line=line), "officials")
        if len(name) > NAME_MAX:
            problems.add(_l("Dòng %(line)s: họ tên dài tối đa %(n)s ký tự.", line=line, n=NAME_MAX), "officials")
        if len(title) > OFFICIAL_TITLE_MAX:
            problems.add(_l("Dòng %(line)s: chức vụ dài tối đa %(n)s ký tự.", line=line, n=OFFICIAL_TITLE_MAX), "officials")
        out.append(DialogueOfficial(position=position, name=name, title=title))
    if len(out) > MAX_OFFICIALS:
        problems.add(_l("Tối đa %(n)s lãnh đạo dự.", n=MAX_OFFICIALS), "officials")
    problems.raise_if_any()
    return out


def _title(raw) -> str:
    title = clean_line(raw)
    if len(title) < 5 or len(title) > TITLE_MAX:
        raise ServiceError(_l("Tên buổi đối thoại cần từ 5 đến 300 ký tự."), "title")
    return title


def _description(raw) -> str:
    description = clean_text(raw)
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(_l("Nội dung giới thiệu dài tối đa 10.000 ký tự."), "description")
    return description


def _topic(raw) -> Topic:
    topic = db.session.scalar(select(Topic).where(Topic.slug == str(raw or "").strip()))
    if topic is None:
        raise ServiceError(_l("Vui lòng chọn lĩnh vực."), "topic")
    return topic


def _place(raw) -> str:
    place = clean_line(raw)
    if len(place) > PLACE_MAX:
        raise ServiceError(_l("Địa điểm dài tối đa %(n)s ký tự.", n=PLACE_MAX), "place")
    return place


def _online_url(raw) -> str:
    online_url = clean_line(raw)
    if online_url and (not online_url.startswith(("https://", "http://")) or len(online_url) > URL_MAX or " " in online_url):
        raise ServiceError(_l("Đường dẫn trực tuyến phải là một địa chỉ http(s) hợp lệ, dài tối đa 500 ký tự."), "online_url")
    return online_url


def _capacity(raw) -> int:
    text = str(raw or "").strip()
    if not 1 <= (as_id(text) or 0) <= 100_000:
        raise ServiceError(_l("Số chỗ là một số từ 1 đến 100.000."), "capacity")
    return int(text)


def _session_fields(data: dict, problems: Problems, *, recorded: bool) -> dict:
    """The session's fields from the form; each problem is added to `problems`. A session
    recorded after the fact has no registration: those fields are neither read nor checked."""
    starts_at = problems.check(parse_local_datetime, data.get("starts_at"), "starts_at")
    ends_at = problems.check(parse_local_datetime, data.get("ends_at"), "ends_at")
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            problems.add(_l("Giờ kết thúc phải sau giờ bắt đầu."), "ends_at")
        elif ends_at - starts_at > timedelta(days=3):
            problems.add(_l("Một buổi đối thoại kéo dài tối đa 3 ngày."), "ends_at")
    place = problems.check(_place, data.get("place"))
    online_url = problems.check(_online_url, data.get("online_url"))
    if place == "" and online_url == "":
        problems.add(_l("Vui lòng nhập địa điểm hoặc đường dẫn dự trực tuyến."), "place")
    topic = problems.check(_topic, data.get("topic"))
    fields = {
        "title": problems.check(_title, data.get("title")), "description": problems.check(_description, data.get("description")),
        "topic_id": topic.id if topic is not None else None, "starts_at": starts_at, "ends_at": ends_at,
        "place": place, "online_url": online_url,
    }
    if recorded:
        return {**fields, "capacity": None, "registration_opens_at": None, "registration_closes_at": None,
                "questions_allowed": False}
    capacity = problems.check(_capacity, data.get("capacity"))
    opens = problems.check(parse_local_datetime, data.get("registration_opens_at"), "registration_opens_at")
    closes = problems.check(parse_local_datetime, data.get("registration_closes_at"), "registration_closes_at")
    if opens is not None and closes is not None and closes <= opens:
        problems.add(_l("Hạn đăng ký phải sau ngày mở đăng ký."), "registration_closes_at")
    elif closes is not None and starts_at is not None and closes > starts_at:
        problems.add(_l("Hạn đăng ký không được sau giờ bắt đầu."), "registration_closes_at")
    return {**fields, "capacity": capacity, "registration_opens_at": opens, "registration_closes_at": closes,
            "questions_allowed": str(data.get("questions_allowed") or "") in ("y", "on", "1", "true")}


def _agency_of(actor, raw, problems: Problems) -> Agency | None:
    agency = db.session.get(Agency, as_id(raw)) if as_id(raw) else None
    if agency is None:
        problems.add(_l("Vui lòng chọn cơ quan tổ chức."), "agency_id")
        return None
    refuse_unless(can_act_for_agency(actor, agency))
    return agency


def schedule(actor, data: dict, officials=()) -> DialogueSession:
    """A new session: `data["kind"]` is UPCOMING (the default: people register, it starts in the
    future) or PAST (recorded after it took place: it is over, nobody registers; its minutes
    come next). Every problem of the form is reported at once."""
    refuse_unless(permissions.can_schedule(actor))
    problems = Problems()
    kind = str(data.get("kind") or UPCOMING)
    if kind not in KINDS:
        problems.add(_l("Vui lòng chọn: lên lịch buổi đối thoại sắp diễn ra hay ghi lại buổi đã diễn ra."), "kind")
    recorded = kind == PAST
    agency = _agency_of(actor, data.get("agency_id"), problems)
    fields = _session_fields(data, problems, recorded=recorded)
    rows = problems.check(_officials, officials)
    now = utcnow()
    if kind == UPCOMING and fields["starts_at"] is not None and fields["starts_at"] <= now:
        problems.add(_l("Giờ bắt đầu phải ở tương lai. Nếu buổi đối thoại đã diễn ra, hãy chọn “Buổi đối thoại đã diễn ra”."),
                     "starts_at")
    if recorded and fields["ends_at"] is not None and fields["ends_at"] > now:
        problems.add(_l("Buổi đối thoại đã diễn ra phải kết thúc trước lúc này. Buổi chưa diễn ra thì hãy chọn lên lịch."),
                     "ends_at")
    problems.raise_if_any()
    session = DialogueSession(agency_id=agency.id, created_by_id=actor.id, recorded_after=recorded, **fields)
    session.officials = rows
    db.session.add(session)
    db.session.flush()
    after = {"title": session.title, "starts_at": session.starts_at}
    if recorded:
        audit.record("dialogue.record", session, after=after, actor=actor)
    else:
        audit.record("dialogue.schedule", session, after=after, actor=actor)
    return session


def update_session(actor, session: DialogueSession, data: dict, officials=()) -> DialogueSession:
    """Change a session's details: before it starts; one recorded after the fact, until its
    minutes are published. Its kind stays what it was."""
    refuse_unless(permissions.can_edit(actor, session), status=400 if permissions.can_manage(actor, session) else 403)
    problems = Problems()
    fields = _session_fields(data, problems, recorded=session.recorded_after)
    rows = problems.check(_officials, officials)
    if fields["capacity"] is not None and fields["capacity"] < session.attending:
        problems.add(_l("Đã có %(n)s người đăng ký; số chỗ không thể ít hơn.", n=session.attending), "capacity")
    if session.recorded_after and fields["ends_at"] is not None and fields["ends_at"] > utcnow():
        problems.add(_l("Buổi đối thoại đã diễn ra phải kết thúc trước lúc này. Buổi chưa diễn ra thì hãy chọn lên lịch."),
                     "ends_at")
    problems.raise_if_any()
    before = {"starts_at": session.starts_at, "place": session.place, "capacity": session.capacity}
    for key, value in fields.items():
        setattr(session, key, value)
    session.officials = rows
    if not session.recorded_after:
        promote_waiting(session)
    audit.record("dialogue.update", session, before=before,
                 after={"starts_at": session.starts_at, "place": session.place, "capacity": session.capacity}, actor=actor)
    return session


# --- registration -----------------------------------------------------------------------------

def registration_of(user, session: DialogueSession) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Registration).where(Registration.session_id == session.id,
                                                        Registration.user_id == user.id))


def _take_seat(session_id: int) -> bool:
    """One more confirmed seat if one is left: a conditional UPDATE, so two requests can never
    both take the last seat (the CHECK constraint on the table stands behind it)."""
    result = db.session.execute(
        update(DialogueSession).where(DialogueSession.id == session_id, DialogueSession.attending < DialogueSession.capacity)
        .values(attending=DialogueSession.attending + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _free_seat(session_id: int) -> None:
    db.session.execute(update(DialogueSession).where(DialogueSession.id == session_id, DialogueSession.attending > 0)
                       .values(attending=DialogueSession.attending - 1).execution_options(synchronize_session=False))


def _confirmation(registration: Registration, session: DialogueSession) -> None:
    local = to_local(session.starts_at)
    if registration.status == CONFIRMED:
        subject = _("Xác nhận đăng ký dự đối thoại: %(title)s", title=session.title)
        body = _("Bạn đã được xác nhận dự buổi đối thoại “%(title)s” lúc %(time)s ngày %(day)s. "
                 "Tệp lịch (.ics) kèm theo thư này.", title=session.title, time=local.strftime("%H:%M"),
                 day=local.strftime("%d/%m/%Y"))
    else:
        subject = _("Bạn đang trong danh sách chờ: %(title)s", title=session.title)
        body = _("Buổi đối thoại “%(title)s” đã đủ chỗ. Bạn ở danh sách chờ và sẽ nhận thư khi có chỗ.",
                 title=session.title)
    attachment = (f"doi-thoai-{session.id}.ics", "text/calendar", calendar.ics(session)) \
        if registration.status == CONFIRMED else None
    mail.queue(registration.user.email, subject, body, "dialogue-registration", attachment=attachment)


def register(user, session: DialogueSession, mode: str = IN_PERSON, organisation: str | None = None) -> Registration:
    """Register the account: a confirmed seat while one is left, else the waiting list.
    Registering again (another tab) changes nothing and returns the place already held."""
    refuse_unless(permissions.can_register(user, session), status=400)
    problems = Problems()
    if mode not in MODES:
        problems.add(_l("Vui lòng chọn hình thức tham dự."), "mode")
    organisation = problems.check(_line, organisation, "organisation", ORGANISATION_MAX,
                                  _l("Tên doanh nghiệp dài tối đa %(n)s ký tự.", n=ORGANISATION_MAX)) \
        if user.role == "business" else ""
    problems.raise_if_any()
    if user.role == "business" and not organisation:
        # the account's own name (its form holds it to the same 200 characters)
        organisation = clean_line(getattr(user, "organisation_name", "") or "")
    existing = registration_of(user, session)
    if existing is not None and existing.status != CANCELLED:
        return existing
    if existing is not None:  # registering again after cancelling: a new place at the back of the queue
        db.session.delete(existing)
        db.session.flush()
    try:
        with db.session.begin_nested():
            existing = Registration(session_id=session.id, user_id=user.id, status=WAITING, mode=mode,
                                    organisation=organisation, queued_at=utcnow())
            db.session.add(existing)
            db.session.flush()
    except IntegrityError:
        # A twin request (another tab) registered first: that place stands.
        return db.session.scalar(select(Registration).where(
            Registration.session_id == session.id, Registration.user_id == user.id).execution_options(populate_existing=True))
    if _take_seat(session.id):
        existing.status = CONFIRMED
    db.session.flush()
    db.session.refresh(session, ["attending"])
    _confirmation(existing, session)
    audit.record("dialogue.register", existing, after={"status": existing.status, "mode": mode}, actor=user)
    return existing


def promote_waiting(session: DialogueSession) -> list[Registration]:
    """Give free seats to the waiting list, first come first served; each promoted person is told."""
    promoted = []
    while True:
        waiting = db.session.scalar(select(Registration).where(
            Registration.session_id == session.id, Registration.status == WAITING)
            .order_by(Registration.queued_at, Registration.id).limit(1))
        if waiting is None or not _take_seat(session.id):
            break
        waiting.status = CONFIRMED
        db.session.flush()
        _confirmation(waiting, session)
        promoted.append(waiting)
    db.session.refresh(session, ["attending"])
    return promoted


def cancel(user, registration: Registration) -> Registration:
    session = db.session.scalars(select(DialogueSession).where(DialogueSession.id == registration.session_id)
                                 .with_for_update(of=DialogueSession).execution_options(populate_existing=True)).one()
    refuse_unless(permissions.can_cancel(user, registration, session))
    db.session.refresh(registration)
    if registration.status == CANCELLED:
        return registration
    held_seat = registration.status == CONFIRMED
    registration.status = CANCELLED
    db.session.flush()
    if held_seat:
        _free_seat(session.id)
        promote_waiting(session)
    audit.record("dialogue.cancel", registration, actor=user)
    return registration


def waiting_position(registration: Registration) -> int | None:
    if registration.status != WAITING:
        return None
    return 1 + db.session.scalar(select(func.count(Registration.id)).where(
        Registration.session_id == registration.session_id, Registration.status == WAITING,
        or_(Registration.queued_at < registration.queued_at,
            and_(Registration.queued_at == registration.queued_at, Registration.id < registration.id))))


REGISTRATIONS_PER_PAGE = 100


def registrations(session: DialogueSession, page: int = 1):
    """A page of everyone registered (for staff): confirmed first, then the waiting list in order."""
    query = select(Registration).where(Registration.session_id == session.id, Registration.status != CANCELLED) \
        .order_by(Registration.status, Registration.queued_at, Registration.id)
    total, page, pages = page_bounds(query, Registration.id, page, REGISTRATIONS_PER_PAGE)
    rows = db.session.scalars(query.offset((page - 1) * REGISTRATIONS_PER_PAGE).limit(REGISTRATIONS_PER_PAGE)).all()
    return rows, total, page, pages


# --- questions beforehand -------------------------------------------------------------------

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
    votes.set_vote(user, QUESTION_SUBJECT, question.id, "up", ("up",))


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


# --- minutes ----------------------------------------------------------------------------------

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


def _owner(raw) -> Agency:
    owner = db.session.scalar(select(Agency).where(Agency.slug == str(raw or "").strip()))
    if owner is None:
        raise ServiceError(_l("Vui lòng chọn cơ quan chịu trách nhiệm.") if not str(raw or "").strip()
                           else _l("Cơ quan chịu trách nhiệm không tồn tại."), "owner")
    return owner


def _linked_item(minutes: Minutes, raw) -> int | None:
    raw = str(raw or "").strip()
    if not raw:
        return None
    item = db.session.get(MinutesItem, as_id(raw)) if as_id(raw) else None
    if item is None or item.minutes_id != minutes.id:
        raise ServiceError(_l("Câu hỏi được liên kết không thuộc biên bản này."), "item_id")
    return item.id


def _commitment_fields(minutes: Minutes, data: dict, problems: Problems) -> dict:
    description = clean_text(data.get("description"))
    if len(description) < 5 or len(description) > 5000:
        problems.add(_l("Vui lòng nêu nội dung cam kết (5 đến 5.000 ký tự)."), "description")
    owner = problems.check(_owner, data.get("owner"))
    return {"description": description, "owner_agency_id": owner.id if owner is not None else None,
            "due_on": problems.check(parse_date, data.get("due_on"), "due_on"),
            "item_id": problems.check(_linked_item, minutes, data.get("item_id"))}


def add_commitment(actor, minutes: Minutes, data: dict, change_note: str | None = None) -> Commitment:
    refuse_unless(permissions.can_manage(actor, minutes.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _commitment_fields(minutes, data, problems))
    commitment = Commitment(session_id=minutes.session_id, **fields)
    db.session.add(commitment)
    db.session.flush()
    revision.done()
    audit.record("dialogue.commit", commitment, after={"due_on": commitment.due_on}, actor=actor)
    return commitment


def update_commitment_text(actor, commitment: Commitment, data: dict, change_note: str | None = None) -> Commitment:
    minutes = commitment.session.minutes
    refuse_unless(permissions.can_manage(actor, commitment.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _commitment_fields(minutes, data, problems))
    for key, value in fields.items():
        setattr(commitment, key, value)
    revision.done()
    return commitment


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


# --- commitments after the session -------------------------------------------------------------

def track(actor, commitment: Commitment, status: str, note: str, on=None) -> Commitment:
    """A dated progress note that may move the commitment on (done needs the day; dropped a reason)."""
    refuse_unless(permissions.can_track(actor, commitment))
    if commitment.status in (DONE, DROPPED):
        raise ServiceError(_l("Cam kết đã kết thúc; không thể cập nhật thêm."), status=400)
    problems = Problems()
    if status not in COMMITMENT_STATUSES:
        problems.add(_l("Vui lòng chọn trạng thái."), "new_status")
    note = clean_text(note)
    if len(note) < 5 or len(note) > 5000:
        problems.add(_l("Vui lòng ghi nội dung cập nhật (5 đến 5.000 ký tự)."), "note")
    day = problems.check(parse_date, on, "on") if on not in (None, "") else local_today()
    if day is not None and day > local_today():
        problems.add(_l("Ngày cập nhật không thể ở tương lai."), "on")
    problems.raise_if_any()
    before = commitment.status
    commitment.status = status
    if status == DONE:
        commitment.done_on = day
    if status == DROPPED:
        commitment.dropped_reason = note
    commitment.notes.append(CommitmentNote(body=note, on=day, status=status, author_id=actor.id))
    audit.record("dialogue.commitment.track", commitment, before={"status": before},
                 after={"status": status, "note": note}, actor=actor)
    return commitment


def _published_commitment_counts(*columns):
    """`columns` and the four counts (done, open and not yet due, overdue, dropped) over the
    commitments of published minutes, as of today."""
    today = local_today()
    pending = Commitment.status.in_((OPEN, IN_PROGRESS))
    return (
        select(*columns,
               func.count().filter(Commitment.status == DONE),
               func.count().filter(pending, Commitment.due_on >= today),
               func.count().filter(pending, Commitment.due_on < today),
               func.count().filter(Commitment.status == DROPPED))
        .join(Minutes, Minutes.session_id == Commitment.session_id)
        .where(Minutes.published_at.is_not(None))
    )


def commitment_figures(agency_ids=None) -> dict[str, int]:
    """Done / open (incl. in progress, not yet due) / overdue / dropped, over published minutes."""
    query = _published_commitment_counts()
    if agency_ids is not None:
        query = query.where(Commitment.owner_agency_id.in_(list(agency_ids) or [-1]))
    done, open_, overdue, dropped = db.session.execute(query).one()
    return {"done": done, "open": open_, "overdue": overdue, "dropped": dropped}


@dataclass
class CommitmentRow:
    """One owner agency's commitments from published minutes, as they stand today."""

    name: str
    slug: str
    done: int
    open: int
    overdue: int
    dropped: int


def commitment_table(agency_id: int | None = None) -> list[CommitmentRow]:
    """Per owner agency (one grouped query), most overdue first; `agency_id` narrows to one."""
    query = (_published_commitment_counts(Agency.name, Agency.slug)
             .join(Agency, Agency.id == Commitment.owner_agency_id)
             .group_by(Agency.id, Agency.name, Agency.slug))
    if agency_id is not None:
        query = query.where(Commitment.owner_agency_id == agency_id)
    rows = [CommitmentRow(*row) for row in db.session.execute(query)]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.name))


def public_commitments(agency_id: int | None = None, session_id: int | None = None, limit: int | None = None):
    """Commitments of published minutes, overdue and soonest due first."""
    query = select(Commitment).join(Minutes, Minutes.session_id == Commitment.session_id).where(
        Minutes.published_at.is_not(None))
    if agency_id is not None:
        query = query.where(Commitment.owner_agency_id == agency_id)
    if session_id is not None:
        query = query.where(Commitment.session_id == session_id)
    query = query.order_by(Commitment.status.in_((DONE, DROPPED)), Commitment.due_on, Commitment.id)
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).unique().all()


# --- the public list ----------------------------------------------------------------------------

PER_PAGE = 20


@dataclass
class ListFilters:
    when: str = "upcoming"   # upcoming | past
    agency: str = ""
    topic: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "ListFilters":
        return cls(
            when="past" if args.get("when") == "past" else "upcoming",
            agency=(args.get("agency") or "")[:100], topic=(args.get("topic") or "")[:100],
            page=page_number(args.get("page")),
        )

    def args(self, **changes) -> dict:
        values = {"when": self.when, "agency": self.agency, "topic": self.topic}
        values.update(changes)
        return {k: v for k, v in values.items() if v and not (k == "when" and v == "upcoming")}


def public_list(filters: ListFilters):
    """A page of sessions: upcoming (not yet ended, soonest first) or past (latest first)."""
    now = utcnow()
    query = select(DialogueSession)
    if filters.when == "past":
        query = query.where(DialogueSession.ends_at <= now).order_by(DialogueSession.starts_at.desc(), DialogueSession.id.desc())
    else:
        query = query.where(DialogueSession.ends_at > now).order_by(DialogueSession.starts_at, DialogueSession.id)
    if filters.agency:
        query = query.join(Agency, Agency.id == DialogueSession.agency_id).where(Agency.slug == filters.agency)
    if filters.topic:
        query = query.join(Topic, Topic.id == DialogueSession.topic_id).where(Topic.slug == filters.topic)
    total, page, pages = page_bounds(query, DialogueSession.id, filters.page, PER_PAGE)
    sessions = db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).unique().all()
    return sessions, total, page, pages


def sessions_of_agency(agency_id: int, limit: int = 10):
    return db.session.scalars(select(DialogueSession).where(DialogueSession.agency_id == agency_id)
                              .order_by(DialogueSession.starts_at.desc()).limit(limit)).unique().all()
