"""The apology beside a late answer says what happened: sorry it is not answered yet (and will
be soon) while it is overdue; sorry it came N working days late once it is answered — never a
promise to answer under an answer already given. On the thing's page and on the answer's page,
for comments and for ideas."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from civic.answers.models import Answer, OwedAnswer
from civic.comments.models import Comment
from tests.conftest import login, post_form
from tests.factories import make_consultation, make_staff, make_user

ANSWER = {"body": "Sở tiếp thu và sẽ điều chỉnh khoản 2 Điều 5.", "signer_name": "Trần Quốc Huy",
          "signer_title": "Trưởng phòng Cải cách hành chính"}
NOT_YET = "Chúng tôi thành thật xin lỗi vì chưa trả lời đúng hạn. Cơ quan đang khẩn trương xử lý và sẽ trả lời sớm nhất."
PROMISE = "sẽ trả lời sớm nhất"


@pytest.fixture
def owed_comment(app, db, clock):
    clock(datetime(2026, 11, 23, 2, tzinfo=timezone.utc))  # Monday 23 Nov 2026; due Tue 15 Dec
    consultation = make_consultation()
    author = make_user()
    author_client = app.test_client()
    login(author_client, author)
    post_form(author_client, f"/consultations/{consultation.id}/comments", {"body": "Đề nghị rút ngắn thời hạn."})
    comment = db.session.scalar(select(Comment))
    staff_client = app.test_client()
    login(staff_client, make_staff(consultation.agency))
    assert post_form(staff_client, f"/answers/comment/{comment.id}/owe").status_code == 303
    return consultation, comment, staff_client


def test_overdue_and_unanswered_promises_an_answer(owed_comment, client, clock):
    consultation, comment, staff_client = owed_comment
    clock(datetime(2026, 12, 16, 2, tzinfo=timezone.utc))
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Quá hạn trả lời" in page and NOT_YET in page


def test_answered_late_apologises_for_the_days_late(owed_comment, db, client, clock):
    consultation, comment, staff_client = owed_comment
    # Answered on Friday 18 Dec: the deadline was Tuesday 15 Dec, so 3 working days late.
    clock(datetime(2026, 12, 18, 2, tzinfo=timezone.utc))
    assert post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 303
    owed = db.session.scalar(select(OwedAnswer))
    assert owed.state == "late" and owed.late_by == 3
    answer = db.session.scalar(select(Answer))
    for url in (f"/consultations/{consultation.id}", f"/answers/{answer.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Chúng tôi thành thật xin lỗi vì đã trả lời trễ hạn 3 ngày làm việc." in page, url
        assert "Trả lời trễ hạn 3 ngày làm việc" in page, url
        assert PROMISE not in page, url


def test_answered_on_time_apologises_for_nothing(owed_comment, db, client, clock):
    consultation, comment, staff_client = owed_comment
    assert post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 303
    answer = db.session.scalar(select(Answer))
    for url in (f"/consultations/{consultation.id}", f"/answers/{answer.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Trả lời đúng hạn" in page and "xin lỗi" not in page


def test_an_idea_answered_late_apologises_too(app, db, client, clock):
    from civic.topics.models import Topic
    from civic.core import settings
    from civic.ideas import services as ideas

    clock(datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    consultation = make_consultation()  # an agency with staff
    staff = make_staff(consultation.agency)
    topic = Topic(name="Đất đai", slug="dat-dai")
    db.session.add(topic)
    settings.set_value("idea_support_threshold", 1)
    db.session.commit()
    idea = ideas.submit(make_user(), {"title": "Nhận kết quả thủ tục đất đai tại nhà", "topic": topic.slug,
                                      "agency": consultation.agency.slug,
                                      "problem": "Người dân phải đi lại nhiều lần để nhận kết quả.",
                                      "solution": "Gửi kết quả qua bưu điện đến tận nhà người dân."})
    ideas.publish(staff, idea)
    ideas.support(make_user(), idea)
    db.session.commit()
    clock(datetime(2026, 12, 16, 2, tzinfo=timezone.utc))
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Quá hạn trả lời" in page and NOT_YET in page
    staff_client = app.test_client()
    login(staff_client, staff)
    assert post_form(staff_client, f"/answers/idea/{idea.id}/new", ANSWER).status_code == 303
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Chúng tôi thành thật xin lỗi vì đã trả lời trễ hạn 1 ngày làm việc." in page and PROMISE not in page
