"""Dialogue sessions as open data: `/api/v1/dialogues` (the page's filters, pagination, bad
input, a fixed number of queries) and `/api/v1/dialogues/<id>` (officials, questions without
anonymous askers' names, minutes and commitments only once the minutes are published)."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
from werkzeug.datastructures import FileStorage

from civic.topics.models import Topic
from civic.core.timeutil import utcnow
from civic.dialogues import services
from tests.conftest import count_queries
from tests.dialogues.conftest import NOW, local, make_session
from tests.factories import make_agency, make_staff, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

LIST_KEYS = {
    "id", "title", "status", "status_label", "agency", "topic", "starts_at", "ends_at", "place", "online_url",
    "recorded_after", "capacity", "seats_left", "registration_opens_at", "registration_closes_at", "questions_allowed",
    "minutes_published", "url", "calendar_url",
}
DETAIL_KEYS = LIST_KEYS | {"description", "officials", "questions", "minutes", "commitments"}
NOT_FOUND = {"error": "Không tìm thấy trang", "message": "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.", "status": 404}


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [item["id"] for item in response.get_json()["items"]]


def later(days: int) -> dict:
    """Form fields for a session starting `days` after NOW (registration closes the day before)."""
    start = NOW + timedelta(days=days)
    return {"starts_at": local(start), "ends_at": local(start + timedelta(hours=3)),
            "registration_closes_at": local(start - timedelta(days=1))}


def publish(staff, session, summary="Lãnh đạo quận giải đáp các kiến nghị về đất đai."):
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"citizens": "40", "summary": summary})
    services.publish_minutes(staff, minutes)
    return minutes


def test_list_json_shape_and_the_pages_filters(client, db, topic, frozen):
    other_topic = Topic(name="Môi trường", slug="moi-truong")
    db.session.add(other_topic)
    db.session.commit()
    agency, other = make_agency(), make_agency()
    soon = make_session(db, agency, topic, title="Đối thoại về giải phóng mặt bằng đường Vành đai 2")
    elsewhere = make_session(db, other, other_topic, title="Đối thoại với doanh nghiệp khu công nghiệp Tân Tạo",
                             questions_allowed="", online_url="", **later(12))
    services.register(make_user(), soon)
    db.session.commit()

    data = client.get("/api/v1/dialogues").get_json()
    assert (data["total"], data["page"], data["pages"], data["per_page"]) == (2, 1, 1, services.PER_PAGE)
    assert [i["id"] for i in data["items"]] == [soon.id, elsewhere.id]  # soonest first
    assert all(set(item) == LIST_KEYS for item in data["items"])
    first, second = data["items"]
    assert first["title"] == soon.title
    assert (first["status"], first["status_label"]) == ("registration_open", "Đang nhận đăng ký")
    assert first["agency"] == {"slug": agency.slug, "name": agency.name}
    assert first["topic"] == {"slug": topic.slug, "name": topic.name}
    assert datetime.fromisoformat(first["starts_at"]) == soon.starts_at == NOW + timedelta(days=10)
    assert datetime.fromisoformat(first["ends_at"]) == soon.ends_at
    assert datetime.fromisoformat(first["starts_at"]).utcoffset() is not None  # with its offset
    assert datetime.fromisoformat(first["registration_opens_at"]) == soon.registration_opens_at
    assert datetime.fromisoformat(first["registration_closes_at"]) == soon.registration_closes_at
    assert (first["place"], first["online_url"]) == (soon.place, "https://gopy.example/truc-tuyen")
    assert (first["capacity"], first["seats_left"]) == (3, 2)
    assert first["questions_allowed"] is True and first["minutes_published"] is False
    assert first["url"] == f"http://localhost/dialogues/{soon.id}"
    assert first["calendar_url"] == f"http://localhost/dialogues/{soon.id}/calendar.ics"
    assert client.get(first["calendar_url"]).mimetype == "text/calendar"
    assert second["questions_allowed"] is False and second["online_url"] == "" and second["seats_left"] == 3
    assert second["topic"] == {"slug": "moi-truong", "name": "Môi trường"}

    assert ids(client.get(f"/api/v1/dialogues?agency={other.slug}")) == [elsewhere.id]
    assert ids(client.get(f"/api/v1/dialogues?topic={topic.slug}")) == [soon.id]
    assert ids(client.get(f"/api/v1/dialogues?topic={topic.slug}&agency={other.slug}")) == []
    assert ids(client.get("/api/v1/dialogues?agency=khong-co")) == []
    assert ids(client.get("/api/v1/dialogues?when=past")) == []

    frozen.advance(timedelta(days=11))  # the first has been held, the second is still to come
    past = client.get("/api/v1/dialogues?when=past").get_json()
    assert [i["id"] for i in past["items"]] == [soon.id] and past["total"] == 1
    assert (past["items"][0]["status"], past["items"][0]["status_label"]) == ("held", "Đã diễn ra")
    upcoming = client.get("/api/v1/dialogues").get_json()["items"]
    assert [i["id"] for i in upcoming] == [elsewhere.id] and upcoming[0]["status"] == "closed"
    assert ids(client.get(f"/api/v1/dialogues?when=past&agency={other.slug}")) == []


def test_list_pages_bounded_queries_and_bad_input(client, db, topic):
    def queries():
        client.get("/api/v1/dialogues")
        with count_queries() as counter:
            assert client.get("/api/v1/dialogues").status_code == 200
        return counter.count

    make_session(db, make_agency(), topic)
    few = queries()
    for n in range(25):
        make_session(db, make_agency(), topic, title=f"Đối thoại định kỳ số {n} với người dân", **later(10 + n))
    assert queries() == few <= 8

    first = client.get("/api/v1/dialogues").get_json()
    assert (first["total"], first["page"], first["pages"], first["per_page"]) == (26, 1, 2, 20)
    assert len(first["items"]) == 20
    second = client.get("/api/v1/dialogues?page=2").get_json()
    assert second["page"] == 2 and len(second["items"]) == 6
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert client.get("/api/v1/dialogues?page=99").get_json()["page"] == 2  # clamped to the last page
    default = ids(client.get("/api/v1/dialogues"))
    for bad in ("page=abc", "page=-1", "page=0", "page=1.5", "page=", "when=bogus", "when=", "when=PAST",
                "page=abc&when=bogus"):
        response = client.get(f"/api/v1/dialogues?{bad}")
        assert response.status_code == 200, bad
        data = response.get_json()
        assert (data["total"], data["page"], data["pages"]) == (26, 1, 2) and ids(response) == default, bad
    assert client.get("/api/v1/dialogues?page=99999999999999999999").get_json()["page"] == 2  # as ideas: clamped
    assert client.get("/api/v1/dialogues?topic=" + "x" * 500).get_json() == {
        "items": [], "total": 0, "page": 1, "pages": 1, "per_page": 20}


def test_past_list_with_published_minutes_runs_a_fixed_number_of_queries(client, db, topic, frozen):
    def queries():
        client.get("/api/v1/dialogues?when=past")
        with count_queries() as counter:
            response = client.get("/api/v1/dialogues?when=past")
        assert response.status_code == 200 and all(i["minutes_published"] for i in response.get_json()["items"])
        return counter.count

    agency = make_agency()
    staff = make_staff(agency)
    first = make_session(db, agency, topic, staff)
    frozen.advance(timedelta(days=11))
    publish(staff, first)
    db.session.commit()
    few = queries()

    frozen(NOW)
    held = []
    for n in range(25):
        other = make_agency()
        held.append((make_session(db, other, topic, make_staff(other), title=f"Đối thoại định kỳ số {n}",
                                  officials=(("Nguyễn Văn An", "Phó Chủ tịch"), ("Trần Thị Bình", "Trưởng phòng"))),
                     other))
    frozen.advance(timedelta(days=11))
    for session, other in held:
        publish(make_staff(other), session)
    db.session.commit()
    assert queries() == few <= 8


def test_detail_with_officials_and_questions(client, db, topic):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff, officials=(
        ("Nguyễn Văn An", "Phó Chủ tịch UBND quận"), ("Trần Thị Bình", "Trưởng phòng Tài nguyên và Môi trường")))
    named = make_user(display_name="Lê Văn Công Khai")
    hidden = make_user(display_name="Đỗ Thị Ẩn Danh", email="an-danh@example.com")
    business = make_user("business")
    for person in (named, hidden, business):
        services.register(person, session)
    open_question = services.ask(named, session, "Bao giờ công khai danh sách hồ sơ đất đai tồn đọng?")
    anonymous = services.ask(hidden, session, "Vì sao hồ sơ của tôi bị trả lại ba lần?", anonymous=True)
    duplicate = services.ask(business, session, "Khi nào công bố danh sách hồ sơ tồn đọng?")
    services.vote_question(business, open_question, session)
    services.vote_question(make_user(), duplicate, session)  # moves over with the merge
    services.select_question(staff, anonymous, session, True)
    services.merge_question(staff, duplicate, open_question, session)
    db.session.commit()

    response = client.get(f"/api/v1/dialogues/{session.id}")
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == DETAIL_KEYS
    assert data["id"] == session.id and data["description"] == session.description
    assert data["seats_left"] == 0 and data["minutes_published"] is False
    assert data["officials"] == [{"name": "Nguyễn Văn An", "title": "Phó Chủ tịch UBND quận"},
                                 {"name": "Trần Thị Bình", "title": "Trưởng phòng Tài nguyên và Môi trường"}]
    # selected first, then by votes; the merged duplicate is left out (its vote moved over)
    assert data["questions"] == [
        {"id": anonymous.id, "body": anonymous.body, "votes": 0, "selected": True, "asked_by": None, "answer_url": None},
        {"id": open_question.id, "body": open_question.body, "votes": 2, "selected": False,
         "asked_by": "Lê Văn Công Khai", "answer_url": None},
    ]
    text = json.dumps(data, ensure_ascii=False)
    assert "Ẩn Danh" not in text and "an-danh@example.com" not in text and "Ẩn Danh" not in response.get_data(as_text=True)
    assert duplicate.body not in text
    assert data["minutes"] is None and data["commitments"] == []

    listed = client.get("/api/v1/dialogues").get_json()["items"][0]
    assert {k: v for k, v in data.items() if k in LIST_KEYS} == listed


def test_draft_minutes_are_hidden_then_published_with_items_revisions_and_commitments(client, db, topic, frozen):
    agency, other = make_agency(), make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    asker = make_user()
    services.register(asker, session)
    question = services.ask(asker, session, "Khi nào hoàn thành cấp sổ đỏ khu tái định cư Tân Tạo?")
    db.session.commit()
    frozen.advance(timedelta(days=10, hours=4))  # 2026-03-12, the session has ended
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"citizens": "45", "businesses": "6", "online": "120",
                                           "agenda": "1. Khai mạc\n2. Hỏi đáp", "summary": "Giải đáp các vấn đề đất đai."})
    answered = services.add_item(staff, minutes, {
        "question_id": str(question.id), "asked_by": "Bà Lê Thị Hồng", "question": question.body,
        "answered_by_name": "Nguyễn Văn An", "answered_by_title": "Phó Chủ tịch UBND quận",
        "answer": "Quận hoàn thành trong quý II.", "follow_up": "y"})
    from_the_floor = services.add_item(staff, minutes, {"question": "Đường Kinh Dương Vương bao giờ hết ngập?"})
    late = services.add_commitment(staff, minutes, {
        "description": "Công khai danh sách hồ sơ tồn đọng.", "owner": agency.slug, "due_on": "2026-03-20",
        "item_id": str(answered.id)})
    kept = services.add_commitment(staff, minutes, {
        "description": "Nạo vét cống thoát nước đường Kinh Dương Vương.", "owner": other.slug, "due_on": "2026-06-30"})
    services.attach_scan(staff, minutes, FileStorage(stream=io.BytesIO(PDF), filename="bien-ban.pdf"))
    db.session.commit()

    draft = client.get(f"/api/v1/dialogues/{session.id}").get_json()
    assert draft["minutes"] is None and draft["commitments"] == [] and draft["minutes_published"] is False
    assert (draft["status"], draft["status_label"]) == ("held", "Đã diễn ra")
    text = json.dumps(draft, ensure_ascii=False)
    for secret in ("Giải đáp các vấn đề đất đai.", "quý II", late.description, "bien-ban.pdf", "Bà Lê Thị Hồng"):
        assert secret not in text
    assert client.get("/api/v1/dialogues?when=past").get_json()["items"][0]["minutes_published"] is False

    services.publish_minutes(staff, minutes)
    db.session.commit()
    data = client.get(f"/api/v1/dialogues/{session.id}").get_json()
    assert data["minutes_published"] is True
    assert (data["status"], data["status_label"]) == ("minutes_published", "Đã công bố biên bản")
    published = data["minutes"]
    assert set(published) == {"attendance", "agenda", "summary", "published_at", "items", "revisions", "scan_url"}
    assert published["attendance"] == {"citizens": 45, "businesses": 6, "online": 120}
    assert published["agenda"] == "1. Khai mạc\n2. Hỏi đáp" and published["summary"] == "Giải đáp các vấn đề đất đai."
    assert datetime.fromisoformat(published["published_at"]) == utcnow()
    assert published["items"] == [
        {"id": answered.id, "asked_by": "Bà Lê Thị Hồng", "question": question.body,
         "answered_by": {"name": "Nguyễn Văn An", "title": "Phó Chủ tịch UBND quận"},
         "answer": "Quận hoàn thành trong quý II.", "follow_up": True},
        {"id": from_the_floor.id, "asked_by": None, "question": "Đường Kinh Dương Vương bao giờ hết ngập?",
         "answered_by": None, "answer": "", "follow_up": False},
    ]
    assert [(r["note"], r["changed"]) for r in published["revisions"]] == [(None, [])]  # the publication
    assert published["scan_url"] == f"http://localhost/dialogues/{session.id}/minutes/scan/bien-ban.pdf"
    assert client.get(published["scan_url"]).data == PDF
    assert data["commitments"] == [
        {"id": late.id, "description": late.description, "owner": {"slug": agency.slug, "name": agency.name},
         "due_on": "2026-03-20", "status": "open", "status_label": "Chưa bắt đầu", "overdue": False, "done_on": None,
         "url": f"http://localhost/dialogues/commitments/{late.id}"},
        {"id": kept.id, "description": kept.description, "owner": {"slug": other.slug, "name": other.name},
         "due_on": "2026-06-30", "status": "open", "status_label": "Chưa bắt đầu", "overdue": False, "done_on": None,
         "url": f"http://localhost/dialogues/commitments/{kept.id}"},
    ]
    assert client.get(data["commitments"][0]["url"]).status_code == 200
    assert client.get("/api/v1/dialogues?when=past").get_json()["items"][0]["minutes_published"] is True

    # a revision after publication is public, with the parts it touched
    frozen.advance(timedelta(days=1))
    services.update_item(staff, answered, {
        "question_id": str(question.id), "asked_by": "Bà Lê Thị Hồng", "question": question.body,
        "answered_by_name": "Nguyễn Văn An", "answered_by_title": "Phó Chủ tịch UBND quận",
        "answer": "Quận hoàn thành trong quý III.", "follow_up": "y"}, change_note="Sửa thời hạn theo kết luận.")
    db.session.commit()
    revised = client.get(f"/api/v1/dialogues/{session.id}").get_json()["minutes"]
    assert revised["items"][0]["answer"] == "Quận hoàn thành trong quý III."
    assert [(r["note"], r["changed"]) for r in revised["revisions"]] == [
        (None, []), ("Sửa thời hạn theo kết luận.", ["items"])]
    assert datetime.fromisoformat(revised["revisions"][1]["at"]) > datetime.fromisoformat(revised["revisions"][0]["at"])

    # past the first due date: overdue; the other is done and goes last
    frozen(datetime(2026, 3, 25, 3, 0))
    services.track(make_staff(other), kept, "done", "Đã nạo vét xong toàn tuyến.")
    db.session.commit()
    commitments = client.get(f"/api/v1/dialogues/{session.id}").get_json()["commitments"]
    assert [(c["id"], c["status"], c["status_label"], c["overdue"], c["done_on"]) for c in commitments] == [
        (late.id, "open", "Quá hạn", True, None),
        (kept.id, "done", "Đã hoàn thành", False, date(2026, 3, 25).isoformat()),
    ]


def test_missing_session_is_a_json_404(client, db):
    for url in ("/api/v1/dialogues/999999", "/api/v1/dialogues/0"):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json() == NOT_FOUND
    assert client.get("/api/v1/dialogues/abc").get_json() == NOT_FOUND
