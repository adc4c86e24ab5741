"""Every form of ideas, answers and comments reports every problem of a submission at once (the
error summary lists them all, each on its field), and refuses text longer than its limit with a
message instead of cutting it."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from civic.answers.models import Answer, AnswerRevision, Rating
from civic.comments import services as comments
from civic.ideas import services
from civic.ideas.models import ACCEPTED, PUBLISHED, UNDER_REVIEW, Idea, IdeaEvent
from tests.conftest import login, post_form, post_multipart
from tests.factories import make_agency, make_staff, make_user
from tests.ideas.test_pages import make_idea, topic  # noqa: F401  (fixture)

ANSWER = {"body": "Sở tiếp thu.", "signer_name": "Trần Quốc Huy", "signer_title": "Trưởng phòng"}


def summary(html: str) -> list[str]:
    """The messages of the error summary, in order, with the fields they link to."""
    block = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<li>(?:<a href="#([^"]+)">)?([^<]+)', block)


def assert_reports(response, *fields: str) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.status_code
    html = response.get_data(as_text=True)
    found = summary(html)
    assert [field for field, _message in found] == list(fields), found
    for field, _message in found:
        assert f'id="{field}"' in html, f"the summary links to #{field}, which is not on the page"
    return found


def test_an_empty_idea_reports_every_missing_field(client, db, topic, signed_in):
    signed_in(make_user())
    assert_reports(post_form(client, "/ideas/new", {}), "title", "problem", "solution", "topic")
    # With a wrong agency and a disguised file too: six at once, nothing stored.
    response = post_multipart(client, "/ideas/new", {"title": "", "problem": "ngắn", "solution": "x" * 5001,
                                                     "topic": "khong-co", "agency": "khong-co",
                                                     "attachment": (io.BytesIO(b"<svg onload=alert(1)>"), "a.pdf")})
    found = assert_reports(response, "title", "problem", "solution", "topic", "agency", "attachment")
    assert "dài tối đa 5000 ký tự" in found[2][1]
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_an_empty_status_change_reports_every_problem(client, db, topic, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    idea = make_idea(db, topic, agency)
    signed_in(staff)
    assert_reports(post_form(client, f"/ideas/{idea.id}/status", {}), "new_status-0")
    services.change_status(staff, idea, UNDER_REVIEW, "Đang xem xét.")
    services.change_status(staff, idea, ACCEPTED, "Tiếp thu đề xuất này.")
    db.session.commit()
    found = assert_reports(post_form(client, f"/ideas/{idea.id}/status", {"new_status": "implemented"}), "note", "on")
    assert "ít nhất 10 ký tự" in found[0][1] and "ngày thực hiện" in found[1][1]
    # A note longer than its limit is refused, never cut.
    found = assert_reports(post_form(client, f"/ideas/{idea.id}/status",
                                     {"new_status": "implemented", "note": "x" * 5001, "on": "ngày mai"}), "note", "on")
    assert "5.000" in found[0][1]
    assert db.session.get(Idea, idea.id).status == ACCEPTED


def test_an_empty_decline_reports_every_problem(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency, publish=False)
    signed_in(make_staff(agency))
    assert_reports(post_form(client, f"/ideas/{idea.id}/decline", {}), "reason-0")
    found = assert_reports(post_form(client, f"/ideas/{idea.id}/decline", {"note": "x" * 2001}), "reason-0", "note")
    assert "2.000" in found[1][1]
    ok = post_form(client, f"/ideas/{idea.id}/decline", {"reason": "not_reform", "note": "y" * 2000})
    assert ok.status_code == 303
    assert db.session.scalar(select(IdeaEvent.note).where(IdeaEvent.status == "declined")) == "y" * 2000


def test_an_empty_merge_and_agency_report_their_field(client, db, topic, signed_in):
    from civic.accounts.models import ADMIN

    agency = make_agency()
    idea = make_idea(db, topic, agency)
    signed_in(make_user(role=ADMIN))
    assert_reports(post_form(client, f"/ideas/{idea.id}/merge", {}), "target")
    assert_reports(post_form(client, f"/ideas/{idea.id}/agency", {"agency": ""}), "agency")
    assert db.session.get(Idea, idea.id).status == PUBLISHED


@pytest.fixture
def answered(app, db):
    from tests.factories import make_consultation

    consultation = make_consultation()
    author = make_user()
    comment = comments.post_comment(author, "consultation", consultation, "Đề nghị rút ngắn thời hạn.")
    db.session.commit()
    staff = make_staff(consultation.agency)
    staff_client = app.test_client()
    login(staff_client, staff)
    author_client = app.test_client()
    login(author_client, author)
    return comment, staff_client, author_client


def test_an_empty_answer_reports_every_missing_field(answered, db):
    comment, staff_client, _author = answered
    url = f"/answers/comment/{comment.id}/new"
    assert_reports(post_form(staff_client, url, {}), "body", "signer_name", "signer_title")
    found = assert_reports(post_multipart(staff_client, url, {"body": "", "signer_name": "N" * 121, "signer_title": "T" * 161,
                                                              "attachment": (io.BytesIO(b"MZ\x90\x00"), "a.pdf")}),
                           "body", "signer_name", "signer_title", "attachment")
    assert "120" in found[1][1] and "160" in found[2][1]
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    # At the limits, stored whole.
    assert post_form(staff_client, url, dict(ANSWER, signer_name="N" * 120, signer_title="T" * 160)).status_code == 303
    answer = db.session.scalar(select(Answer))
    assert (answer.signer_name, answer.signer_title) == ("N" * 120, "T" * 160)


def test_an_empty_correction_reports_every_missing_field(answered, db):
    comment, staff_client, _author = answered
    assert post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 303
    answer = db.session.scalar(select(Answer))
    url = f"/answers/{answer.id}/correct"
    assert_reports(post_form(staff_client, url, {}), "body", "signer_name", "signer_title", "reason")
    found = assert_reports(post_form(staff_client, url, dict(ANSWER, body="Sở tiếp thu một phần.", reason="r" * 2001)), "reason")
    assert "2.000" in found[0][1]
    assert post_form(staff_client, url, dict(ANSWER, body="Sở tiếp thu một phần.", reason="r" * 2000)).status_code == 303
    assert db.session.scalar(select(AnswerRevision.reason)) == "r" * 2000


def test_an_empty_rating_reports_every_problem(answered, db):
    comment, staff_client, author_client = answered
    assert post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 303
    answer = db.session.scalar(select(Answer))
    url = f"/answers/{answer.id}/rate"
    assert_reports(post_form(author_client, url, {}), "value-0")
    found = assert_reports(post_form(author_client, url, {"comment": "c" * 2001}), "value-0", "comment")
    assert "2.000" in found[1][1]
    assert post_form(author_client, url, {"value": "neutral", "comment": "c" * 2000}).status_code == 303
    assert db.session.scalar(select(Rating.comment)) == "c" * 2000


def test_an_empty_comment_edit_reports_its_field(app, db, client, signed_in):
    from tests.factories import make_consultation

    consultation = make_consultation()
    author = make_user()
    comment = comments.post_comment(author, "consultation", consultation, "Bản đầu.")
    db.session.commit()
    signed_in(author)
    found = assert_reports(post_form(client, f"/comments/{comment.id}/edit", {"body": " "}), f"edit-body-{comment.id}")
    assert "Vui lòng nhập nội dung ý kiến." in found[0][1]
    found = assert_reports(post_form(client, f"/comments/{comment.id}/edit", {"body": "x" * 5001}), f"edit-body-{comment.id}")
    assert "5.000" in found[0][1]
