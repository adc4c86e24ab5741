"""Every date a person sees is the day in Viet Nam. At 00:30 on Monday 30/11/2026 in Viet Nam it is
still Sunday 29/11 in UTC, where times are stored: each page that shows a date of something done
at that moment must say 30/11/2026, never 29/11/2026."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from civic.answers.models import Answer
from civic.comments.models import Comment
from civic.consultations.models import Consultation
from civic.core.timeutil import local_today, machine_time
from tests.conftest import login, post_form
from tests.factories import make_agency, make_consultation, make_staff, make_user

MOMENT = datetime(2026, 11, 29, 17, 30, tzinfo=timezone.utc)  # 00:30 on 30/11/2026 in Viet Nam
LOCAL_DAY, UTC_DAY = "30/11/2026", "29/11/2026"
ANSWER = {"body": "Sở ghi nhận và sẽ sửa khoản 2 Điều 5 như đề nghị.", "signer_name": "Trần Quốc Huy",
          "signer_title": "Trưởng phòng Cải cách hành chính"}


def shows_the_local_day(page: str) -> None:
    assert LOCAL_DAY in page
    assert UTC_DAY not in page
    for value in re.findall(r'<time datetime="([^"]+)"', page):  # valid, with an offset, no microseconds
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?", value), value


def signed_in_client(app, user):
    client = app.test_client()
    login(client, user)
    return client


@pytest.fixture
def at_half_past_midnight(clock):
    clock(MOMENT)
    assert local_today().isoformat() == "2026-11-30"


def test_machine_time_is_local_with_offset_and_whole_seconds():
    assert machine_time(MOMENT.replace(microsecond=123456)) == "2026-11-30T00:30:00+07:00"


def test_a_comment_its_answer_receipt_and_report_show_the_day_in_viet_nam(app, db, client, at_half_past_midnight, clock):
    consultation = make_consultation()
    author, staff = make_user(), make_staff(consultation.agency)
    author_client, staff_client = signed_in_client(app, author), signed_in_client(app, staff)
    assert post_form(author_client, f"/consultations/{consultation.id}/comments",
                     {"body": "Đề nghị rút ngắn thời hạn giải quyết xuống 10 ngày."}).status_code == 303
    comment = db.session.scalar(select(Comment))
    assert post_form(staff_client, f"/answers/comment/{comment.id}/owe").status_code == 303
    assert post_form(staff_client, f"/answers/comment/{comment.id}/new", ANSWER).status_code == 303

    shows_the_local_day(client.get(f"/consultations/{consultation.id}").get_data(as_text=True))
    shows_the_local_day(author_client.get(f"/receipts/{comment.receipt}").get_data(as_text=True))
    answer = db.session.scalar(select(Answer))
    shows_the_local_day(client.get(f"/answers/{answer.id}").get_data(as_text=True))

    # The consultation closes; at 00:30 a day later the report is published: it says 01/12.
    consultation = db.session.get(Consultation, consultation.id)
    consultation.opens_on = local_today() - timedelta(days=40)
    consultation.closes_on = local_today() - timedelta(days=1)
    db.session.commit()
    url = f"/consultations/{consultation.id}/report/edit"
    assert post_form(staff_client, url, {"comments": str(comment.id), "outcome": "accepted",
                                         "reasoning": "Tiếp thu: thời hạn giải quyết rút xuống 10 ngày."}).status_code == 303
    clock(MOMENT + timedelta(days=1))
    assert post_form(staff_client, f"/consultations/{consultation.id}/report/publish").status_code == 303
    report = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "01/12/2026" in report and "30/11/2026" not in report.split("Công bố ngày", 1)[1][:40]


def test_ideas_and_the_audit_log_show_the_day_in_viet_nam(app, db, client, at_half_past_midnight):
    from civic.topics.models import Topic

    agency = make_agency()
    topic = Topic(name="Giao thông", slug="giao-thong")
    db.session.add(topic)
    db.session.commit()
    author, staff, admin = make_user(), make_staff(agency), make_user("admin")
    author_client = signed_in_client(app, author)
    assert post_form(author_client, "/ideas/new", {
        "title": "Làn đường riêng cho xe buýt trên các trục chính", "topic": topic.slug, "agency": agency.slug,
        "problem": "Xe buýt bị kẹt cùng xe cá nhân nên chậm và ít người đi.",
        "solution": "Sơn làn ưu tiên cho xe buýt giờ cao điểm và xử phạt xe đi sai làn bằng camera.",
    }).status_code == 303
    shows_the_local_day(author_client.get("/ideas/mine").get_data(as_text=True))
    from civic.ideas.models import Idea

    idea = db.session.scalar(select(Idea))
    staff_client = signed_in_client(app, staff)
    shows_the_local_day(staff_client.get("/ideas/review").get_data(as_text=True))
    assert post_form(staff_client, f"/ideas/{idea.id}/publish").status_code == 303
    shows_the_local_day(client.get(f"/ideas/{idea.id}").get_data(as_text=True))
    shows_the_local_day(signed_in_client(app, admin).get("/admin/audit").get_data(as_text=True))


def test_a_dialogue_at_half_past_midnight_is_shown_on_its_day(app, db, client, clock):
    from tests.dialogues.conftest import make_session

    from civic.topics.models import Topic

    clock(MOMENT - timedelta(days=10))
    topic = Topic(name="Đất đai", slug="dat-dai")
    db.session.add(topic)
    db.session.commit()
    agency = make_agency()
    session = make_session(db, agency, topic, starts_at="00:30 30/11/2026", ends_at="03:00 30/11/2026",
                           registration_opens_at="08:00 19/11/2026", registration_closes_at="17:00 28/11/2026")
    assert session.starts_at == MOMENT
    for url in (f"/dialogues/{session.id}", "/dialogues", f"/agencies/{agency.slug}"):
        shows_the_local_day(client.get(url).get_data(as_text=True))


def test_english_times_read_without_seconds_in_viet_nam_time(app, db, client, clock):
    from tests.dialogues.conftest import make_session

    from civic.topics.models import Topic

    clock(MOMENT - timedelta(days=10))
    topic = Topic(name="Đất đai", slug="dat-dai")
    db.session.add(topic)
    db.session.commit()
    session = make_session(db, make_agency(), topic, starts_at="14:30 30/11/2026", ends_at="16:00 30/11/2026",
                           registration_opens_at="08:00 19/11/2026", registration_closes_at="17:00 28/11/2026")
    client.set_cookie("lang", "en")
    page = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Nov 30, 2026, 2:30 PM" in page and "2:30:00" not in page
