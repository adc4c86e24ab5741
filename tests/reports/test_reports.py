"""Synthesis report: totals from the rows, identical comments grouped, bulk outcomes,
publishing with everything accounted for, revisions after publication, CSV with BOM."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from civic.comments.models import Comment
from civic.consultations.models import Consultation
from civic.core.timeutil import local_today
from civic.reports.models import CommentOutcome, ReportRevision, SynthesisReport
from tests.conftest import login, post_form
from tests.factories import make_consultation, make_staff, make_user


@pytest.fixture
def closed(app, db):
    """A consultation that received five comments (two identical) and then closed."""
    consultation = make_consultation()
    citizen, business = make_user(), make_user("business", organisation_name="Công ty TNHH Bình Minh")
    section = consultation.versions[0].sections[2]
    for user, body, section_id in [
        (citizen, "Đề nghị giảm thời hạn xuống 10 ngày.", section.id),
        (make_user(), "Đề nghị  giảm thời hạn xuống 10 NGÀY!", section.id),
        (business, "Doanh nghiệp đề nghị bỏ yêu cầu bản sao công chứng.", None),
        (citizen, "Cần nói rõ trách nhiệm của cán bộ tiếp nhận.", None),
    ]:
        client = app.test_client()
        login(client, user)
        assert post_form(client, f"/consultations/{consultation.id}/comments", {"body": body, "section_id": str(section_id or "")}).status_code == 303
    consultation = db.session.get(Consultation, consultation.id)
    consultation.opens_on = local_today() - timedelta(days=40)
    consultation.closes_on = local_today() - timedelta(days=1)
    db.session.commit()
    staff = make_staff(consultation.agency)
    staff_client = app.test_client()
    login(staff_client, staff)
    return consultation, staff_client


def comment_ids(db, text):
    return [str(c.id) for c in db.session.scalars(select(Comment).where(Comment.body.contains(text)))]


def test_totals_and_groups_come_from_the_rows(closed, db):
    consultation, staff_client = closed
    page = staff_client.get(f"/consultations/{consultation.id}/report/edit")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "2 ý kiến giống nhau" in body
    from civic.reports import services

    totals, sections, _ = services.build(consultation, None)
    assert (totals.individuals, totals.businesses, totals.comments, totals.with_outcome) == (2, 1, 4, 0)
    assert sum(n for _, n in totals.per_section) == 4
    assert [g.count for b in sections for g in b.groups] == [1, 1, 2]


def test_report_cannot_start_while_open(app, db, client, signed_in):
    consultation = make_consultation()
    signed_in(make_staff(consultation.agency))
    assert client.get(f"/consultations/{consultation.id}/report/edit").status_code == 400
    assert post_form(client, f"/consultations/{consultation.id}/report/edit", {"comments": "1", "outcome": "noted"}).status_code == 422
    assert db.session.scalars(select(SynthesisReport)).all() == []


def test_bulk_outcomes_publish_and_public_view(closed, db, app):
    consultation, staff_client = closed
    url = f"/consultations/{consultation.id}/report/edit"
    group = ",".join(comment_ids(db, "giảm thời hạn") + comment_ids(db, "giảm  thời hạn"))
    no_reason = post_form(staff_client, url, {"comments": group, "outcome": "accepted", "reasoning": ""})
    assert no_reason.status_code == 422 and "tiếp thu hoặc giải trình" in no_reason.get_data(as_text=True)
    ok = post_form(staff_client, url, {"comments": group, "outcome": "accepted", "reasoning": "Đã sửa khoản 2 Điều 1 thành 10 ngày."})
    assert ok.status_code == 303
    assert len(db.session.scalars(select(CommentOutcome)).all()) == 2
    foreign = post_form(staff_client, url, {"comments": "999999", "outcome": "noted"})
    assert foreign.status_code == 422 and "không thuộc dự thảo" in foreign.get_data(as_text=True)
    bad_outcome = post_form(staff_client, url, {"comments": group, "outcome": "rejected", "reasoning": "x"})
    assert bad_outcome.status_code == 422
    assert app.test_client().get(f"/consultations/{consultation.id}/report").status_code == 404  # not yet public
    publish = f"/consultations/{consultation.id}/report/publish"
    refused = post_form(staff_client, publish)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Còn 2 ý kiến chưa có kết quả" in text and "GY-" in text
    assert db.session.get(Consultation, consultation.id).concluded_at is None
    assert post_form(staff_client, publish, {"confirm_noted": "1"}).status_code == 303
    consultation = db.session.get(Consultation, consultation.id)
    assert consultation.status == "concluded"
    outcomes = {o.outcome for o in db.session.scalars(select(CommentOutcome))}
    assert outcomes == {"accepted", "noted"} and len(db.session.scalars(select(CommentOutcome)).all()) == 4
    anonymous = app.test_client()
    public = anonymous.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến" in public and "Đã sửa khoản 2 Điều 1 thành 10 ngày." in public
    assert "Tiếp thu" in public and "Ghi nhận" in public
    page = anonymous.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Kết quả tiếp thu" in page and "Đã có báo cáo tổng hợp" in page
    receipt = db.session.scalar(select(Comment.receipt).where(Comment.body.contains("giảm thời hạn")))
    assert "Đã sửa khoản 2 Điều 1" in anonymous.get(f"/receipts/{receipt}").get_data(as_text=True)


def test_editing_a_published_report_makes_a_revision(closed, db):
    consultation, staff_client = closed
    url = f"/consultations/{consultation.id}/report/edit"
    post_form(staff_client, url, {"action": "introduction", "introduction": "Sở đã nhận 4 ý kiến."})
    post_form(staff_client, f"/consultations/{consultation.id}/report/publish", {"confirm_noted": "1"})
    ids = comment_ids(db, "công chứng")
    silent = post_form(staff_client, url, {"comments": ids[0], "outcome": "explained", "reasoning": "Theo quy định hiện hành."})
    assert silent.status_code == 422 and "nêu lý do sửa đổi" in silent.get_data(as_text=True)
    ok = post_form(staff_client, url, {"comments": ids[0], "outcome": "explained", "reasoning": "Theo quy định hiện hành.", "reason": "Bổ sung giải trình."})
    assert ok.status_code == 303
    [revision] = db.session.scalars(select(ReportRevision)).all()
    assert revision.number == 1 and revision.reason == "Bổ sung giải trình."
    assert any(o["outcome"] == "noted" for o in revision.snapshot["outcomes"])
    report = db.session.scalar(select(SynthesisReport))
    assert report.revision == 2
    public = staff_client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "Bổ sung giải trình." in public and "Lịch sử sửa đổi báo cáo" in public


def test_csv_has_every_row_and_a_bom(closed, db, app):
    consultation, staff_client = closed
    post_form(staff_client, f"/consultations/{consultation.id}/report/publish", {"confirm_noted": "1"})
    response = app.test_client().get(f"/consultations/{consultation.id}/report.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã tiếp nhận" and len(rows) == 5
    bodies = {row[3] for row in rows[1:]}
    assert "Doanh nghiệp đề nghị bỏ yêu cầu bản sao công chứng." in bodies
    assert {row[4] for row in rows[1:]} == {"Ghi nhận"}


def test_only_the_agency_staff_write_the_report(closed, db, app):
    consultation, staff_client = closed
    for user in (make_staff(), make_user(), make_user("admin")):
        other = app.test_client()
        login(other, user)
        assert other.get(f"/consultations/{consultation.id}/report/edit").status_code == 403
        assert post_form(other, f"/consultations/{consultation.id}/report/edit", {"comments": "1", "outcome": "noted"}).status_code == 403
    assert db.session.scalars(select(SynthesisReport)).all() == []
