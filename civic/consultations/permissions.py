"""Named permissions for consultations; what each status allows is the table below."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..accounts.permissions import NOT_SIGNED_IN, can_participate, is_signed_in
from ..agencies.permissions import can_act_for_agency
from ..agencies.services import agency_ids_for
from ..core.permissions import Decision, allow, deny
from .models import CLOSED, CONCLUDED, DRAFT, OPEN, SCHEDULED

# What staff may do in each status (adhocracy+'s habit: phases as data, not scattered ifs).
STAFF_ACTIONS = {
    "edit": (DRAFT,),
    "publish": (DRAFT,),
    "revise": (SCHEDULED, OPEN, CLOSED),
    "extend": (SCHEDULED, OPEN),
    "attach": (DRAFT, SCHEDULED, OPEN, CLOSED),
}
NOT_OPEN = {
    DRAFT: _l("Dự thảo chưa được công bố."),
    SCHEDULED: _l("Dự thảo chưa đến thời gian lấy ý kiến."),
    CLOSED: _l("Đã hết thời gian lấy ý kiến."),
    CONCLUDED: _l("Đã hết thời gian lấy ý kiến."),
}


def can_create_consultation(user) -> Decision:
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not agency_ids_for(user):
        return deny(_l("Chỉ cán bộ của một cơ quan được tạo dự thảo lấy ý kiến."))
    return allow()


def can_manage(user, consultation) -> Decision:
    return can_act_for_agency(user, consultation.agency)


def can_staff(user, consultation, action: str) -> Decision:
    decision = can_manage(user, consultation)
    if not decision:
        return decision
    if consultation.status not in STAFF_ACTIONS[action]:
        return deny(_l("Thao tác này không áp dụng cho dự thảo ở trạng thái “%(status)s”.", status=consultation.status_label))
    return allow()


def can_view(user, consultation) -> Decision:
    if consultation.is_public:
        return allow()
    if can_manage(user, consultation):
        return allow()
    return deny(_l("Dự thảo này chưa được công bố."))


def _participant(user) -> Decision:
    return can_participate(user, _l("góp ý"))


def can_comment(user, consultation) -> Decision:
    status = consultation.status
    if status != OPEN:
        return deny(NOT_OPEN[status])
    return _participant(user)


# Voting follows the same rule as commenting: participants, while open.
can_vote = can_comment
