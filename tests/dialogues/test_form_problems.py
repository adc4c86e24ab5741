"""Every dialogue form reports all its problems at once (core.services.Problems): an empty or
wrong submission shows a message on each field that needs one, listed in the error summary —
scheduling and editing a session, registering, asking, the minutes, their items, commitments,
progress notes and the scan. Text longer than its column is refused with a message, never cut.
The scheduling form reads and shows times as `08:30 05/12/2026`."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic.accounts.models import BUSINESS
from civic.core.services import ServiceError
from civic.dialogues import services
from civic.dialogues.models import Commitment, DialogueOfficial, DialogueSession, MinutesItem, Registration
from tests.conftest import post_form, post_multipart
from tests.dialogues.conftest import NOW, make_session, session_data
from tests.factories import make_agency, make_staff, make_user


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def fields_in_error(html: str) -> set[str]:
    """The fields that carry a message, and check the summary links to each of them."""
    fields = set(re.findall(r'<p class="error" id="([\w-]+)-error">', html))
    summary = html[html.index('class="error-summary"'):] if fields else ""
    for field in fields:
        assert f'href="#{field}"' in summary or f'href="#{field}-0"' in summary, field
    return fields


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def held(db, frozen, topic, published=False):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Kết luận của Chủ tịch UBND quận."})
    if published:
        services.publish_minutes(staff, minutes)
    db.session.commit()
    return agency, staff, session, minutes


def test_an_empty_scheduling_form_shows_every_problem(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_staff(agency))
    upcoming = post_form(client, "/dialogues/new", {"kind": "upcoming"})
    assert upcoming.status_code == 422
    assert fields_in_error(upcoming.get_data(as_text=True)) == {
        "agency_id", "title", "topic", "starts_at", "ends_at", "place", "capacity", "registration_opens_at",
        "registration_closes_at"}
    past = post_form(client, "/dialogues/new", {"kind": "past"})
    assert past.status_code == 422
    assert fields_in_error(past.get_data(as_text=True)) == {"agency_id", "title", "topic", "starts_at", "ends_at", "place"}
    session = make_session(db, agency, topic)
    edit = post_form(client, f"/dialogues/{session.id}/edit", {})
    assert edit.status_code == 422
    assert fields_in_error(edit.get_data(as_text=True)) == {
        "title", "topic", "starts_at", "ends_at", "place", "capacity", "registration_opens_at", "registration_closes_at"}
    assert count(db, DialogueSession) == 1


def test_the_scheduling_form_reads_times_as_typed_in_viet_nam(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_staff(agency))
    form = client.get("/dialogues/new").get_data(as_text=True)
    # every date-time field says how to type it (a field's own hint no longer hides the format)
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        hint = re.search(rf'<p class="hint" id="{name}-hint">([^<]+)</p>', form)
        assert hint and "08:30 05/12/2026" in hint.group(1), name
    assert "Thời gian (giờ Việt Nam)" in form
    typed = {**session_data(agency, topic), "starts_at": "08:30 12/03/2026", "ends_at": "11:30 12/03/2026",
             "registration_opens_at": "00:00 02/03/2026", "registration_closes_at": "17:00 11/03/2026"}
    assert post_form(client, "/dialogues/new", typed).status_code == 303
    session = db.session.scalars(select(DialogueSession)).one()
    assert session.starts_at.hour == 1 and session.starts_at.minute == 30  # 08:30 in Viet Nam is 01:30 UTC
    edit = client.get(f"/dialogues/{session.id}/edit").get_data(as_text=True)
    assert 'value="08:30 12/03/2026"' in edit and 'value="17:00 11/03/2026"' in edit


def test_registration_reports_every_problem_with_and_without_htmx(client, db, topic, signed_in):
    session = make_session(db, make_agency(), topic)
    signed_in(make_user(BUSINESS))
    data = {"mode": "bằng thư", "organisation": "Công ty " + "x" * 300}
    for htmx in (True, False):
        refused = post_form(client, f"/dialogues/{session.id}/register", data, htmx=htmx)
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert "Vui lòng chọn hình thức tham dự." in html and "Tên doanh nghiệp dài tối đa 200 ký tự." in html
        assert fields_in_error(html) == {"mode", "organisation"}
        assert ("<html" in html) is not htmx
    assert count(db, Registration) == 0
    kept = post_form(client, f"/dialogues/{session.id}/register", {"mode": "online", "organisation": "Công ty " + "y" * 190})
    assert kept.status_code == 303
    assert db.session.scalars(select(Registration)).one().organisation == "Công ty " + "y" * 190  # whole


def test_an_empty_question_is_refused_with_its_message(client, db, topic, signed_in):
    session = make_session(db, make_agency(), topic)
    user = make_user()
    services.register(user, session)
    db.session.commit()
    signed_in(user)
    for htmx in (True, False):
        refused = post_form(client, f"/dialogues/{session.id}/questions", {"body": ""}, htmx=htmx)
        assert refused.status_code == 422 and "Vui lòng nhập câu hỏi." in refused.get_data(as_text=True)


def test_the_minutes_forms_report_every_problem(client, db, topic, signed_in, frozen):
    agency, staff, session, minutes = held(db, frozen, topic)
    signed_in(staff)
    counts = post_form(client, f"/dialogues/{session.id}/minutes/edit", {"citizens": "-1", "businesses": "nhiều", "online": "1.5"})
    assert counts.status_code == 422
    assert fields_in_error(counts.get_data(as_text=True)) == {"citizens", "businesses", "online"}
    empty_item = post_form(client, f"/dialogues/{session.id}/minutes/items/new", {})
    assert empty_item.status_code == 422 and fields_in_error(empty_item.get_data(as_text=True)) == {"question"}
    unsigned = post_form(client, f"/dialogues/{session.id}/minutes/items/new",
                         {"question": "Giá đất tính thế nào?", "answer": "Theo bảng giá năm 2026."})
    assert fields_in_error(unsigned.get_data(as_text=True)) == {"answered_by_name", "answered_by_title"}
    empty_commitment = post_form(client, f"/dialogues/{session.id}/minutes/commitments/new", {"owner": ""})
    assert empty_commitment.status_code == 422
    assert fields_in_error(empty_commitment.get_data(as_text=True)) == {"description", "owner", "due_on"}
    empty_scan = post_multipart(client, f"/dialogues/{session.id}/minutes/scan", {})
    assert empty_scan.status_code == 422 and fields_in_error(empty_scan.get_data(as_text=True)) == {"scan"}
    assert count(db, MinutesItem) == 0 and count(db, Commitment) == 0


def test_published_minutes_forms_add_the_change_note_to_the_other_problems(client, db, topic, signed_in, frozen):
    agency, staff, session, minutes = held(db, frozen, topic, published=True)
    signed_in(staff)
    counts = post_form(client, f"/dialogues/{session.id}/minutes/edit", {"citizens": "-1"})
    assert fields_in_error(counts.get_data(as_text=True)) == {"citizens", "change_note"}
    item = post_form(client, f"/dialogues/{session.id}/minutes/items/new", {})
    assert fields_in_error(item.get_data(as_text=True)) == {"question", "change_note"}
    commitment = post_form(client, f"/dialogues/{session.id}/minutes/commitments/new", {"owner": ""})
    assert fields_in_error(commitment.get_data(as_text=True)) == {"description", "owner", "due_on", "change_note"}
    scan = post_multipart(client, f"/dialogues/{session.id}/minutes/scan", {})
    assert fields_in_error(scan.get_data(as_text=True)) == {"scan", "change_note"}
    kept = services.add_commitment(staff, minutes, {"description": "Công khai danh sách hồ sơ.", "owner": agency.slug,
                                                    "due_on": "30/06/2026"}, "Bổ sung cam kết theo kết luận.")
    db.session.commit()
    track = post_form(client, f"/dialogues/commitments/{kept.id}", {"new_status": "", "note": "", "on": "31/02/2026"})
    assert track.status_code == 422
    assert fields_in_error(track.get_data(as_text=True)) == {"new_status", "note", "on"}


# --- nothing is cut -------------------------------------------------------------------------

def test_long_names_titles_and_places_are_refused_not_cut(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    long_name, long_title = "Nguyễn " + "Văn " * 40 + "An", "Phó Chủ tịch " + "UBND " * 40
    with pytest.raises(ServiceError) as officials:
        services.schedule(staff, session_data(agency, topic), [("Trần Thị Bình", ""), (long_name, long_title)])
    assert [(field, str(message)) for field, message in officials.value.errors] == [
        ("officials", "Dòng 1: mỗi lãnh đạo dự cần có cả họ tên và chức vụ."),
        ("officials", "Dòng 2: họ tên dài tối đa 120 ký tự."),
        ("officials", "Dòng 2: chức vụ dài tối đa 160 ký tự.")]
    db.session.rollback()
    signed_in(staff)
    long_place = post_form(client, "/dialogues/new", {**session_data(agency, topic), "place": "Hội trường " * 40,
                                                      "online_url": "https://gopy.example/" + "a" * 500,
                                                      "title": "Đối thoại " * 40})
    assert long_place.status_code == 422
    assert fields_in_error(long_place.get_data(as_text=True)) == {"place", "online_url", "title"}
    assert count(db, DialogueSession) == count(db, DialogueOfficial) == 0
    exact = "Đ" * 120, "C" * 160
    session = services.schedule(staff, {**session_data(agency, topic), "place": "P" * 300}, [exact])
    db.session.commit()
    assert (session.officials[0].name, session.officials[0].title) == exact and session.place == "P" * 300
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    db.session.commit()
    too_long = {"question": "Giá đất bồi thường tính thế nào?", "asked_by": "Bà " + "Lê Thị Hồng " * 20,
                "answered_by_name": long_name, "answered_by_title": long_title, "answer": "Theo bảng giá đất năm 2026."}
    refused = post_form(client, f"/dialogues/{session.id}/minutes/items/new", too_long)
    assert refused.status_code == 422
    assert fields_in_error(refused.get_data(as_text=True)) == {"asked_by", "answered_by_name", "answered_by_title"}
    assert count(db, MinutesItem) == 0
    whole = {**too_long, "asked_by": "A" * 200, "answered_by_name": "N" * 120, "answered_by_title": "T" * 160}
    assert post_form(client, f"/dialogues/{session.id}/minutes/items/new", whole).status_code == 303
    item = db.session.scalars(select(MinutesItem)).one()
    assert (item.asked_by, item.answered_by_name, item.answered_by_title) == ("A" * 200, "N" * 120, "T" * 160)
    services.publish_minutes(staff, minutes)
    db.session.commit()
    note = post_form(client, f"/dialogues/{session.id}/minutes/edit", {"summary": "Bổ sung.", "change_note": "x" * 2001})
    assert note.status_code == 422 and "Nội dung sửa đổi dài tối đa 2.000 ký tự." in note.get_data(as_text=True)
    assert post_form(client, f"/dialogues/{session.id}/minutes/edit",
                     {"summary": "Bổ sung.", "change_note": "Ghi " * 500}).status_code == 303
    assert minutes.revisions[-1].note == ("Ghi " * 500).strip()


def test_the_required_agency_choice_starts_empty_and_one_agency_is_preselected(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_staff(agency))
    form = client.get("/dialogues/new").get_data(as_text=True)
    select = form[form.index('<select id="agency_id"'):]
    select = select[:select.index("</select>")]
    assert re.search(r'required><option value="">', select)  # valid HTML: a required select's first option is empty
    assert re.search(rf'<option selected value="{agency.id}">', select)
    post_form(client, "/logout")
    signed_in(make_staff(agency, make_agency()))
    two = client.get("/dialogues/new").get_data(as_text=True)
    assert "<option selected" not in two[two.index('<select id="agency_id"'):two.index('<select id="topic"')]


def test_a_commitment_form_shows_its_date_as_it_is_typed(client, db, topic, signed_in, frozen):
    agency, staff, session, minutes = held(db, frozen, topic)
    kept = services.add_commitment(staff, minutes, {"description": "Công khai danh sách hồ sơ.", "owner": agency.slug,
                                                    "due_on": "30/06/2026"})
    db.session.commit()
    signed_in(staff)
    form = client.get(f"/dialogues/commitments/{kept.id}/edit").get_data(as_text=True)
    assert 'value="30/06/2026"' in form and "2026-06-30" not in form
