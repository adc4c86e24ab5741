"""Named permissions about agencies: each returns a Decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..accounts.permissions import NOT_SIGNED_IN, is_signed_in, is_staff
from ..core.permissions import Decision, allow, deny
from .services import agency_ids_for


def can_act_for_agency(user, agency) -> Decision:
    """Staff act for the agencies they belong to and every agency below them."""
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_staff(user):
        return deny(_l("Chỉ cán bộ của cơ quan được thao tác thay mặt cơ quan."))
    if agency is None:
        return deny(_l("Chưa có cơ quan xử lý."))
    if agency.id in agency_ids_for(user):
        return allow()
    return deny(_l("Bạn không phải cán bộ của cơ quan này hoặc cơ quan cấp trên của nó."))
