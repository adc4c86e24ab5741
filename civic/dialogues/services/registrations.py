"""Registering for a session: a confirmed seat while one is left (the capacity kept by the
database), else a place on a waiting list that moves up when a seat is freed; each told by email."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ...core import audit, mail
from ...core.services import Problems, page_bounds, refuse_unless
from ...core.text import clean_line
from ...core.timeutil import to_local, utcnow
from ...extensions import db
from .. import calendar, permissions
from ..models import CANCELLED, CONFIRMED, IN_PERSON, MODES, WAITING, DialogueSession, Registration
from ._common import ORGANISATION_MAX, _line


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
        if user.is_business else ""
    problems.raise_if_any()
    if user.is_business and not organisation:
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
