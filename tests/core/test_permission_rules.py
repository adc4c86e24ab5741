"""Templates ask one `can(name, ...)` of the person viewing the page; features register the
rules from create_app. The account menu shows each role what it may reach, and nothing else."""
import pytest

from civic.core import permissions
from tests.conftest import login
from tests.factories import make_agency, make_staff, make_user

MENU = {
    "create_consultation": "Dự thảo của cơ quan",
    "review_ideas": "Sáng kiến cần xử lý",
    "administer": "Quản trị",
}


@pytest.mark.parametrize("role,allowed", [
    ("citizen", set()),
    ("business", set()),
    ("staff", {"create_consultation", "review_ideas"}),
    ("moderator", {"review_ideas"}),
    ("admin", {"review_ideas", "administer"}),
])
def test_the_account_menu_follows_the_registered_rules(app, client, role, allowed):
    user = make_staff(make_agency()) if role == "staff" else make_user(role)
    login(client, user)
    page = client.get("/me").get_data(as_text=True)
    for rule, label in MENU.items():
        assert (f">{label}</a>" in page) == (rule in allowed), (role, rule)


def test_an_unknown_rule_allows_nothing_and_a_registered_one_is_asked(app):
    asked = []
    permissions.register_rule("test_probe", lambda user, *objects: asked.append(objects) or permissions.allow())
    try:
        with app.test_request_context("/"):
            assert permissions.can("no_such_rule") is False
            assert permissions.can("test_probe", "x") is True and asked == [("x",)]
    finally:
        permissions.RULES.pop("test_probe")
