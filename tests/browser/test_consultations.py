"""Consultations in the browser, in the Vietnamese interface: a citizen finds a draft, comments
on one article (htmx, no reload), replies, votes on the draft and on a comment, follows the
receipt number; the same without JavaScript; "more comments" in place; axe-core, the
Content-Security-Policy and the console on every page of the journey.

Each test makes its own consultation and people in the shared live database, so counts and
lists are the test's own."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest

from civic.extensions import db
from tests.browser.conftest import assert_no_violations, open_menu, open_page, real_console_errors, unique_email
from tests.factories import PASSWORD, make_consultation, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

RECEIPT = r"GY-\d{4}-\d{6}"
POSTED = re.compile(rf"^Đã tiếp nhận ý kiến của bạn\. Mã tiếp nhận: ({RECEIPT})$")
# What the factories plant in titles and names; the page must show it as text.
SCRIPT_TEXT = '<script>alert("xss")</script>'
FAILED_422 = "Failed to load resource: the server responded with a status of 422"

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


# --- data, made in the live app ---------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str


@dataclass(frozen=True)
class Draft:
    id: int
    path: str  # /consultations/<id>-<slug>
    agency_slug: str
    sections: dict  # label ("Điều 2") -> section id
    comments: tuple = ()  # (id, receipt, body) of the comments made with it, oldest first


def make_person(live_server, label: str = "citizen") -> Person:
    with live_server.app.app_context():
        user = make_user(email=unique_email(label))
        person = Person(user.id, user.email, user.display_name)
        db.session.remove()
    return person


def make_draft(live_server, *, author: Person | None = None, comments: int = 0,
               replies: int = 0) -> Draft:
    """An open consultation; `comments` top-level comments by `author` (numbered bodies), and
    `replies` replies to the first of them."""
    from civic.accounts.models import User
    from civic.comments.models import Comment
    from civic.comments.services import post_comment
    from civic.consultations import services

    with live_server.app.app_context():
        consultation = make_consultation()
        version = services.current_version(consultation)
        made = []
        if comments:
            user = db.session.get(User, author.id)
            for n in range(1, comments + 1):
                comment = post_comment(user, "consultation", consultation, f"Ý kiến số {n:02d} về dự thảo.")
                made.append((comment.id, comment.receipt, comment.body))
            first = db.session.get(Comment, made[0][0])
            for n in range(1, replies + 1):
                post_comment(user, "consultation", consultation, f"Trả lời số {n} cho ý kiến đầu.", parent=first)
            db.session.commit()
        draft = Draft(
            id=consultation.id,
            path=f"/consultations/{consultation.id}-{consultation.slug}",
            agency_slug=consultation.agency.slug,
            sections={s.label: s.id for s in version.sections},
            comments=tuple(made),
        )
        db.session.remove()
    return draft


# --- browser helpers --------------------------------------------------------------------------

def watched_page(context):
    """A tab that records Content-Security-Policy violations as well as console errors."""
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    return open_page(context)


def sign_in(page, live_server, person: Person, next_path: str) -> None:
    page.goto(f"/login?next={quote(next_path)}")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(live_server(next_path))


def mark_document(page) -> None:
    """A flag that a full page load would forget (an htmx swap keeps it)."""
    page.evaluate("window.__marker = 'same document'")


def assert_same_document(page) -> None:
    assert page.evaluate("window.__marker") == "same document", "the page was reloaded"


def assert_hostile_text_escaped(page) -> None:
    """The factories' markup is shown as text: no element was made from it."""
    expect(page.locator("h1")).to_contain_text(SCRIPT_TEXT)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0


def assert_page_clean(page, *, allow_422_from: str | None = None) -> None:
    """No CSP violation, uncaught exception or console error. With `allow_422_from`, the one
    resource error Chromium logs for the deliberate 422 answer from that URL is expected."""
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate("document.querySelectorAll('style, [style]').length") == 0
    assert page.page_errors == []
    errors = real_console_errors(page)
    if allow_422_from is not None:
        expected = [text for text, url in page.console_errors
                    if url == allow_422_from and text.startswith(FAILED_422)]
        assert len(expected) == 1, page.console_errors
        errors.remove(expected[0])
    assert errors == []


def top_level_comments(page):
    return page.locator("#comment-list > article.comment")


# --- 1 and 2. comment on an article, then reply, without a reload ---------------------------

def test_citizen_comments_on_an_article_and_replies_in_place(context, live_server):
    citizen = make_person(live_server)
    draft = make_draft(live_server)
    page = watched_page(context)
    sign_in(page, live_server, citizen, "/consultations")

    # The list, narrowed to the draft's agency, leads to the draft.
    expect(page.locator("h1")).to_have_text("Lấy ý kiến dự thảo")
    page.locator("#f-agency").select_option(draft.agency_slug)
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(rf"/consultations\?.*agency={draft.agency_slug}"))
    expect(page.locator("p[role=status]")).to_have_text("1 dự thảo")
    cards = page.locator(".card")
    expect(cards).to_have_count(1)
    expect(cards.locator("h2")).to_contain_text(SCRIPT_TEXT)
    cards.locator("h2 a").click()
    page.wait_for_url(live_server(draft.path))
    assert_hostile_text_escaped(page)

    # The per-section link of "Điều 2" opens the form with that article chosen.
    article = page.locator(".draft-section.kind-article").filter(
        has=page.get_by_role("heading", name="Điều 2. Đối tượng áp dụng"))
    link = article.locator(".section-tools").get_by_role("link", name=re.compile(r"^Góp ý"))
    expect(link).to_have_accessible_name("Góp ý — Điều 2")
    link.click()
    section_id = draft.sections["Điều 2"]
    page.wait_for_url(live_server(f"{draft.path}?section={section_id}#comment-form"))
    page.wait_for_function("window.htmx !== undefined")
    form = page.locator("#comment-form")
    select = form.get_by_label("Góp ý cho")
    expect(select).to_have_value(str(section_id))
    expect(select.locator("option:checked")).to_have_text("Điều 2")
    expect(page.locator("#comments .notice").first).to_contain_text("Đang xem ý kiến về: Điều 2.")
    expect(page.locator("#comment-list .empty")).to_be_visible()

    mark_document(page)
    post_url = live_server(f"/consultations/{draft.id}/comments")
    send = form.get_by_role("button", name="Gửi ý kiến")

    # Sent empty: refused in place (422), focus on the summary, nothing added.
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == post_url) as info:
        send.click()
    assert info.value.status == 422
    assert info.value.request.headers.get("hx-request") == "true"
    summary = page.locator("#comment-form .error-summary")
    expect(summary).to_contain_text("Vui lòng nhập nội dung ý kiến.")
    expect(summary).to_be_focused()
    # The summary's link and the error text point at the textarea as it is rendered.
    expect(summary.get_by_role("link", name="Vui lòng nhập nội dung ý kiến.")).to_have_attribute(
        "href", "#comment-form-body")
    textarea = page.locator("#comment-form-body")
    expect(textarea).to_have_attribute("aria-invalid", "true")
    expect(textarea).to_have_attribute("aria-describedby", re.compile(r"\bcomment-form-body-error\b"))
    expect(page.locator("#comment-form-body-error")).to_have_text("Vui lòng nhập nội dung ý kiến.")
    expect(top_level_comments(page)).to_have_count(0)

    body = "Đề nghị bổ sung hộ kinh doanh vào đối tượng áp dụng của Điều 2."
    page.locator("#comment-form").get_by_label("Ý kiến của bạn").fill(body)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == post_url) as info:
        page.locator("#comment-form").get_by_role("button", name="Gửi ý kiến").click()
    assert info.value.status == 200
    assert info.value.request.headers.get("hx-request") == "true"

    # The new comment is at the top of the list, the form says so and is empty again.
    newest = top_level_comments(page).first
    expect(newest.locator(".comment-body")).to_have_text(body)
    expect(newest.locator(".comment-author")).to_contain_text(SCRIPT_TEXT)
    success = page.locator("#comment-form .flash-success")
    expect(success).to_have_text(POSTED)
    receipt = POSTED.match(success.inner_text()).group(1)
    expect(newest.locator(".receipt")).to_have_text(f"Mã tiếp nhận của bạn: {receipt}")
    expect(page.locator("#comment-form").get_by_label("Ý kiến của bạn")).to_have_value("")
    expect(page.locator("#comment-form .error-summary")).to_have_count(0)
    # Still ready for the next comment on the same article.
    expect(page.locator("#comment-form").get_by_label("Góp ý cho")).to_have_value(str(section_id))
    expect(page.locator("#comment-list .empty")).to_be_hidden()
    assert_same_document(page)
    comment_id = int(newest.get_attribute("id").removeprefix("comment-"))

    # 2. "Trả lời" loads the reply form inline; the reply lands under the comment.
    with page.expect_response(lambda r: r.url.endswith(f"/comments/{comment_id}/reply")) as info:
        newest.locator(".comment-actions").get_by_role("link", name="Trả lời").click()
    assert info.value.request.headers.get("hx-request") == "true"
    reply_form = page.locator(f"#reply-slot-{comment_id} #reply-form-{comment_id}")
    expect(reply_form).to_be_visible()
    expect(reply_form.locator(".meta")).to_contain_text("Trả lời ý kiến của")
    reply = "Đồng ý, nên nêu rõ cả hộ kinh doanh cá thể."
    reply_form.get_by_label("Ý kiến của bạn").fill(reply)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == post_url) as info:
        reply_form.get_by_role("button", name="Gửi trả lời").click()
    assert info.value.status == 200
    replies = page.locator(f"#replies-{comment_id} > article.comment")
    expect(replies).to_have_count(1)
    expect(replies.locator(".comment-body")).to_have_text(reply)
    expect(replies.locator(".receipt")).to_have_text(re.compile(rf"^Mã tiếp nhận của bạn: {RECEIPT}$"))
    expect(reply_form).to_have_text(POSTED)  # the form closed: its receipt number in its place
    expect(page.locator(f"#reply-slot-{comment_id} form")).to_have_count(0)
    expect(top_level_comments(page)).to_have_count(1)  # a reply, not a new top-level comment
    assert_same_document(page)
    assert_page_clean(page, allow_422_from=post_url)

    # After a reload, both are there as the server has them.
    page.reload()
    expect(top_level_comments(page)).to_have_count(1)
    expect(top_level_comments(page).first.locator(".comment-body")).to_have_text(body)
    expect(page.locator(f"#comment-{comment_id} .show-replies")).to_have_text("Xem 1 trả lời")


# --- 3. votes on the draft and on a comment -------------------------------------------------

def test_second_citizen_votes_on_the_draft_and_on_a_comment(context, make_context, live_server):
    first = make_person(live_server, "first")
    draft = make_draft(live_server, author=first, comments=1)
    comment_id = draft.comments[0][0]
    second = make_person(live_server, "second")

    page = watched_page(make_context())
    sign_in(page, live_server, second, draft.path)
    page.wait_for_function("window.htmx !== undefined")
    mark_document(page)
    vote = page.locator("#vote")
    agree = vote.get_by_role("button", name="Đồng ý", exact=True)
    agree_count = vote.locator(".tally strong").nth(0)
    disagree_count = vote.locator(".tally strong").nth(1)
    header = page.locator("#header-tally")
    expect(agree_count).to_have_text("0")
    expect(header).to_have_text("Đồng ý 0 · Không đồng ý 0")
    expect(agree).to_have_attribute("aria-pressed", "false")

    def click_and_wait(button, path):
        with page.expect_response(lambda r: r.request.method == "POST" and r.url == live_server(path)) as info:
            button.click()
        assert info.value.status == 200
        assert info.value.request.headers.get("hx-request") == "true"

    click_and_wait(agree, f"/consultations/{draft.id}/vote")
    expect(agree_count).to_have_text("1")
    expect(disagree_count).to_have_text("0")
    expect(header).to_have_text("Đồng ý 1 · Không đồng ý 0")  # out of band
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(vote).to_contain_text("Bạn đã chọn: Đồng ý.")

    # Again: a vote is set, not toggled.
    click_and_wait(agree, f"/consultations/{draft.id}/vote")
    expect(agree_count).to_have_text("1")
    expect(header).to_have_text("Đồng ý 1 · Không đồng ý 0")
    expect(agree).to_have_attribute("aria-pressed", "true")

    click_and_wait(vote.get_by_role("button", name="Rút lại lựa chọn"), f"/consultations/{draft.id}/vote/withdraw")
    expect(agree_count).to_have_text("0")
    expect(header).to_have_text("Đồng ý 0 · Không đồng ý 0")
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(vote.get_by_role("button", name="Rút lại lựa chọn")).to_have_count(0)

    # "Tán thành" on the first citizen's comment.
    votes = page.locator(f"#comment-votes-{comment_id}")
    up = votes.get_by_role("button", name=re.compile(r"^Tán thành"))
    expect(up.locator(".count")).to_have_text("0")
    click_and_wait(up, f"/comments/{comment_id}/vote")
    expect(up.locator(".count")).to_have_text("1")
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(votes.get_by_role("button", name=re.compile(r"^Không tán thành")).locator(".count")).to_have_text("0")
    assert_same_document(page)
    assert_page_clean(page)

    # The author sees the count, and cannot vote on their own comment.
    author_page = watched_page(context)
    sign_in(author_page, live_server, first, draft.path)
    own = author_page.locator(f"#comment-votes-{comment_id}")
    expect(own).to_contain_text("▲ 1 · ▼ 0")
    expect(own.get_by_role("button")).to_have_count(0)
    assert_page_clean(author_page)


# --- 4. the receipt number ------------------------------------------------------------------

def test_receipt_page_shows_status_to_author_and_nothing_private_to_others(context, make_context, live_server):
    citizen = make_person(live_server)
    draft = make_draft(live_server, author=citizen, comments=1)
    comment_id, receipt, body = draft.comments[0]

    page = watched_page(context)
    sign_in(page, live_server, citizen, draft.path)
    line = page.locator(f"#comment-{comment_id} .receipt")
    expect(line).to_have_text(f"Mã tiếp nhận của bạn: {receipt}")
    line.get_by_role("link", name=receipt).click()
    page.wait_for_url(live_server(f"/receipts/{receipt}"))
    expect(page.locator("h1")).to_have_text(f"Mã tiếp nhận {receipt}")
    facts = page.locator(".facts")
    expect(facts.locator("dt").nth(0)).to_have_text("Trạng thái")
    expect(facts.locator("dd").nth(0)).to_have_text("Đã tiếp nhận")
    back = facts.locator("dd a")
    expect(back).to_have_attribute("href", draft.path)
    expect(back).to_contain_text(SCRIPT_TEXT)  # the title, shown as text
    assert page.locator("img[src=x]").count() == 0
    assert_page_clean(page)

    visitor = watched_page(make_context())
    response = visitor.goto(f"/receipts/{receipt}")
    assert response.status == 200
    expect(visitor.locator("h1")).to_have_text(f"Mã tiếp nhận {receipt}")
    expect(visitor.locator(".facts dd").nth(0)).to_have_text("Đã tiếp nhận")
    expect(visitor.locator(".facts dd a")).to_have_attribute("href", draft.path)
    main = visitor.locator("main")
    expect(main).not_to_contain_text(body)
    expect(main).not_to_contain_text("Mã tiếp nhận của bạn")
    expect(main).not_to_contain_text(citizen.name)
    html = visitor.content()
    assert citizen.email not in html
    assert body not in html
    expect(visitor.locator(".account-nav")).to_contain_text("Đăng nhập")
    assert_page_clean(visitor)

    # An unknown number: 404 with an explanation.
    response = visitor.goto("/receipts/GY-1999-999999")
    assert response.status == 404
    expect(visitor.locator(".notice")).to_contain_text("Không tìm thấy ý kiến nào với mã tiếp nhận này.")


# --- 5. without JavaScript ------------------------------------------------------------------

def test_commenting_and_reading_more_work_without_javascript(make_context, live_server):
    author = make_person(live_server, "author")
    draft = make_draft(live_server, author=author, comments=21, replies=2)
    first_id = draft.comments[0][0]
    citizen = make_person(live_server)
    context = make_context(java_script_enabled=False)
    page = open_page(context)
    sign_in(page, live_server, citizen, draft.path)
    expect(top_level_comments(page)).to_have_count(20)

    # A plain form post: 303 to the page, newest first, with a flash message.
    body = "Góp ý gửi từ trình duyệt không có JavaScript."
    page.locator("#comment-form").get_by_label("Ý kiến của bạn").fill(body)
    post_url = live_server(f"/consultations/{draft.id}/comments")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == post_url) as info:
        page.locator("#comment-form").get_by_role("button", name="Gửi ý kiến").click()
    assert info.value.status == 303
    assert info.value.request.headers.get("hx-request") is None
    page.wait_for_url(re.compile(rf"{re.escape(draft.path)}\?sort=newest#comment-\d+$"))
    expect(page.locator(".flashes .flash-success")).to_have_text(POSTED)
    expect(page.locator(".flashes")).to_contain_text("Đã tiếp nhận ý kiến của bạn")
    newest = top_level_comments(page).first
    expect(newest.locator(".comment-body")).to_have_text(body)
    expect(newest.locator(".receipt")).to_have_text(re.compile(rf"^Mã tiếp nhận của bạn: {RECEIPT}$"))

    # "Xem thêm ý kiến" is a link to the next page.
    page.goto(draft.path)
    more = page.get_by_role("link", name="Xem thêm ý kiến")
    expect(more).to_have_count(1)
    more.click()
    page.wait_for_url(re.compile(rf"{re.escape(draft.path)}\?page=2&sort=oldest#comments$"))
    expect(top_level_comments(page)).to_have_count(2)  # 22 in all, 20 a page
    expect(top_level_comments(page).last.locator(".comment-body")).to_have_text(body)
    expect(page.get_by_role("link", name="Xem thêm ý kiến")).to_have_count(0)
    expect(page.locator("#comments")).to_contain_text("Trang 2 / 2")

    # "Xem 2 trả lời" is a link to the thread.
    page.goto(draft.path)
    show = page.locator(f"#comment-{first_id}").get_by_role("link", name="Xem 2 trả lời")
    show.click()
    page.wait_for_url(live_server(f"/comments/{first_id}/replies"))
    expect(page.locator("h1")).to_have_text("Ý kiến và các trả lời")
    replies = page.locator(f"#replies-{first_id} > article.comment .comment-body")
    expect(replies).to_have_text(["Trả lời số 1 cho ý kiến đầu.", "Trả lời số 2 cho ý kiến đầu."])

    # The thread page's reply form posts as a plain form too.
    reply = "Trả lời gửi không cần JavaScript."
    reply_form = page.locator(f"#reply-form-{first_id}")
    reply_form.get_by_label("Ý kiến của bạn").fill(reply)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == post_url) as info:
        reply_form.get_by_role("button", name="Gửi trả lời").click()
    assert info.value.status == 303
    page.wait_for_url(re.compile(rf"/comments/{first_id}/replies#comment-\d+$"))
    expect(page.locator(".flashes .flash-success")).to_have_text(POSTED)
    expect(replies).to_have_text(["Trả lời số 1 cho ý kiến đầu.", "Trả lời số 2 cho ý kiến đầu.", reply])
    assert page.page_errors == []
    assert real_console_errors(page) == []


# --- 6. "Xem thêm ý kiến" in place ----------------------------------------------------------

@pytest.fixture(scope="module")
def busy_draft(live_server):
    """A consultation with 25 comments (one with a reply) and their author."""
    author = make_person(live_server, "busy")
    return make_draft(live_server, author=author, comments=25, replies=1), author


def test_more_comments_are_appended_in_place(context, live_server, busy_draft):
    draft, _author = busy_draft
    page = watched_page(context)
    page.goto(draft.path)
    page.wait_for_function("window.htmx !== undefined")
    comments = top_level_comments(page)
    expect(comments).to_have_count(20)
    expect(comments.first.locator(".comment-body")).to_have_text("Ý kiến số 01 về dự thảo.")
    expect(page.locator("#comments")).to_contain_text("25 ý kiến chính · Trang 1 / 2")
    mark_document(page)

    more = page.get_by_role("link", name="Xem thêm ý kiến")
    with page.expect_response(lambda r: "fragment=comments" in r.url) as info:
        more.click()
    assert info.value.status == 200
    assert info.value.request.headers.get("hx-request") == "true"
    expect(comments).to_have_count(25)
    expect(comments.locator(".comment-body")).to_have_text(
        [f"Ý kiến số {n:02d} về dự thảo." for n in range(1, 26)])
    expect(page.get_by_role("link", name="Xem thêm ý kiến")).to_have_count(0)
    expect(page.locator("#more-comments")).to_have_count(0)
    assert page.url == live_server(draft.path)
    assert_same_document(page)

    # Replies load in place too.
    first_id = draft.comments[0][0]
    page.locator(f"#comment-{first_id}").get_by_role("link", name="Xem 1 trả lời").click()
    expect(page.locator(f"#replies-{first_id} > article.comment .comment-body")).to_have_text(
        "Trả lời số 1 cho ý kiến đầu.")
    assert_same_document(page)
    assert_page_clean(page)


# --- 7. axe-core ----------------------------------------------------------------------------

def _receipt_path(draft) -> str:
    return f"/receipts/{draft.comments[0][1]}"


@pytest.mark.parametrize("where", ["list", "consultation", "version", "receipt"])
@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_consultation_pages_have_no_axe_violations_or_console_errors(axe, context, live_server, busy_draft,
                                                                     where, who):
    draft, author = busy_draft
    path = {
        "list": "/consultations",
        "consultation": draft.path,
        "version": f"/consultations/{draft.id}/versions/1",
        "receipt": _receipt_path(draft),
    }[where]
    page = watched_page(context)
    if who == "citizen":
        sign_in(page, live_server, author, path)
    else:
        page.goto(path)
    expect(page.locator("h1")).to_be_visible()
    assert_no_violations(axe, page)
    assert_page_clean(page)


def test_consultation_with_open_reply_form_has_no_axe_violations(axe, context, live_server, busy_draft):
    draft, _author = busy_draft
    reader = make_person(live_server, "reader")
    page = watched_page(context)
    sign_in(page, live_server, reader, draft.path)
    page.wait_for_function("window.htmx !== undefined")
    first_id = draft.comments[0][0]
    page.locator(f"#comment-{first_id} .comment-actions").get_by_role("link", name="Trả lời").click()
    expect(page.locator(f"#reply-form-{first_id}")).to_be_visible()
    page.get_by_role("link", name="Xem thêm ý kiến").click()
    expect(top_level_comments(page)).to_have_count(25)
    assert_no_violations(axe, page)
    assert_page_clean(page)


def test_consultation_in_high_contrast_has_no_axe_violations(axe, context, live_server, busy_draft):
    draft, _author = busy_draft
    page = watched_page(context)
    page.goto(draft.path)
    open_menu(page, "prefs")
    page.locator("button[name=contrast]").click()
    expect(page.locator("html")).to_have_class(re.compile(r"(^|\s)contrast-high(\s|$)"))
    assert page.url == live_server(draft.path)
    assert_no_violations(axe, page)
    assert_page_clean(page)
