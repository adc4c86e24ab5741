"""Idea pages: the list (filters, sorts, pagination, empty state, a fixed number of queries),
an idea's page (progress, history, answer), supporting with and without htmx."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from civic.topics.models import Topic
from civic.core import settings
from civic.ideas import services
from civic.ideas.models import IdeaSupport
from tests.conftest import count_queries, post_form
from tests.factories import HOSTILE, make_agency, make_staff, make_user


@pytest.fixture
def topic(db):
    topic = Topic(name="Giao thông đô thị", slug="giao-thong-do-thi")
    db.session.add(topic)
    db.session.commit()
    return topic


def make_idea(db, topic, agency, title="Làn đường riêng cho xe buýt trên các trục chính", publish=True, threshold=3):
    settings.set_value("idea_support_threshold", threshold)
    idea = services.submit(make_user(), {
        "title": title, "topic": topic.slug, "agency": agency.slug,
        "problem": f"Xe buýt bị kẹt cùng xe cá nhân nên chậm và ít người đi. {HOSTILE}",
        "solution": "Sơn làn ưu tiên cho xe buýt giờ cao điểm và xử phạt xe đi sai làn bằng camera.",
    })
    if publish:
        services.publish(make_staff(agency), idea)
    db.session.commit()
    return idea


def test_list_filters_sorts_and_empty_state(client, db, topic):
    agency = make_agency()
    popular = make_idea(db, topic, agency, title="Mở rộng giờ làm việc một cửa vào thứ Bảy")
    quiet = make_idea(db, topic, agency, title="Cấp giấy phép xây dựng nhà ở trực tuyến")
    hidden = make_idea(db, topic, agency, title="Sáng kiến chưa được duyệt", publish=False)
    services.support(make_user(), popular)
    db.session.commit()
    html = client.get("/ideas").get_data(as_text=True)
    assert html.index(popular.title) < html.index(quiet.title) and hidden.title not in html
    assert "2 sáng kiến" in html and "<script>alert" not in html
    html = client.get("/ideas?sort=newest").get_data(as_text=True)
    assert html.index(quiet.title) < html.index(popular.title)
    assert "Không đạt ngưỡng" in client.get("/ideas").get_data(as_text=True)  # the status filter's choice
    empty = client.get("/ideas?topic=khong-co").get_data(as_text=True)
    assert "Chưa có sáng kiến nào khớp với bộ lọc." in empty and "Xem tất cả sáng kiến" in empty
    for bad in ("page=abc", "page=-1", "sort=drop", "status=submitted", "page=99999999"):
        assert client.get(f"/ideas?{bad}").status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(client, db, topic):
    agency = make_agency()

    def queries():
        client.get("/ideas")
        with count_queries() as counter:
            assert client.get("/ideas").status_code == 200
        return counter.count

    make_idea(db, topic, agency)
    few = queries()
    for n in range(25):
        make_idea(db, topic, agency, title=f"Sáng kiến số {n} về giao thông")
    assert queries() == few <= 8


def test_an_idea_page_shows_progress_history_and_who_may_support(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency)
    unpublished = make_idea(db, topic, agency, title="Chưa duyệt", publish=False)
    assert client.get(f"/ideas/{unpublished.id}").status_code == 404
    assert client.get("/ideas/999999").status_code == 404
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert idea.title in html and "0 lượt ủng hộ" in html and "Đăng nhập để ủng hộ" in html
    assert "Chờ duyệt" in html and "Đang nhận ủng hộ" in html  # the history
    assert "<script>alert" not in html
    signed_in(db.session.get(type(idea.author), idea.author_id))
    assert "Bạn không thể ủng hộ sáng kiến của chính mình." in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_supporting_without_javascript_and_with_htmx(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency, threshold=2)
    signed_in(make_user())
    response = post_form(client, f"/ideas/{idea.id}/support")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/ideas/{idea.id}#support")
    again = post_form(client, f"/ideas/{idea.id}/support", htmx=True)  # a second tab: still one
    body = again.get_data(as_text=True)
    assert again.status_code == 200 and body.lstrip().startswith('<section id="support"') and "<html" not in body
    assert "1 lượt ủng hộ" in body and "Rút lại ủng hộ" in body
    assert db.session.scalar(select(func.count(IdeaSupport.id))) == 1
    withdrawn = post_form(client, f"/ideas/{idea.id}/support/withdraw", htmx=True)
    assert "0 lượt ủng hộ" in withdrawn.get_data(as_text=True)
    assert post_form(client, f"/ideas/{idea.id}/support/withdraw").status_code == 303


def test_supporting_needs_an_account_and_an_open_idea(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency)
    anonymous = post_form(client, f"/ideas/{idea.id}/support")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["Location"]
    assert post_form(client, f"/ideas/{idea.id}/support", htmx=True).headers.get("HX-Redirect", "").startswith("/login")
    signed_in(make_staff(agency))
    refused = post_form(client, f"/ideas/{idea.id}/support")
    assert refused.status_code == 400 and "Chỉ người dân và doanh nghiệp" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(IdeaSupport.id))) == 0


def test_reaching_the_threshold_through_the_page_shows_the_deadline(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency, threshold=1)
    signed_in(make_user())
    post_form(client, f"/ideas/{idea.id}/support")
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Sáng kiến đã đạt ngưỡng ủng hộ" in html and "hạn trả lời " in html and "Cần trả lời" in html


def test_ideas_and_their_answers_are_found_once_public(client, db, topic, signed_in):
    from civic.answers import services as answers
    from civic.search import service as search_service

    agency = make_agency()
    waiting = make_idea(db, topic, agency, title="Xe đạp công cộng ở khu phố cổ", publish=False)
    search_service.reindex()
    assert "/ideas/" not in client.get("/search?q=xe+dap+cong+cong").get_data(as_text=True)
    services.publish(make_staff(agency), waiting)
    db.session.commit()
    search_service.flush()
    html = client.get("/search?q=xe+dap+cong+cong&kind=idea").get_data(as_text=True)
    assert f'href="/ideas/{waiting.id}"' in html and "<mark>" in html
    answers.give_answer(make_staff(agency), "idea", waiting, {
        "body": "Sở Giao thông vận tải thí điểm trạm xe đạp công cộng từ tháng Sáu.",
        "signer_name": "Trần Thị Hoa", "signer_title": "Phó Giám đốc"})
    db.session.commit()
    search_service.flush()
    assert "/answers/" in client.get("/search?q=tram+xe+dap&kind=answer").get_data(as_text=True)


def test_an_idea_past_its_window_is_filtered_and_sorted_as_closed_before_the_cron_runs(client, db, topic, clock):
    from datetime import datetime, timedelta, timezone

    clock(datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc))
    agency = make_agency()
    lapsed = make_idea(db, topic, agency, title="Sáng kiến đã hết hạn nhận ủng hộ", threshold=3)
    services.support(make_user(), lapsed)
    services.support(make_user(), lapsed)
    db.session.commit()
    clock.advance(timedelta(days=90))
    fresh = make_idea(db, topic, agency, title="Sáng kiến mới đăng tuần này", threshold=3)
    gathering = client.get("/ideas?status=published").get_data(as_text=True)
    assert fresh.title in gathering and lapsed.title not in gathering
    closed = client.get("/ideas?status=expired").get_data(as_text=True)
    assert lapsed.title in closed and fresh.title not in closed
    closest = client.get("/ideas?sort=closest").get_data(as_text=True)
    assert closest.index(fresh.title) < closest.index(lapsed.title)  # 1 support short, but closed
