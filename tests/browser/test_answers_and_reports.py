"""Official answers and the synthesis report in the browser, in the Vietnamese interface: a
citizen comments, the agency's staff marks the comment as owed an answer and answers it, the
citizen rates the answer; once the consultation is closed, the staff records an outcome for
the comment and publishes the report, which everyone then sees on the report, the
consultation, the receipt and the accountability pages (with its SVG charts). axe-core, the
Content-Security-Policy and the console on every page of the way; the printed report.

Each test makes its own consultation and people in the shared live database."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from civic.extensions import db
from tests.browser.conftest import assert_no_violations, unique_email
from tests.browser.test_consultations import (
    Person,
    assert_page_clean,
    make_person,
    sign_in,
    top_level_comments,
    watched_page,
)
from tests.factories import make_consultation, make_staff

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

COMMENT = "Đề nghị quy định rõ thời hạn giải quyết hồ sơ trực tuyến tại Điều 3."
ANSWER = "Cơ quan soạn thảo ghi nhận và sẽ bổ sung thời hạn 05 ngày làm việc vào Điều 3."
SIGNER, SIGNER_TITLE = "Nguyễn Thị Mai", "Phó Chánh Văn phòng Sở"
REASONING = "Đã bổ sung thời hạn giải quyết hồ sơ tại khoản 2 Điều 3 của dự thảo."


# --- data, made in the live app ---------------------------------------------------------------

@dataclass(frozen=True)
class Draft:
    id: int
    path: str  # /consultations/<id>-<slug>
    agency_name: str
    agency_slug: str
    staff: Person  # a staff member of the consultation's agency


def make_open_draft(live_server) -> Draft:
    with live_server.app.app_context():
        consultation = make_consultation()
        staff = make_staff(consultation.agency, email=unique_email("staff"))
        made = Draft(
            id=consultation.id,
            path=f"/consultations/{consultation.id}-{consultation.slug}",
            agency_name=consultation.agency.name,
            agency_slug=consultation.agency.slug,
            staff=Person(staff.id, staff.email, staff.display_name),
        )
        db.session.remove()
    return made


def answered_comment(live_server, consultation: Draft, citizen: Person) -> tuple[int, str]:
    """What the first test does in the browser, made with the services: the citizen's comment,
    marked as owed an answer, answered by the staff and rated "Hài lòng". (id, receipt)."""
    from civic.accounts.models import User
    from civic.answers import services as answers
    from civic.comments.services import post_comment
    from civic.consultations.models import Consultation

    with live_server.app.app_context():
        subject = db.session.get(Consultation, consultation.id)
        author = db.session.get(User, citizen.id)
        staff = db.session.get(User, consultation.staff.id)
        comment = post_comment(author, "consultation", subject, COMMENT)
        answers.mark_owed(staff, "comment", comment)
        answer = answers.give_answer(staff, "comment", comment,
                                     {"body": ANSWER, "signer_name": SIGNER, "signer_title": SIGNER_TITLE})
        answers.rate(author, answer, comment, "satisfied", "")
        db.session.commit()
        made = (comment.id, comment.receipt)
        db.session.remove()
    return made


def close(live_server, consultation: Draft) -> None:
    """The consultation ran from 40 days ago until yesterday."""
    from civic.consultations.models import Consultation
    from civic.core.timeutil import local_today

    with live_server.app.app_context():
        row = db.session.get(Consultation, consultation.id)
        today = local_today()
        row.opens_on = today - timedelta(days=40)
        row.closes_on = row.announced_closes_on = today - timedelta(days=1)
        db.session.commit()
        db.session.remove()


def answer_due_on(live_server) -> str:
    """The deadline of an answer owed from today, as the Vietnamese pages write it."""
    from civic.core import settings
    from civic.core.timeutil import local_today
    from civic.core.workdays import add_working_days

    with live_server.app.app_context():
        due = add_working_days(local_today(), settings.get("answer_deadline_working_days"))
        db.session.remove()
    return due.strftime("%d/%m/%Y")


# --- 1 and 2. the agency answers a comment, the citizen rates the answer --------------------

def test_staff_answers_a_comment_and_the_citizen_rates_the_answer(axe, make_context, live_server):
    consultation = make_open_draft(live_server)
    citizen = make_person(live_server)

    # The citizen comments through the form on the page.
    page = watched_page(make_context())
    sign_in(page, live_server, citizen, consultation.path)
    page.wait_for_function("window.htmx !== undefined")
    form = page.locator("#comment-form")
    form.get_by_label("Ý kiến của bạn").fill(COMMENT)
    form.get_by_role("button", name="Gửi ý kiến").click()
    mine = top_level_comments(page).first
    expect(mine.locator(".comment-body")).to_have_text(COMMENT)
    comment_id = int(mine.get_attribute("id").removeprefix("comment-"))
    expect(mine.locator(".official-answer")).to_have_count(0)
    assert_page_clean(page)

    # The staff member marks it as owed an answer: the deadline is shown under the comment.
    staff_page = watched_page(make_context())
    sign_in(staff_page, live_server, consultation.staff, consultation.path)
    comment = staff_page.locator(f"#comment-{comment_id}")
    comment.get_by_role("button", name="Đánh dấu cần trả lời").click()
    staff_page.wait_for_url(re.compile(rf"{re.escape(consultation.path)}#comment-{comment_id}$"))
    due = answer_due_on(live_server)
    expect(staff_page.locator(".flashes .flash-success")).to_have_text(
        f"Đã đánh dấu cần trả lời; hạn trả lời: {due}.")
    expect(comment.locator(".owed")).to_have_text(f"Cần trả lời — hạn trả lời {due}")
    expect(comment.get_by_role("button", name="Đánh dấu cần trả lời")).to_have_count(0)

    # "Trả lời chính thức": the form, with the comment, the deadline and the signer's name.
    comment.get_by_role("link", name="Trả lời chính thức").click()
    staff_page.wait_for_url(live_server(f"/answers/comment/{comment_id}/new"))
    expect(staff_page.locator("h1")).to_have_text("Trả lời chính thức")
    expect(staff_page.locator("blockquote.answered-text")).to_have_text(COMMENT)
    expect(staff_page.locator("main .notice")).to_have_text(f"Cần trả lời — hạn trả lời {due}")
    expect(staff_page.get_by_label("Họ tên người ký")).to_have_value(consultation.staff.name)
    assert_no_violations(axe, staff_page)
    assert_page_clean(staff_page)
    staff_page.get_by_label("Nội dung trả lời").fill(ANSWER)
    staff_page.get_by_label("Họ tên người ký").fill(SIGNER)
    staff_page.get_by_label("Chức vụ").fill(SIGNER_TITLE)
    staff_page.get_by_role("button", name="Đăng câu trả lời").click()

    # The answer is published under the comment, answered on time.
    staff_page.wait_for_url(re.compile(rf"{re.escape(consultation.path)}#comment-{comment_id}$"))
    expect(staff_page.locator(".flashes .flash-success")).to_have_text("Đã đăng câu trả lời chính thức.")
    answer = comment.locator(".official-answer")
    expect(answer.locator(".badge-official")).to_have_text("Cơ quan trả lời")
    expect(answer.locator(".answer-meta strong")).to_have_text(consultation.agency_name)  # shown as text
    expect(answer.locator(".answer-meta")).to_contain_text("Trả lời đúng hạn")
    expect(answer.locator(".answer-body")).to_have_text(ANSWER)
    expect(answer.locator(".signer")).to_have_text(f"{SIGNER}, {SIGNER_TITLE}")
    expect(answer.locator(".rating-form")).to_have_count(0)  # staff do not rate
    expect(comment.locator(".owed")).to_have_count(0)
    expect(comment.get_by_role("link", name="Trả lời chính thức")).to_have_count(0)
    assert staff_page.locator("img[src=x]").count() == 0
    assert_page_clean(staff_page)

    # The citizen reloads: the answer, and the question whether they are satisfied.
    page.reload()
    answer = page.locator(f"#comment-{comment_id} .official-answer")
    expect(answer.locator(".signer")).to_have_text(f"{SIGNER}, {SIGNER_TITLE}")
    rating = answer.locator(".rating-form")
    expect(rating.locator("legend")).to_have_text("Bạn có hài lòng với câu trả lời?")
    expect(rating.get_by_role("radio")).to_have_count(3)
    expect(rating.get_by_role("radio", checked=True)).to_have_count(0)
    assert_no_violations(axe, page)
    rating.get_by_label("Hài lòng", exact=True).check()
    rating.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url(re.compile(rf"{re.escape(consultation.path)}#comment-{comment_id}$"))
    expect(page.locator(".flashes .flash-success")).to_have_text("Cảm ơn bạn đã đánh giá câu trả lời.")
    expect(answer.locator(".meta")).to_have_text("Bạn đã đánh giá: Hài lòng.")
    expect(rating.get_by_label("Hài lòng", exact=True)).to_be_checked()
    assert_no_violations(axe, page)
    assert_page_clean(page)


# --- 3, 4 and 6. the synthesis report, published and read -----------------------------------

def test_staff_publishes_the_report_and_everyone_sees_the_outcome(axe, make_context, live_server):
    consultation = make_open_draft(live_server)
    citizen = make_person(live_server)
    comment_id, receipt = answered_comment(live_server, consultation, citizen)
    close(live_server, consultation)

    # The staff records "Tiếp thu" for the comment, with the reasoning.
    page = watched_page(make_context())
    edit_path = f"/consultations/{consultation.id}/report/edit"
    sign_in(page, live_server, consultation.staff, consultation.path)
    page.get_by_role("link", name="Lập báo cáo tổng hợp").click()
    page.wait_for_url(live_server(edit_path))
    expect(page.locator("h1")).to_have_text("Lập báo cáo tổng hợp")
    group = page.locator(".report-group").filter(has_text=COMMENT)
    expect(group).to_have_count(1)
    expect(group.locator(".meta")).to_contain_text(receipt)
    assert_no_violations(axe, page)
    group.get_by_role("checkbox").check()
    page.get_by_label("Kết quả cho các ý kiến đã chọn").select_option(label="Tiếp thu")
    page.get_by_label("Nội dung tiếp thu, giải trình").fill(REASONING)
    page.get_by_role("button", name="Lưu kết quả cho các ý kiến đã chọn").click()
    page.wait_for_url(live_server(edit_path))
    expect(page.locator(".flashes .flash-success")).to_have_text("Đã lưu kết quả cho 1 ý kiến.")
    expect(group.locator(".meta strong")).to_have_text("Tiếp thu")
    expect(page.locator(".report-totals dd").nth(3)).to_have_text("1")  # "Ý kiến đã có kết quả"
    assert_no_violations(axe, page)
    assert_page_clean(page)

    # ... and publishes the report.
    page.get_by_role("link", name="Công bố báo cáo").click()
    page.wait_for_url(live_server(f"/consultations/{consultation.id}/report/publish"))
    expect(page.locator("main")).to_contain_text("Mọi ý kiến đã có kết quả.")
    page.get_by_role("button", name="Công bố báo cáo").click()
    report_path = f"/consultations/{consultation.id}/report"
    page.wait_for_url(live_server(report_path))
    expect(page.locator(".flashes .flash-success")).to_have_text(
        "Đã công bố báo cáo tổng hợp; dự thảo đã kết thúc lấy ý kiến.")
    assert_page_clean(page)

    # Anyone reads the published report: the comment, its outcome and the reasoning.
    visitor = watched_page(make_context())
    response = visitor.goto(report_path)
    assert response.status == 200
    expect(visitor.locator("h1")).to_have_text("Báo cáo tổng hợp, tiếp thu, giải trình ý kiến")
    expect(visitor.locator(".report header .meta").first).to_have_text(consultation.agency_name)
    item = visitor.locator(".report-groups > li").filter(has_text=COMMENT)
    expect(item).to_have_count(1)
    expect(item.locator(".meta")).to_contain_text(receipt)
    expect(item.locator("blockquote")).to_have_text(COMMENT)
    expect(item.locator(".outcome")).to_have_text("Tiếp thu")
    expect(item.locator("p").last).to_have_text(f"Tiếp thu: {REASONING}")
    expect(visitor.locator(".report")).not_to_contain_text("Bản nháp — chưa công bố")
    expect(visitor.get_by_role("link", name="Sửa báo cáo")).to_have_count(0)
    assert_no_violations(axe, visitor)
    assert_page_clean(visitor)

    # Printed, it leaves out the links back to the site (.no-print).
    back = visitor.locator(".report .no-print a").first
    expect(back).to_be_visible()
    visitor.emulate_media(media="print")
    expect(back).to_be_hidden()
    expect(visitor.get_by_role("link", name="Tải về CSV")).to_be_hidden()
    expect(item.locator(".outcome")).to_be_visible()
    visitor.emulate_media(media="screen")
    expect(back).to_be_visible()

    # The consultation page shows the outcome under the comment, and the receipt page too.
    visitor.goto(consultation.path)
    outcome = visitor.locator(f"#comment-{comment_id} .outcome-line")
    expect(outcome.locator(".badge")).to_have_text("Kết quả tiếp thu")
    expect(outcome).to_have_text(f"Kết quả tiếp thu Tiếp thu: {REASONING}")
    expect(visitor.locator(f"#comment-{comment_id} .official-answer .signer")).to_have_text(f"{SIGNER}, {SIGNER_TITLE}")
    assert_page_clean(visitor)
    visitor.goto(f"/receipts/{receipt}")
    facts = visitor.locator(".facts")
    expect(facts.locator("dt").nth(2)).to_have_text("Kết quả tiếp thu")
    expect(facts.locator("dd").nth(2)).to_contain_text(f"Tiếp thu: {REASONING}")
    facts.get_by_role("link", name="xem báo cáo tổng hợp").click()
    visitor.wait_for_url(live_server(report_path))
    assert_page_clean(visitor)

    # /accountability: the agency's row and the two charts, drawn without any inline style.
    visitor.goto("/accountability")
    expect(visitor.locator("h1")).to_have_text("Công khai kết quả")
    row = visitor.locator(".figures-table tbody tr").filter(
        has=visitor.get_by_role("rowheader", name=consultation.agency_name, exact=True))
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text([
        "1", "1", "1 (100%)", "1", "1", "0", "0", "0", "0", "100% (1/1)",
    ])
    assert_charts(visitor, consultation.agency_name)
    assert_no_violations(axe, visitor)
    assert_page_clean(visitor)

    # The agency's own page, reached from its name in the table.
    row.get_by_role("link", name=consultation.agency_name).click()
    visitor.wait_for_url(re.compile(rf"/agencies/{consultation.agency_slug}/accountability\?from="))
    expect(visitor.locator("h1")).to_have_text(f"Công khai kết quả: {consultation.agency_name}")
    expect(visitor.locator(".figures-table tbody tr")).to_have_count(1)
    assert_charts(visitor, consultation.agency_name)
    assert_no_violations(axe, visitor)
    assert_page_clean(visitor)

    # /accountability in high contrast.
    contrast = watched_page(make_context())
    contrast.context.add_cookies([{"name": "contrast", "value": "high", "url": live_server.url}])
    contrast.goto("/accountability")
    expect(contrast.locator("html")).to_have_class(re.compile(r"(^|\s)contrast-high(\s|$)"))
    assert_charts(contrast, consultation.agency_name)
    assert_no_violations(axe, contrast)
    assert_page_clean(contrast)


def assert_charts(page, agency_name: str) -> None:
    """The two SVG bar charts, each an image named by its <title>, whose <desc> gives the
    agency's figures: one answer owed and given on time, one rating, "Hài lòng"."""
    charts = page.locator(".accountability-charts svg[role=img]")
    expect(charts).to_have_count(2)
    titles = ["Trả lời đúng hạn, trễ hạn và quá hạn theo cơ quan", "Tỷ lệ hài lòng theo cơ quan"]
    details = [f"{agency_name}: đúng hạn 1, trễ hạn 0, quá hạn 0.",
               f"{agency_name}: 100% hài lòng (1/1 lượt đánh giá)."]
    for chart, title, detail in zip(charts.all(), titles, details):
        expect(chart.locator("title")).to_have_text(title)
        expect(chart).to_have_accessible_name(re.compile("^" + re.escape(title) + " "))  # then the <desc>
        expect(chart.locator("desc")).to_contain_text(detail)
        expect(chart).to_be_visible()
