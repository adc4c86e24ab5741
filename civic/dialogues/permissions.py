"""Named permissions for dialogue sessions: who schedules, registers, asks, writes the minutes
and tracks the commitments."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..accounts.permissions import can_participate, is_signed_in
from ..agencies.permissions import can_act_for_agency
from ..agencies.services import agency_ids_for
from ..core.permissions import Decision, allow, deny
from ..core.timeutil import utcnow
from .models import REGISTRATION_OPEN


def can_schedule(user) -> Decision:
    """Staff of an agency schedule sessions for it (and the agencies below it)."""
    if not is_signed_in(user):
        return deny(_l("Vui lòng đăng nhập để tiếp tục."))
    if not agency_ids_for(user):
        return deny(_l("Chỉ cán bộ của một cơ quan được tổ chức buổi đối thoại."))
    return allow()


def can_manage(user, session) -> Decision:
    """Edit the session, handle its questions, write its minutes: its agency's staff."""
    return can_act_for_agency(user, session.agency)


def can_edit(user, session) -> Decision:
    """Change the session's details: its agency's staff, before it starts; a session recorded
    after the fact, until its minutes are published (after that the minutes' history speaks)."""
    decision = can_manage(user, session)
    if not decision:
        return decision
    if session.recorded_after:
        if session.minutes is not None and session.minutes.is_published:
            return deny(_l("Biên bản đã công bố; không thể sửa thông tin buổi đối thoại."))
        return allow()
    if utcnow() >= session.starts_at:
        return deny(_l("Buổi đối thoại đã bắt đầu; không thể sửa thông tin."))
    return allow()


def can_register(user, session) -> Decision:
    decision = can_participate(user, _l("đăng ký dự đối thoại"))
    if not decision:
        return decision
    if session.status != REGISTRATION_OPEN:
        return deny(_l("Buổi đối thoại không nhận đăng ký lúc này (%(status)s).", status=session.status_label))
    return allow()


def can_cancel(user, registration, session) -> Decision:
    if not is_signed_in(user) or registration.user_id != user.id:
        return deny(_l("Bạn chỉ có thể huỷ đăng ký của chính mình."))
    if utcnow() >= session.starts_at:
        return deny(_l("Buổi đối thoại đã bắt đầu; không thể huỷ đăng ký."))
    return allow()


def can_ask(user, session, registration) -> Decision:
    """Registrants (confirmed or waiting) send questions while registration is open."""
    decision = can_participate(user, _l("gửi câu hỏi"))
    if not decision:
        return decision
    if not session.questions_allowed:
        return deny(_l("Buổi đối thoại này không nhận câu hỏi gửi trước."))
    if session.status != REGISTRATION_OPEN:
        return deny(_l("Đã hết thời gian gửi câu hỏi trước buổi đối thoại."))
    if registration is None or registration.status == "cancelled":
        return deny(_l("Vui lòng đăng ký dự buổi đối thoại trước khi gửi câu hỏi."))
    return allow()


def can_vote_question(user, session) -> Decision:
    decision = can_participate(user, _l("bình chọn câu hỏi"))
    if not decision:
        return decision
    if session.status != REGISTRATION_OPEN:
        return deny(_l("Đã hết thời gian bình chọn câu hỏi."))
    return allow()


def can_track(user, commitment) -> Decision:
    """Progress on a commitment: staff of its owner agency or of the session's agency."""
    decision = can_act_for_agency(user, commitment.owner)
    return decision if decision else can_act_for_agency(user, commitment.session.agency)
