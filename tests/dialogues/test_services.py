"""Dialogue sessions, service level: scheduling and its checks, registration within capacity
(also under concurrency), the waiting list, cancelling, the calendar file, questions and their
votes, minutes with a revision history, follow-up answers owed, commitments and overdue."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from civic.accounts.models import BUSINESS, MODERATOR
from civic.answers import services as answers
from civic.core.mail import OutboxMessage
from civic.core.services import ServiceError
from civic.dialogues import calendar, services
from civic.dialogues.models import (
    CANCELLED, CONFIRMED, DONE, DROPPED, HELD, IN_PROGRESS, MINUTES_PUBLISHED, REGISTRATION_OPEN, SCHEDULED, WAITING,
    Commitment, DialogueSession, Minutes, MinutesRevision, Registration,
)
from civic.votes.models import Vote
from tests.conftest import race
from tests.dialogues.conftest import NOW, local, make_session, session_data
from tests.factories import HOSTILE, make_agency, make_staff, make_user


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_scheduling_checks_every_field_and_stores_nothing_half(app, db, topic):
    agency = make_agency()
    staff = make_staff(agency)
    bad = [
        ({"title": "ab"}, "title"), ({"topic": "khong-co"}, "topic"), ({"starts_at": "mai"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00"}, "starts_at"), ({"ends_at": "9999-12-31T23:59"}, "ends_at"),
        ({"ends_at": local(NOW + timedelta(days=9))}, "ends_at"), ({"capacity": "0"}, "capacity"),
        ({"capacity": "nhiều"}, "capacity"), ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"registration_closes_at": local(NOW + timedelta(days=11))}, "registration_closes_at"),
        ({"registration_closes_at": local(NOW - timedelta(days=2))}, "registration_closes_at"),
        ({"starts_at": local(NOW - timedelta(days=1)), "ends_at": local(NOW - timedelta(hours=20)),
          "registration_opens_at": local(NOW - timedelta(days=3)), "registration_closes_at": local(NOW - timedelta(days=2))},
         "starts_at"),
        ({"agency_id": str(make_agency().id)}, None),  # not their agency
    ]
    for changes, field in bad:
        with pytest.raises(ServiceError) as refused:
            services.schedule(staff, {**session_data(agency, topic), **changes})
        assert refused.value.field == field, changes
        db.session.rollback()
    with pytest.raises(ServiceError):
        services.schedule(staff, session_data(agency, topic), [("Nguyễn Văn An", "")])
    db.session.rollback()
    with pytest.raises(ServiceError):
        services.schedule(make_user(), session_data(agency, topic))
    db.session.rollback()
    assert count(db, DialogueSession) == 0
    session = make_session(db, agency, topic, staff, title=f"Đối thoại {HOSTILE}")
    assert session.status == REGISTRATION_OPEN and session.officials[0].title == "Phó Chủ tịch UBND quận"
    assert services.parse_officials("Trần Thị Bình, Trưởng phòng Tài nguyên, Môi trường\n\nLê Văn Cường, Chánh Văn phòng") == [
        ("Trần Thị Bình", " Trưởng phòng Tài nguyên, Môi trường"), ("", ""), ("Lê Văn Cường", " Chánh Văn phòng")]


def test_status_follows_the_clock_and_the_minutes(app, db, topic, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    later = make_session(db, agency, topic, staff, registration_opens_at=local(NOW + timedelta(days=1)))
    assert later.status == SCHEDULED
    frozen.advance(timedelta(days=9, hours=12))
    assert later.status == "closed"
    frozen.advance(timedelta(days=1))
    assert later.status == HELD
    minutes = services.start_minutes(staff, later)
    services.save_minutes(staff, minutes, {"citizens": "40", "summary": "Giải đáp 12 câu hỏi về cấp sổ đỏ."})
    services.publish_minutes(staff, minutes)
    assert later.status == MINUTES_PUBLISHED


def test_registration_fills_seats_then_the_waiting_list_moves_up(app, db, topic):
    agency = make_agency()
    session = make_session(db, agency, topic, capacity="2")
    first, second, third, fourth = (make_user() for _ in range(4))
    business = make_user(role=BUSINESS)
    assert services.register(first, session).status == CONFIRMED
    assert services.register(first, session).status == CONFIRMED  # again: the same place
    assert services.register(second, session, "online").status == CONFIRMED
    waiting_a = services.register(third, session)
    waiting_b = services.register(business, session, organisation="Công ty TNHH Cơ khí Bình Tân")
    db.session.commit()
    assert (waiting_a.status, waiting_b.status) == (WAITING, WAITING)
    assert waiting_b.organisation == "Công ty TNHH Cơ khí Bình Tân"
    assert services.waiting_position(waiting_a) == 1 and services.waiting_position(waiting_b) == 2
    assert db.session.get(DialogueSession, session.id).attending == 2
    mails = count(db, OutboxMessage)
    services.cancel(second, services.registration_of(second, session))
    db.session.commit()
    assert services.registration_of(second, session).status == CANCELLED
    assert db.session.get(Registration, waiting_a.id).status == CONFIRMED
    assert services.waiting_position(db.session.get(Registration, waiting_b.id)) == 1
    assert db.session.get(DialogueSession, session.id).attending == 2
    assert count(db, OutboxMessage) == mails + 1  # the promoted person is told, with the calendar file
    promoted = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert promoted.to_address == third.email and promoted.attachment_type == "text/calendar"
    # cancelling someone else's place is refused; cancelling twice changes nothing
    with pytest.raises(ServiceError):
        services.cancel(fourth, services.registration_of(first, session))
    db.session.rollback()
    services.cancel(second, services.registration_of(second, session))
    # registering again after cancelling: back of the queue
    assert services.register(second, session).status == WAITING
    db.session.commit()
    assert services.waiting_position(services.registration_of(second, session)) == 2
    # staff, unconfirmed accounts and closed windows are refused
    for user in (make_staff(agency), make_user(confirmed=False)):
        with pytest.raises(ServiceError):
            services.register(user, session)
        db.session.rollback()


def test_raising_the_capacity_promotes_the_waiting_list(app, db, topic):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff, capacity="1")
    services.register(make_user(), session)
    waiting = services.register(make_user(), session)
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        services.update_session(staff, session, session_data(agency, topic, capacity="0"))
    assert refused.value.field == "capacity"
    db.session.rollback()
    services.update_session(staff, session, session_data(agency, topic, capacity="2"))
    db.session.commit()
    assert db.session.get(Registration, waiting.id).status == CONFIRMED


def test_concurrent_registrations_never_exceed_the_capacity(app, db, topic):
    agency = make_agency()
    session = make_session(db, agency, topic, capacity="5")
    emails = [make_user().email for _ in range(12)]
    row_id = session.id
    db.session.commit()
    assert race(app, lambda user: services.register(user, db.session.get(DialogueSession, row_id)), emails) == []
    fresh = db.session.get(DialogueSession, session.id)
    db.session.refresh(fresh)
    confirmed = count(db, Registration, Registration.session_id == session.id, Registration.status == CONFIRMED)
    waiting = count(db, Registration, Registration.session_id == session.id, Registration.status == WAITING)
    assert (fresh.attending, confirmed, waiting) == (5, 5, 7)
    positions = sorted(services.waiting_position(r) for r in db.session.scalars(
        select(Registration).where(Registration.status == WAITING)))
    assert positions == list(range(1, 8))


def test_the_database_itself_refuses_more_seats_than_the_capacity(app, db, topic):
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    session = make_session(db, make_agency(), topic, capacity="1")
    with pytest.raises(IntegrityError):
        db.session.execute(update(DialogueSession).where(DialogueSession.id == session.id).values(attending=2))
        db.session.flush()
    db.session.rollback()


def test_the_calendar_file_parses_back(app, db, topic):
    session = make_session(db, make_agency(), topic, title=f"Đối thoại “đất đai”; {HOSTILE}")
    with app.test_request_context("/"):
        raw = calendar.ics(session)
    parsed = Calendar.from_ical(raw)
    events = [c for c in parsed.walk() if c.name == "VEVENT"]
    assert len(events) == 1 and parsed["VERSION"] == "2.0"
    event = events[0]
    assert str(event["SUMMARY"]) == session.title
    assert event.decoded("DTSTART") == session.starts_at and event.decoded("DTEND") == session.ends_at
    assert "Bình Tân" in str(event["LOCATION"]) and f"/dialogues/{session.id}" in str(event["URL"])
    assert str(event["UID"]).startswith(f"dialogue-{session.id}@")


def test_questions_before_the_session(app, db, topic, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    asker, voter, stranger = make_user(), make_user(), make_user()
    with pytest.raises(ServiceError):  # not registered
        services.ask(stranger, session, "Khi nào có sổ đỏ cho khu tái định cư?")
    db.session.rollback()
    services.register(asker, session)
    services.register(voter, session)
    db.session.commit()
    for bad in ("", "   ", "x" * 2001):
        with pytest.raises(ServiceError) as refused:
            services.ask(asker, session, bad)
        assert refused.value.field == "body"
        db.session.rollback()
    first = services.ask(asker, session, "Khi nào có sổ đỏ cho khu tái định cư Tân Tạo?", anonymous=True)
    second = services.ask(voter, session, "Hồ sơ tách thửa mất bao lâu?")
    duplicate = services.ask(voter, session, "Bao giờ khu tái định cư Tân Tạo được cấp sổ?")
    db.session.commit()
    assert first.public_author() == "Người hỏi giấu tên" and first.author_id == asker.id
    services.vote_question(voter, first, session)
    services.vote_question(voter, first, session)  # twice: one vote
    services.vote_question(stranger, duplicate, session)
    services.vote_question(asker, duplicate, session)
    db.session.commit()
    with pytest.raises(ServiceError):
        services.vote_question(asker, first, session)  # one's own
    db.session.rollback()
    listed = services.question_list(voter, session)
    assert [v.question.id for v in listed][0] == duplicate.id and listed[0].votes == 2
    # merging: votes move once each, the target's author not counted
    with pytest.raises(ServiceError):
        services.merge_question(staff, first, first, session)
    db.session.rollback()
    with pytest.raises(ServiceError):
        services.merge_question(make_staff(make_agency()), duplicate, first, session)
    db.session.rollback()
    services.merge_question(staff, duplicate, first, session)
    services.select_question(staff, first, session, True)
    db.session.commit()
    listed = services.question_list(voter, session)
    assert [v.question.id for v in listed] == [first.id, second.id]
    assert listed[0].votes == 2 and listed[0].voted  # voter's + stranger's; the asker's own was dropped
    assert count(db, Vote, Vote.subject_type == services.QUESTION_SUBJECT, Vote.subject_id == duplicate.id) == 0
    with pytest.raises(ServiceError):
        services.merge_question(staff, second, duplicate, session)  # into a merged question
    db.session.rollback()
    frozen.advance(timedelta(days=9, hours=12))  # registration closed
    with pytest.raises(ServiceError):
        services.ask(asker, session, "Một câu hỏi sau hạn đăng ký.")
    db.session.rollback()


def _held(db, topic, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    asker = make_user()
    services.register(asker, session)
    question = services.ask(asker, session, "Khi nào hoàn thành cấp sổ đỏ cho khu tái định cư Tân Tạo?")
    db.session.commit()
    frozen.advance(timedelta(days=10, hours=4))
    return agency, staff, session, question


def test_minutes_draft_publish_and_revisions(app, db, topic, frozen):
    agency, staff, session, question = _held(db, topic, frozen)
    other = make_agency()
    with pytest.raises(ServiceError):
        services.start_minutes(make_staff(other), session)
    db.session.rollback()
    minutes = services.start_minutes(staff, session)
    db.session.commit()
    assert services.start_minutes(staff, session).id == minutes.id
    with pytest.raises(ServiceError):  # nothing to publish yet
        services.publish_minutes(staff, minutes)
    db.session.rollback()
    minutes = db.session.get(Minutes, minutes.id)
    services.save_minutes(staff, minutes, {"citizens": "45", "businesses": "6", "online": "120",
                                           "agenda": "Khai mạc; đối thoại; kết luận.", "summary": "Giải đáp 3 nhóm vấn đề."})
    item = services.add_item(staff, minutes, {
        "question_id": str(question.id), "asked_by": "Bà Lê Thị Hồng, phường Tân Tạo",
        "question": question.body, "answered_by_name": "Nguyễn Văn An", "answered_by_title": "Phó Chủ tịch UBND quận",
        "answer": "Quận hoàn thành cấp sổ trong quý II.", "follow_up": "y"})
    db.session.commit()
    for data, field in (({"question": ""}, "question"), ({"question": "Câu hỏi?", "question_id": "99999"}, "question_id"),
                        ({"question": "Câu hỏi?", "answer": "Trả lời."}, "answered_by_name")):
        with pytest.raises(ServiceError) as refused:
            services.add_item(staff, minutes, data)
        assert refused.value.field == field
        db.session.rollback()
    minutes = db.session.get(Minutes, minutes.id)
    for data, field in (({"owner": "co-quan-khong-co"}, "owner"), ({"due_on": "31/06/2026"}, "due_on"),
                        ({"description": "x"}, "description"), ({"item_id": "123456"}, "item_id")):
        with pytest.raises(ServiceError) as refused:
            services.add_commitment(staff, minutes, {"description": "Hoàn thành cấp sổ đỏ khu tái định cư.",
                                                     "owner": agency.slug, "due_on": "2026-06-30", **data})
        assert refused.value.field == field
        db.session.rollback()
    minutes = db.session.get(Minutes, minutes.id)
    commitment = services.add_commitment(staff, minutes, {"description": "Hoàn thành cấp sổ đỏ khu tái định cư Tân Tạo.",
                                                          "owner": agency.slug, "due_on": "2026-06-30", "item_id": str(item.id)})
    db.session.commit()
    assert answers.owed_for(services.ITEM_SUBJECT, item.id) is None  # a draft owes nothing yet
    services.publish_minutes(staff, minutes)
    db.session.commit()
    assert answers.owed_for(services.ITEM_SUBJECT, item.id) is not None
    assert [(r.note, r.changed) for r in minutes.revisions] == [("", "")]
    # after publication every change needs a note and is recorded with what it touched
    with pytest.raises(ServiceError) as refused:
        services.update_item(staff, item, {"question": item.question, "answered_by_name": "Nguyễn Văn An",
                                           "answered_by_title": "Phó Chủ tịch UBND quận", "answer": "Quý III."})
    assert refused.value.field == "change_note"
    db.session.rollback()
    item = db.session.get(type(item), item.id)
    services.update_item(staff, item, {"question": item.question, "answered_by_name": "Nguyễn Văn An",
                                       "answered_by_title": "Phó Chủ tịch UBND quận", "answer": "Quận hoàn thành trong quý III.",
                                       "follow_up": "y", "question_id": str(question.id), "asked_by": item.asked_by},
                         change_note="Sửa thời hạn theo kết luận của Chủ tịch UBND quận.")
    db.session.commit()
    minutes = db.session.get(Minutes, minutes.id)
    last = minutes.revisions[-1]
    assert last.note.startswith("Sửa thời hạn") and last.changed == "items" and last.changed_labels == "câu hỏi và trả lời" and last.author_id == staff.id
    assert "quý II." in last.before
    with pytest.raises(ServiceError):  # a revision that changes nothing
        services.save_minutes(staff, minutes, {"citizens": "45", "businesses": "6", "online": "120",
                                               "agenda": minutes.agenda, "summary": minutes.summary}, change_note="Không đổi gì.")
    db.session.rollback()
    with pytest.raises(ServiceError):  # an item owed a written answer stays
        services.remove_item(staff, db.session.get(type(item), item.id), change_note="Xoá câu hỏi trùng.")
    db.session.rollback()
    assert count(db, MinutesRevision) == 2 and count(db, Commitment) == 1
    assert commitment.item_id == item.id


def test_commitments_are_tracked_and_overdue_on_a_frozen_clock(app, db, topic, frozen):
    agency, staff, session, _question = _held(db, topic, frozen)
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Kết luận của Chủ tịch UBND quận."})
    today = frozen.advance(timedelta(0)).date()
    soon = services.add_commitment(staff, minutes, {"description": "Công khai danh sách hồ sơ tồn đọng.",
                                                    "owner": agency.slug, "due_on": (today + timedelta(days=5)).isoformat()})
    later = services.add_commitment(staff, minutes, {"description": "Rà soát quy trình tách thửa.",
                                                     "owner": agency.slug, "due_on": (today + timedelta(days=60)).isoformat()})
    dropped = services.add_commitment(staff, minutes, {"description": "Mở thêm quầy tiếp nhận.",
                                                       "owner": agency.slug, "due_on": (today + timedelta(days=30)).isoformat()})
    assert services.commitment_figures() == {"done": 0, "open": 0, "overdue": 0, "dropped": 0}  # not yet published
    services.publish_minutes(staff, minutes)
    db.session.commit()
    assert services.commitment_figures() == {"done": 0, "open": 3, "overdue": 0, "dropped": 0}
    frozen.advance(timedelta(days=6))
    assert soon.is_overdue and soon.status_label == "Quá hạn" and not later.is_overdue
    assert services.commitment_figures([agency.id]) == {"done": 0, "open": 2, "overdue": 1, "dropped": 0}
    assert services.commitment_figures([make_agency().id])["overdue"] == 0
    for status, note, on, field in ((IN_PROGRESS, "ok", None, "note"), ("xong", "Đã làm xong.", None, "new_status"),
                                    (DONE, "Đã công khai.", "2999-01-01", "on"), (DONE, "Đã công khai.", "hôm qua", "on")):
        with pytest.raises(ServiceError) as refused:
            services.track(staff, soon, status, note, on)
        assert refused.value.field == field
        db.session.rollback()
    with pytest.raises(ServiceError):
        services.track(make_staff(make_agency()), soon, DONE, "Đã công khai danh sách.")
    db.session.rollback()
    services.track(staff, soon, IN_PROGRESS, "Đang tổng hợp danh sách từ các phường.")
    services.track(staff, soon, DONE, "Đã công khai danh sách trên cổng thông tin quận.")
    services.track(staff, dropped, DROPPED, "Không còn cần thiết vì đã tiếp nhận trực tuyến.")
    db.session.commit()
    assert soon.done_on == date(2026, 3, 18) and [n.status for n in soon.notes] == [IN_PROGRESS, DONE]
    assert dropped.dropped_reason.startswith("Không còn cần thiết")
    with pytest.raises(ServiceError):
        services.track(staff, soon, IN_PROGRESS, "Mở lại cam kết đã xong.")
    db.session.rollback()
    assert services.commitment_figures() == {"done": 1, "open": 1, "overdue": 0, "dropped": 1}
    frozen.advance(timedelta(days=90))
    assert services.commitment_figures() == {"done": 1, "open": 0, "overdue": 1, "dropped": 1}


def test_staff_of_other_agencies_and_moderators_are_refused(app, db, topic, frozen):
    agency = make_agency()
    session = make_session(db, agency, topic)
    for user in (make_staff(make_agency()), make_user(role=MODERATOR), make_user()):
        with pytest.raises(ServiceError):
            services.update_session(user, session, session_data(agency, topic, capacity="10"))
        db.session.rollback()
    child = make_agency(parent=agency)
    parent_staff = make_staff(agency)
    assert make_session(db, child, topic, parent_staff).agency_id == child.id  # staff act for agencies below


def test_the_minutes_never_name_an_anonymous_asker(app, db, topic, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    asker = make_user()
    services.register(asker, session)
    hidden = services.ask(asker, session, "Vì sao hồ sơ của tôi bị trả lại ba lần?", anonymous=True)
    db.session.commit()
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        services.add_item(staff, minutes, {"question_id": str(hidden.id), "question": hidden.body, "asked_by": asker.display_name})
    assert refused.value.field == "asked_by"
    db.session.rollback()
    item = services.add_item(staff, db.session.get(Minutes, minutes.id), {"question_id": str(hidden.id), "question": hidden.body})
    assert item.asked_by == ""
