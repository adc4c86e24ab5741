"""Dialogue sessions themselves: scheduling one people register for, recording one that already
took place, changing its details, and the public list of sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...agencies.models import Agency
from ...agencies.permissions import can_act_for_agency
from ...topics.models import Topic
from ...core import audit
from ...core.services import Problems, ServiceError, page_bounds, parse_local_datetime, refuse_unless
from ...core.text import as_id, clean_line, clean_text, page_number
from ...core.timeutil import utcnow
from ...extensions import db
from .. import permissions
from ..models import DialogueOfficial, DialogueSession
from ._common import NAME_MAX, OFFICIAL_TITLE_MAX
from .registrations import promote_waiting


# --- scheduling -----------------------------------------------------------------------------

UPCOMING, PAST = "upcoming", "past"   # schedule a session people register for / record one that took place
KINDS = (UPCOMING, PAST)
TITLE_MAX, PLACE_MAX, URL_MAX, DESCRIPTION_MAX = 300, 300, 500, 10_000
MAX_OFFICIALS = 20


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
