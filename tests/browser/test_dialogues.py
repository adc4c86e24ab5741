"""Dialogue sessions in the browser, in the Vietnamese interface: an agency's staff member
schedules a session through the form; citizens register (htmx, in place), send a question
beforehand, fill the last seat and the waiting list, cancel and see the waiting list move up;
after the session the staff member writes the minutes (attendance, a question with its
answer and a written follow-up owed, a commitment), publishes them, and tracks the commitment
to done, which the accountability page counts. Registering with the plain form when
JavaScript is off; the htmx question box appears after registering in place and empties after a question is sent; axe-core on
the list, a session page, the minutes, a commitment and the scheduling form.

Each test makes its own topic, agency, session and people in the shared live database."""
from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from civic.extensions import db
from tests.browser.conftest import assert_no_violations, open_page, unique_email
from tests.browser.test_consultations import (
    Person,
    assert_page_clean,
    assert_same_document,
    mark_document,
    sign_in,
    watched_page,
)
from tests.factories import make_agency, make_staff, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

TITLE = "Đối thoại với người dân về chỉnh trang vỉa hè và chỗ để xe máy trên các tuyến phố cổ"
DESCRIPTION = ("Ủy ban nhân dân quận mời người dân, hộ kinh doanh trên các tuyến phố cổ trao đổi về phương án "
               "chỉnh trang vỉa hè, bố trí chỗ để xe máy và thời gian thi công.")
PLACE = "Hội trường Ủy ban nhân dân quận, 126 Hàng Trống"
OFFICIAL = "Nguyễn Văn An, Phó Chủ tịch UBND quận"
QUESTION = ("Khi thi công vỉa hè phố Hàng Bông, các hộ kinh doanh có được bố trí lối ra vào tạm "
            "và chỗ để xe cho khách không?")
ANSWERER, ANSWERER_TITLE = "Nguyễn Văn An", "Phó Chủ tịch UBND quận"
ANSWER = ("Quận sẽ thi công theo từng đoạn dài không quá năm mươi mét, luôn để lối đi tạm rộng tối thiểu "
          "một mét hai và bố trí điểm trông giữ xe tạm tại vườn hoa Hàng Bông.")
ASKED_BY = "Bà Trần Thị Bình, phường Hàng Gai"
SUMMARY = ("Hội nghị thống nhất thi công theo từng đoạn, công khai lịch thi công trước mười ngày và lập "
           "đường dây nóng tiếp nhận phản ánh của hộ kinh doanh.")
COMMITMENT = ("Công khai lịch thi công từng đoạn vỉa hè phố Hàng Bông trên cổng thông tin của quận "
              "trước khi khởi công ít nhất mười ngày.")
PROGRESS = "Đã đăng lịch thi công của cả ba đoạn trên cổng thông tin điện tử của quận."

_numbers = itertools.count(1)


# --- data, made in the live app ---------------------------------------------------------------

@dataclass(frozen=True)
class Cast:
    topic_name: str
    topic_slug: str
    agency_id: int
    agency_name: str
    agency_slug: str
    staff: Person      # a staff member of the agency
    citizens: tuple    # confirmed citizens (Person)


def _person(user) -> Person:
    return Person(user.id, user.email, user.display_name)


def make_cast(live_server, citizens: int = 2) -> Cast:
    """A topic and an agency with plain Vietnamese names, a staff member of the agency and
    `citizens` confirmed citizens."""
    from civic.topics.models import Topic

    n = f"{os.getpid()}-{next(_numbers)}"
    with live_server.app.app_context():
        topic = Topic(name=f"Đô thị và giao thông {n}", slug=f"do-thi-giao-thong-{n}")
        db.session.add(topic)
        db.session.commit()
        agency = make_agency(f"Ủy ban nhân dân quận Hoàn Kiếm {n}", slug=f"ubnd-hoan-kiem-{n}", kind="district")
        cast = Cast(
            topic_name=topic.name,
            topic_slug=topic.slug,
            agency_id=agency.id,
            agency_name=agency.name,
            agency_slug=agency.slug,
            staff=_person(make_staff(agency, email=unique_email("staff"))),
            citizens=tuple(_person(make_user(email=unique_email("citizen"))) for _ in range(citizens)),
        )
        db.session.remove()
    return cast


def local_input(delta: timedelta) -> str:
    """Now + delta, in Viet Nam time, typed as people type it into the form: 08:30 05/12/2026."""
    from civic.core.timeutil import to_local, utcnow

    return to_local(utcnow() + delta).strftime("%H:%M %d/%m/%Y")


def schedule_session(live_server, cast: Cast, *, title: str = TITLE, capacity: int = 50) -> int:
    """A session open for registration (since an hour ago), starting in three days."""
    from civic.accounts.models import User
    from civic.dialogues import services

    with live_server.app.app_context():
        staff = db.session.get(User, cast.staff.id)
        session = services.schedule(staff, {
            "agency_id": str(cast.agency_id), "title": title, "topic": cast.topic_slug, "description": DESCRIPTION,
            "starts_at": local_input(timedelta(days=3)), "ends_at": local_input(timedelta(days=3, hours=3)),
            "place": PLACE, "capacity": str(capacity), "questions_allowed": "y",
            "registration_opens_at": local_input(timedelta(hours=-1)),
            "registration_closes_at": local_input(timedelta(days=2)),
        }, services.parse_officials(OFFICIAL))
        db.session.commit()
        session_id = session.id
        db.session.remove()
    return session_id


def move_into_the_past(live_server, session_id: int, days: int = 5) -> None:
    """Time passes: every date of the session moves `days` back (their order, which the
    table's CHECK constraints keep, stays the same)."""
    from civic.dialogues.models import DialogueSession

    shift = timedelta(days=days)
    with live_server.app.app_context():
        session = db.session.get(DialogueSession, session_id)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            setattr(session, name, getattr(session, name) - shift)
        db.session.commit()  # one UPDATE of the four columns
        db.session.remove()


def session_id_of(live_server, title: str) -> int:
    from sqlalchemy import select

    from civic.dialogues.models import DialogueSession

    with live_server.app.app_context():
        found = db.session.scalars(select(DialogueSession.id).where(DialogueSession.title == title)).all()
        db.session.remove()
    assert len(found) == 1, found
    return found[0]


def registration_mails(live_server, email: str) -> list[tuple[str, str | None]]:
    """(subject, attachment's file name) of the registration messages queued for `email`, oldest first."""
    from sqlalchemy import select

    from civic.core.mail import OutboxMessage

    with live_server.app.app_context():
        messages = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == email, OutboxMessage.kind == "dialogue-registration")
            .order_by(OutboxMessage.id)).all()
        result = [(m.subject, m.attachment_name) for m in messages]
        db.session.remove()
    return result


def labelled(scope, text: str):
    """The control whose label is exactly `text` (a required field's label ends in " *")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(text)}( \*)?$"))


def registration_box(page):
    return page.locator("section#registration")


def questions_box(page):
    return page.locator("section#questions")


def register_in_place(page, session_path: str, button: str = "Đăng ký"):
    """Press the registration button; the box comes back from htmx, in place."""
    page.wait_for_function("window.htmx !== undefined")
    mark_document(page)
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.url.endswith(session_path + "/register")) as info:
        registration_box(page).get_by_role("button", name=button, exact=True).click()
    assert info.value.status == 200
    assert info.value.request.headers.get("hx-request") == "true", "the registration was not sent by htmx"


# --- 1. from registration to a tracked commitment ---------------------------------------------

def test_a_dialogue_from_registration_to_a_tracked_commitment(make_context, live_server):
    cast = make_cast(live_server)
    first, second = cast.citizens

    # The staff member schedules the session through the form linked from /dialogues.
    staff = watched_page(make_context())
    sign_in(staff, live_server, cast.staff, "/dialogues")
    expect(staff.locator("h1")).to_have_text("Hội nghị đối thoại")
    staff.get_by_role("link", name="Buổi đối thoại của cơ quan", exact=True).click()
    staff.wait_for_url(live_server("/dialogues/manage"))
    staff.get_by_role("link", name="Lên lịch buổi đối thoại", exact=True).click()
    staff.wait_for_url(live_server("/dialogues/new"))
    expect(staff.locator("h1")).to_have_text("Lên lịch buổi đối thoại")
    staff.get_by_label("Cơ quan tổ chức").select_option(value=str(cast.agency_id))
    staff.get_by_label("Tên buổi đối thoại").fill(TITLE)
    staff.get_by_label("Lĩnh vực").select_option(label=cast.topic_name)
    staff.get_by_label("Nội dung, đối tượng mời").fill(DESCRIPTION)
    labelled(staff, "Bắt đầu").fill(local_input(timedelta(days=3)))
    labelled(staff, "Kết thúc").fill(local_input(timedelta(days=3, hours=3)))
    staff.get_by_label("Địa điểm", exact=True).fill(PLACE)
    staff.get_by_label("Lãnh đạo dự (mỗi dòng: Họ tên, Chức vụ)").fill(OFFICIAL)
    staff.get_by_label("Số chỗ").fill("1")
    staff.get_by_label("Mở đăng ký từ").fill(local_input(timedelta(hours=-1)))
    labelled(staff, "Hạn đăng ký").fill(local_input(timedelta(days=2)))
    expect(staff.get_by_label("Nhận câu hỏi gửi trước")).to_be_checked()
    staff.get_by_role("button", name="Lưu", exact=True).click()
    staff.wait_for_url(re.compile(r"/dialogues/\d+$"))
    session_path = staff.url.removeprefix(live_server.url)
    assert session_path == f"/dialogues/{session_id_of(live_server, TITLE)}"
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã lên lịch buổi đối thoại.")
    expect(staff.locator("h1")).to_have_text(TITLE)
    expect(staff.locator("main .meta").first).to_contain_text("Đang nhận đăng ký")
    expect(staff.locator("dl.facts")).to_contain_text(PLACE)
    expect(staff.locator("dl.facts li")).to_have_text([OFFICIAL])
    expect(registration_box(staff)).to_contain_text("1 chỗ · đã có 0 người đăng ký")
    # Staff cannot register: the box gives the reason, no button.
    expect(registration_box(staff).get_by_role("button")).to_have_count(0)
    expect(staff.locator(".staff-actions").get_by_role("link", name="Biên bản")).to_have_count(0)  # not started
    assert_page_clean(staff)

    # Citizen A registers: the box is swapped in place by htmx.
    citizen_a = watched_page(make_context())
    sign_in(citizen_a, live_server, first, session_path)
    box = registration_box(citizen_a)
    expect(box.get_by_role("radio", name="Dự trực tiếp")).to_be_checked()
    expect(questions_box(citizen_a)).to_contain_text("Vui lòng đăng ký dự buổi đối thoại trước khi gửi câu hỏi.")
    register_in_place(citizen_a, session_path)
    expect(box.locator(".flash-success")).to_have_text(
        "Đã đăng ký. Thư xác nhận kèm tệp lịch đã được gửi tới email của bạn.")
    expect(box.locator("strong")).to_have_text("Đã đăng ký")
    expect(box).to_contain_text("Dự trực tiếp")
    expect(box.get_by_role("link", name="Thêm vào lịch (.ics)")).to_have_attribute(
        "href", session_path + "/calendar.ics")
    expect(box).to_contain_text("đã có 1 người đăng ký · đã đủ chỗ, nhận danh sách chờ")
    expect(registration_box(citizen_a)).to_have_count(1)  # swapped, not nested
    assert citizen_a.url == live_server(session_path)
    assert_same_document(citizen_a)
    session_id = int(session_path.rsplit("/", 1)[1])
    assert registration_mails(live_server, first.email) == [
        (f"Xác nhận đăng ký dự đối thoại: {TITLE}", f"doi-thoai-{session_id}.ics")]

    # ... then sends a question beforehand (the form appears on reload: see
    # test_the_question_form_appears_after_registering_in_place).
    citizen_a.reload()
    citizen_a.wait_for_function("window.htmx !== undefined")
    mark_document(citizen_a)
    questions = questions_box(citizen_a)
    expect(questions.locator("h2")).to_have_text("Câu hỏi gửi trước")
    expect(questions.locator(".empty")).to_have_text("Chưa có câu hỏi nào.")
    questions.get_by_label("Câu hỏi của bạn").fill(QUESTION)
    with citizen_a.expect_response(lambda r: r.request.method == "POST"
                                   and r.url.endswith(session_path + "/questions")) as info:
        questions.get_by_role("button", name="Gửi câu hỏi").click()
    assert info.value.status == 200
    assert info.value.request.headers.get("hx-request") == "true", "the question was not sent by htmx"
    expect(questions.locator(".flash-success")).to_have_text("Đã gửi câu hỏi. Cảm ơn bạn.")
    expect(questions.locator("ul.questions > li")).to_have_count(1)
    expect(questions.locator("ul.questions > li")).to_contain_text(QUESTION)
    expect(questions.locator("ul.questions > li p.meta")).to_contain_text(first.name)
    question_id = int(questions.locator("ul.questions > li").get_attribute("id").removeprefix("question-"))
    expect(questions_box(citizen_a)).to_have_count(1)
    # (the textarea still holds the question: see test_the_question_box_is_empty_after_sending)
    assert_same_document(citizen_a)
    assert_page_clean(citizen_a)

    # Citizen B finds the session full: the waiting list.
    citizen_b = watched_page(make_context())
    sign_in(citizen_b, live_server, second, session_path)
    box_b = registration_box(citizen_b)
    expect(box_b).to_contain_text("đã đủ chỗ, nhận danh sách chờ")
    register_in_place(citizen_b, session_path, button="Vào danh sách chờ")
    expect(box_b.locator(".flash-success")).to_have_text(
        "Buổi đối thoại đã đủ chỗ: bạn ở danh sách chờ và sẽ nhận thư khi có chỗ.")
    expect(box_b.locator("strong")).to_have_text("Trong danh sách chờ")
    expect(box_b).to_contain_text("vị trí 1 trong danh sách chờ")
    expect(box_b.get_by_role("link", name="Thêm vào lịch (.ics)")).to_have_count(0)
    assert_same_document(citizen_b)
    assert_page_clean(citizen_b)

    # Citizen A cancels (asked first); the seat goes to B.
    registration_box(citizen_a).get_by_role("link", name="Huỷ đăng ký…").click()
    citizen_a.wait_for_url(live_server(session_path + "/cancel"))
    expect(citizen_a.locator("h1")).to_have_text("Huỷ đăng ký dự đối thoại?")
    citizen_a.get_by_role("button", name="Huỷ đăng ký", exact=True).click()
    citizen_a.wait_for_url(live_server(session_path + "#registration"))
    expect(citizen_a.locator(".flashes .flash-success")).to_have_text("Đã huỷ đăng ký.")
    expect(registration_box(citizen_a).locator("strong")).to_have_count(0)
    expect(registration_box(citizen_a).get_by_role("button", name="Vào danh sách chờ")).to_be_visible()
    assert_page_clean(citizen_a)

    citizen_b.reload()
    expect(box_b.locator("strong")).to_have_text("Đã đăng ký")
    expect(box_b).not_to_contain_text("danh sách chờ ·")
    expect(box_b.get_by_role("link", name="Thêm vào lịch (.ics)")).to_be_visible()
    assert registration_mails(live_server, second.email) == [  # the waiting list, then the seat
        (f"Bạn đang trong danh sách chờ: {TITLE}", None),
        (f"Xác nhận đăng ký dự đối thoại: {TITLE}", f"doi-thoai-{session_id}.ics")]
    assert_page_clean(citizen_b)

    # Time passes: the session is over.
    move_into_the_past(live_server, session_id)

    # The staff member writes the minutes: attendance and summary ...
    staff.goto(session_path)
    expect(staff.locator("main .meta").first).to_contain_text("Đã diễn ra")
    expect(registration_box(staff)).to_have_count(0)
    staff.locator(".staff-actions").get_by_role("link", name="Biên bản").click()
    staff.wait_for_url(live_server(session_path + "/minutes/edit"))
    expect(staff.locator("h1")).to_have_text("Biên bản hội nghị đối thoại")
    expect(staff.locator("main .notice")).to_contain_text("Bản nháp: chỉ cán bộ của cơ quan thấy.")
    staff.get_by_label("Số người dân dự trực tiếp").fill("42")
    staff.get_by_label("Số đại diện doanh nghiệp").fill("7")
    staff.get_by_label("Số người theo dõi trực tuyến").fill("130")
    staff.get_by_label("Tóm tắt kết quả").fill(SUMMARY)
    staff.get_by_role("button", name="Lưu", exact=True).click()
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã lưu biên bản.")
    assert staff.url == live_server(session_path + "/minutes/edit")
    expect(staff.get_by_label("Số người dân dự trực tiếp")).to_have_value("42")

    # ... the question sent beforehand, with its answer and a written follow-up owed ...
    staff.get_by_role("link", name="Thêm câu hỏi và trả lời").click()
    staff.wait_for_url(live_server(session_path + "/minutes/items/new"))
    expect(staff.locator("h1")).to_have_text("Thêm câu hỏi và trả lời")
    staff.get_by_label("Câu hỏi gửi trước (nếu có)").select_option(value=str(question_id))
    staff.get_by_label(re.compile(r"^Người hỏi \(để trống nếu giấu tên")).fill(ASKED_BY)
    labelled(staff, "Nội dung câu hỏi").fill(QUESTION)
    staff.get_by_label("Người trả lời", exact=True).fill(ANSWERER)
    staff.get_by_label("Chức vụ người trả lời").fill(ANSWERER_TITLE)
    staff.get_by_label("Nội dung trả lời tại buổi đối thoại").fill(ANSWER)
    staff.get_by_label("Cơ quan sẽ trả lời thêm bằng văn bản").check()
    staff.get_by_role("button", name="Lưu", exact=True).click()
    staff.wait_for_url(live_server(session_path + "/minutes/edit#items"))
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã thêm câu hỏi vào biên bản.")
    expect(staff.locator("section#items li")).to_have_count(1)
    expect(staff.locator("section#items li")).to_contain_text("Khi thi công vỉa hè phố Hàng Bông")

    # ... a commitment, already overdue, linked to that question ...
    due = _days_from_today(-1)
    staff.get_by_role("link", name="Thêm cam kết").click()
    staff.wait_for_url(live_server(session_path + "/minutes/commitments/new"))
    expect(staff.locator("h1")).to_have_text("Thêm cam kết")
    staff.get_by_label("Nội dung cam kết").fill(COMMITMENT)
    expect(staff.get_by_label("Cơ quan chịu trách nhiệm")).to_have_value(cast.agency_slug)
    staff.get_by_label("Cơ quan chịu trách nhiệm").select_option(label=cast.agency_name)
    staff.get_by_label("Hạn hoàn thành").fill(due.isoformat())
    staff.get_by_label("Gắn với câu hỏi").select_option(index=1)  # the first question of the minutes
    staff.get_by_role("button", name="Lưu", exact=True).click()
    staff.wait_for_url(live_server(session_path + "/minutes/edit#commitments"))
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã thêm cam kết vào biên bản.")
    expect(staff.locator("section#commitments li")).to_have_count(1)
    expect(staff.locator("section#commitments li")).to_contain_text(cast.agency_name)

    # ... and publishes them.
    staff.get_by_role("button", name="Công bố biên bản").click()
    staff.wait_for_url(live_server(session_path + "/minutes"))
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã công bố biên bản.")
    assert_page_clean(staff)

    # The public minutes: the question, the answer, the written answer owed, the commitment.
    reader = watched_page(make_context())
    reader.goto(session_path)
    expect(reader.locator("main .meta").first).to_contain_text("Đã công bố biên bản")
    expect(reader.locator("section#outcome")).to_contain_text(SUMMARY)
    reader.locator("section#outcome").get_by_role("link", name="Xem biên bản đầy đủ").click()
    reader.wait_for_url(live_server(session_path + "/minutes"))
    expect(reader.locator("h1")).to_have_text("Biên bản hội nghị đối thoại")
    expect(reader.locator("main .notice")).to_have_count(0)
    attendance = reader.locator("section[aria-labelledby=attendance-title]")
    expect(attendance.locator("ul").first.locator("li")).to_have_text([
        "42 người dân dự trực tiếp", "7 đại diện doanh nghiệp", "130 người theo dõi trực tuyến"])
    expect(attendance).to_contain_text(OFFICIAL)
    item = reader.locator("ol.minutes-items > li")
    expect(item).to_have_count(1)
    # (to_contain_text: the question's and the answer's paragraphs sit inside a <p>, which the
    # browser splits; see the report)
    expect(item).to_contain_text(re.compile(rf"{re.escape(ASKED_BY)}:\s*{re.escape(QUESTION)}"))
    expect(item).to_contain_text(
        re.compile(rf"{re.escape(ANSWERER)}, {re.escape(ANSWERER_TITLE)}:\s*{re.escape(ANSWER)}"))
    expect(item.locator("p.meta")).to_contain_text("Cơ quan sẽ trả lời bằng văn bản")
    rows = reader.locator("section[aria-labelledby=commitments-title] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td")).to_have_text([COMMITMENT, cast.agency_name, due.strftime("%d/%m/%Y"), "Quá hạn"])
    expect(rows).to_have_class("overdue")
    expect(reader.locator("section[aria-labelledby=revisions-title] li")).to_have_count(1)
    expect(reader.locator("section[aria-labelledby=revisions-title] li")).to_contain_text("Công bố biên bản.")
    assert_page_clean(reader)

    # The accountability page counts the commitment against its agency: one overdue.
    reader.goto("/accountability")
    table = reader.locator("section[aria-labelledby=commitments-table-title]")
    expect(table.locator("h2")).to_have_text("Cam kết tại hội nghị đối thoại")
    row = table.locator("tbody tr").filter(has_text=cast.agency_name)
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(["0", "0", "1", "0"])  # done, open, overdue, dropped
    assert_page_clean(reader)

    # The staff member follows the commitment from the minutes and reports it done.
    staff.locator("section[aria-labelledby=commitments-title] tbody").get_by_role("link").click()
    staff.wait_for_url(re.compile(r"/dialogues/commitments/\d+$"))
    commitment_path = staff.url.removeprefix(live_server.url)
    expect(staff.locator("h1")).to_have_text("Cam kết tại buổi đối thoại")
    expect(staff.locator("dl.facts")).to_contain_text("Quá hạn")
    expect(staff.locator("section[aria-labelledby=progress-title] .empty")).to_have_text("Chưa có cập nhật tiến độ.")
    staff.get_by_label("Đã hoàn thành").check()
    staff.get_by_label("Nội dung cập nhật (khi huỷ cam kết: lý do)").fill(PROGRESS)
    staff.get_by_role("button", name="Cập nhật", exact=True).click()
    staff.wait_for_url(live_server(commitment_path))
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã cập nhật tiến độ cam kết.")
    today = _days_from_today(0).strftime("%d/%m/%Y")
    expect(staff.locator("dl.facts dd").nth(2)).to_have_text(f"Đã hoàn thành · hoàn thành ngày {today}")
    expect(staff.locator("section[aria-labelledby=progress-title] li")).to_have_text(
        [f"{today} — Đã hoàn thành: {PROGRESS}"])
    expect(staff.locator("section[aria-labelledby=track-title]")).to_have_count(0)  # done: no more updates
    assert_page_clean(staff)

    # The public sees it done, and the accountability page moves it to "done".
    reader.goto(commitment_path)
    expect(reader.locator("section[aria-labelledby=progress-title] li")).to_contain_text(PROGRESS)
    expect(reader.get_by_role("button", name="Cập nhật")).to_have_count(0)
    reader.goto("/accountability")
    expect(reader.locator("section[aria-labelledby=commitments-table-title] tbody tr")
           .filter(has_text=cast.agency_name).locator("td")).to_have_text(["1", "0", "0", "0"])
    assert_page_clean(reader)


def _days_from_today(days: int):
    from civic.core.timeutil import local_today

    return local_today() + timedelta(days=days)


# --- 2. without JavaScript ----------------------------------------------------------------------

def test_registering_without_javascript(make_context, live_server):
    cast = make_cast(live_server, citizens=1)
    session_path = f"/dialogues/{schedule_session(live_server, cast, capacity=5)}"
    page = open_page(make_context(java_script_enabled=False))
    sign_in(page, live_server, cast.citizens[0], session_path)
    box = registration_box(page)
    expect(box).to_contain_text("5 chỗ · đã có 0 người đăng ký")
    box.get_by_role("radio", name="Dự trực tuyến").check()
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(session_path + "/register")) as info:
        box.get_by_role("button", name="Đăng ký", exact=True).click()
    assert info.value.status == 303
    assert info.value.request.headers.get("hx-request") is None
    page.wait_for_url(live_server(session_path + "#registration"))
    expect(page.locator(".flashes .flash-success")).to_have_text(
        "Đã đăng ký. Thư xác nhận kèm tệp lịch đã được gửi tới email của bạn.")
    expect(box.locator("strong")).to_have_text("Đã đăng ký")
    expect(box).to_contain_text("Dự trực tuyến")
    expect(box).to_contain_text("đã có 1 người đăng ký")
    expect(box.get_by_role("link", name="Thêm vào lịch (.ics)")).to_be_visible()
    # Registered, the question form is there too.
    expect(questions_box(page).get_by_label("Câu hỏi của bạn")).to_be_visible()
    assert page.page_errors == []


# --- 3. the htmx question box follows registration and empties after sending ---

@pytest.fixture
def open_session(live_server):
    """A citizen and a session open for registration, with questions allowed."""
    cast = make_cast(live_server, citizens=1)
    return cast.citizens[0], f"/dialogues/{schedule_session(live_server, cast)}"


def test_the_question_form_appears_after_registering_in_place(make_context, live_server, open_session):
    citizen, session_path = open_session
    page = watched_page(make_context())
    sign_in(page, live_server, citizen, session_path)
    register_in_place(page, session_path)
    expect(registration_box(page).locator("strong")).to_have_text("Đã đăng ký")
    expect(questions_box(page).get_by_label("Câu hỏi của bạn")).to_be_visible(timeout=2000)


def test_the_question_box_is_empty_after_sending(make_context, live_server, open_session):
    citizen, session_path = open_session
    page = watched_page(make_context())
    sign_in(page, live_server, citizen, session_path)
    register_in_place(page, session_path)
    page.reload()
    page.wait_for_function("window.htmx !== undefined")
    questions = questions_box(page)
    questions.get_by_label("Câu hỏi của bạn").fill(QUESTION)
    questions.get_by_role("button", name="Gửi câu hỏi").click()
    expect(questions.locator(".flash-success")).to_have_text("Đã gửi câu hỏi. Cảm ơn bạn.")
    expect(questions.get_by_label("Câu hỏi của bạn")).to_have_value("", timeout=2000)


# --- 4. accessibility ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Scene:
    cast: Cast
    open_path: str        # a session open for registration, with questions
    minutes_path: str     # a past session's published minutes
    commitment_path: str  # a commitment in those minutes


@pytest.fixture(scope="module")
def dialogue_scene(live_server):
    """An open session where the first citizen is registered and two citizens asked; a past
    session with published minutes (a question with a written answer owed, a commitment)."""
    from civic.accounts.models import User
    from civic.dialogues import services
    from civic.dialogues.models import DialogueSession

    cast = make_cast(live_server, citizens=3)
    open_id = schedule_session(live_server, cast, title="Đối thoại về thu gom rác thải sinh hoạt theo giờ")
    past_id = schedule_session(live_server, cast, title="Đối thoại về cấp phép sửa chữa nhà ở riêng lẻ")
    with live_server.app.app_context():
        session = db.session.get(DialogueSession, open_id)
        for n, person in enumerate(cast.citizens):
            user = db.session.get(User, person.id)
            services.register(user, session)
            if n:
                services.ask(user, session, f"Câu hỏi số {n}: xe thu gom rác có thể đến sau 21 giờ được không?",
                             anonymous=n == 2)
        db.session.commit()
        db.session.remove()
    move_into_the_past(live_server, past_id)
    with live_server.app.app_context():
        staff = db.session.get(User, cast.staff.id)
        session = db.session.get(DialogueSession, past_id)
        minutes = services.start_minutes(staff, session)
        services.save_minutes(staff, minutes, {"citizens": "30", "businesses": "2", "online": "15",
                                               "agenda": "Khai mạc; giới thiệu quy trình; hỏi đáp.",
                                               "summary": SUMMARY})
        item = services.add_item(staff, minutes, {
            "asked_by": ASKED_BY, "question": "Thời hạn cấp giấy phép sửa chữa nhà có thể rút xuống mười ngày không?",
            "answered_by_name": ANSWERER, "answered_by_title": ANSWERER_TITLE, "answer": ANSWER, "follow_up": "y"})
        commitment = services.add_commitment(staff, minutes, {
            "description": COMMITMENT, "owner": cast.agency_slug,
            "due_on": _days_from_today(30).isoformat(), "item_id": str(item.id)})
        services.publish_minutes(staff, minutes)
        db.session.commit()
        commitment_id = commitment.id
        db.session.remove()
    return Scene(cast, f"/dialogues/{open_id}", f"/dialogues/{past_id}/minutes",
                 f"/dialogues/commitments/{commitment_id}")


@pytest.mark.parametrize("who, path", [
    ("anonymous", "/dialogues"),
    ("citizen", "open"),
    ("anonymous", "minutes"),
    ("staff", "commitment"),
    ("staff", "/dialogues/new"),
])
def test_dialogue_pages_have_no_axe_violations(axe, context, live_server, dialogue_scene, who, path):
    scene = dialogue_scene
    path = {"open": scene.open_path, "minutes": scene.minutes_path,
            "commitment": scene.commitment_path}.get(path, path)
    page = watched_page(context)
    if who == "anonymous":
        page.goto(path)
    else:
        sign_in(page, live_server, scene.cast.staff if who == "staff" else scene.cast.citizens[0], path)
    expect(page.locator("h1")).to_be_visible()
    if path == "/dialogues":
        expect(page.locator("ul.cards > li")).not_to_have_count(0)
    elif path == scene.open_path:
        expect(registration_box(page).locator("strong")).to_have_text("Đã đăng ký")
        expect(questions_box(page).locator("ul.questions > li")).to_have_count(2)
        expect(questions_box(page).get_by_label("Câu hỏi của bạn")).to_be_visible()
        expect(questions_box(page).locator(".vote-button")).to_have_count(2)
    elif path == scene.minutes_path:
        expect(page.locator("ol.minutes-items > li")).to_have_count(1)
        expect(page.locator("section[aria-labelledby=commitments-title] tbody tr td").last).to_have_text(
            "Chưa bắt đầu")
    elif path == scene.commitment_path:
        expect(page.locator("section[aria-labelledby=track-title]")).to_be_visible()
    else:
        expect(page.get_by_label("Tên buổi đối thoại")).to_be_visible()
    assert_no_violations(axe, page)
    assert_page_clean(page)
