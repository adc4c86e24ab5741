"""Named permissions about accounts and site administration: each returns a Decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..core.permissions import Decision, allow, deny
from ..extensions import db
from .models import ADMIN, BUSINESS, CITIZEN, MODERATOR, STAFF, User

NOT_SIGNED_IN = _l("Vui lòng đăng nhập để tiếp tục.")
ADMINS_ONLY = _l("Chỉ quản trị viên được thực hiện thao tác này.")


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and not user.is_deleted)


def is_participant(user) -> bool:
    """Citizens and businesses: the people the site consults (staff, moderators and admins act
    for it). They comment, vote, propose, register, ask, and rate the answers they receive."""
    return is_signed_in(user) and user.role in (CITIZEN, BUSINESS)


def can_participate(user, action) -> Decision:
    """Comment, vote, propose, support, register, ask: citizens and businesses who confirmed
    their email. `action` names what they are trying to do, for the refusal ("góp ý")."""
    if not is_signed_in(user):
        return deny(_l("Vui lòng đăng nhập để %(action)s.", action=action))
    if not is_participant(user):
        return deny(_l("Chỉ người dân và doanh nghiệp được %(action)s.", action=action))
    if not user.email_confirmed:
        return deny(_l("Vui lòng xác nhận địa chỉ email trước."))
    return allow()


def is_staff(user) -> bool:
    return is_signed_in(user) and user.role == STAFF


def is_staff_of(user, agency) -> bool:
    """Staff of the agency, or of an agency above it (staff act for the agencies they belong to
    and every agency below them). Read from the account's memberships and the agency's parents,
    so accounts need not know the agency tree's queries; agencies.permissions.can_act_for_agency
    is the same rule with the reason, from the request's cached subtree."""
    if not is_staff(user) or agency is None:
        return False
    mine = {membership.agency_id for membership in user.memberships}
    seen: set[int] = set()
    node = agency
    while node is not None and node.id not in seen:
        if node.id in mine:
            return True
        seen.add(node.id)
        node = node.parent
    return False


def is_moderator(user) -> bool:
    """Moderators, and administrators (who may do what moderators do)."""
    return is_signed_in(user) and user.role in (MODERATOR, ADMIN)


def is_admin(user) -> bool:
    return is_signed_in(user) and user.role == ADMIN


def has_role(user, *roles: str) -> bool:
    return is_signed_in(user) and user.role in roles


def can_administer(user) -> Decision:
    """Reach /admin: agencies, accounts and roles, memberships, the audit log, swap days."""
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    return allow() if user.role == ADMIN else deny(ADMINS_ONLY)


can_manage_agencies = can_administer
can_manage_accounts = can_administer
can_view_audit_log = can_administer
can_manage_workdays = can_administer


def can_moderate(user) -> Decision:
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if user.role in (MODERATOR, ADMIN):
        return allow()
    return deny(_l("Chỉ kiểm duyệt viên được thực hiện thao tác này."))


def _is_last_admin(user) -> bool:
    if user.role != ADMIN:
        return False
    others = db.session.scalar(
        select(func.count(User.id)).where(
            User.role == ADMIN, User.deleted_at.is_(None), User.id != user.id
        )
    )
    return others == 0


def can_delete_account(user) -> Decision:
    if not is_signed_in(user):
        return deny(NOT_SIGNED_IN)
    if _is_last_admin(user):
        return deny(_l("Bạn là quản trị viên cuối cùng; hãy chỉ định quản trị viên khác trước khi xoá tài khoản."))
    return allow()


def can_change_role(actor, target: User, new_role: str) -> Decision:
    decision = can_administer(actor)
    if not decision:
        return decision
    if target.is_deleted:
        return deny(_l("Tài khoản này đã bị xoá."))
    if target.role == ADMIN and new_role != ADMIN and _is_last_admin(target):
        return deny(_l("Không thể bỏ quyền của quản trị viên cuối cùng."))
    return allow()
