"""The report editor's forms say everything that is missing at once (nothing ticked, no
outcome, no reasoning, no reason for changing a published report), keep what was typed, and
refuse over-long texts instead of cutting them."""
from __future__ import annotations

import re

from sqlalchemy import select

from civic.core.audit import AuditEntry
from civic.reports.models import CommentOutcome, SynthesisReport
from tests.consultations.test_every_error import summary
from tests.conftest import post_form
from tests.reports.test_reports import closed, comment_ids  # noqa: F401  (fixture)


def test_a_bulk_outcome_with_nothing_ticked_says_what_is_missing(closed, db):
    consultation, staff_client = closed
    url = f"/consultations/{consultation.id}/report/edit"
    response = post_form(staff_client, url, {"action": "assign", "outcome": "", "reasoning": "Đã tiếp thu."})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert summary(html) == [
        ("#comments", "Vui lòng chọn ít nhất một ý kiến."),
        ("#outcome", "Vui lòng chọn kết quả tiếp thu."),
    ]
    # Each message also stands beside its field, and what was typed is still there.
    assert 'id="comments"' in html and '<p class="error" id="comments-error">Vui lòng chọn ít nhất một ý kiến.</p>' in html
    assert '<p class="error" id="outcome-error">Vui lòng chọn kết quả tiếp thu.</p>' in html
    assert re.search(r'<textarea id="reasoning"[^>]*>Đã tiếp thu\.</textarea>', html)
    assert '<option value="">— Chọn kết quả —</option>' in html
    assert db.session.scalars(select(CommentOutcome)).all() == []


def test_nothing_ticked_and_no_reasoning_are_reported_together(closed, db):
    consultation, staff_client = closed
    url = f"/consultations/{consultation.id}/report/edit"
    response = post_form(staff_client, url, {"action": "assign", "outcome": "accepted", "reasoning": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert summary(html) == [
        ("#comments", "Vui lòng chọn ít nhất một ý kiến."),
        ("#reasoning", "Vui lòng nêu nội dung tiếp thu hoặc giải trình."),
    ]
    assert '<option value="accepted" selected>' in html


def test_ticks_come_back_with_a_refusal(closed, db):
    consultation, staff_client = closed
    ids = comment_ids(db, "công chứng")
    response = post_form(staff_client, f"/consultations/{consultation.id}/report/edit",
                         {"action": "assign", "comments": ids[0], "outcome": "", "reasoning": ""})
    assert response.status_code == 422
    assert re.search(rf'<input type="checkbox" name="comments" value="{ids[0]}"[^>]*checked>', response.get_data(as_text=True))


def test_an_over_long_reasoning_is_refused_not_cut(closed, db):
    consultation, staff_client = closed
    ids = comment_ids(db, "công chứng")
    url = f"/consultations/{consultation.id}/report/edit"
    long = "Giải trình chi tiết. " * 300
    response = post_form(staff_client, url, {"action": "assign", "comments": ids[0], "outcome": "explained", "reasoning": long})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [
        ("#reasoning", "Nội dung tiếp thu, giải trình dài tối đa 5.000 ký tự (hiện có 6299 ký tự).")]
    assert db.session.scalars(select(CommentOutcome)).all() == []  # it used to be stored cut to 5,000
    fits = "Giải trình chi tiết. " * 200
    assert post_form(staff_client, url, {"action": "assign", "comments": ids[0], "outcome": "explained", "reasoning": fits}).status_code == 303
    assert db.session.scalar(select(CommentOutcome.reasoning)) == fits.strip()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "report.assign"))
    assert entry.summary == fits.strip()  # the audit summary was cut to 200 characters


def test_the_introduction_form_reports_length_and_missing_reason_together(closed, db):
    consultation, staff_client = closed
    url = f"/consultations/{consultation.id}/report/edit"
    long = "Tổng quan. " * 2000
    response = post_form(staff_client, url, {"action": "introduction", "introduction": long})
    assert response.status_code == 422
    assert summary(response.get_data(as_text=True)) == [
        ("#introduction", "Phần tổng quan dài tối đa 20.000 ký tự (hiện có 21999 ký tự).")]
    assert db.session.scalar(select(SynthesisReport.introduction)) in (None, "")  # it used to be stored cut
    assert post_form(staff_client, f"/consultations/{consultation.id}/report/publish", {"confirm_noted": "1"}).status_code == 303
    response = post_form(staff_client, url, {"action": "introduction", "introduction": long, "reason": ""})
    assert summary(response.get_data(as_text=True)) == [
        ("#introduction", "Phần tổng quan dài tối đa 20.000 ký tự (hiện có 21999 ký tự)."),
        ("#intro-reason", "Báo cáo đã công bố: vui lòng nêu lý do sửa đổi (được công khai)."),
    ]
    response = post_form(staff_client, url, {"action": "introduction", "introduction": "Ngắn.", "reason": "Lý do. " * 400})
    assert summary(response.get_data(as_text=True)) == [
        ("#intro-reason", "Lý do sửa đổi dài tối đa 2.000 ký tự (hiện có 2799 ký tự).")]
    assert db.session.scalar(select(SynthesisReport)).revision == 1


def test_the_report_publish_form_reports_its_problem_in_the_summary(closed, db):
    consultation, staff_client = closed
    refused = post_form(staff_client, f"/consultations/{consultation.id}/report/publish")
    assert refused.status_code == 422
    [(link, message)] = summary(refused.get_data(as_text=True))
    assert link == "#confirm_noted" and message.startswith("Còn 4 ý kiến chưa có kết quả tiếp thu")
    assert 'id="confirm_noted"' in refused.get_data(as_text=True)
