"""Named permissions for reform ideas: who proposes, supports, reviews and answers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..accounts.permissions import NOT_SIGNED_IN, can_participate, is_admin, is_moderator, is_signed_in, is_staff
from ..agencies.permissions import can_act_for_agency
from ..core.permissions import Decision, allow, deny
from ..core.timeutil import local_today
from .models import ACCEPTED, PUBLISHED, SUBMITTED, TRANSITIONS, UNDER_REVIEW

# While an idea is being decided people discuss it; afterwards its comments stay readable.
DISCUSSED = (PUBLISHED, UNDER_REVIEW, ACCEPTED)


def can_submit(user) -> Decision:
    return can_participate(user, _l("gửi sáng kiến"))


def can_review(user, idea) -> Decision:
    """Publish or decline a submitted idea: moderators, or staff of the target agency."""
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if idea.status != SUBMITTED:
        return deny(_l("Sáng kiến này đã được xét duyệt."))
    if is_moderator(user):
        return allow()
    if idea.agency is not None and can_act_for_agency(user, idea.agency):
        return allow()
    return deny(_l("Chỉ kiểm duyệt viên hoặc cán bộ cơ quan được đề xuất mới duyệt sáng kiến."))


def can_view(user, idea) -> Decision:
    """Public ideas: everyone. A submitted or declined one: its author, moderators, and staff of
    the agency it is addressed to (its reviewers)."""
    if idea.is_public:
        return allow()
    if is_signed_in(user) and (user.id == idea.author_id or is_moderator(user)):
        return allow()
    if idea.agency is not None and can_act_for_agency(user, idea.agency):
        return allow()
    return deny(_l("Sáng kiến này chưa được đăng công khai."))


def can_use_queue(user) -> Decision:
    """The staff page of ideas to review and to move along: moderators, admins, agency staff."""
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if is_moderator(user) or is_staff(user):
        return allow()
    return deny(_l("Trang này dành cho cán bộ và kiểm duyệt viên."))


def can_manage(user, idea) -> Decision:
    """Move a published idea through review, merge it: staff of its agency, or an admin."""
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if is_admin(user):
        return allow()
    if idea.agency is None:
        return deny(_l("Sáng kiến chưa có cơ quan xử lý; quản trị viên cần giao cho một cơ quan."))
    return can_act_for_agency(user, idea.agency)


def can_assign_agency(user, idea) -> Decision:
    """Give an idea its target agency (or another one): administrators only."""
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_admin(user):
        return deny(_l("Chỉ quản trị viên được giao sáng kiến cho cơ quan."))
    return allow()


def can_change_status(user, idea, new_status: str) -> Decision:
    decision = can_manage(user, idea)
    if not decision:
        return decision
    if new_status not in TRANSITIONS.get(idea.status, ()):
        return deny(_l("Không thể chuyển sáng kiến từ trạng thái “%(old)s” sang trạng thái này.", old=idea.status_label))
    return allow()


def supports_open(idea) -> bool:
    """Supports are taken while the idea is published and its window runs, or, once it
    reached its threshold, until it is answered."""
    if idea.status != PUBLISHED:
        return False
    return idea.reached_on is not None or (idea.window_ends_on is not None and local_today() <= idea.window_ends_on)


def can_support(user, idea) -> Decision:
    decision = can_participate(user, _l("ủng hộ sáng kiến"))
    if not decision:
        return decision
    if user.id == idea.author_id:
        return deny(_l("Bạn không thể ủng hộ sáng kiến của chính mình."))
    if not supports_open(idea):
        return deny(_l("Sáng kiến này không còn nhận ủng hộ."))
    return allow()


def can_comment(user, idea) -> Decision:
    """Comment on an idea (and vote on its comments) while it is being decided."""
    if idea.status not in DISCUSSED or (idea.status == PUBLISHED and not supports_open(idea)):
        return deny(_l("Sáng kiến này không còn nhận ý kiến."))
    return can_participate(user, _l("bình luận"))
