"""The staff forms of a consultation report every problem at once (an error summary linking to
each field), not only the first; and the publish page says what stands in the way (the kind's
minimum period, the period's length) before the click, offering no button while it does —
and the server still refuses."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone
from html import unescape

import pytest
from sqlalchemy import select

from civic.consultations.models import Consultation
from civic.core import settings
from tests.conftest import post_form, post_multipart
from tests.factories import make_agency, make_consultation, make_staff


def summary(html: str) -> list[tuple[str | None, str]]:
    """(link target or None, message) of each entry of the page's error summary."""
    box = re.search(r'<div class="error-summary" role="alert" tabindex="-1">(.*?)</div>', html, re.S)
    assert box, "no error summary"
    out = []
    for item in re.findall(r"<li>(.*?)</li>", box.group(1), re.S):
        link = re.match(r'<a href="([^"]*)">(.*)</a>$', item.strip(), re.S)
        out.append((link.group(1), unescape(link.group(2))) if link else (None, unescape(item.strip())))
    return out


@pytest.fixture
def staff_client(client, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    return client, agency, staff


def test_an_empty_draft_form_reports_every_field(staff_client, db):
    client, agency, staff = staff_client
    response = post_form(client, "/consultations/new", {"kind": "", "title": "", "summary": "", "opens_on": "", "closes_on": "", "body": ""})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [
        ("#agency_id", "Vui lòng chọn một cơ quan bạn công tác."),
        ("#title", "Vui lòng nhập tên dự thảo."),
        ("#kind", "Vui lòng chọn loại dự thảo."),
        ("#summary", "Vui lòng nhập tóm tắt để người dân nắm được nội dung chính."),
        ("#opens_on", "Vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026."),
        ("#closes_on", "Vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026."),
        ("#body", "Vui lòng dán nội dung dự thảo hoặc tải lên tệp DOCX."),
    ]
    assert db.session.scalars(select(Consultation)).all() == []


def test_the_draft_form_reports_dates_in_the_wrong_order_with_the_rest(staff_client, db):
    client, agency, staff = staff_client
    response = post_form(client, "/consultations/new", {
        "agency_id": str(agency.id), "kind": "plan", "title": "Kế hoạch", "summary": "",
        "opens_on": "20/12/2026", "closes_on": "01/12/2026", "body": "Điều 1. Nội dung", "topics": "999"})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [
        ("#topics", "Lĩnh vực không tồn tại."),
        ("#summary", "Vui lòng nhập tóm tắt để người dân nắm được nội dung chính."),
        ("#closes_on", "Ngày kết thúc phải sau ngày bắt đầu."),
    ]


def test_the_edit_form_reports_every_field_and_changes_nothing(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, status="draft", creator=staff)
    title = consultation.title
    response = post_form(client, f"/consultations/{consultation.id}/edit", {"title": "", "kind": "x", "summary": "",
                                                                           "opens_on": "31/02/2026", "closes_on": "", "body": ""})
    assert response.status_code == 422
    assert [field for field, _ in summary(response.get_data(as_text=True))] == [
        "#title", "#kind", "#summary", "#opens_on", "#closes_on", "#body"]
    assert db.session.get(Consultation, consultation.id).title == title


def test_the_extend_form_reports_both_fields(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    response = post_form(client, f"/consultations/{consultation.id}/extend", {"closes_on": "", "reason": ""})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [
        ("#closes_on", "Vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026."),
        ("#reason", "Vui lòng nêu lý do gia hạn để công khai cùng thông báo."),
    ]
    earlier = (consultation.closes_on - timedelta(days=1)).strftime("%d/%m/%Y")
    response = post_form(client, f"/consultations/{consultation.id}/extend", {"closes_on": earlier, "reason": " "})
    assert [field for field, _ in summary(response.get_data(as_text=True))] == ["#closes_on", "#reason"]


def test_the_revision_forms_report_every_field(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    response = post_form(client, f"/consultations/{consultation.id}/revise", {"body": "", "changelog": "x" * 10_001})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [
        ("#body", "Vui lòng dán nội dung dự thảo hoặc tải lên tệp DOCX."),
        ("#changelog", "Nội dung sửa đổi dài tối đa 10.000 ký tự (hiện có 10001 ký tự)."),
    ]
    assert len(db.session.get(Consultation, consultation.id).versions) == 1
    assert post_form(client, f"/consultations/{consultation.id}/revise", {"body": "Điều 1. Mới\nNội dung mới."}).status_code == 303
    response = post_form(client, f"/consultations/{consultation.id}/revise", {"changelog": ""})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [("#changelog", "Vui lòng nêu nội dung sửa đổi của phiên bản này.")]


def test_the_sections_form_reports_its_problem_in_the_summary(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, status="draft", creator=staff)
    count = len(consultation.versions[0].sections)
    emptied = {"count": str(count), **{f"heading-{i}": "" for i in range(count)}, **{f"body-{i}": "" for i in range(count)}}
    response = post_form(client, f"/consultations/{consultation.id}/sections", emptied)
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [(None, "Dự thảo phải có ít nhất một phần nội dung.")]
    assert len(db.session.get(Consultation, consultation.id).versions[0].sections) == count


def test_the_attachment_form_reports_its_problem_in_the_summary(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    response = post_multipart(client, f"/consultations/{consultation.id}/attachments", {})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [("#file", "Vui lòng chọn một tệp.")]
    named = post_multipart(client, f"/consultations/{consultation.id}/attachments",
                           {"file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Tờ trình " * 30 + ".pdf")})
    assert named.status_code == 422
    assert summary(named.get_data(as_text=True)) == [
        ("#file", "Tên tệp dài 273 ký tự, quá mức tối đa 200 ký tự. Hãy đặt tên tệp ngắn hơn rồi tải lên lại.")]


# --- publishing: the minimum period, said before the click -------------------------------------

def _draft(client, agency, closes: str) -> Consultation:
    response = post_form(client, "/consultations/new", {
        "agency_id": str(agency.id), "title": "Dự thảo", "kind": "regulation", "summary": "Tóm tắt.",
        "opens_on": "01/12/2026", "closes_on": closes, "body": "Điều 1. Phạm vi\nNội dung."})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def test_the_publish_page_says_the_minimum_before_the_click(staff_client, db, clock):
    clock(datetime(2026, 11, 30, 3, tzinfo=timezone.utc))
    client, agency, staff = staff_client
    _draft(client, agency, "19/12/2026")
    consultation = db.session.scalar(select(Consultation))
    url = f"/consultations/{consultation.id}/publish"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<dt>Thời gian tối thiểu cho loại dự thảo này</dt><dd>20 ngày</dd>" in html
    assert "(19 ngày)" in html
    assert "Chưa thể công bố" in html
    assert "Thời gian lấy ý kiến là 19 ngày, ít hơn mức tối thiểu 20 ngày cho loại dự thảo này." in html
    assert ">Công bố</button>" not in html  # no button that could only be refused
    assert f'href="/consultations/{consultation.id}/edit#closes_on"' in html
    # The server still refuses, with a summary linking to the field on the edit page.
    refused = post_form(client, url)
    assert refused.status_code == 422
    assert summary(refused.get_data(as_text=True)) == [
        (f"/consultations/{consultation.id}/edit#closes_on",
         "Thời gian lấy ý kiến là 19 ngày, ít hơn mức tối thiểu 20 ngày cho loại dự thảo này. Hãy lùi ngày kết thúc.")]
    assert db.session.get(Consultation, consultation.id).published_at is None
    # The minimum of every kind is also said beside the closing date on the draft form.
    form = client.get(f"/consultations/{consultation.id}/edit").get_data(as_text=True)
    assert "Dự thảo văn bản quy phạm pháp luật: 20 ngày" in form
    # Long enough: the button is offered and works.
    settings.set_value("min_open_days.regulation", "15")
    db.session.commit()
    html = client.get(url).get_data(as_text=True)
    assert "Chưa thể công bố" not in html and ">Công bố</button>" in html
    assert "<dt>Thời gian tối thiểu cho loại dự thảo này</dt><dd>15 ngày</dd>" in html
    assert post_form(client, url).status_code == 303


def test_publishing_reports_every_problem_at_once(staff_client, db, clock):
    clock(datetime(2026, 11, 30, 3, tzinfo=timezone.utc))
    client, agency, staff = staff_client
    _draft(client, agency, "10/12/2026")
    consultation = db.session.scalar(select(Consultation))
    consultation.opens_on = date(2026, 11, 25)
    db.session.commit()
    refused = post_form(client, f"/consultations/{consultation.id}/publish")
    assert refused.status_code == 422
    assert [field for field, _ in summary(refused.get_data(as_text=True))] == [
        f"/consultations/{consultation.id}/edit#opens_on", f"/consultations/{consultation.id}/edit#closes_on"]
