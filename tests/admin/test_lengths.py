"""What admins type is stored whole or refused with a message — never cut: an agency's
description, website, address and apology (cut at 5,000 / 300 / 300 / 2,000 characters), a staff
member's job title (120), a swap day's note (200); and every problem of the agency form is
reported at once."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from civic.accounts.services import create_user
from civic.agencies.models import Agency, Membership
from civic.core.services import ServiceError
from civic.core.workdays import WorkdayOverride
from tests.admin.test_admin import admin  # noqa: F401  (fixture)
from tests.consultations.test_every_error import summary
from tests.conftest import post_form
from tests.factories import make_agency, make_user


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("description", "Giới thiệu. " * 500, "Phần giới thiệu dài tối đa 5.000 ký tự (hiện có 5999 ký tự)."),
        ("website", "https://" + "a" * 300 + ".vn", "Địa chỉ trang web dài tối đa 300 ký tự (hiện có 311 ký tự)."),
        ("address", "Số 1 đường Lê Lợi, " * 20, "Địa chỉ dài tối đa 300 ký tự (hiện có 379 ký tự)."),
        ("apology", "Chúng tôi xin lỗi. " * 120, "Lời xin lỗi dài tối đa 2.000 ký tự (hiện có 2279 ký tự)."),
    ],
)
def test_over_long_agency_texts_are_refused(client, db, admin, field, value, message):
    response = post_form(client, "/admin/agencies/new", {"name": "Sở Tư pháp", "kind": "department", field: value})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [(f"#{field}", message)]
    assert db.session.scalars(select(Agency)).all() == []


def test_the_agency_form_reports_every_problem_at_once(client, db, admin):
    response = post_form(client, "/admin/agencies/new", {"name": "", "kind": "planet", "website": "ftp://x", "address": "x" * 301})
    assert response.status_code == 422
    assert [field for field, _ in summary(response.get_data(as_text=True))] == ["#name", "#kind", "#website", "#address"]


def test_a_long_job_title_is_refused(client, db, admin):
    agency = make_agency()
    user = make_user("staff")
    response = post_form(client, f"/admin/users/{user.id}/memberships",
                         {"membership-agency_id": str(agency.id), "membership-job_title": "Chuyên viên " * 11})
    assert response.status_code == 422
    assert "Chức vụ dài tối đa 120 ký tự (hiện có 131 ký tự)." in response.get_data(as_text=True)
    assert db.session.scalars(select(Membership)).all() == []


def test_a_long_swap_day_note_is_refused_with_a_bad_date_at_once(client, db, admin):
    note = "Làm bù cho ngày nghỉ Tết Nguyên đán. " * 6
    response = post_form(client, "/admin/workdays", {"day": "2026-12-26", "is_working_day": "1", "note": note})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [("#note", "Ghi chú dài tối đa 200 ký tự (hiện có 221 ký tự).")]
    assert db.session.scalars(select(WorkdayOverride)).all() == []  # it was stored cut to 200 characters
    both = post_form(client, "/admin/workdays", {"day": "12/26/2026", "is_working_day": "1", "note": note})
    assert [field for field, _ in summary(both.get_data(as_text=True))] == ["#day", "#note"]
    fits = note[:190]
    assert post_form(client, "/admin/workdays", {"day": "2026-12-26", "is_working_day": "1", "note": fits}).status_code == 303
    assert db.session.scalar(select(WorkdayOverride.note)) == fits.strip()


def test_users_create_refuses_a_long_display_name(app, db):
    with pytest.raises(ServiceError, match="Tên hiển thị dài tối đa 80 ký tự"):
        create_user("dai@example.com", "mật khẩu đủ dài 2026", "citizen", "Nguyễn " * 20)
    user = create_user("ngan@example.com", "mật khẩu đủ dài 2026", "citizen")
    assert user.display_name == "ngan"
