import pytest
from sqlalchemy import select

from civic.accounts.models import User
from civic.agencies.models import Agency, Membership
from civic.core.audit import AuditEntry
from civic.core.workdays import WorkdayOverride
from tests.conftest import count_queries, post_form
from tests.factories import ROLE_FACTORIES, make_agency, make_staff, make_user

ADMIN_PAGES = ["/admin", "/admin/agencies", "/admin/agencies/new", "/admin/users", "/admin/audit", "/admin/workdays"]


def audit_actions(db):
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def admin(client, signed_in):
    user = make_user("admin")
    signed_in(user)
    return user


@pytest.mark.parametrize("role", [r for r in ROLE_FACTORIES if r != "admin"])
def test_admin_pages_are_for_admins_only(client, signed_in, role):
    user = ROLE_FACTORIES[role]()
    if user is None:
        for url in ADMIN_PAGES:
            response = client.get(url)
            assert response.status_code == 302 and "/login?next=" in response.headers["Location"], url
        return
    signed_in(user)
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Chỉ quản trị viên" in response.get_data(as_text=True)
    agency = make_agency()
    assert post_form(client, f"/admin/agencies/{agency.id}/delete").status_code == 403


def test_admin_pages_render_for_admins(client, admin):
    make_agency()
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


def test_create_edit_and_delete_an_agency_with_audit(client, db, admin):
    response = post_form(client, "/admin/agencies/new", {"name": "Sở Xây dựng TP.HCM", "kind": "department", "parent_id": ""})
    assert response.status_code == 303
    agency = db.session.scalar(select(Agency))
    assert agency.slug == "so-xay-dung-tp-hcm"
    child = post_form(client, "/admin/agencies/new", {"name": "Phòng Quản lý nhà", "kind": "other", "parent_id": str(agency.id), "slug": "phong-quan-ly-nha"})
    assert child.status_code == 303
    response = post_form(client, f"/admin/agencies/{agency.id}/edit", {"name": "Sở Xây dựng Thành phố", "slug": agency.slug, "kind": "department", "parent_id": "", "website": "https://soxaydung.hochiminhcity.gov.vn"})
    assert response.status_code == 303
    assert db.session.get(Agency, agency.id).name == "Sở Xây dựng Thành phố"
    refused = post_form(client, f"/admin/agencies/{agency.id}/delete")
    assert refused.status_code == 303
    assert db.session.get(Agency, agency.id) is not None
    assert "còn cơ quan cấp dưới" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert client.get(f"/admin/agencies/{agency.id}/delete").status_code == 200  # the confirmation page
    child_id = db.session.scalar(select(Agency.id).where(Agency.slug == "phong-quan-ly-nha"))
    assert post_form(client, f"/admin/agencies/{child_id}/delete").status_code == 303
    assert db.session.get(Agency, child_id) is None
    assert audit_actions(db) == ["agency.create", "agency.create", "agency.update", "agency.delete"]
    update = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "agency.update")).one()
    assert update.before["name"] == "Sở Xây dựng TP.HCM" and update.after["name"] == "Sở Xây dựng Thành phố"
    assert update.actor_id == admin.id


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "kind": "city"}, "Vui lòng nhập tên cơ quan"),
        ({"name": "X", "kind": "planet"}, "Vui lòng chọn loại cơ quan"),
        ({"name": "X", "kind": "city", "parent_id": "999999"}, "Cơ quan cấp trên không tồn tại"),
        ({"name": "X", "kind": "city", "parent_id": "abc"}, "Cơ quan cấp trên không tồn tại"),
        ({"name": "X", "kind": "city", "website": "javascript:alert(1)"}, "Trang web phải bắt đầu"),
        ({"name": "X", "kind": "city", "slug": "!!!"}, "Đường dẫn rút gọn chỉ gồm"),
        ({"name": "Ạ" * 201, "kind": "city"}, "tối đa 200"),
    ],
)
def test_agency_bad_input(client, db, admin, data, message):
    response = post_form(client, "/admin/agencies/new", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Agency)).all() == []
    assert audit_actions(db) == []


def test_agency_slug_clash_and_cycles_are_refused(client, db, admin):
    city = make_agency(slug="tp")
    district = make_agency(parent=city, slug="quan")
    ward = make_agency(parent=district, slug="phuong")
    clash = post_form(client, "/admin/agencies/new", {"name": "Khác", "kind": "city", "slug": "tp"})
    assert clash.status_code == 422 and "đã được dùng" in clash.get_data(as_text=True)
    cycle = post_form(client, f"/admin/agencies/{city.id}/edit", {"name": city.name, "slug": "tp", "kind": "city", "parent_id": str(ward.id)})
    assert cycle.status_code == 422 and "cấp dưới của nó" in cycle.get_data(as_text=True)
    assert db.session.get(Agency, city.id).parent_id is None


def test_role_change_and_memberships_are_audited(client, db, admin):
    agency = make_agency()
    user = make_user()
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Đổi vai trò" in page
    refused = post_form(client, f"/admin/users/{user.id}/memberships", {"membership-agency_id": str(agency.id)})
    assert refused.status_code == 422 and "Chỉ tài khoản cán bộ" in refused.get_data(as_text=True)
    assert post_form(client, f"/admin/users/{user.id}/role", {"role-role": "staff"}).status_code == 303
    response = post_form(client, f"/admin/users/{user.id}/memberships", {"membership-agency_id": str(agency.id), "membership-job_title": "Chuyên viên"})
    assert response.status_code == 303
    twice = post_form(client, f"/admin/users/{user.id}/memberships", {"membership-agency_id": str(agency.id)})
    assert twice.status_code == 422 and "đã là cán bộ" in twice.get_data(as_text=True)
    missing = post_form(client, f"/admin/users/{user.id}/memberships", {"membership-agency_id": "x"})
    assert missing.status_code == 422
    membership = db.session.scalar(select(Membership))
    assert membership.job_title == "Chuyên viên"
    assert post_form(client, f"/admin/users/{user.id}/memberships/{membership.id}/delete").status_code == 303
    assert db.session.scalar(select(Membership)) is None
    assert audit_actions(db) == ["account.role", "membership.add", "membership.remove"]
    bad_role = post_form(client, f"/admin/users/{user.id}/role", {"role-role": "superuser"})
    assert bad_role.status_code == 422 and "Vai trò không hợp lệ" in bad_role.get_data(as_text=True)


def test_leaving_the_staff_role_ends_memberships(client, db, admin):
    agency = make_agency()
    staff = make_staff(agency)
    assert post_form(client, f"/admin/users/{staff.id}/role", {"role-role": "citizen"}).status_code == 303
    assert db.session.scalars(select(Membership)).all() == []
    assert db.session.get(User, staff.id).role == "citizen"


def test_admin_cannot_demote_the_last_admin(client, db, admin):
    response = post_form(client, f"/admin/users/{admin.id}/role", {"role-role": "citizen"})
    assert response.status_code == 422
    assert "quản trị viên cuối cùng" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).role == "admin"


def test_nobody_can_be_made_a_business_without_organisation_details(client, db, admin):
    user = make_user()
    response = post_form(client, f"/admin/users/{user.id}/role", {"role-role": "business"})
    assert response.status_code == 422
    assert db.session.get(User, user.id).role == "citizen"


def test_verify_business(client, db, admin):
    business = make_user("business")
    assert post_form(client, f"/admin/users/{business.id}/verify", {"verify-verified": "y"}).status_code == 303
    assert db.session.get(User, business.id).organisation_verified_at is not None
    citizen = make_user()
    assert post_form(client, f"/admin/users/{citizen.id}/verify", {"verify-verified": "y"}).status_code == 400
    assert audit_actions(db) == ["account.verify_organisation"]


def test_unknown_objects_are_404(client, admin):
    for url in ("/admin/users/999999", "/admin/agencies/999999/edit", "/admin/agencies/999999/delete"):
        assert client.get(url).status_code == 404


def test_workday_overrides(client, db, admin):
    response = post_form(client, "/admin/workdays", {"day": "2026-12-26", "is_working_day": "1", "note": "Làm bù"})
    assert response.status_code == 303
    override = db.session.scalar(select(WorkdayOverride))
    assert override.is_working_day and override.note == "Làm bù"
    page = client.get("/admin/workdays?year=2026").get_data(as_text=True)
    assert "Làm bù" in page and "Quốc khánh" in page
    bad = post_form(client, "/admin/workdays", {"day": "12/26/2026", "is_working_day": "1"})
    assert bad.status_code == 422 and "ngày/tháng/năm" in bad.get_data(as_text=True)
    assert client.get("/admin/workdays?year=abc").status_code == 200
    assert post_form(client, f"/admin/workdays/{override.id}/delete").status_code == 303
    assert db.session.scalar(select(WorkdayOverride)) is None
    assert audit_actions(db) == ["workday.set", "workday.remove"]


def test_audit_log_page_filters_and_paginates(client, db, admin):
    from civic.core import audit

    for n in range(35):
        audit.record("agency.update", None, summary=f"mục {n}", actor=admin)
    audit.record("account.role", None, summary="đổi vai trò", actor=admin)
    db.session.commit()
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "36 mục" in first and "Trang sau" in first
    assert "mục 5" in client.get("/admin/audit?page=2").get_data(as_text=True)
    filtered = client.get("/admin/audit?action=account.").get_data(as_text=True)
    assert "đổi vai trò" in filtered and "1 mục" in filtered
    assert client.get("/admin/audit?page=abc").status_code == 200
    assert client.get("/admin/audit?page=99").status_code == 200


def _queries(client, url):
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_list_pages_run_a_bounded_number_of_queries(client, db, admin):
    from civic.core import audit

    city = make_agency()
    make_staff(city)
    audit.record("x", None, actor=admin)
    db.session.commit()
    urls = ["/", "/agencies", f"/agencies/{city.slug}", "/admin", "/admin/agencies", "/admin/users", "/admin/audit"]
    few = {url: _queries(client, url) for url in urls}
    parents = [city]
    for n in range(20):
        agency = make_agency(parent=parents[-1] if n % 3 else city)
        parents.append(agency)
        make_staff(agency, city)
        make_user("business")
        audit.record("y", None, actor=admin)
    db.session.commit()
    many = {url: _queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 10, many
