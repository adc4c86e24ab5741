"""/me ("Hoạt động của tôi"): signed in only; my comments with receipts and where they stand,
my ideas, registrations and questions, the answers waiting for my rating; empty states; "see
all" pages; nobody else's items; a fixed number of queries with 1 or 50 items of each kind."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from civic.dialogues import services as dialogues
from tests.citizen import builders
from tests.conftest import count_queries, login
from tests.factories import HOSTILE, make_agency, make_consultation, make_staff, make_user

MONDAY = datetime(2026, 11, 23, 2, tzinfo=timezone.utc)  # 09:00 in Viet Nam
def text(html: str) -> str:
    """The page's text, without its tags (dates are inside <time> elements)."""
    return re.sub(r"<[^>]+>", "", html)


PAGES = ("/me", "/me/comments", "/me/registrations", "/me/questions", "/me/to-rate")


@pytest.fixture
def world(app, db, clock):
    clock(MONDAY)
    agency = make_agency()
    staff = make_staff(agency)
    consultation = make_consultation(agency, creator=staff)
    return agency, staff, consultation


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_the_pages_ask_to_sign_in(client, path):
    plain = client.get(path)
    assert plain.status_code == 302 and plain.headers["Location"] == f"/login?next={path}"
    htmx = client.get(path, headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{path}"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == f"/login?next={path}"


def test_every_section_has_its_empty_state(world, client, signed_in):
    me = make_user()
    signed_in(me)
    html = client.get("/me").get_data(as_text=True)
    assert "<h1>Hoạt động của tôi</h1>" in html and me.email in html
    for empty in ("Không có câu trả lời nào chờ bạn đánh giá.", "Bạn chưa gửi ý kiến nào.", "Bạn chưa gửi sáng kiến nào.",
                  "Bạn chưa đăng ký tham dự buổi đối thoại nào.", "Bạn chưa gửi câu hỏi nào."):
        assert empty in html, empty
    assert "Xem tất cả" not in html
    headings = re.findall(r"<h([1-6])", html.split('<main')[1])
    assert headings[0] == "1" and set(headings[1:]) == {"2"}
    for path in PAGES[1:]:
        response = client.get(path)
        assert response.status_code == 200 and 'class="empty"' in response.get_data(as_text=True), path


def test_my_comments_ideas_registrations_questions_and_answers_to_rate(world, app, db, client, signed_in, clock):
    agency, staff, consultation = world
    me, other = make_user(), make_user()
    answered = builders.comment(me, consultation, "Đề nghị bỏ yêu cầu bản sao công chứng.")
    waiting = builders.comment(me, consultation, "Đề nghị công khai tiến độ hồ sơ.")
    builders.comment(other, consultation, "Ý kiến của người khác.")
    builders.owe(staff, waiting)
    builders.owe(staff, answered)
    given = builders.answer(staff, answered)
    idea = builders.idea(me, agency, title="Một cửa liên thông trực tuyến cho hộ kinh doanh", threshold=10)
    builders.supports(idea, 4)
    builders.idea(other, agency, title="Sáng kiến của người khác")
    pending = builders.idea(me, agency, title="Sáng kiến đang chờ duyệt", publish=False)
    session = builders.session(agency, staff, title="Đối thoại về thủ tục đất đai quận Bình Tân")
    builders.register(me, session)
    builders.register(other, session)
    builders.ask(me, session, f"Khi nào cấp sổ đỏ khu tái định cư? {HOSTILE}")
    builders.ask(other, session, "Câu hỏi của người khác về giải phóng mặt bằng.")

    signed_in(me)
    html = client.get("/me").get_data(as_text=True)
    # Comments: receipt numbers and their state, newest first.
    mine = html[html.index('id="comments-title"'):html.index('id="ideas-title"')]
    assert mine.index(waiting.receipt) < mine.index(answered.receipt)
    assert "Đang chờ trả lời, hạn 15/12/2026." in text(html) and "Chờ bạn đánh giá câu trả lời." in html
    assert '<time datetime="2026-12-15">15/12/2026</time>' in html
    # Ideas: status and supports.
    assert "Một cửa liên thông trực tuyến cho hộ kinh doanh" in html and "Đang nhận ủng hộ" in html
    assert "4 lượt ủng hộ" in html and "Sáng kiến đang chờ duyệt" in html and "Chờ duyệt" in html
    # Registration and question.
    assert "Đối thoại về thủ tục đất đai quận Bình Tân" in html and "Đã đăng ký" in html
    assert "Khi nào cấp sổ đỏ khu tái định cư?" in html and "Đã gửi; chờ buổi đối thoại." in html
    # The answer waiting for my rating, with the way to rate it.
    section = html[html.index('id="to-rate-title"'):html.index('id="comments-title"')]
    assert f"Ý kiến {answered.receipt}" in section and 'href="/comments/%d"' % answered.id in section
    assert "Đánh giá câu trả lời" in section
    # Nothing of anyone else's.
    for theirs in ("Ý kiến của người khác", "Sáng kiến của người khác", "Câu hỏi của người khác", other.email):
        assert theirs not in html
    assert "<script>alert" not in html

    builders.rate(me, given, answered)
    html = client.get("/me").get_data(as_text=True)
    assert "Không có câu trả lời nào chờ bạn đánh giá." in html
    assert pending.id


def test_answers_to_my_ideas_and_questions_wait_for_my_rating(world, app, db, client, signed_in, clock):
    agency, staff, _consultation = world
    me = make_user()
    idea = builders.idea(me, agency, threshold=1)
    builders.supports(idea, 1)            # reaches the threshold: an answer is owed
    builders.answer(staff, idea, "idea")
    session = builders.session(agency, staff)
    builders.register(me, session)
    question = builders.ask(me, session)
    clock.advance(timedelta(days=10, hours=4))
    minutes = dialogues.start_minutes(staff, session)
    item = dialogues.add_item(staff, minutes, {"question_id": str(question.id), "question": question.body, "follow_up": "y"})
    dialogues.publish_minutes(staff, minutes)
    db.session.commit()

    signed_in(me)
    html = client.get("/me").get_data(as_text=True)
    assert "Đã ghi vào biên bản; cơ quan sẽ trả lời bằng văn bản." in html and "Cần trả lời" in html
    builders.answer(staff, item, "dialogue_item")
    html = client.get("/me").get_data(as_text=True)
    section = html[html.index('id="to-rate-title"'):html.index('id="comments-title"')]
    assert "Sáng kiến" in section and f'href="/ideas/{idea.id}"' in section
    assert "Câu hỏi tại buổi đối thoại" in section and f'href="/dialogues/{session.id}/minutes#item-{item.id}"' in section
    assert "Đã có câu trả lời bằng văn bản" in html
    page = client.get("/me/to-rate").get_data(as_text=True)
    assert "2 câu trả lời chờ đánh giá" in page


def test_staff_are_not_asked_to_rate(world, client, signed_in):
    _agency, staff, _consultation = world
    signed_in(staff)
    html = client.get("/me").get_data(as_text=True)
    assert "Câu trả lời chờ bạn đánh giá" not in html
    assert "Chỉ người dân và doanh nghiệp đánh giá" in client.get("/me/to-rate").get_data(as_text=True)


def test_long_lists_show_a_few_and_page_the_rest(world, client, signed_in):
    _agency, _staff, consultation = world
    me = make_user()
    made = [builders.comment(me, consultation, f"Ý kiến số {n}") for n in range(25)]
    signed_in(me)
    html = client.get("/me").get_data(as_text=True)
    assert html.count('class="me-item"') == 5 and "Xem tất cả 25 ý kiến" in html
    first = client.get("/me/comments").get_data(as_text=True)
    assert first.count('class="me-item"') == 20 and made[-1].receipt in first and made[0].receipt not in first
    assert 'href="/me/comments?page=2"' in first and "Trang 1 / 2" in first
    second = client.get("/me/comments?page=2").get_data(as_text=True)
    assert second.count('class="me-item"') == 5 and made[0].receipt in second
    for bad in ("abc", "-1", "0", "99999999999999999999"):
        assert client.get(f"/me/comments?page={bad}").status_code == 200


def _fill(agency, staff, consultation, me, n: int) -> None:
    """n items of each kind, for `me`, each kind in the state that loads the most."""
    for i in range(n):
        made = builders.comment(me, consultation, f"Ý kiến số {i}")
        builders.owe(staff, made)
        builders.answer(staff, made)
        idea = builders.idea(me, agency, title=f"Sáng kiến số {i} về cải cách thủ tục", threshold=1)
        builders.supports(idea, 1)   # reaches the threshold: owed, then answered
        builders.answer(staff, idea, "idea")
        session = builders.session(agency, staff, start_in_days=5 + i, title=f"Đối thoại số {i}")
        builders.register(me, session)
        builders.ask(me, session, f"Câu hỏi số {i}")


def test_a_fixed_number_of_queries_with_1_or_50_items_of_each_kind(world, app, db):
    agency, staff, consultation = world

    def queries(user, path):
        client = app.test_client()
        login(client, user)
        client.get(path)
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    one, fifty = make_user(), make_user()
    _fill(agency, staff, consultation, one, 1)
    _fill(agency, staff, consultation, fifty, 50)
    for path in PAGES:
        few, many = queries(one, path), queries(fifty, path)
        print(f"{path}: {few} queries with 1 item of each kind, {many} with 50")
        assert many == few <= 35, path


def test_the_account_menu_links_to_my_activity_on_every_page(client, signed_in):
    assert 'href="/me"' not in client.get("/").get_data(as_text=True)  # signed out: no menu entry
    signed_in(make_user())
    for url in ("/", "/consultations", "/ideas", "/me"):
        html = client.get(url).get_data(as_text=True)
        assert '<a href="/me"' in html and "Hoạt động của tôi</a>" in html, url
    assert '<a href="/me" aria-current="page">' in client.get("/me").get_data(as_text=True)
