"""The staff page of everything owed an answer (/answers/owed): each row names what is owed —
its kind, its title or the start of its text, a link to it — with its deadline and its state
(on time, due soon, overdue), in a fixed number of queries whatever the number of rows."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from civic.answers import services as answers
from civic.answers.models import OwedAnswer
from civic.comments import services as comments
from civic.topics.models import Topic
from civic.core import settings
from civic.dialogues import services as dialogues
from civic.ideas import services as ideas
from tests.conftest import count_queries
from tests.factories import make_consultation, make_staff, make_user

# Monday 2 March 2026, 09:00 in Viet Nam.
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(app, db, clock):
    clock(NOW)
    consultation = make_consultation()
    agency = consultation.agency
    staff = make_staff(agency)
    topic = Topic(name="Đất đai", slug="dat-dai")
    db.session.add(topic)
    db.session.commit()
    settings.set_value("idea_support_threshold", 1)
    db.session.commit()
    return {"consultation": consultation, "agency": agency, "staff": staff, "topic": topic, "n": 0}


def owe_comment(db, world, body: str):
    comment = comments.post_comment(make_user(), "consultation", world["consultation"], body)
    answers.mark_owed(world["staff"], "comment", comment)
    db.session.commit()
    return comment


def owe_idea(db, world, title: str):
    idea = ideas.submit(make_user(), {
        "title": title, "topic": world["topic"].slug, "agency": world["agency"].slug,
        "problem": "Người dân phải đi lại nhiều lần để nộp bổ sung giấy tờ.",
        "solution": "Cho nộp bổ sung qua Cổng dịch vụ công và nhận kết quả tại nhà."})
    ideas.publish(world["staff"], idea)
    ideas.support(make_user(), idea)  # the threshold is 1: an answer is owed
    db.session.commit()
    return idea


def owe_dialogue_question(db, world, question: str, clock):
    from tests.dialogues.conftest import session_data

    world["n"] += 1
    session = dialogues.schedule(world["staff"], session_data(world["agency"], world["topic"],
                                                              title=f"Đối thoại về đất đai lần {world['n']}"))
    db.session.commit()
    now = clock.advance(timedelta(days=10, hours=4))  # the session has begun
    minutes = dialogues.start_minutes(world["staff"], session)
    item = dialogues.add_item(world["staff"], minutes, {"question": question, "follow_up": "y"})
    dialogues.publish_minutes(world["staff"], minutes)
    db.session.commit()
    clock(now - timedelta(days=10, hours=4))
    return session, item


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in body.split("<tr")[1:]]


def row_with(html: str, text: str) -> str:
    [row] = [row for row in rows(html) if text in row]
    return row


def test_every_row_names_its_kind_text_link_deadline_and_state(world, db, client, signed_in, clock):
    comment = owe_comment(db, world, "Đề nghị rút ngắn thời hạn cấp giấy chứng nhận xuống 10 ngày.")
    idea = owe_idea(db, world, "Nhận kết quả thủ tục đất đai tại nhà")
    session, item = owe_dialogue_question(db, world, "Hộ tôi bị thu hồi một phần thửa đất thì phần còn lại xử lý thế nào?", clock)
    due = {o.subject_type: o.due_on for o in db.session.scalars(select(OwedAnswer))}
    signed_in(world["staff"])

    html = client.get("/answers/owed").get_data(as_text=True)
    assert "<h1>Cần trả lời</h1>" in html
    assert "<title>Cần trả lời" in html

    row = row_with(html, "Đề nghị rút ngắn thời hạn")
    assert "Ý kiến góp ý" in row and f'href="/comments/{comment.id}"' in row
    assert world["consultation"].title.replace("<", "&lt;")[:20] in row  # what it comments on, escaped
    assert due["comment"].strftime("%d/%m/%Y") in row and "Còn 15 ngày làm việc" in row

    row = row_with(html, "Nhận kết quả thủ tục đất đai tại nhà")
    assert "Sáng kiến" in row and f'href="/ideas/{idea.id}"' in row
    assert due["idea"].strftime("%d/%m/%Y") in row

    row = row_with(html, "phần còn lại xử lý thế nào")
    assert "Câu hỏi đối thoại" in row and f'href="/dialogues/{session.id}/minutes#item-{item.id}"' in row
    assert "Đối thoại về đất đai lần 1" in row
    assert due["dialogue_item"].strftime("%d/%m/%Y") in row
    for row in rows(html):
        assert re.search(r'href="/answers/(comment|idea|dialogue_item)/\d+/new"', row)
        assert re.search(r'<a href="[^"]+">[^<\s][^<]*</a>', row), row  # no empty link

    # Two working days before the deadline the row is due soon; the day after, overdue.
    from civic.core.workdays import working_days_between

    day = due["comment"]
    while working_days_between(day, due["comment"]) < 2:
        day -= timedelta(days=1)
    clock(datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=2))
    html = client.get("/answers/owed").get_data(as_text=True)
    row = row_with(html, "Đề nghị rút ngắn thời hạn")
    assert 'class="owed-due_soon"' in row and "Sắp đến hạn: còn 2 ngày làm việc" in row
    clock(datetime.combine(due["comment"] + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=2))
    html = client.get("/answers/owed").get_data(as_text=True)
    row = row_with(html, "Đề nghị rút ngắn thời hạn")
    assert 'class="owed-overdue"' in row and "Quá hạn 1 ngày làm việc" in row


def test_the_owed_page_runs_a_fixed_number_of_queries(world, db, client, signed_in, clock):
    signed_in(world["staff"])

    def add_one_of_each(k):
        owe_comment(db, world, f"Ý kiến cần trả lời số {k}")
        owe_idea(db, world, f"Sáng kiến cần trả lời số {k}")
        owe_dialogue_question(db, world, f"Câu hỏi cần trả lời bằng văn bản số {k}", clock)

    def queries():
        with count_queries() as counter:
            response = client.get("/answers/owed")
        assert response.status_code == 200
        return counter.count

    add_one_of_each(0)
    one = queries()
    for k in range(1, 5):
        add_one_of_each(k)
    html = client.get("/answers/owed").get_data(as_text=True)
    assert len(rows(html)) == 15
    assert queries() == one <= 15


def test_nothing_owed_says_so(world, client, signed_in):
    signed_in(world["staff"])
    html = client.get("/answers/owed").get_data(as_text=True)
    assert "<h1>Cần trả lời</h1>" in html and "Không có gì đang chờ trả lời." in html
