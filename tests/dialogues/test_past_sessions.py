"""A session recorded after it took place: staff record it (no registration, no questions
beforehand), write and publish its minutes at once; the page says it was recorded afterwards;
the list, the API, search and the commitment figures treat it as any held session. A session
open for registration still has to start in the future, and the database keeps the two kinds
apart."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from civic.core.services import ServiceError
from civic.dialogues import permissions, services
from civic.dialogues.models import HELD, MINUTES_PUBLISHED, DialogueSession, Registration
from tests.conftest import post_form
from tests.dialogues.conftest import NOW, local, make_session, session_data
from tests.factories import make_agency, make_staff, make_user


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def past_data(agency, topic, **changes) -> dict:
    """A session held last week, recorded today: no registration fields at all."""
    start = NOW - timedelta(days=7)
    data = {
        "kind": "past", "agency_id": str(agency.id), "topic": topic.slug,
        "title": "Đối thoại với hộ kinh doanh chợ Bình Tân về di dời chợ tạm",
        "description": "Buổi đối thoại do UBND phường tổ chức tại chợ, ghi lại sau khi diễn ra.",
        "starts_at": local(start), "ends_at": local(start + timedelta(hours=2)),
        "place": "Nhà lồng chợ Bình Tân, phường An Lạc", "online_url": "",
    }
    data.update(changes)
    return data


def record(db, agency, topic, staff=None, **changes) -> DialogueSession:
    staff = staff or make_staff(agency)
    session = services.schedule(staff, past_data(agency, topic, **changes), [("Lê Văn Cường", "Chủ tịch UBND phường")])
    db.session.commit()
    return session


def test_a_session_that_took_place_is_recorded_without_registration(app, db, topic):
    agency = make_agency()
    staff = make_staff(agency)
    session = record(db, agency, topic, staff, capacity="nhiều", registration_opens_at="mai", questions_allowed="y")
    assert session.recorded_after and session.status == HELD
    assert session.capacity is None and session.registration_opens_at is None and session.registration_closes_at is None
    assert not session.questions_allowed and session.seats_left is None and not session.is_full
    citizen = make_user()
    assert not permissions.can_register(citizen, session)
    with pytest.raises(ServiceError):
        services.register(citizen, session)
    db.session.rollback()
    # its minutes are written and published right away, as for any session
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"citizens": "60", "businesses": "25", "summary": "Thống nhất lộ trình di dời."})
    item = services.add_item(staff, minutes, {"asked_by": "Bà Trần Thị Mai", "question": "Tiểu thương được hỗ trợ bao nhiêu?",
                                              "answered_by_name": "Lê Văn Cường", "answered_by_title": "Chủ tịch UBND phường",
                                              "answer": "Hỗ trợ ba tháng tiền thuê sạp."})
    services.add_commitment(staff, minutes, {"description": "Công bố danh sách sạp ở chợ mới.", "owner": agency.slug,
                                             "due_on": "30/04/2026", "item_id": str(item.id)})
    services.publish_minutes(staff, minutes)
    db.session.commit()
    assert session.status == MINUTES_PUBLISHED
    assert services.commitment_figures([agency.id]) == {"done": 0, "open": 1, "overdue": 0, "dropped": 0}
    assert [row.open for row in services.commitment_table(agency.id)] == [1]


def test_the_two_kinds_keep_their_time_rules(app, db, topic):
    agency = make_agency()
    staff = make_staff(agency)
    # a session open for registration must start in the future, and the message says what to choose
    with pytest.raises(ServiceError) as upcoming:
        services.schedule(staff, {**past_data(agency, topic), "kind": "upcoming", "capacity": "50",
                                  "registration_opens_at": local(NOW - timedelta(days=10)),
                                  "registration_closes_at": local(NOW - timedelta(days=8))})
    assert ("starts_at", "Giờ bắt đầu phải ở tương lai. Nếu buổi đối thoại đã diễn ra, hãy chọn “Buổi đối thoại đã diễn ra”.") in [
        (field, str(message)) for field, message in upcoming.value.errors]
    db.session.rollback()
    # a session recorded as held must be over
    start = NOW + timedelta(days=2)
    with pytest.raises(ServiceError) as future:
        services.schedule(staff, past_data(agency, topic, starts_at=local(start), ends_at=local(start + timedelta(hours=2))))
    assert future.value.field == "ends_at"
    db.session.rollback()
    with pytest.raises(ServiceError) as ongoing:
        services.schedule(staff, past_data(agency, topic, starts_at=local(NOW - timedelta(hours=1)),
                                           ends_at=local(NOW + timedelta(hours=1))))
    assert ongoing.value.field == "ends_at"
    db.session.rollback()
    with pytest.raises(ServiceError) as unknown:
        services.schedule(staff, past_data(agency, topic, kind="yesterday"))
    assert unknown.value.field == "kind"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DialogueSession)) == 0


def test_the_database_keeps_the_two_kinds_apart(app, db, topic):
    agency = make_agency()
    recorded = record(db, agency, topic)
    upcoming = make_session(db, agency, topic)
    for session, changes in ((recorded, {"capacity": 10}), (recorded, {"questions_allowed": True}),
                             (upcoming, {"capacity": None}), (upcoming, {"registration_opens_at": None}),
                             (upcoming, {"recorded_after": True})):
        for key, value in changes.items():
            setattr(session, key, value)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_editing_a_recorded_session_until_its_minutes_are_published(app, db, topic):
    agency = make_agency()
    staff = make_staff(agency)
    session = record(db, agency, topic, staff)
    assert permissions.can_edit(staff, session)
    services.update_session(staff, session, past_data(agency, topic, place="Nhà văn hoá khu phố 3", kind="upcoming"))
    db.session.commit()
    assert session.place == "Nhà văn hoá khu phố 3" and session.recorded_after and session.capacity is None
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Thống nhất lộ trình."})
    services.publish_minutes(staff, minutes)
    db.session.commit()
    assert not permissions.can_edit(staff, session)
    with pytest.raises(ServiceError):
        services.update_session(staff, session, past_data(agency, topic))
    db.session.rollback()


def test_the_form_offers_the_choice_and_the_page_says_it_was_recorded_afterwards(client, db, topic, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    form = client.get("/dialogues/new").get_data(as_text=True)
    assert "Buổi đối thoại đã diễn ra" in form and "Lên lịch buổi đối thoại sắp diễn ra" in form
    assert re.search(r'<input checked[^>]*value="upcoming"', form) and 'value="past"' in form
    assert re.search(r'<input checked[^>]*value="past"', client.get("/dialogues/new?kind=past").get_data(as_text=True))
    assert "Ghi lại buổi đối thoại đã diễn ra" in client.get("/dialogues/manage").get_data(as_text=True)
    done = post_form(client, "/dialogues/new", {**past_data(agency, topic), "officials": "Lê Văn Cường, Chủ tịch UBND phường"})
    assert done.status_code == 303
    session = db.session.scalars(select(DialogueSession)).one()
    assert done.headers["Location"].endswith(f"/dialogues/{session.id}/minutes/edit")  # the minutes come next
    page = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "được ghi lại sau khi đã diễn ra" in page and 'id="registration"' not in page and 'id="questions"' not in page
    assert f"/dialogues/{session.id}/minutes/edit" in page and f"/dialogues/{session.id}/registrations" not in page
    manage = client.get("/dialogues/manage").get_data(as_text=True)
    assert "Không đăng ký qua trang" in manage and "None" not in manage
    registrations = client.get(f"/dialogues/{session.id}/registrations").get_data(as_text=True)
    assert "được ghi lại sau khi đã diễn ra" in registrations and "None" not in registrations
    edit = client.get(f"/dialogues/{session.id}/edit").get_data(as_text=True)
    assert 'name="capacity"' not in edit and 'name="kind"' not in edit
    # minutes written and published at once
    assert post_form(client, f"/dialogues/{session.id}/minutes/edit", {"citizens": "60", "summary": "Thống nhất lộ trình di dời."}).status_code == 303
    assert post_form(client, f"/dialogues/{session.id}/minutes/publish").status_code == 303
    post_form(client, "/logout")
    signed_in(make_user())
    shown = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Kết quả buổi đối thoại" in shown and "Thống nhất lộ trình di dời." in shown and "Đăng nhập để đăng ký" not in shown
    assert post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    listed = client.get("/dialogues?when=past").get_data(as_text=True)
    assert session.title in listed and "None" not in listed


def test_a_scheduling_form_refusal_for_a_past_time_points_to_the_choice(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_staff(agency))
    start = NOW - timedelta(days=3)
    refused = post_form(client, "/dialogues/new", {**session_data(agency, topic), "kind": "upcoming",
                                                   "starts_at": local(start), "ends_at": local(start + timedelta(hours=2))})
    assert refused.status_code == 422
    assert "hãy chọn “Buổi đối thoại đã diễn ra”" in refused.get_data(as_text=True)


def test_the_api_and_search_show_a_recorded_session(client, db, topic):
    from civic.search import service as search_service

    agency = make_agency()
    staff = make_staff(agency)
    session = record(db, agency, topic, staff)
    listed = client.get("/api/v1/dialogues?when=past").get_json()["items"]
    assert [item["id"] for item in listed] == [session.id]
    item = listed[0]
    assert item["recorded_after"] is True and item["capacity"] is None and item["seats_left"] is None
    assert item["registration_opens_at"] is None and item["registration_closes_at"] is None and item["status"] == "held"
    detail = client.get(f"/api/v1/dialogues/{session.id}").get_json()
    assert detail["recorded_after"] is True and detail["questions"] == [] and detail["minutes"] is None
    upcoming = make_session(db, agency, topic, staff)
    assert client.get(f"/api/v1/dialogues/{upcoming.id}").get_json()["recorded_after"] is False
    search_service.flush()
    found = client.get("/search?q=di+doi+cho+tam&kind=dialogue").get_data(as_text=True)
    assert f'href="/dialogues/{session.id}"' in found
    search_service.close_backends()
