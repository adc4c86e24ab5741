"""Every named permission walked through every role."""
import pytest

from civic.accounts.permissions import (
    can_administer,
    can_change_role,
    can_delete_account,
    can_manage_agencies,
    can_manage_accounts,
    can_moderate,
    can_view_audit_log,
)
from civic.agencies.permissions import can_act_for_agency
from civic.core.permissions import Decision
from tests.factories import ROLE_FACTORIES, make_agency, make_staff, make_user

ROLES = list(ROLE_FACTORIES)
EXPECTED = {
    can_administer: {"admin"},
    can_manage_agencies: {"admin"},
    can_manage_accounts: {"admin"},
    can_view_audit_log: {"admin"},
    can_moderate: {"moderator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(EXPECTED), ids=lambda p: p.__name__)
def test_site_permissions_by_role(app, role, permission):
    user = ROLE_FACTORIES[role]()
    decision = permission(user if user else _anonymous())
    assert isinstance(decision, Decision)
    assert decision.allowed is (role in EXPECTED[permission])
    allowed, reason = decision
    assert (reason == "") is allowed


def _anonymous():
    from flask_login import AnonymousUserMixin

    return AnonymousUserMixin()


def test_staff_act_for_their_agency_and_those_below_only(app):
    city = make_agency(kind="city")
    district = make_agency(parent=city, kind="district")
    ward = make_agency(parent=district, kind="ward")
    sibling = make_agency(parent=city, kind="district")
    other_city = make_agency(kind="city")
    staff = make_staff(district)
    assert can_act_for_agency(staff, district)
    assert can_act_for_agency(staff, ward)
    assert not can_act_for_agency(staff, city)
    assert not can_act_for_agency(staff, sibling)
    decision = can_act_for_agency(staff, other_city)
    assert not decision and "không phải cán bộ" in decision.reason
    two_hats = make_staff(sibling, other_city)
    assert can_act_for_agency(two_hats, other_city) and can_act_for_agency(two_hats, sibling)
    assert not can_act_for_agency(two_hats, ward)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_act_for_an_agency(app, role):
    agency = make_agency()
    user = ROLE_FACTORIES[role]()
    if role == "staff":
        assert not can_act_for_agency(user, agency)  # no membership yet
        user = make_staff(agency)
        assert can_act_for_agency(user, agency)
    else:
        assert not can_act_for_agency(user if user else _anonymous(), agency)


def test_account_deletion_and_role_change_guard_the_last_admin(app):
    admin = make_user("admin")
    assert not can_delete_account(admin)
    assert not can_change_role(admin, admin, "citizen")
    assert can_change_role(admin, admin, "admin")
    citizen = make_user()
    assert can_delete_account(citizen)
    assert can_change_role(admin, citizen, "staff")
    assert not can_change_role(citizen, citizen, "admin")
    second = make_user("admin")
    assert can_delete_account(admin) and can_change_role(second, admin, "citizen")
    assert not can_delete_account(_anonymous())
