"""Reform ideas in the browser, in the Vietnamese interface: a citizen submits an idea, a
moderator publishes it, another citizen supports it (htmx, in place) until it reaches its
threshold and discusses it, the agency's staff answers it and moves it to review; supporting
with the plain form when JavaScript is off; axe-core on the submission form, a public idea
with comments and the review queue.

Each test makes its own topic, agency, idea and people in the shared live database."""
from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass

import pytest

from civic.extensions import db
from tests.browser.conftest import assert_no_violations, open_page, unique_email
from tests.browser.test_consultations import (
    RECEIPT,
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

TITLE = "Cho phép đăng ký hộ kinh doanh hoàn toàn trực tuyến, không cần đến bộ phận một cửa"
PROBLEM = ("Người dân muốn mở quán ăn nhỏ phải đến Ủy ban nhân dân phường hai lần: một lần nộp hồ sơ "
           "giấy, một lần nhận giấy chứng nhận đăng ký hộ kinh doanh.")
SOLUTION = ("Nhận hồ sơ qua Cổng dịch vụ công, xác thực bằng tài khoản định danh điện tử mức 2 và gửi "
            "giấy chứng nhận bản điện tử qua thư điện tử, bản giấy qua bưu điện nếu người dân yêu cầu.")
COMMENT = "Tôi đồng ý; nên cho phép thanh toán lệ phí trực tuyến bằng mã QR ngay trong hồ sơ."
ANSWER = ("Sở Kế hoạch và Đầu tư ghi nhận sáng kiến, đang phối hợp với Ủy ban nhân dân các phường "
          "thí điểm tiếp nhận hồ sơ hộ kinh doanh trực tuyến từ quý tới.")
SIGNER, SIGNER_TITLE = "Trần Quốc Hưng", "Phó Giám đốc Sở"
STATUS_NOTE = "Đã giao phòng Đăng ký kinh doanh đánh giá khả năng thí điểm tại ba phường."

_numbers = itertools.count(1)


# --- data, made in the live app ---------------------------------------------------------------

@dataclass(frozen=True)
class Cast:
    topic_name: str
    agency_name: str
    agency_slug: str
    staff: Person      # a staff member of the agency
    moderator: Person
    citizens: tuple    # confirmed citizens (Person)


def _person(user) -> Person:
    return Person(user.id, user.email, user.display_name)


def make_cast(live_server, citizens: int = 2) -> Cast:
    """A topic with a plain Vietnamese name, an agency with its staff member, a moderator and
    `citizens` confirmed citizens."""
    from civic.accounts.models import MODERATOR
    from civic.topics.models import Topic

    n = f"{os.getpid()}-{next(_numbers)}"
    with live_server.app.app_context():
        topic = Topic(name=f"Đăng ký kinh doanh {n}", slug=f"dang-ky-kinh-doanh-{n}")
        db.session.add(topic)
        db.session.commit()
        agency = make_agency()
        cast = Cast(
            topic_name=topic.name,
            agency_name=agency.name,
            agency_slug=agency.slug,
            staff=_person(make_staff(agency, email=unique_email("staff"))),
            moderator=_person(make_user(MODERATOR, email=unique_email("moderator"))),
            citizens=tuple(_person(make_user(email=unique_email("citizen"))) for _ in range(citizens)),
        )
        db.session.remove()
    return cast


def make_idea(live_server, cast: Cast, *, title: str = TITLE, publish: bool = True, comments: int = 0) -> str:
    """An idea by the cast's first citizen, published by its moderator (unless `publish` is
    false), with `comments` comments by its other citizens in turn. Returns the idea's path."""
    from civic.accounts.models import User
    from civic.comments.services import post_comment
    from civic.topics.models import Topic
    from civic.ideas import services

    with live_server.app.app_context():
        topic = db.session.scalar(db.select(Topic).where(Topic.name == cast.topic_name))
        author = db.session.get(User, cast.citizens[0].id)
        idea = services.submit(author, {"title": title, "problem": PROBLEM, "solution": SOLUTION,
                                        "topic": topic.slug, "agency": cast.agency_slug})
        if publish:
            services.publish(db.session.get(User, cast.moderator.id), idea)
        db.session.commit()
        others = [db.session.get(User, c.id) for c in cast.citizens[1:]] or [author]
        for k in range(comments):
            post_comment(others[k % len(others)], "idea", idea, f"Ý kiến số {k + 1:02d} về sáng kiến: nên làm sớm.")
        db.session.commit()
        path = f"/ideas/{idea.id}"
        db.session.remove()
    return path


@pytest.fixture
def threshold_of_one(live_server):
    """The site's support threshold is 1 during the test (restored after)."""
    from civic.core import settings

    def set_threshold(value):
        with live_server.app.app_context():
            before = settings.get("idea_support_threshold")
            settings.set_value("idea_support_threshold", value)
            db.session.commit()
            db.session.remove()
        return before

    before = set_threshold(1)
    yield
    set_threshold(before)


def answer_section(page):
    return page.locator("section[aria-labelledby=answer-title]")


# --- 1. from submission to the agency's answer ------------------------------------------------

def test_an_idea_from_submission_to_answer(axe, make_context, live_server, threshold_of_one):
    cast = make_cast(live_server)
    author, supporter = cast.citizens

    # Citizen A proposes the idea through the form linked from /ideas.
    page = watched_page(make_context())
    sign_in(page, live_server, author, "/ideas")
    expect(page.locator("h1")).to_have_text("Sáng kiến cải cách")
    page.get_by_role("link", name="Gửi sáng kiến", exact=True).click()
    page.wait_for_url(live_server("/ideas/new"))
    expect(page.locator("h1")).to_have_text("Gửi sáng kiến cải cách")
    page.get_by_label("Tiêu đề sáng kiến").fill(TITLE)
    page.get_by_label("Vấn đề").fill(PROBLEM)
    page.get_by_label("Giải pháp đề xuất").fill(SOLUTION)
    page.get_by_label("Lĩnh vực").select_option(label=cast.topic_name)
    page.get_by_label("Cơ quan đề xuất xử lý").select_option(value=cast.agency_slug)
    page.get_by_role("button", name="Gửi sáng kiến").click()
    page.wait_for_url(re.compile(r"/ideas/\d+$"))
    idea_path = page.url.removeprefix(live_server.url)
    expect(page.locator(".flashes .flash-success")).to_have_text(
        "Đã gửi sáng kiến. Ban kiểm duyệt sẽ xem xét và báo cho bạn qua email.")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main .notice")).to_contain_text("đang chờ kiểm duyệt")
    expect(page.locator("main .meta").first).to_contain_text("Chờ duyệt")
    expect(page.locator("#support")).to_have_count(0)  # not public yet
    assert_page_clean(page)

    # The moderator finds it in the review queue and publishes it.
    moderator = watched_page(make_context())
    sign_in(moderator, live_server, cast.moderator, "/ideas/review")
    expect(moderator.locator("h1")).to_have_text("Xử lý sáng kiến")
    row = moderator.locator("tbody tr").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=TITLE).click()
    moderator.wait_for_url(live_server(idea_path))
    moderator.locator("#staff").get_by_role("button", name="Đăng công khai").click()
    moderator.wait_for_url(live_server(idea_path + "#staff"))
    expect(moderator.locator(".flashes .flash-success")).to_have_text(
        "Đã đăng sáng kiến; tác giả đã được báo qua email.")
    expect(moderator.locator("main .meta").first).to_contain_text("Đang nhận ủng hộ")
    expect(moderator.locator("main")).not_to_contain_text("đang chờ kiểm duyệt")
    expect(moderator.get_by_role("button", name="Đăng công khai")).to_have_count(0)
    assert_page_clean(moderator)

    # Citizen B supports it: the support box is swapped in place by htmx.
    reader = watched_page(make_context())
    sign_in(reader, live_server, supporter, idea_path)
    reader.wait_for_function("window.htmx !== undefined")
    support = reader.locator("section#support")
    expect(support).to_contain_text("0 lượt ủng hộ / 1")
    mark_document(reader)
    with reader.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(idea_path + "/support")) as info:
        support.get_by_role("button", name="Ủng hộ").click()
    assert info.value.status == 200
    assert info.value.request.headers.get("hx-request") == "true", "the support was not sent by htmx"
    expect(support).to_contain_text("1 lượt ủng hộ / 1")
    expect(support).to_contain_text("Sáng kiến đã đạt ngưỡng ủng hộ")
    expect(support).to_contain_text("Bạn đã ủng hộ sáng kiến này.")
    expect(support.get_by_role("button", name="Rút lại ủng hộ")).to_be_visible()
    expect(reader.locator("section#support")).to_have_count(1)  # swapped, not nested
    assert reader.url == live_server(idea_path)
    assert_same_document(reader)
    # Reloaded: the agency now owes an answer, with its deadline.
    reader.reload()
    expect(answer_section(reader)).to_contain_text("hạn trả lời")
    expect(reader.locator("#support")).to_contain_text("Bạn đã ủng hộ sáng kiến này.")

    # ... and joins the discussion (htmx form: the receipt number in place).
    reader.wait_for_function("window.htmx !== undefined")
    mark_document(reader)
    discussion = reader.locator("section#comments")
    expect(discussion.locator("h2")).to_have_text("Thảo luận")
    discussion.get_by_label("Ý kiến của bạn").fill(COMMENT)
    discussion.get_by_role("button", name="Gửi ý kiến").click()
    expect(discussion.locator("#comment-form .flash-success")).to_have_text(
        re.compile(rf"^Đã tiếp nhận ý kiến của bạn\. Mã tiếp nhận: {RECEIPT}$"))
    expect(discussion.locator("#comment-list .comment-body").first).to_have_text(COMMENT)
    expect(discussion.get_by_label("Ý kiến của bạn")).to_have_value("")
    assert reader.url == live_server(idea_path)
    assert_same_document(reader)
    assert_page_clean(reader)

    # The agency's staff member answers officially.
    staff = watched_page(make_context())
    sign_in(staff, live_server, cast.staff, idea_path)
    staff.locator("#staff").get_by_role("link", name="Trả lời chính thức").click()
    staff.wait_for_url(live_server(f"/answers/idea/{idea_path.rsplit('/', 1)[1]}/new"))
    expect(staff.locator("h1")).to_have_text("Trả lời chính thức")
    expect(staff.locator("main .notice")).to_contain_text("hạn trả lời")
    assert_no_violations(axe, staff)
    staff.get_by_label("Nội dung trả lời").fill(ANSWER)
    staff.get_by_label("Họ tên người ký").fill(SIGNER)
    staff.get_by_label("Chức vụ").fill(SIGNER_TITLE)
    staff.get_by_role("button", name="Đăng câu trả lời").click()
    staff.wait_for_url(live_server(idea_path))
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã đăng câu trả lời chính thức.")
    answer = answer_section(staff)
    expect(answer.locator("h2")).to_have_text("Trả lời của cơ quan")
    expect(answer.locator(".answer-body")).to_have_text(ANSWER)
    expect(answer.locator(".signer")).to_have_text(f"{SIGNER}, {SIGNER_TITLE}")
    expect(answer.locator(".answer-meta")).to_contain_text("Trả lời đúng hạn")
    expect(answer).not_to_contain_text("hạn trả lời")
    expect(staff.locator("#staff").get_by_role("link", name="Trả lời chính thức")).to_have_count(0)

    # ... then moves the idea to review; the public history says so.
    staff.locator("#staff").get_by_role("link", name="Cập nhật trạng thái…").click()
    staff.wait_for_url(live_server(idea_path + "/status"))
    expect(staff.locator("h1")).to_have_text("Cập nhật trạng thái sáng kiến")
    assert_no_violations(axe, staff)
    staff.get_by_label("Đang xem xét").check()
    staff.get_by_label("Lý do hoặc nội dung").fill(STATUS_NOTE)
    staff.get_by_role("button", name="Cập nhật", exact=True).click()
    staff.wait_for_url(live_server(idea_path + "#history"))
    expect(staff.locator(".flashes .flash-success")).to_have_text("Đã cập nhật trạng thái sáng kiến.")
    expect(staff.locator("main .meta").first).to_contain_text("Đang xem xét")
    history = staff.locator("section#history")
    expect(history.locator("h2")).to_have_text("Quá trình xử lý")
    expect(history.locator("li")).to_have_count(4)  # submitted, published, threshold, review
    expect(history.locator("li").nth(0)).to_contain_text("Chờ duyệt")
    expect(history.locator("li").nth(1)).to_contain_text("Đang nhận ủng hộ")
    expect(history.locator("li").nth(2)).to_contain_text("Đạt ngưỡng 1 lượt ủng hộ.")
    expect(history.locator("li").last).to_contain_text(f"Đang xem xét — {STATUS_NOTE}")
    assert_page_clean(staff)

    # The author sees the answer and the new status too.
    page.reload()
    expect(answer_section(page).locator(".answer-body")).to_have_text(ANSWER)
    expect(page.locator("section#history li").last).to_contain_text("Đang xem xét")
    assert_page_clean(page)


# --- 2. without JavaScript ----------------------------------------------------------------------

def test_supporting_without_javascript(make_context, live_server):
    cast = make_cast(live_server)
    idea_path = make_idea(live_server, cast)
    page = open_page(make_context(java_script_enabled=False))
    sign_in(page, live_server, cast.citizens[1], idea_path)
    support = page.locator("section#support")
    expect(support).to_contain_text("0 lượt ủng hộ")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(idea_path + "/support")) as info:
        support.get_by_role("button", name="Ủng hộ").click()
    assert info.value.status == 303
    assert info.value.request.headers.get("hx-request") is None
    page.wait_for_url(live_server(idea_path + "#support"))
    expect(page.locator(".flashes .flash-success")).to_have_text("Cảm ơn bạn đã ủng hộ sáng kiến.")
    expect(support).to_contain_text("1 lượt ủng hộ")
    expect(support).to_contain_text("Bạn đã ủng hộ sáng kiến này.")
    expect(support.get_by_role("button", name="Rút lại ủng hộ")).to_be_visible()
    assert page.page_errors == []


# --- 3. accessibility ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def commented_idea(live_server):
    """A public idea with three comments, and another idea waiting in the review queue."""
    cast = make_cast(live_server, citizens=3)
    make_idea(live_server, cast, title="Gửi thông báo nộp thuế khoán qua ứng dụng định danh điện tử", publish=False)
    return cast, make_idea(live_server, cast, comments=3)


@pytest.mark.parametrize("who, path", [
    ("citizen", "/ideas/new"),
    ("anonymous", "idea"),
    ("citizen", "idea"),
    ("moderator", "/ideas/review"),
])
def test_idea_pages_have_no_axe_violations(axe, context, live_server, commented_idea, who, path):
    cast, idea_path = commented_idea
    path = idea_path if path == "idea" else path
    page = watched_page(context)
    if who == "anonymous":
        page.goto(path)
    else:
        sign_in(page, live_server, cast.moderator if who == "moderator" else cast.citizens[2], path)
    expect(page.locator("h1")).to_be_visible()
    if path == idea_path:
        expect(page.locator("#comment-list .comment-body")).to_have_count(3)
    elif path == "/ideas/review":
        expect(page.locator("tbody tr")).not_to_have_count(0)
    assert_no_violations(axe, page)
    assert_page_clean(page)
