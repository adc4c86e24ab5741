"""Official answers to comments: owed on a working-day deadline, on time / late / overdue with
the agency's apology, public corrections, and satisfaction ratings by the person answered."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from civic.answers.models import Answer, OwedAnswer, Rating
from civic.comments.models import Comment
from civic.core.audit import AuditEntry
from tests.conftest import login, post_form
from tests.factories import make_agency, make_consultation, make_staff, make_user

ANSWER = {"body": "Sở ghi nhận và sẽ điều chỉnh khoản 2 Điều 5.", "signer_name": "Trần Quốc Huy", "signer_title": "Trưởng phòng Cải cách hành chính"}


@pytest.fixture
def setup(app, db, clock):
    clock(datetime(2026, 11, 23, 2, tzinfo=timezone.utc))  # Monday 23 Nov 2026, 09:00 in Viet Nam
    consultation = make_consultation()
    author = make_user()
    author_client = app.test_client()
    login(author_client, author)
    post_form(author_client, f"/consultations/{consultation.id}/comments", {"body": "Đề nghị rút ngắn thời hạn."})
    comment = db.session.scalar(select(Comment))
    staff = make_staff(consultation.agency)
    staff_client = app.test_client()
    login(staff_client, staff)
    return consultation, comment, author, author_client, staff, staff_client


def test_marking_a_comment_owed_sets_a_working_day_deadline(setup, db, client):
    consultation, comment, author, author_client, staff, staff_client = setup
    response = post_form(staff_client, f"/answers/comment/{comment.id}/owe")
    assert response.status_code == 303
    owed = db.session.scalar(select(OwedAnswer))
    # 15 working days from Mon 23 Nov 2026: 24 Nov is a holiday → Tue 15 Dec.
    assert owed.triggered_on == date(2026, 11, 23) and owed.due_on == date(2026, 12, 15)
    assert owed.agency_id == consultation.agency_id
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Cần trả lời" in page and "hạn trả lời 15/12/2026" in page
    again = post_form(staff_client, f"/answers/comment/{comment.id}/owe")
    assert again.status_code == 400 and "đã được đánh dấu" in again.get_data(as_text=True)
    queue = staff_client.get("/answers/owed").get_data(as_text=True)
    assert "15/12/2026" in queue and "Đề nghị rút ngắn" in queue
    assert "answer.owe" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_deadline_falling_in_tet_moves_past_it(app, db, clock):
    from civic.answers import services
    from civic.core import settings

    clock(datetime(2027, 1, 29, 2, tzinfo=timezone.utc))  # Friday 29 Jan 2027
    settings.set_value("answer_deadline_working_days", "10")
    consultation = make_consultation()
    user = make_user()
    comment = Comment(subject_type="consultation", subject_id=consultation.id, author_id=user.id, body="x", receipt="GY-2027-000001")
    db.session.add(comment)
    db.session.commit()
    owed = services.mark_owed(make_staff(consultation.agency), "comment", comment)
    # Tết 2027: 5–10 Feb off (Fri–Wed, with the weekend); 10 working days land on 19 Feb.
    assert owed.due_on > date(2027, 2, 10)
    from civic.core.workdays import is_working_day, working_days_between

    assert is_working_day(owed.due_on)
    assert working_days_between(date(2027, 1, 29), owed.due_on) == 10


def test_deadline_states_on_a_frozen_clock_with_apology(setup, db, client, clock):
    consultation, comment, author, author_client, staff, staff_client = setup
    agency = consultation.agency
    agency.apology = "Sở Nội vụ xin lỗi vì chậm trả lời."
    db.session.commit()
    post_form(staff_client, f"/answers/comment/{comment.id}/owe")
    owed = db.session.scalar(select(OwedAnswer))
    assert owed.state == "pending"
    clock(datetime(2026, 12, 15, 16, 59, tzinfo=timezone.utc))  # last minute of the due day
    assert owed.state == "pending"
    clock(datetime(2026, 12, 15, 17, 0, tzinfo=timezone.utc))  # midnight in Viet Nam
    assert owed.state == "overdue"
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Quá hạn trả lời" in page and "Sở Nội vụ xin lỗi vì chậm trả lời." in page
    assert post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 303
    owed = db.session.scalar(select(OwedAnswer))
    assert owed.answered_on == date(2026, 12, 16) and owed.state == "late"
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Trả lời trễ hạn" in page and "Sở Nội vụ xin lỗi vì chậm trả lời." in page
    assert "Cơ quan trả lời" in page and "Trần Quốc Huy, Trưởng phòng Cải cách hành chính" in page


def test_an_answer_on_time_shows_no_apology(setup, db, client):
    consultation, comment, author, author_client, staff, staff_client = setup
    post_form(staff_client, f"/answers/comment/{comment.id}/owe")
    post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Trả lời đúng hạn" in page and "xin lỗi" not in page
    twice = post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER)
    assert twice.status_code == 422 and "đã có câu trả lời" in twice.get_data(as_text=True)
    assert len(db.session.scalars(select(Answer)).all()) == 1


@pytest.mark.parametrize("missing, message", [("body", "Vui lòng nhập nội dung trả lời"), ("signer_name", "họ tên người ký"), ("signer_title", "chức vụ người ký")])
def test_answer_bad_input(setup, db, missing, message):
    consultation, comment, author, author_client, staff, staff_client = setup
    response = post_form(staff_client, f"/answers/comment/{comment.id}/new", dict(ANSWER, **{missing: "  "}))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalars(select(Answer)).all() == []


def test_only_staff_of_the_agency_or_above_answer(setup, db, app):
    consultation, comment, author, author_client, staff, staff_client = setup
    for user in (make_staff(make_agency()), make_user(), make_user("admin"), make_user("moderator")):
        other = app.test_client()
        login(other, user)
        assert post_form(other, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 403
        assert post_form(other, f"/answers/comment/{comment.id}/owe").status_code == 403
    assert post_form(author_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 403
    assert db.session.scalars(select(Answer)).all() == [] and db.session.scalars(select(OwedAnswer)).all() == []
    assert app.test_client().get(f"/answers/comment/{comment.id}/new").status_code == 302
    assert post_form(staff_client, "/answers/comment/999999/new", ANSWER).status_code == 404
    assert post_form(staff_client, f"/answers/idea/{comment.id}/new", ANSWER).status_code == 404


def test_corrections_keep_a_public_history(setup, db, client):
    consultation, comment, author, author_client, staff, staff_client = setup
    post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER)
    answer = db.session.scalar(select(Answer))
    no_reason = post_form(staff_client, f"/answers/{answer.id}/correct", dict(ANSWER, body="Bản sửa", reason=""))
    assert no_reason.status_code == 422 and "lý do đính chính" in no_reason.get_data(as_text=True)
    same = post_form(staff_client, f"/answers/{answer.id}/correct", dict(ANSWER, reason="Không đổi"))
    assert same.status_code == 422
    ok = post_form(staff_client, f"/answers/{answer.id}/correct", dict(ANSWER, body="Sở sẽ điều chỉnh khoản 2 và khoản 3 Điều 5.", reason="Bổ sung khoản 3."))
    assert ok.status_code == 303
    history = client.get(f"/answers/{answer.id}").get_data(as_text=True)
    assert "Sở sẽ điều chỉnh khoản 2 và khoản 3 Điều 5." in history
    assert "Lịch sử đính chính" in history and "Sở ghi nhận và sẽ điều chỉnh khoản 2 Điều 5." in history and "Bổ sung khoản 3." in history
    assert "đã đính chính" in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["answer.give", "answer.correct"]


def test_the_author_rates_once_changeable_for_30_days(setup, db, app, clock):
    consultation, comment, author, author_client, staff, staff_client = setup
    post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER)
    answer = db.session.scalar(select(Answer))
    page = author_client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Bạn có hài lòng với câu trả lời?" in page
    assert post_form(author_client, f"/answers/{answer.id}/rate", {"value": "neutral", "comment": "Cần cụ thể hơn."}).status_code == 303
    assert post_form(author_client, f"/answers/{answer.id}/rate", {"value": "satisfied"}).status_code == 303
    [rating] = db.session.scalars(select(Rating)).all()
    assert rating.value == "satisfied" and rating.user_id == author.id
    bad = post_form(author_client, f"/answers/{answer.id}/rate", {"value": "angry"})
    assert bad.status_code == 422
    clock.advance(timedelta(days=31))
    late = post_form(author_client, f"/answers/{answer.id}/rate", {"value": "dissatisfied"})
    assert late.status_code == 403 and "30 ngày" in late.get_data(as_text=True)
    assert db.session.scalar(select(Rating.value)) == "satisfied"


def test_nobody_else_rates(setup, db, app):
    consultation, comment, author, author_client, staff, staff_client = setup
    post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER)
    answer = db.session.scalar(select(Answer))
    other = app.test_client()
    login(other, make_user())
    refused = post_form(other, f"/answers/{answer.id}/rate", {"value": "dissatisfied"})
    assert refused.status_code == 403 and "Chỉ người gửi ý kiến" in refused.get_data(as_text=True)
    staff_refused = post_form(staff_client, f"/answers/{answer.id}/rate", {"value": "satisfied"})
    assert staff_refused.status_code == 403 and "Cán bộ không đánh giá" in staff_refused.get_data(as_text=True)
    assert db.session.scalars(select(Rating)).all() == []
    assert app.test_client().get("/answers/999999").status_code == 404


def test_owed_queue_is_for_staff_sorted_by_deadline(setup, db, app, clock):
    consultation, comment, author, author_client, staff, staff_client = setup
    post_form(author_client, f"/consultations/{consultation.id}/comments", {"body": "Ý kiến thứ hai"})
    second = db.session.scalar(select(Comment).where(Comment.body == "Ý kiến thứ hai"))
    post_form(staff_client, f"/answers/comment/{second.id}/owe")
    clock.advance(timedelta(days=3))
    post_form(staff_client, f"/answers/comment/{comment.id}/owe")
    page = staff_client.get("/answers/owed").get_data(as_text=True)
    assert page.index("Ý kiến thứ hai") < page.index("Đề nghị rút ngắn")
    assert author_client.get("/answers/owed").status_code == 403


def test_an_answer_may_carry_one_checked_file(setup, db, client):
    import io

    from tests.conftest import post_multipart

    consultation, comment, author, author_client, staff, staff_client = setup
    url = f"/answers/comment/{comment.id}/new"
    disguised = post_multipart(staff_client, url, dict(ANSWER, attachment=(io.BytesIO(b"<svg onload=alert(1)>"), "cong-van.pdf")))
    assert disguised.status_code == 422 and "Loại tệp không được chấp nhận" in disguised.get_data(as_text=True)
    assert db.session.scalars(select(Answer)).all() == []
    pdf = b"%PDF-1.4\n%%EOF\n"
    ok = post_multipart(staff_client, url, dict(ANSWER, attachment=(io.BytesIO(pdf), "Công văn trả lời.pdf")))
    assert ok.status_code == 303
    answer = db.session.scalar(select(Answer))
    assert answer.attachment.filename == "Công văn trả lời.pdf"
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Công văn trả lời.pdf" in page
    served = client.get(f"/answers/{answer.id}/attachment/x.pdf")
    assert served.data == pdf and served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
