"""A comment's permalink (/comments/<id>) lands on the page that holds the comment, whatever
has been posted since: a top-level comment on its page of the subject's comments (default
order), a reply in the thread of its top-level comment. On consultations and on ideas."""
from __future__ import annotations

import pytest

from civic.comments import services as comments
from civic.comments.models import Comment
from civic.topics.models import Topic
from civic.core import settings
from civic.ideas import services as ideas
from tests.factories import make_consultation, make_staff, make_user


def consultation_subject(db):
    return "consultation", make_consultation()


def idea_subject(db):
    consultation = make_consultation()
    topic = Topic(name="Đất đai", slug="dat-dai")
    db.session.add(topic)
    settings.set_value("idea_support_threshold", 500)
    db.session.commit()
    idea = ideas.submit(make_user(), {"title": "Nhận kết quả thủ tục đất đai tại nhà", "topic": topic.slug,
                                      "agency": consultation.agency.slug,
                                      "problem": "Người dân phải đi lại nhiều lần để nhận kết quả.",
                                      "solution": "Gửi kết quả qua bưu điện đến tận nhà người dân."})
    ideas.publish(make_staff(consultation.agency), idea)
    db.session.commit()
    return "idea", idea


def post_many(db, subject_type, subject, author, n, start=0):
    made = [comments.post_comment(author, subject_type, subject, f"Ý kiến số {start + k:03d}") for k in range(n)]
    db.session.commit()
    return made


def landing(client, comment_id: int) -> tuple[str, str]:
    """Where the permalink sends the browser: (the page's HTML, the fragment)."""
    response = client.get(f"/comments/{comment_id}")
    assert response.status_code in (301, 302, 303), response.status_code
    location = response.headers["Location"]
    path, _, fragment = location.partition("#")
    page = client.get(path)
    assert page.status_code == 200, location
    return page.get_data(as_text=True), fragment


def assert_lands_on_it(client, comment: Comment) -> None:
    html, fragment = landing(client, comment.id)
    assert fragment == f"comment-{comment.id}"
    assert f'id="comment-{comment.id}"' in html, f"comment {comment.id} is not on the page its permalink opens"


@pytest.mark.parametrize("make_subject", [consultation_subject, idea_subject], ids=["consultation", "idea"])
def test_permalinks_land_on_the_page_holding_the_comment(app, db, client, make_subject):
    subject_type, subject = make_subject(db)
    author = make_user()
    made = post_many(db, subject_type, subject, author, 45)
    first, middle, last = made[0], made[25], made[44]
    reply = comments.post_comment(make_user(), subject_type, subject, "Một trả lời", parent=middle)
    deep = comments.post_comment(make_user(), subject_type, subject, "Trả lời của trả lời", parent=reply)
    db.session.commit()
    for comment in (first, middle, last, reply, deep):
        assert_lands_on_it(client, comment)
    html, _ = landing(client, middle.id)
    assert "Ý kiến số 020" in html and "Ý kiến số 039" in html  # page 2 of the default order
    html, _ = landing(client, deep.id)
    assert "Ý kiến số 025" in html and "Một trả lời" in html  # the reply's thread, from its top

    # Twenty more comments later, the permalinks still land on their comments.
    post_many(db, subject_type, subject, author, 20, start=45)
    for comment in (first, middle, last, reply, deep):
        assert_lands_on_it(client, comment)
