from sqlalchemy import select

from civic.accounts.models import User
from civic.agencies.models import Membership
from civic.core.audit import AuditEntry
from civic.core.mail import OutboxMessage
from tests.conftest import post_form
from tests.factories import HOSTILE, PASSWORD, make_agency, make_staff, make_user


def test_profile_shows_own_email_and_escapes_hostile_names(client, signed_in):
    user = make_user()
    signed_in(user)
    page = client.get("/account").get_data(as_text=True)
    assert user.email in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_update_display_name(client, db, signed_in):
    user = make_user()
    signed_in(user)
    response = post_form(client, "/account", {"display_name": "  Trần   Thị  Mai  "})
    assert response.status_code == 303
    assert db.session.get(User, user.id).display_name == "Trần Thị Mai"
    bad = post_form(client, "/account", {"display_name": ""})
    assert bad.status_code == 422 and "Vui lòng nhập tên hiển thị" in bad.get_data(as_text=True)
    assert db.session.get(User, user.id).display_name == "Trần Thị Mai"


def test_business_profile_change_clears_verification_and_checks_tax_code(client, db, signed_in):
    from civic.core.timeutil import utcnow

    user = make_user("business", organisation_verified_at=utcnow())
    signed_in(user)
    bad = post_form(client, "/account", {"display_name": "Bảo", "organisation_name": "Công ty B", "tax_code": "0100233480"})
    assert bad.status_code == 422
    stored = db.session.get(User, user.id)
    assert stored.organisation_verified_at is not None and stored.display_name != "Bảo"
    good = post_form(client, "/account", {"display_name": "Bảo", "organisation_name": "Công ty B", "tax_code": "0316543210"})
    assert good.status_code == 303
    stored = db.session.get(User, user.id)
    assert (stored.organisation_name, stored.tax_code, stored.organisation_verified_at) == ("Công ty B", "0316543210", None)


def test_email_is_never_shown_publicly(client, db):
    agency = make_agency()
    staff = make_staff(agency)
    for url in ("/", "/agencies", f"/agencies/{agency.slug}"):
        assert staff.email not in client.get(url).get_data(as_text=True)


def test_delete_account_needs_confirmation_and_anonymises(client, db, signed_in):
    user = make_user("business")
    signed_in(user)
    page = client.get("/account/delete")
    assert page.status_code == 200 and "Tài khoản đã xoá" in page.get_data(as_text=True)
    wrong = post_form(client, "/account/delete", {"password": "không đúng đâu"})
    assert wrong.status_code == 422
    assert db.session.get(User, user.id).deleted_at is None
    response = post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 303
    deleted = db.session.get(User, user.id)
    assert deleted.deleted_at is not None
    assert deleted.email.endswith("@deleted.invalid") and deleted.display_name == ""
    assert deleted.organisation_name is None and deleted.tax_code is None
    assert deleted.public_name == "Tài khoản đã xoá"
    assert client.get("/account").status_code == 302  # signed out


def test_deleting_a_staff_account_removes_memberships_and_is_audited(client, db, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    assert post_form(client, "/account/delete", {"password": PASSWORD}).status_code == 303
    assert db.session.scalars(select(Membership)).all() == []
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.delete")).all()
    assert entry.actor_id == staff.id and entry.before == {"role": "staff"}


def test_deletion_drops_pending_mail_to_the_account(client, db, signed_in):
    user = make_user(confirmed=False)
    signed_in(user)
    post_form(client, "/confirm/resend")
    assert db.session.scalars(select(OutboxMessage)).all()
    post_form(client, "/account/delete", {"password": PASSWORD})
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_last_admin_cannot_delete_their_account(client, db, signed_in):
    admin = make_user("admin")
    signed_in(admin)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "quản trị viên cuối cùng" in page
    assert post_form(client, "/account/delete", {"password": PASSWORD}).status_code == 403
    assert db.session.get(User, admin.id).deleted_at is None
    make_user("admin")
    assert post_form(client, "/account/delete", {"password": PASSWORD}).status_code == 303


def test_hostile_text_on_every_signed_in_page_is_escaped(client, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    for url in ("/", "/account", "/account/password", "/account/delete", "/agencies", f"/agencies/{agency.slug}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
        assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", ""), url
    assert HOSTILE not in client.get("/account").get_data(as_text=True)


def test_business_profile_and_password_forms_list_every_problem_at_once(client, db, signed_in):
    user = make_user("business")
    signed_in(user)
    bad = post_form(client, "/account", {"display_name": " ", "organisation_name": "", "tax_code": "0100233480"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    for field in ("display_name", "organisation_name", "tax_code"):
        assert f'href="#{field}"' in page and f'id="{field}-error"' in page, field
    password = post_form(client, "/account/password", {"current_password": "sai", "new_password": "ngắn"})
    assert password.status_code == 422
    page = password.get_data(as_text=True)
    for field in ("current_password", "new_password"):
        assert f'href="#{field}"' in page and f'id="{field}-error"' in page, field
    assert db.session.get(User, user.id).password_hash == user.password_hash
