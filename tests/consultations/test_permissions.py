"""Consultation permissions walked through every role and every status."""
import pytest

from civic.consultations import permissions
from tests.factories import ROLE_FACTORIES, make_consultation, make_staff, make_user

STATUSES = ["draft", "scheduled", "open", "closed", "concluded"]
ROLES = list(ROLE_FACTORIES)


def _user(role, consultation):
    if role == "anonymous":
        from flask_login import AnonymousUserMixin

        return AnonymousUserMixin()
    if role == "staff":
        return make_staff(consultation.agency)
    return ROLE_FACTORIES[role]()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_comment_and_vote_by_role_and_status(app, role, status):
    consultation = make_consultation(status=status)
    user = _user(role, consultation)
    expected = status == "open" and role in ("citizen", "business")
    for permission in (permissions.can_comment, permissions.can_vote):
        decision = permission(user, consultation)
        assert decision.allowed is expected, (permission.__name__, role, status, decision.reason)
        assert bool(decision.reason) is not expected


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_viewing_by_role_and_status(app, role, status):
    consultation = make_consultation(status=status)
    user = _user(role, consultation)
    expected = status != "draft" or role == "staff"
    assert permissions.can_view(user, consultation).allowed is expected


EXPECTED_STAFF = {
    "edit": {"draft"},
    "publish": {"draft"},
    "revise": {"scheduled", "open", "closed"},
    "extend": {"scheduled", "open"},
    "attach": {"draft", "scheduled", "open", "closed"},
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", list(EXPECTED_STAFF))
def test_staff_actions_by_status(app, action, status):
    consultation = make_consultation(status=status)
    own_staff = make_staff(consultation.agency)
    assert permissions.can_staff(own_staff, consultation, action).allowed is (status in EXPECTED_STAFF[action])
    for other in (make_staff(), make_user(), make_user("admin"), make_user("moderator")):
        assert not permissions.can_staff(other, consultation, action)


def test_unconfirmed_citizens_are_told_to_confirm(app):
    consultation = make_consultation()
    decision = permissions.can_comment(make_user(confirmed=False), consultation)
    assert not decision and "xác nhận địa chỉ email" in decision.reason
