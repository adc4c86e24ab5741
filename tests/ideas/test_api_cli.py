"""Ideas as open data and on cron: `/api/v1/ideas` (the page's filters, public status,
pagination, bad input, a fixed number of queries) and `/api/v1/ideas/<id>` (history, answer,
owed answer; only public ideas), and `flask ideas close-expired`."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from civic.accounts.models import MODERATOR
from civic.answers import services as answers
from civic.topics.models import Topic
from civic.core import settings
from civic.core.timeutil import local_today
from civic.ideas import services
from civic.ideas.models import EXPIRED, MERGED, PUBLISHED, SUBMITTED, UNDER_REVIEW, Idea
from tests.conftest import count_queries
from tests.factories import HOSTILE, make_agency, make_staff, make_user

LIST_KEYS = {
    "id", "title", "status", "status_label", "topic", "agency", "supports", "threshold", "progress",
    "window_ends_on", "reached_on", "published_at", "url",
}


def make_topic(db, name: str, slug: str) -> Topic:
    topic = Topic(name=name, slug=slug)
    db.session.add(topic)
    db.session.commit()
    return topic


@pytest.fixture
def topic(db):
    return make_topic(db, "Giao thông đô thị", "giao-thong-do-thi")


def make_idea(db, topic, agency=None, title="Làn đường riêng cho xe buýt trên các trục chính", publish=True, threshold=3):
    """An idea by a new citizen, published by the target agency's staff (or a moderator)."""
    settings.set_value("idea_support_threshold", threshold)
    idea = services.submit(make_user(), {
        "title": title, "topic": topic.slug, "agency": agency.slug if agency else "",
        "problem": f"Xe buýt bị kẹt cùng xe cá nhân nên chậm và ít người đi. {HOSTILE}",
        "solution": "Sơn làn ưu tiên cho xe buýt giờ cao điểm và xử phạt xe đi sai làn bằng camera.",
    })
    if publish:
        services.publish(make_staff(agency) if agency else make_user(role=MODERATOR), idea)
    db.session.commit()
    return idea


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [item["id"] for item in response.get_json()["items"]]


def test_list_json_shape_and_the_pages_filters(client, db, topic):
    other_topic = make_topic(db, "Hành chính công", "hanh-chinh-cong")
    agency, other_agency = make_agency(), make_agency()
    popular = make_idea(db, topic, agency, title="Mở rộng giờ làm việc một cửa vào thứ Bảy")
    quiet = make_idea(db, other_topic, other_agency, title="Cấp giấy phép xây dựng nhà ở trực tuyến")
    unassigned = make_idea(db, topic, None, title="Thêm nhà chờ xe buýt có mái che")
    make_idea(db, topic, agency, title="Sáng kiến chưa được duyệt", publish=False)
    services.support(make_user(), popular)
    db.session.commit()

    data = client.get("/api/v1/ideas").get_json()
    assert data["total"] == 3 and data["page"] == 1 and data["pages"] == 1 and data["per_page"] == services.PER_PAGE
    assert [i["id"] for i in data["items"]][0] == popular.id  # most supported first
    assert all(set(item) == LIST_KEYS for item in data["items"])
    first = data["items"][0]
    assert first["title"] == popular.title
    assert (first["status"], first["status_label"]) == ("published", "Đang nhận ủng hộ")
    assert first["topic"] == {"slug": topic.slug, "name": topic.name}
    assert first["agency"] == {"slug": agency.slug, "name": agency.name}
    assert (first["supports"], first["threshold"], first["progress"]) == (1, 3, 33)
    assert first["window_ends_on"] == popular.window_ends_on.isoformat() and first["reached_on"] is None
    assert datetime.fromisoformat(first["published_at"]) == popular.published_at
    assert first["url"] == f"http://localhost/ideas/{popular.id}"
    by_id = {item["id"]: item for item in data["items"]}
    assert by_id[unassigned.id]["agency"] is None

    assert set(ids(client.get(f"/api/v1/ideas?topic={topic.slug}"))) == {popular.id, unassigned.id}
    assert ids(client.get(f"/api/v1/ideas?agency={other_agency.slug}")) == [quiet.id]
    assert ids(client.get(f"/api/v1/ideas?topic={topic.slug}&agency={other_agency.slug}")) == []
    assert ids(client.get("/api/v1/ideas?topic=khong-co")) == []
    assert ids(client.get("/api/v1/ideas?sort=newest")) == [unassigned.id, quiet.id, popular.id]
    services.change_status(make_staff(other_agency), quiet, UNDER_REVIEW)
    db.session.commit()
    reviewed = client.get("/api/v1/ideas?status=under_review").get_json()
    assert [i["id"] for i in reviewed["items"]] == [quiet.id] and reviewed["total"] == 1
    assert reviewed["items"][0]["status_label"] == "Đang xem xét"


def test_list_pages_bounded_queries_and_bad_input(client, db, topic):
    agency = make_agency()

    def queries():
        client.get("/api/v1/ideas")
        with count_queries() as counter:
            assert client.get("/api/v1/ideas").status_code == 200
        return counter.count

    make_idea(db, topic, agency)
    few = queries()
    for n in range(25):
        make_idea(db, topic, agency, title=f"Sáng kiến số {n} về giao thông")
    assert queries() == few <= 8

    first = client.get("/api/v1/ideas").get_json()
    assert (first["total"], first["page"], first["pages"], first["per_page"]) == (26, 1, 2, 20)
    assert len(first["items"]) == 20
    second = client.get("/api/v1/ideas?page=2").get_json()
    assert second["page"] == 2 and len(second["items"]) == 6
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert client.get("/api/v1/ideas?page=99").get_json()["page"] == 2  # clamped to the last page
    default = ids(client.get("/api/v1/ideas"))
    for bad in ("page=abc", "page=-5", "page=0", "page=1.5", "status=bogus", "status=submitted", "status=declined",
                "sort=bogus", "sort=", "sort=closest%27", "page=abc&status=bogus&sort=bogus"):
        response = client.get(f"/api/v1/ideas?{bad}")
        assert response.status_code == 200, bad
        data = response.get_json()
        assert (data["total"], data["page"], data["pages"]) == (26, 1, 2) and ids(response) == default, bad
    assert client.get("/api/v1/ideas?page=99999999999999999999").get_json()["page"] == 2
    assert client.get("/api/v1/ideas?topic=" + "x" * 500).get_json() == {
        "items": [], "total": 0, "page": 1, "pages": 1, "per_page": 20}


def test_detail_with_history_owed_answer_and_answer(client, db, topic):
    agency = make_agency()
    idea = make_idea(db, topic, agency, threshold=1)
    waiting = client.get(f"/api/v1/ideas/{idea.id}").get_json()
    assert set(waiting) == LIST_KEYS | {"problem", "solution", "merged_into", "history", "answer", "owed"}
    assert waiting["problem"] == idea.problem and waiting["solution"] == idea.solution  # plain text, as stored
    assert waiting["merged_into"] is None and waiting["answer"] is None and waiting["owed"] is None
    assert [(h["status"], h["status_label"]) for h in waiting["history"]] == [
        (SUBMITTED, "Chờ duyệt"), (PUBLISHED, "Đang nhận ủng hộ")]
    assert all(h["reason"] is None and h["note"] is None and datetime.fromisoformat(h["at"]) for h in waiting["history"])

    services.support(make_user(), idea)  # reaches the threshold: the agency owes an answer
    db.session.commit()
    owed = client.get(f"/api/v1/ideas/{idea.id}").get_json()
    assert owed["reached_on"] == local_today().isoformat() and owed["progress"] == 100 and owed["supports"] == 1
    assert owed["history"][-1]["status"] == PUBLISHED and owed["history"][-1]["reason"] == "threshold"
    assert owed["answer"] is None
    assert owed["owed"] == {"due_on": answers.owed_for("idea", idea.id).due_on.isoformat(), "state": "pending"}

    answer = answers.give_answer(make_staff(agency), "idea", idea, {
        "body": "Sở Giao thông vận tải thí điểm làn xe buýt trên đường Nguyễn Trãi từ tháng Sáu.",
        "signer_name": "Trần Thị Hoa", "signer_title": "Phó Giám đốc"})
    db.session.commit()
    answered = client.get(f"/api/v1/ideas/{idea.id}").get_json()
    assert answered["answer"] == {
        "body": answer.body,
        "agency": {"slug": agency.slug, "name": agency.name},
        "signer": {"name": "Trần Thị Hoa", "title": "Phó Giám đốc"},
        "answered_at": answer.created_at.isoformat(),
        "url": f"http://localhost/answers/{answer.id}",
    }
    assert answered["owed"]["state"] == "on_time"


def test_detail_shows_the_public_status_and_merges(client, db, topic, clock):
    clock(datetime(2026, 3, 2, 3, 0))
    agency = make_agency()
    target = make_idea(db, topic, agency, title="Một cửa liên thông cho hộ kinh doanh", threshold=100)
    duplicate = make_idea(db, topic, agency, title="Đăng ký hộ kinh doanh một lần", threshold=100)
    services.merge(make_staff(agency), duplicate, target)
    db.session.commit()
    merged = client.get(f"/api/v1/ideas/{duplicate.id}").get_json()
    assert merged["status"] == MERGED and merged["merged_into"] == target.id
    assert merged["history"][-1] == {
        "status": MERGED, "status_label": "Đã gộp vào sáng kiến khác", "reason": None, "note": target.title,
        "at": merged["history"][-1]["at"]}

    clock.advance(timedelta(days=settings.get("idea_support_window_days") + 1))
    assert db.session.get(Idea, target.id).status == PUBLISHED  # not closed yet by the command
    shown = client.get(f"/api/v1/ideas/{target.id}").get_json()
    assert (shown["status"], shown["status_label"]) == (EXPIRED, "Không đạt ngưỡng ủng hộ")
    listed = client.get("/api/v1/ideas").get_json()["items"]
    assert {i["id"]: i["status"] for i in listed} == {target.id: EXPIRED, duplicate.id: MERGED}


def test_ideas_that_are_not_public_are_404(client, db, topic):
    agency = make_agency()
    submitted = make_idea(db, topic, agency, title="Sáng kiến đang chờ duyệt", publish=False)
    declined = make_idea(db, topic, agency, title="Sáng kiến không được đăng", publish=False)
    services.decline(make_staff(agency), declined, "duplicate", "Trùng với sáng kiến khác.")
    db.session.commit()
    for idea_id in (submitted.id, declined.id, 999999):
        assert client.get(f"/api/v1/ideas/{idea_id}").status_code == 404
    assert client.get("/api/v1/ideas").get_json()["total"] == 0
    assert client.get("/api/v1/ideas?status=declined").get_json()["items"] == []


def test_close_expired_command(runner, db, topic, clock):
    clock(datetime(2026, 3, 2, 3, 0))
    agency = make_agency()
    unreached = make_idea(db, topic, agency, title="Sáng kiến không đủ ủng hộ", threshold=100)
    reached = make_idea(db, topic, agency, title="Sáng kiến đã đạt ngưỡng", threshold=1)
    services.support(make_user(), reached)
    db.session.commit()
    clock.advance(timedelta(days=settings.get("idea_support_window_days") + 1))
    fresh = make_idea(db, topic, agency, title="Sáng kiến vừa được đăng", threshold=100)

    result = runner.invoke(args=["ideas", "close-expired"])
    assert result.exit_code == 0, result.output
    assert "Đã đóng 1 sáng kiến" in result.output
    db.session.expire_all()
    assert db.session.get(Idea, unreached.id).status == EXPIRED
    assert db.session.get(Idea, unreached.id).events[-1].status == EXPIRED
    assert db.session.get(Idea, reached.id).status == PUBLISHED
    assert db.session.get(Idea, fresh.id).status == PUBLISHED

    again = runner.invoke(args=["ideas", "close-expired"])
    assert again.exit_code == 0 and "Đã đóng 0 sáng kiến" in again.output
