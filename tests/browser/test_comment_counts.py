"""Counts after htmx, in the browser: a citizen comments on an article and replies to a comment
without a reload; every count on the page follows (the list's "N ý kiến chính", the header's
"N ý kiến", the article's count, the replies shown instead of a stale "Xem 2 trả lời"), the
inline reply form closes with its receipt number, and nothing is reported on the console (an
out-of-band element without its target would be)."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_violations
from tests.browser.test_consultations import (
    POSTED, assert_page_clean, assert_same_document, make_draft, make_person, mark_document, sign_in,
    top_level_comments, watched_page,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser


def test_counts_follow_a_comment_and_a_reply_posted_with_htmx(axe, context, live_server):
    author = make_person(live_server, "author")
    draft = make_draft(live_server, author=author, comments=1, replies=2)
    first_id = draft.comments[0][0]
    citizen = make_person(live_server)
    page = watched_page(context)
    sign_in(page, live_server, citizen, draft.path)
    page.wait_for_function("window.htmx !== undefined")
    mark_document(page)

    total, header = page.locator("#comment-total"), page.locator("#comment-count")
    article = page.locator(f"#section-tools-{draft.sections['Điều 2']}")
    expect(total).to_have_text("1 ý kiến chính")
    expect(header).to_have_text("3 ý kiến")
    expect(article.get_by_role("link", name=re.compile(r"ý kiến"))).to_have_count(0)
    expect(page.locator(f"#comment-{first_id} .show-replies")).to_have_text("Xem 2 trả lời")

    # A comment on Điều 2.
    form = page.locator("#comment-form")
    form.get_by_label("Góp ý cho").select_option(label="Điều 2")
    form.get_by_label("Ý kiến của bạn").fill("Đề nghị nêu rõ hộ kinh doanh trong Điều 2.")
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        form.get_by_role("button", name="Gửi ý kiến").click()
    assert info.value.status == 200 and info.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#comment-form .flash-success")).to_have_text(POSTED)
    expect(top_level_comments(page)).to_have_count(2)
    expect(total).to_have_text("2 ý kiến chính")
    expect(header).to_have_text("4 ý kiến")
    expect(article.get_by_role("link", name="1 ý kiến — Điều 2")).to_be_visible()

    # A reply to the comment that had two.
    comment = page.locator(f"#comment-{first_id}")
    comment.locator(".comment-actions").get_by_role("link", name="Trả lời").click()
    reply_form = page.locator(f"#reply-form-{first_id}")
    expect(reply_form).to_be_visible()
    reply_form.get_by_label("Ý kiến của bạn").fill("Đồng ý với hai trả lời trên.")
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        reply_form.get_by_role("button", name="Gửi trả lời").click()
    assert info.value.status == 200
    replies = page.locator(f"#replies-{first_id} > article.comment .comment-body")
    expect(replies).to_have_text(["Trả lời số 1 cho ý kiến đầu.", "Trả lời số 2 cho ý kiến đầu.",
                                  "Đồng ý với hai trả lời trên."])
    expect(comment.locator(".show-replies")).to_have_count(0)  # no stale "Xem 2 trả lời"
    expect(page.locator(f"#reply-slot-{first_id} form")).to_have_count(0)  # the form closed
    expect(page.locator(f"#reply-slot-{first_id} [role=status]")).to_have_text(POSTED)
    expect(page.locator(f"#reply-slot-{first_id} [role=status]")).to_be_focused()
    expect(header).to_have_text("5 ý kiến")
    expect(total).to_have_text("2 ý kiến chính")  # a reply is not a top-level comment
    assert_same_document(page)
    assert_page_clean(page)
    assert_no_violations(axe, page)

    # Reloaded, the server says the same.
    page.reload()
    expect(total).to_have_text("2 ý kiến chính")
    expect(header).to_have_text("5 ý kiến")
    expect(page.locator(f"#comment-{first_id} .show-replies")).to_have_text("Xem 3 trả lời")
    expect(article.get_by_role("link", name="1 ý kiến — Điều 2")).to_be_visible()
