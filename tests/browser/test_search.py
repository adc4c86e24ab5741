"""Search in the browser: typing a query without diacritics updates the highlighted results in
place (htmx, debounced), the address bar follows so the search can be shared and reloaded;
without JavaScript the same form submits; axe-core finds nothing on the results page."""
from __future__ import annotations

import re

import pytest

from civic.extensions import db
from civic.search import service as search_service
from tests.browser.conftest import assert_no_violations, open_page, real_console_errors
from tests.factories import make_consultation

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def market_draft(live_server):
    with live_server.app.app_context():
        consultation = make_consultation(title="Quy định quản lý chợ đầu mối nông sản Thủ Đức")
        search_service.reindex()
        path = f"/consultations/{consultation.id}"
        db.session.remove()
    return path


def test_typing_without_diacritics_updates_highlighted_results(page, market_draft, axe):
    page.goto("/search")
    page.evaluate("window.__samePage = true")
    page.locator("#q").press_sequentially("cho dau moi nong san", delay=30)
    hit = page.locator("#search-results a.hit-title").first
    expect(hit).to_have_attribute("href", re.compile(re.escape(market_draft)))
    marks = page.locator("#search-results a.hit-title mark")
    expect(marks.first).to_have_text("chợ")
    assert [m.inner_text() for m in marks.all()][:4] == ["chợ", "đầu", "mối", "nông"]
    expect(page.locator("#search-results [role=status]")).to_contain_text("kết quả")
    expect(page).to_have_url(re.compile(r"/search\?q=cho(\+|%20)dau(\+|%20)moi(\+|%20)nong(\+|%20)san$"))
    assert page.evaluate("window.__samePage") is True  # updated in place, no reload
    assert_no_violations(axe, page)
    # Narrowing the kind updates the results too, and the URL keeps both.
    # (other tests' comments may hold some of the words: only comments are listed)
    page.locator("#s-kind").select_option("comment")
    expect(page).to_have_url(re.compile(r"kind=comment"))
    expect(page.locator(f'#search-results a.hit-title[href^="{market_draft}"]')).to_have_count(0)
    for label in page.locator("#search-results .search-hits .meta").all_inner_texts():
        assert label.startswith("Ý kiến góp ý"), label
    # The shared URL reloads to the same results.
    page.goto("/search?q=cho+dau+moi")
    expect(page.locator("#search-results a.hit-title").first).to_have_attribute("href", re.compile(re.escape(market_draft)))
    assert real_console_errors(page) == []


def test_without_javascript_the_form_submits(make_context, market_draft):
    page = open_page(make_context(java_script_enabled=False))
    page.goto("/")
    page.locator("#site-q").fill("cho dau moi")
    page.locator(".site-search button").click()
    expect(page).to_have_url(re.compile(r"/search\?q=cho\+dau\+moi"))
    expect(page.locator("#search-results a.hit-title").first).to_have_attribute("href", re.compile(re.escape(market_draft)))
    page.locator("#q").fill("khongcogica")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#search-results")).to_contain_text("Không tìm thấy kết quả")


def test_a_mistyped_word_offers_a_suggestion_that_searches_it(page, market_draft, axe):
    # (a plain link: the page loads with the corrected words in the box, so the box's own
    # change event cannot search the mistyped words again)
    page.goto("/search")
    page.locator("#q").press_sequentially("cho dau moii", delay=30)
    suggestion = page.locator("#search-results p.suggestion a")
    expect(suggestion).to_have_text("cho dau moi")
    assert_no_violations(axe, page)
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/search\?q=cho(\+|%20)dau(\+|%20)moi$"))
    expect(page.locator("#q")).to_have_value("cho dau moi")
    expect(page.locator("#search-results p.suggestion")).to_have_count(0)
    expect(page.locator("#search-results a.hit-title").first).to_have_attribute("href", re.compile(re.escape(market_draft)))
    assert real_console_errors(page) == []
