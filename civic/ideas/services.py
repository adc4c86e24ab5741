"""Reform ideas: submission, review, supports and the threshold, status changes, merging.

Every change is one transaction of the caller (views commit once): the public history
(`IdeaEvent`) and the audit log are written in it. Supports are rows with a unique
constraint; `support_count` is recounted from those rows in the same transaction, under a lock
on the idea (PostgreSQL `FOR UPDATE`; SQLite's write requests begin `IMMEDIATE`), so the
moment an idea reaches its threshold is seen by exactly one request, which makes the answer
owed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, delete, func, insert, not_, or_, select
from sqlalchemy.exc import IntegrityError

from ..accounts.permissions import is_admin, is_moderator
from ..agencies.models import Agency
from ..agencies.services import agency_ids_for
from ..answers import services as answers
from ..topics.models import Topic
from ..core import audit, mail, settings
from ..core.services import Problems, ServiceError, page_bounds, parse_date, refuse_unless
from ..core.text import as_id, clean_line, clean_text, page_number
from ..core.timeutil import local_today, utcnow
from ..core.uploads import read_upload
from ..extensions import db
from . import permissions
from .models import (
    ACCEPTED, DECLINE_REASONS, DECLINED, EXPIRED, IMPLEMENTED, MERGED, NOT_ACCEPTED, PUBLIC_STATUSES, PUBLISHED,
    STATUS_LABELS, SUBMITTED, UNDER_REVIEW, Idea, IdeaAttachment, IdeaEvent, IdeaSupport,
)

SUBJECT = "idea"
TITLE_MAX, TEXT_MAX, TEXT_MIN = 200, 5000, 20
settings.declare("idea_support_threshold", _l("Số lượt ủng hộ để sáng kiến được trả lời"), 500, 1, 1_000_000)
settings.declare("idea_support_window_days", _l("Thời gian nhận ủng hộ sáng kiến (ngày)"), 60, 1, 365)


def _event(idea: Idea, status: str, actor, reason: str = "", note: str = "") -> None:
    idea.events.append(IdeaEvent(status=status, reason=reason, note=note, actor_id=getattr(actor, "id", None)))


# --- submission -----------------------------------------------------------------------------

def _title(raw) -> str:
    title = clean_line(raw)
    if len(title) < 5:
        raise ServiceError(_l("Vui lòng nhập tiêu đề (ít nhất 5 ký tự)."), "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(_l("Tiêu đề dài tối đa %(n)s ký tự.", n=TITLE_MAX), "title")
    return title


def _text(raw, field: str, label) -> str:
    value = clean_text(raw)
    if len(value) < TEXT_MIN:
        raise ServiceError(_l("%(field)s cần ít nhất %(n)s ký tự.", field=label, n=TEXT_MIN), field)
    if len(value) > TEXT_MAX:
        raise ServiceError(_l("%(field)s dài tối đa %(n)s ký tự.", field=label, n=TEXT_MAX), field)
    return value


def _fields(data: dict, problems: Problems) -> dict:
    """The idea's fields, every problem collected in `problems`."""
    title = problems.check(_title, data.get("title"))
    problem = problems.check(_text, data.get("problem"), "problem", _l("Vấn đề"))
    solution = problems.check(_text, data.get("solution"), "solution", _l("Giải pháp đề xuất"))
    topic = problems.check(_topic, data.get("topic"))
    agency = problems.check(_agency, data.get("agency"))
    return {"title": title, "problem": problem, "solution": solution, "topic_id": topic.id if topic else None,
            "agency_id": agency.id if agency else None}


def _note(raw, field: str, limit: int) -> str:
    """A staff note or reason, refused (never cut) when longer than `limit`."""
    note = clean_text(raw)
    if len(note) > limit:
        raise ServiceError(_l("Nội dung dài tối đa %(n)s ký tự (hiện có %(count)s).", n=format_number(limit),
                              count=format_number(len(note))), field)
    return note


def _topic(raw) -> Topic:
    topic = db.session.scalar(select(Topic).where(Topic.slug == (raw or "").strip())) if raw else None
    if topic is None:
        raise ServiceError(_l("Vui lòng chọn lĩnh vực."), "topic")
    return topic


def _agency(raw) -> Agency | None:
    if not raw:
        return None
    agency = db.session.scalar(select(Agency).where(Agency.slug == str(raw).strip()))
    if agency is None:
        raise ServiceError(_l("Cơ quan đã chọn không tồn tại."), "agency")
    return agency


def _attachment(upload):
    checked = read_upload(upload, "attachment")
    return IdeaAttachment(**checked.fields(), data=checked.data) if checked else None


def submit(user, data: dict, upload=None) -> Idea:
    """A new idea, waiting for review."""
    refuse_unless(permissions.can_submit(user))
    problems = Problems()
    fields = _fields(data, problems)
    attachment = problems.check(_attachment, upload)
    problems.raise_if_any()
    idea = Idea(author_id=user.id, status=SUBMITTED, **fields)
    idea.attachment = attachment
    _event(idea, SUBMITTED, user)
    db.session.add(idea)
    db.session.flush()
    audit.record("idea.submit", idea, after={"title": idea.title}, actor=user)
    return idea


# --- review ---------------------------------------------------------------------------------

def _tell_author(idea: Idea, subject: str, body: str) -> None:
    mail.queue(idea.author.email, subject, body, "idea")


def publish(actor, idea: Idea) -> Idea:
    refuse_unless(permissions.can_review(actor, idea))
    today = local_today()
    idea.status = PUBLISHED
    idea.published_at = utcnow()
    idea.threshold = settings.get("idea_support_threshold")
    idea.window_ends_on = today + timedelta(days=settings.get("idea_support_window_days"))
    _event(idea, PUBLISHED, actor)
    audit.record("idea.publish", idea, after={"threshold": idea.threshold, "window_ends_on": idea.window_ends_on}, actor=actor)
    _tell_author(idea, _("Sáng kiến của bạn đã được đăng"),
                 _("Sáng kiến “%(title)s” đã được đăng công khai và nhận ủng hộ đến hết ngày %(day)s.",
                   title=idea.title, day=idea.window_ends_on.strftime("%d/%m/%Y")))
    return idea


def decline(actor, idea: Idea, reason: str, note: str | None = None) -> Idea:
    refuse_unless(permissions.can_review(actor, idea))
    problems = Problems()
    if reason not in DECLINE_REASONS:
        problems.add(_l("Vui lòng chọn lý do trong danh sách."), "reason")
    note = problems.check(_note, note, "note", 2000)
    problems.raise_if_any()
    idea.status = DECLINED
    _event(idea, DECLINED, actor, reason=reason, note=note)
    audit.record("idea.decline", idea, after={"reason": reason}, summary=note, actor=actor)
    _tell_author(idea, _("Sáng kiến của bạn chưa được đăng"),
                 _("Sáng kiến “%(title)s” chưa được đăng. Lý do: %(reason)s. %(note)s",
                   title=idea.title, reason=DECLINE_REASONS[reason], note=note))
    return idea


# --- supports and the threshold -------------------------------------------------------------

def _locked(idea: Idea) -> Idea:
    """The idea, locked for this transaction and read afresh."""
    return db.session.scalars(
        select(Idea).where(Idea.id == idea.id).with_for_update(of=Idea).execution_options(populate_existing=True)
    ).one()


def _recount(idea: Idea) -> None:
    idea.support_count = db.session.scalar(select(func.count(IdeaSupport.id)).where(IdeaSupport.idea_id == idea.id))


def _check_threshold(idea: Idea) -> None:
    """The first time supports reach the threshold, the agency owes an answer."""
    if idea.reached_on is not None or not idea.threshold or idea.support_count < idea.threshold:
        return
    idea.reached_on = local_today()
    _event(idea, PUBLISHED, None, reason="threshold")  # shown in the reader's language (templates/ideas/show.html)
    audit.record("idea.threshold", idea, after={"supports": idea.support_count})
    if idea.agency is not None:
        answers.mark_owed(None, SUBJECT, idea, reason="threshold")


def support(user, idea: Idea) -> Idea:
    """Add the account's support (once: a second click or tab changes nothing)."""
    idea = _locked(idea)
    refuse_unless(permissions.can_support(user, idea), status=400)
    try:
        with db.session.begin_nested():
            db.session.add(IdeaSupport(idea_id=idea.id, user_id=user.id))
    except IntegrityError:
        pass  # already supported (another tab)
    _recount(idea)
    _check_threshold(idea)
    return idea


def withdraw_support(user, idea: Idea) -> Idea:
    idea = _locked(idea)
    if answers.answer_for(SUBJECT, idea.id) is not None:
        raise ServiceError(_l("Sáng kiến đã được trả lời: không thể rút lại ủng hộ."), status=400)
    db.session.execute(delete(IdeaSupport).where(IdeaSupport.idea_id == idea.id, IdeaSupport.user_id == user.id))
    _recount(idea)
    return idea


def has_supported(user, idea_ids) -> set[int]:
    ids = list(idea_ids)
    if not ids or not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(IdeaSupport.idea_id).where(IdeaSupport.user_id == user.id, IdeaSupport.idea_id.in_(ids))))


def assign_agency(actor, idea: Idea, agency: Agency) -> Idea:
    """An admin gives an idea without a target agency one (an answer becomes owed if it had
    already reached its threshold)."""
    refuse_unless(permissions.can_assign_agency(actor, idea))
    before = idea.agency_id
    idea.agency_id = agency.id
    idea.agency = agency
    audit.record("idea.assign", idea, before={"agency_id": before}, after={"agency_id": agency.id}, actor=actor)
    if idea.reached_on is not None and answers.owed_for(SUBJECT, idea.id) is None:
        answers.mark_owed(None, SUBJECT, idea, reason="threshold")
    return idea


def assign_agency_by_slug(actor, idea: Idea, slug) -> Idea:
    agency = _agency(slug)
    if agency is None:
        raise ServiceError(_l("Vui lòng chọn cơ quan."), "agency")
    return assign_agency(actor, idea, agency)


# --- review outcome ---------------------------------------------------------------------------

def _implemented_on(raw) -> date:
    if raw is None or raw == "":
        raise ServiceError(_l("Vui lòng nhập ngày thực hiện."), "on")
    on = parse_date(raw, "on")
    if on > local_today():
        raise ServiceError(_l("Ngày thực hiện không thể ở tương lai."), "on")
    return on


def change_status(actor, idea: Idea, new_status: str, note: str | None = None, on=None) -> Idea:
    """A staff move along TRANSITIONS; `on` (a date or its typed text) only for "implemented"."""
    problems = Problems()
    if new_status not in STATUS_LABELS:
        problems.add(_l("Vui lòng chọn trạng thái mới."), "new_status")
    else:
        refuse_unless(permissions.can_change_status(actor, idea, new_status))
    note = problems.check(_note, note, "note", 5000)
    if new_status in (ACCEPTED, NOT_ACCEPTED, IMPLEMENTED) and note is not None and len(note) < 10:
        problems.add(_l("Vui lòng ghi rõ lý do hoặc nội dung (ít nhất 10 ký tự)."), "note")
    if new_status == IMPLEMENTED:
        on = problems.check(_implemented_on, on)
    problems.raise_if_any()
    if new_status == IMPLEMENTED:
        idea.implemented_on = on
    before = idea.status
    idea.status = new_status
    _event(idea, new_status, actor, note=note)
    audit.record("idea.status", idea, before={"status": before}, after={"status": new_status}, summary=note, actor=actor)
    return idea


def close_expired(today: date | None = None) -> int:
    """Published ideas whose window ended without reaching the threshold close as "did not
    reach the threshold" (still readable). Returns how many closed."""
    today = today or local_today()
    due = db.session.scalars(select(Idea).where(
        Idea.status == PUBLISHED, Idea.reached_on.is_(None), Idea.window_ends_on < today)).all()
    for idea in due:
        idea.status = EXPIRED
        _event(idea, EXPIRED, None)
        audit.record("idea.expire", idea, after={"supports": idea.support_count})
    return len(due)


# --- merging duplicates -----------------------------------------------------------------------

def merge_target(raw) -> Idea:
    """The idea a duplicate is folded into, from the number a person typed ("12" or "#12")."""
    text = str(raw or "").strip().lstrip("#")
    if not text:
        raise ServiceError(_l("Vui lòng nhập số của sáng kiến được gộp vào."), "target")
    if as_id(text) is None:
        raise ServiceError(_l("Số sáng kiến chỉ gồm chữ số."), "target")
    target = db.session.get(Idea, as_id(text))
    if target is None or not target.is_public:
        raise ServiceError(_l("Không có sáng kiến công khai nào mang số %(n)s.", n=text), "target")
    return target


def check_merge(actor, duplicate: Idea, target: Idea) -> None:
    """Refuse a merge that may not happen (the checks `merge` makes, for its confirmation step)."""
    refuse_unless(permissions.can_manage(actor, duplicate))
    refuse_unless(permissions.can_manage(actor, target))
    if duplicate.id == target.id:
        raise ServiceError(_l("Không thể gộp sáng kiến vào chính nó."), "target")
    if target.status in (MERGED, DECLINED, SUBMITTED) or duplicate.status in (MERGED, DECLINED, SUBMITTED):
        raise ServiceError(_l("Chỉ gộp được hai sáng kiến đã đăng và chưa bị gộp."), "target")


def merge(actor, duplicate: Idea, target: Idea) -> Idea:
    """Fold a duplicate into another idea: its supporters support the target (once each; the
    target's author is not counted), the duplicate closes pointing at the target."""
    check_merge(actor, duplicate, target)
    target = _locked(target)
    duplicate = _locked(duplicate)
    already = select(IdeaSupport.user_id).where(IdeaSupport.idea_id == target.id)
    db.session.execute(insert(IdeaSupport).from_select(
        ["idea_id", "user_id", "created_at"],
        select(db.literal(target.id), IdeaSupport.user_id, IdeaSupport.created_at).where(
            IdeaSupport.idea_id == duplicate.id, IdeaSupport.user_id.not_in(already),
            IdeaSupport.user_id != target.author_id),
    ))
    db.session.execute(delete(IdeaSupport).where(IdeaSupport.idea_id == duplicate.id))
    duplicate.status = MERGED
    duplicate.merged_into_id = target.id
    _event(duplicate, MERGED, actor, note=target.title)
    _recount(duplicate)
    _recount(target)
    _check_threshold(target)
    audit.record("idea.merge", duplicate, after={"into": target.id, "supports": target.support_count}, actor=actor)
    return target


def status_for_display(idea: Idea) -> str:
    """What the public sees: an idea whose window ended unreached shows as closed even before
    `close_expired` records it."""
    if idea.status == PUBLISHED and idea.reached_on is None and idea.window_ends_on and idea.window_ends_on < local_today():
        return EXPIRED
    return idea.status




# --- who sees what -----------------------------------------------------------------------------

def visible_to(user, idea: Idea) -> bool:
    """Public ideas to everyone; a submitted or declined one to its author and its reviewers."""
    return permissions.can_view(user, idea).allowed


QUEUE_TABS = ("submitted", "manage")
MANAGED_STATUSES = (PUBLISHED, UNDER_REVIEW, ACCEPTED)


def staff_queue(user, tab: str, page: int):
    """A page of the ideas staff act on: "submitted" (waiting for review: moderators see all,
    agency staff those addressed to their agencies) or "manage" (published ideas moving through
    review: an admin sees all, agency staff their agencies'; those over the threshold first)."""
    query = select(Idea)
    if tab == "submitted":
        query = query.where(Idea.status == SUBMITTED).order_by(Idea.created_at, Idea.id)
        if not is_moderator(user):
            query = query.where(Idea.agency_id.in_(agency_ids_for(user) or {-1}))
    else:
        query = query.where(Idea.status.in_(MANAGED_STATUSES)).order_by(
            Idea.reached_on.is_(None), Idea.reached_on, Idea.support_count.desc(), Idea.id)
        if not is_admin(user):
            query = query.where(Idea.agency_id.in_(agency_ids_for(user) or {-1}))
    total, page, pages = page_bounds(query, Idea.id, page, PER_PAGE)
    return db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).unique().all(), total, page, pages


def own_ideas(user, page: int):
    """A page of the account's own ideas, whatever their status, newest first."""
    query = select(Idea).where(Idea.author_id == user.id).order_by(Idea.created_at.desc(), Idea.id.desc())
    total, page, pages = page_bounds(query, Idea.id, page, PER_PAGE)
    return db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).unique().all(), total, page, pages


# --- the public list --------------------------------------------------------------------------

PER_PAGE = 20
LIST_SORTS = ("supported", "newest", "closest")


@dataclass
class ListFilters:
    topic: str = ""
    agency: str = ""
    status: str = ""
    sort: str = "supported"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "ListFilters":
        sort = args.get("sort", "supported")
        return cls(
            topic=(args.get("topic") or "")[:100],
            agency=(args.get("agency") or "")[:100],
            status=args.get("status") if args.get("status") in PUBLIC_STATUSES else "",
            sort=sort if sort in LIST_SORTS else "supported",
            page=page_number(args.get("page")),
        )

    def args(self, **changes) -> dict:
        values = {"topic": self.topic, "agency": self.agency, "status": self.status, "sort": self.sort}
        values.update(changes)
        return {k: v for k, v in values.items() if v and not (k == "sort" and v == "supported")}


def public_list(filters: ListFilters):
    """A page of public ideas (bounded queries: the count and the page, relations joined)."""
    query = select(Idea).where(Idea.status.in_(PUBLIC_STATUSES))
    if filters.topic:
        query = query.join(Topic, Topic.id == Idea.topic_id).where(Topic.slug == filters.topic)
    if filters.agency:
        query = query.join(Agency, Agency.id == Idea.agency_id).where(Agency.slug == filters.agency)
    # An unreached idea whose window ended is "expired" to the public even before
    # `close_expired` records it (see status_for_display): the filter and sort say the same.
    lapsed = and_(Idea.status == PUBLISHED, Idea.reached_on.is_(None), Idea.window_ends_on < local_today())
    if filters.status == PUBLISHED:
        query = query.where(Idea.status == PUBLISHED, not_(lapsed))
    elif filters.status == EXPIRED:
        query = query.where(or_(Idea.status == EXPIRED, lapsed))
    elif filters.status:
        query = query.where(Idea.status == filters.status)
    if filters.sort == "newest":
        query = query.order_by(Idea.published_at.desc(), Idea.id.desc())
    elif filters.sort == "closest":
        # still gathering supports, nearest to the threshold first
        gathering = and_(Idea.status == PUBLISHED, Idea.reached_on.is_(None), not_(lapsed))
        query = query.order_by(case((gathering, 0), else_=1), (Idea.threshold - Idea.support_count).asc(), Idea.id.desc())
    else:
        query = query.order_by(Idea.support_count.desc(), Idea.id.desc())
    total, page, pages = page_bounds(query, Idea.id, filters.page, PER_PAGE)
    ideas = db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).unique().all()
    return ideas, total, page, pages
