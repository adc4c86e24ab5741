"""Dialogue pages: the list (upcoming/past, filters, empty state, fixed queries), a session's
page, registering and cancelling with and without htmx, the calendar file, questions and votes,
the staff forms (schedule, edit, registrations), minutes from draft to revision, commitments."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from civic.dialogues import services
from civic.dialogues.models import (
    CONFIRMED, Commitment, DialogueQuestion, DialogueSession, MinutesItem, MinutesRevision, Registration,
)
from tests.conftest import count_queries, post_form, post_multipart
from tests.dialogues.conftest import NOW, make_session, session_data
from tests.factories import HOSTILE, make_agency, make_staff, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def sign_out(client) -> None:
    post_form(client, "/logout")


def test_the_list_upcoming_and_past_with_filters(client, db, topic, frozen):
    agency, other = make_agency(), make_agency()
    soon = make_session(db, agency, topic, title="Đối thoại về giải phóng mặt bằng đường Vành đai 2")
    elsewhere = make_session(db, other, topic, title="Đối thoại với doanh nghiệp khu công nghiệp Tân Tạo")
    html = client.get("/dialogues").get_data(as_text=True)
    assert soon.title in html and elsewhere.title in html and "2 buổi đối thoại" in html
    filtered = client.get(f"/dialogues?agency={other.slug}").get_data(as_text=True)
    assert elsewhere.title in filtered and soon.title not in filtered
    empty = client.get("/dialogues?when=past").get_data(as_text=True)
    assert "Chưa có buổi đối thoại nào đã diễn ra." in empty
    frozen.advance(timedelta(days=11))
    assert soon.title in client.get("/dialogues?when=past").get_data(as_text=True)
    assert "Chưa có buổi đối thoại nào sắp diễn ra." in client.get("/dialogues").get_data(as_text=True)
    for bad in ("page=abc", "page=-2", "when=tomorrow", "agency=" + "x" * 500, "page=99999999999"):
        assert client.get(f"/dialogues?{bad}").status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(client, db, topic):
    agency = make_agency()
    staff = make_staff(agency)

    def queries():
        client.get("/dialogues")
        with count_queries() as counter:
            assert client.get("/dialogues").status_code == 200
        return counter.count

    make_session(db, agency, topic, staff)
    few = queries()
    for n in range(25):
        make_session(db, make_agency(), topic, title=f"Đối thoại định kỳ số {n} với người dân")
    assert queries() == few <= 8


def test_registering_and_cancelling_with_and_without_htmx(client, db, topic, signed_in):
    agency = make_agency()
    session = make_session(db, agency, topic, capacity="1")
    html = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Đăng nhập để đăng ký" in html and "Nguyễn Văn An, Phó Chủ tịch UBND quận" in html
    anonymous = post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"})
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["Location"]
    first = make_user()
    signed_in(first)
    plain = post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"/dialogues/{session.id}#registration")
    again = post_form(client, f"/dialogues/{session.id}/register", {"mode": "online"}, htmx=True)
    body = again.get_data(as_text=True)
    assert again.status_code == 200 and "<html" not in body and "Bạn đã đăng ký buổi đối thoại này rồi." in body
    assert "Thêm vào lịch (.ics)" in body
    assert count(db, Registration) == 1
    sign_out(client)
    second = make_user()
    signed_in(second)
    bad = post_form(client, f"/dialogues/{session.id}/register", {"mode": "bằng thư"}, htmx=True)
    assert bad.status_code == 422 and "Vui lòng chọn hình thức tham dự." in bad.get_data(as_text=True)
    waiting = post_form(client, f"/dialogues/{session.id}/register", {"mode": "online"}, htmx=True).get_data(as_text=True)
    assert "danh sách chờ" in waiting and "vị trí 1 trong danh sách chờ" in waiting
    assert post_form(client, f"/dialogues/{session.id}/register").status_code == 303  # a second tab: no change
    assert count(db, Registration) == 2
    # cancelling asks first; someone else's place cannot be cancelled (there is none of theirs)
    sign_out(client)
    signed_in(first)
    confirm = client.get(f"/dialogues/{session.id}/cancel").get_data(as_text=True)
    assert "Huỷ đăng ký dự đối thoại?" in confirm and "danh sách chờ" in confirm
    done = post_form(client, f"/dialogues/{session.id}/cancel")
    assert done.status_code == 303
    assert db.session.scalar(select(Registration.status).where(Registration.user_id == second.id)) == CONFIRMED
    # cancelling again (a second click, a resent form) is repeat-safe: the same answer, no change
    again = post_form(client, f"/dialogues/{session.id}/cancel")
    assert again.status_code == 303 and again.headers["Location"].endswith("#registration")
    again = post_form(client, f"/dialogues/{session.id}/cancel", htmx=True)
    assert again.status_code == 200 and "Đăng ký của bạn đã được huỷ." in again.get_data(as_text=True)
    assert client.get(f"/dialogues/{session.id}/cancel").status_code == 303
    assert db.session.scalar(select(Registration.status).where(Registration.user_id == second.id)) == CONFIRMED
    sign_out(client)
    signed_in(make_user())
    assert post_form(client, f"/dialogues/{session.id}/cancel").status_code == 400
    assert count(db, Registration, Registration.status == CONFIRMED) == 1


def test_registration_refusals_are_4xx_with_the_reason(client, db, topic, signed_in, frozen):
    session = make_session(db, make_agency(), topic)
    signed_in(make_staff(make_agency()))
    refused = post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"})
    assert refused.status_code == 400 and "Chỉ người dân và doanh nghiệp" in refused.get_data(as_text=True)
    sign_out(client)
    signed_in(make_user())
    frozen.advance(timedelta(days=9, hours=12))
    late = post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"})
    assert late.status_code == 400 and "không nhận đăng ký" in late.get_data(as_text=True)
    assert post_form(client, "/dialogues/999999/register", {"mode": "in_person"}).status_code == 404
    assert count(db, Registration) == 0


def test_the_calendar_file_downloads(client, db, topic):
    session = make_session(db, make_agency(), topic)
    response = client.get(f"/dialogues/{session.id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    event = next(c for c in Calendar.from_ical(response.data).walk() if c.name == "VEVENT")
    assert str(event["SUMMARY"]) == session.title and event.decoded("DTSTART") == session.starts_at


def test_questions_with_and_without_htmx(client, db, topic, signed_in):
    agency = make_agency()
    session = make_session(db, agency, topic)
    asker = make_user()
    signed_in(asker)
    not_yet = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Vui lòng đăng ký dự buổi đối thoại trước khi gửi câu hỏi." in not_yet
    post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"})
    for bad in ({"body": ""}, {"body": "x" * 2001}):
        assert post_form(client, f"/dialogues/{session.id}/questions", bad).status_code == 422
        htmx = post_form(client, f"/dialogues/{session.id}/questions", bad, htmx=True)
        assert htmx.status_code == 422 and "<html" not in htmx.get_data(as_text=True)
    plain = post_form(client, f"/dialogues/{session.id}/questions", {"body": f"Khi nào cấp sổ đỏ khu Tân Tạo? {HOSTILE}", "anonymous": "y"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith("#questions")
    html = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Người hỏi giấu tên" in html and "<script>alert" not in html
    question = db.session.scalars(select(DialogueQuestion)).one()
    sign_out(client)
    voter = make_user()
    signed_in(voter)
    voted = post_form(client, f"/dialogues/questions/{question.id}/vote", htmx=True)
    assert voted.status_code == 200 and 'aria-pressed="true"' in voted.get_data(as_text=True)
    assert post_form(client, f"/dialogues/questions/{question.id}/vote/withdraw").status_code == 303
    sign_out(client)
    staff = make_staff(agency)
    signed_in(staff)
    staff_view = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert asker.display_name[:10] in staff_view or "chỉ cán bộ thấy" in staff_view
    assert post_form(client, f"/dialogues/questions/{question.id}/select", {"selected": "1"}).status_code == 303
    assert db.session.get(DialogueQuestion, question.id).selected
    merge = post_form(client, f"/dialogues/questions/{question.id}/merge", {"target": str(question.id)})
    assert merge.status_code == 422 and "vào chính nó" in merge.get_data(as_text=True)
    assert post_form(client, f"/dialogues/questions/{question.id}/merge", {"target": "abc"}).status_code == 422


def test_staff_schedule_and_edit_a_session(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_staff(agency))
    form = client.get("/dialogues/new").get_data(as_text=True)
    assert "08:30 05/12/2026" in form and topic.name in form  # time and day in Vietnamese order
    bad = post_form(client, "/dialogues/new", {**session_data(agency, topic), "capacity": "-1"})
    assert bad.status_code == 422 and "Số chỗ là một số" in bad.get_data(as_text=True)
    assert count(db, DialogueSession) == 0
    data = {**session_data(agency, topic), "officials": "Nguyễn Văn An, Phó Chủ tịch UBND quận\nTrần Thị Bình, Trưởng phòng Tài nguyên và Môi trường"}
    done = post_form(client, "/dialogues/new", data)
    assert done.status_code == 303
    session = db.session.scalars(select(DialogueSession)).one()
    assert [o.name for o in session.officials] == ["Nguyễn Văn An", "Trần Thị Bình"]
    edit = client.get(f"/dialogues/{session.id}/edit").get_data(as_text=True)
    assert "Trần Thị Bình, Trưởng phòng Tài nguyên và Môi trường" in edit
    saved = post_form(client, f"/dialogues/{session.id}/edit", {**data, "capacity": "80", "place": "Nhà văn hoá phường An Lạc"})
    assert saved.status_code == 303 and db.session.get(DialogueSession, session.id).capacity == 80
    assert "Chưa có ai đăng ký." in client.get(f"/dialogues/{session.id}/registrations").get_data(as_text=True)
    assert session.title in client.get("/dialogues/manage").get_data(as_text=True)
    sign_out(client)
    signed_in(make_staff(make_agency()))
    assert client.get(f"/dialogues/{session.id}/edit").status_code == 403
    assert client.get(f"/dialogues/{session.id}/registrations").status_code == 403
    sign_out(client)
    signed_in(make_user())
    assert client.get("/dialogues/new").status_code == 403


def test_minutes_from_draft_to_publication_and_revision(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    asker = make_user()
    services.register(asker, session)
    question = services.ask(asker, session, "Khi nào hoàn thành cấp sổ đỏ khu tái định cư Tân Tạo?")
    db.session.commit()
    signed_in(staff)
    assert client.get(f"/dialogues/{session.id}/minutes/edit").status_code == 400  # not begun yet
    frozen.advance(timedelta(days=10, hours=4))
    assert client.get(f"/dialogues/{session.id}/minutes").status_code == 404  # no minutes yet
    page = client.get(f"/dialogues/{session.id}/minutes/edit").get_data(as_text=True)
    assert "Bản nháp" in page and "Công bố biên bản" in page
    assert post_form(client, f"/dialogues/{session.id}/minutes/edit", {"citizens": "-3"}).status_code == 422
    assert post_form(client, f"/dialogues/{session.id}/minutes/edit", {"citizens": "45", "businesses": "6", "online": "120",
                                                                      "summary": "Giải đáp các vấn đề đất đai."}).status_code == 303
    item_page = client.get(f"/dialogues/{session.id}/minutes/items/new").get_data(as_text=True)
    assert f"#{question.id}: Khi nào hoàn thành" in item_page
    assert post_form(client, f"/dialogues/{session.id}/minutes/items/new", {"question": ""}).status_code == 422
    added = post_form(client, f"/dialogues/{session.id}/minutes/items/new", {
        "question_id": str(question.id), "asked_by": "Bà Lê Thị Hồng", "question": question.body,
        "answered_by_name": "Nguyễn Văn An", "answered_by_title": "Phó Chủ tịch UBND quận",
        "answer": "Quận hoàn thành trong quý II.", "follow_up": "y"})
    assert added.status_code == 303
    item = db.session.scalars(select(MinutesItem)).one()
    nowhere = post_form(client, f"/dialogues/{session.id}/minutes/commitments/new", {
        "description": "Hoàn thành cấp sổ.", "owner": "so-khong-ton-tai", "due_on": "2026-06-30"})
    assert nowhere.status_code == 422 and "Cơ quan chịu trách nhiệm không tồn tại." in nowhere.get_data(as_text=True)
    assert count(db, Commitment) == 0
    assert post_form(client, f"/dialogues/{session.id}/minutes/commitments/new", {
        "description": "Hoàn thành cấp sổ đỏ khu tái định cư Tân Tạo.", "owner": agency.slug, "due_on": "2026-06-30",
        "item_id": str(item.id)}).status_code == 303
    not_pdf = post_multipart(client, f"/dialogues/{session.id}/minutes/scan", {"scan": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64), "bien-ban.png")})
    assert not_pdf.status_code == 422
    assert post_multipart(client, f"/dialogues/{session.id}/minutes/scan", {"scan": (io.BytesIO(PDF), "biên bản.pdf")}).status_code == 303
    sign_out(client)
    assert client.get(f"/dialogues/{session.id}/minutes").status_code == 404  # a draft is not public
    signed_in(staff)
    assert post_form(client, f"/dialogues/{session.id}/minutes/publish").status_code == 303
    assert post_form(client, f"/dialogues/{session.id}/minutes/publish").status_code == 400
    # a change after publication needs a note, and shows in the history
    edit = {"question_id": str(question.id), "asked_by": "Bà Lê Thị Hồng", "question": question.body,
            "answered_by_name": "Nguyễn Văn An", "answered_by_title": "Phó Chủ tịch UBND quận",
            "answer": "Quận hoàn thành trong quý III.", "follow_up": "y"}
    refused = post_form(client, f"/dialogues/minutes/items/{item.id}/edit", edit)
    assert refused.status_code == 422 and "vui lòng ghi nội dung sửa đổi" in refused.get_data(as_text=True)
    assert post_form(client, f"/dialogues/minutes/items/{item.id}/edit",
                     {**edit, "change_note": "Sửa thời hạn theo kết luận."}).status_code == 303
    sign_out(client)
    public = client.get(f"/dialogues/{session.id}/minutes").get_data(as_text=True)
    assert "quý III" in public and "Sửa thời hạn theo kết luận." in public and "phần sửa: câu hỏi và trả lời" in public
    assert "Công bố biên bản." in public and "Cơ quan sẽ trả lời bằng văn bản" in public
    assert "biên bản.pdf" in public and "45 người dân dự trực tiếp" in public
    show = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Xem biên bản đầy đủ" in show and "Hoàn thành cấp sổ đỏ" in show
    assert count(db, MinutesRevision) == 2


def test_commitment_progress_from_its_page(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Kết luận của Chủ tịch UBND quận."})
    commitment = services.add_commitment(staff, minutes, {"description": "Công khai danh sách hồ sơ tồn đọng.",
                                                          "owner": agency.slug, "due_on": "2026-03-20"})
    db.session.commit()
    assert client.get(f"/dialogues/commitments/{commitment.id}").status_code == 404  # minutes not published
    services.publish_minutes(staff, minutes)
    db.session.commit()
    page = client.get(f"/dialogues/commitments/{commitment.id}").get_data(as_text=True)
    assert "Chưa có cập nhật tiến độ." in page and "Cập nhật tiến độ" not in page
    assert post_form(client, f"/dialogues/commitments/{commitment.id}", {"new_status": "done", "note": "Xong rồi."}).status_code == 403
    frozen.advance(timedelta(days=10))
    assert "Quá hạn" in client.get(f"/dialogues/commitments/{commitment.id}").get_data(as_text=True)
    signed_in(staff)
    bad = post_form(client, f"/dialogues/commitments/{commitment.id}", {"new_status": "done", "note": "ok"})
    assert bad.status_code == 422
    done = post_form(client, f"/dialogues/commitments/{commitment.id}", {"new_status": "done", "note": "Đã công khai trên cổng thông tin quận."})
    assert done.status_code == 303
    page = client.get(f"/dialogues/commitments/{commitment.id}").get_data(as_text=True)
    assert "Đã hoàn thành" in page and "Đã công khai trên cổng thông tin quận." in page


def test_sessions_minutes_and_commitments_are_searchable(client, db, topic, frozen):
    from civic.search import service as search_service

    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff, title="Đối thoại về bồi thường giải phóng mặt bằng Vành đai 3")
    search_service.flush()
    found = client.get("/search?q=boi+thuong+giai+phong&kind=dialogue").get_data(as_text=True)
    assert f'href="/dialogues/{session.id}"' in found
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    services.add_item(staff, minutes, {"question": "Giá đất bồi thường được tính theo bảng giá nào?",
                                       "answered_by_name": "Nguyễn Văn An", "answered_by_title": "Phó Chủ tịch UBND quận",
                                       "answer": "Theo bảng giá đất điều chỉnh năm 2026 của thành phố."})
    services.add_commitment(staff, minutes, {"description": "Công bố phương án tái định cư trước ngày 30 tháng 6.",
                                             "owner": agency.slug, "due_on": "2026-06-30"})
    db.session.commit()
    search_service.flush()
    assert "/minutes#item-" not in client.get("/search?q=bang+gia+dat+dieu+chinh").get_data(as_text=True)  # a draft
    services.publish_minutes(staff, minutes)
    db.session.commit()
    search_service.flush()
    assert "/minutes#item-" in client.get("/search?q=bang+gia+dat+dieu+chinh&kind=minutes_item").get_data(as_text=True)
    assert "/dialogues/commitments/" in client.get("/search?q=phuong+an+tai+dinh+cu&kind=commitment").get_data(as_text=True)
    search_service.close_backends()


def _queries(client, url: str) -> int:
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_session_and_minutes_pages_run_a_fixed_number_of_queries(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff, capacity="100")

    def add_people(n):
        for k in range(n):
            user = make_user()
            services.register(user, session)
            question = services.ask(user, session, f"Câu hỏi số {k} về thủ tục đất đai của khu phố.")
            services.vote_question(make_user(), question, session)
        db.session.commit()

    add_people(1)
    signed_in(staff)
    few = _queries(client, f"/dialogues/{session.id}"), _queries(client, f"/dialogues/{session.id}/registrations")
    add_people(20)
    assert (_queries(client, f"/dialogues/{session.id}"), _queries(client, f"/dialogues/{session.id}/registrations")) == few
    assert max(few) <= 12
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)

    def add_items(n):
        for k in range(n):
            note = "Bổ sung theo ghi âm hội nghị."
            item = services.add_item(staff, minutes, {"question": f"Câu hỏi tại hội nghị số {k}.", "follow_up": "y"}, note)
            services.add_commitment(staff, minutes, {"description": f"Cam kết số {k} của quận.", "owner": agency.slug,
                                                     "due_on": "2026-06-30", "item_id": str(item.id)}, note)
        db.session.commit()

    add_items(1)
    services.publish_minutes(staff, minutes)
    db.session.commit()
    one = _queries(client, f"/dialogues/{session.id}/minutes")
    add_items(15)
    assert _queries(client, f"/dialogues/{session.id}/minutes") == one <= 16


def test_the_staff_list_runs_a_fixed_number_of_queries(client, db, topic, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    assert "Cơ quan chưa có buổi đối thoại nào." in client.get("/dialogues/manage").get_data(as_text=True)
    make_session(db, agency, topic, staff)
    few = _queries(client, "/dialogues/manage")
    for n in range(15):
        make_session(db, agency, topic, staff, title=f"Đối thoại định kỳ tháng {n} với người dân")
    assert _queries(client, "/dialogues/manage") == few <= 8


def test_a_follow_up_question_is_answered_in_writing(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    item = services.add_item(staff, minutes, {"question": "Hộ tôi bị thu hồi một phần thửa đất thì phần còn lại xử lý thế nào?",
                                              "follow_up": "y"})
    services.publish_minutes(staff, minutes)
    db.session.commit()
    public = client.get(f"/dialogues/{session.id}/minutes").get_data(as_text=True)
    assert "Cơ quan sẽ trả lời bằng văn bản" in public and f"/answers/dialogue_item/{item.id}/new" not in public
    signed_in(make_staff(make_agency()))
    assert client.get(f"/answers/dialogue_item/{item.id}/new").status_code == 403
    sign_out(client)
    signed_in(staff)
    form = client.get(f"/answers/dialogue_item/{item.id}/new").get_data(as_text=True)
    assert "phần còn lại xử lý thế nào" in form and "Quay lại biên bản" in form
    done = post_form(client, f"/answers/dialogue_item/{item.id}/new", {
        "body": "Phần diện tích còn lại không đủ điều kiện xây dựng được Nhà nước thu hồi nếu hộ gia đình có đơn đề nghị.",
        "signer_name": "Phạm Thị Diệu", "signer_title": "Giám đốc Ban Bồi thường"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/dialogues/{session.id}/minutes#item-{item.id}")
    assert "Xem câu trả lời" in client.get(f"/dialogues/{session.id}/minutes").get_data(as_text=True)


def test_the_registrations_list_pages_by_hundreds(client, db, topic, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff, capacity="150")
    for _ in range(101):
        services.register(make_user(), session)
    db.session.commit()
    signed_in(staff)
    first = client.get(f"/dialogues/{session.id}/registrations").get_data(as_text=True)
    assert "Trang 1 / 2" in first and first.count("<tr>") == 101  # the header row and 100
    second = client.get(f"/dialogues/{session.id}/registrations?page=2").get_data(as_text=True)
    assert second.count("<tr>") == 2
