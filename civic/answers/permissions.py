from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from ..accounts.permissions import NOT_SIGNED_IN, is_participant, is_signed_in
from ..agencies.permissions import can_act_for_agency
from ..core.permissions import Decision, allow, deny
from ..core.timeutil import utcnow
from ..core import content

RATING_WINDOW = timedelta(days=30)


def can_answer(user, subject_type: str, subject) -> Decision:
    """Staff of the agency that owns the subject (or an agency above it) answer for it."""
    return can_act_for_agency(user, content.get(subject_type).agency(subject))


def can_rate(user, answer, subject, existing=None) -> Decision:
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_participant(user):
        return deny(_l("Cán bộ không đánh giá câu trả lời."))
    if content.answerable(answer.subject_type).author_id(subject) != user.id:
        return deny(_l("Chỉ người gửi ý kiến được đánh giá câu trả lời."))
    if existing is not None and utcnow() - existing.created_at > RATING_WINDOW:
        return deny(_l("Đánh giá chỉ có thể thay đổi trong 30 ngày."))
    return allow()
