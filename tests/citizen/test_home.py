"""The home page shows what is happening: open consultations closing soonest first (days left,
comment counts), ideas nearest their support threshold, the next dialogue sessions, this
year's answers on time and satisfaction — each with "see all" and an empty state, signed out
and signed in, light and in a fixed number of queries."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from civic.consultations.models import Consultation
from tests.citizen import builders
from tests.conftest import count_queries, login
from tests.factories import make_agency, make_consultation, make_staff, make_user

MONDAY = datetime(2026, 11, 23, 2, tzinfo=timezone.utc)  # 09:00 in Viet Nam


@pytest.fixture
def world(app, db, clock):
    clock(MONDAY)
    agency = make_agency()
    return agency, make_staff(agency)


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_an_empty_site_says_so_in_every_block(app, client):
    response = client.get("/")
    assert response.status_code == 200
    html = main_of(response.get_data(as_text=True))
    for empty in ("Hiện không có dự thảo nào đang lấy ý kiến.", "Hiện không có sáng kiến nào đang nhận ủng hộ.",
                  "Chưa có buổi đối thoại nào sắp diễn ra.", "Chưa có câu trả lời hay lượt đánh giá nào trong năm nay.",
                  "Chưa có cơ quan nào tham gia."):
        assert empty in html, empty
    assert 'href="/accountability"' in html and "<img" not in html


def test_the_blocks_show_what_is_happening(world, app, db, client):
    agency, staff = world
    later = make_consultation(agency, creator=staff, title="Dự thảo quy định về chợ truyền thống")
    sooner = make_consultation(agency, creator=staff, title="Dự thảo quy định về bãi đỗ xe")
    sooner = db.session.get(Consultation, sooner.id)
    sooner.closes_on = sooner.opens_on + timedelta(days=6)   # 7 days left, today included
    db.session.commit()
    make_consultation(agency, creator=staff, status="closed", title="Dự thảo đã hết hạn góp ý")
    for _ in range(3):
        builders.comment(make_user(), later)
    near = builders.idea(make_user(), agency, title="Sáng kiến gần đạt ngưỡng", threshold=10)
    builders.supports(near, 8)
    far = builders.idea(make_user(), agency, title="Sáng kiến mới bắt đầu", threshold=10)
    builders.supports(far, 1)
    next_session = builders.session(agency, staff, start_in_days=3, title="Đối thoại về thủ tục đất đai",
                                    place="Hội trường UBND quận 3")
    builders.session(agency, staff, start_in_days=12, title="Đối thoại về giáo dục")
    # Answers this year: one on time and rated satisfied, one late and rated dissatisfied.
    asked = make_consultation(agency, creator=staff)
    author = make_user()
    on_time, late = builders.comment(author, asked), builders.comment(author, asked)
    builders.owe(staff, on_time)
    builders.owe(staff, late)
    builders.rate(author, builders.answer(staff, on_time), on_time, "satisfied")
    from civic.core import timeutil

    timeutil._frozen = MONDAY + timedelta(days=30)
    builders.rate(author, builders.answer(staff, late), late, "dissatisfied")
    timeutil._frozen = MONDAY

    html = main_of(client.get("/").get_data(as_text=True))
    opened = html[html.index('id="open-title"'):html.index('id="ideas-title"')]
    assert opened.index("bãi đỗ xe") < opened.index("chợ truyền thống") and "Dự thảo đã hết hạn góp ý" not in opened
    assert "còn 7 ngày" in opened and "3 ý kiến" in opened and 'href="/consultations?status=open"' in opened
    ideas = html[html.index('id="ideas-title"'):html.index('id="sessions-title"')]
    assert ideas.index("Sáng kiến gần đạt ngưỡng") < ideas.index("Sáng kiến mới bắt đầu")
    assert "Còn 2 lượt ủng hộ nữa" in ideas and '<progress max="10" value="8"' in ideas
    assert 'href="/ideas?status=published&amp;sort=closest"' in ideas
    sessions = html[html.index('id="sessions-title"'):html.index('id="figures-title"')]
    assert sessions.index("thủ tục đất đai") < sessions.index("giáo dục") and "Hội trường UBND quận 3" in sessions
    starts = next_session.starts_at
    assert f'<time datetime="{timeutil.machine_time(starts)}">{timeutil.to_local(starts).strftime("%H:%M %d/%m/%Y")}</time>' in sessions
    assert "Xem tất cả 2 buổi đối thoại sắp diễn ra" in sessions
    figures = html[html.index('id="figures-title"'):html.index('id="agencies-title"')]
    assert "Kết quả trả lời năm 2026" in figures
    assert "50%" in figures and "1 trên 2 câu trả lời" in figures and "1 trên 2 lượt đánh giá" in figures
    # Semantic and light: headings in order, lists, no images.
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert html.count('<ul class="cards">') == 3 and "<img" not in html


def test_signed_in_the_home_page_leads_to_my_activity(world, app, db, client, signed_in):
    agency, staff = world
    consultation = make_consultation(agency, creator=staff)
    me = make_user()
    made = builders.comment(me, consultation)
    builders.answer(staff, made)
    signed_in(me)
    html = main_of(client.get("/").get_data(as_text=True))
    assert 'href="/me"' in html and "1 câu trả lời chờ bạn đánh giá" in html
    assert "Đăng ký để góp ý" not in html
    anonymous = main_of(app.test_client().get("/").get_data(as_text=True))
    assert 'href="/me"' not in anonymous and "Đăng ký để góp ý" in anonymous


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_the_home_page_runs_a_fixed_number_of_queries(world, app, db, who):
    agency, staff = world
    client = app.test_client()
    me = make_user()
    if who == "citizen":
        login(client, me)

    def queries():
        client.get("/")
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        return counter.count

    def add(n):
        for i in range(n):
            consultation = make_consultation(agency, creator=staff, title=f"Dự thảo số {i}")
            made = builders.comment(me, consultation)
            builders.owe(staff, made)
            builders.rate(me, builders.answer(staff, made), made)
            builders.supports(builders.idea(make_user(), agency, title=f"Sáng kiến số {i} về thủ tục", threshold=5), 1)
            builders.session(agency, staff, start_in_days=3 + i, title=f"Đối thoại số {i}")

    add(1)
    few = queries()
    add(49)
    many = queries()
    print(f"home ({who}): {few} queries with 1 item of each kind, {many} with 50")
    assert many == few <= 25
