"""A long draft on a phone (360×780): its table of contents is visible and usable, a contents
link moves to the article and "Về mục lục" comes back — with JavaScript and without it, by
touch and by keyboard; the section links ("N ý kiến", "Góp ý") are real links a finger can hit
(at least 44×44 CSS px) and open that section's comments; axe-core finds nothing."""
from __future__ import annotations

import re

import pytest

from civic.extensions import db
from tests.browser.conftest import assert_no_violations, open_page, real_console_errors
from tests.browser.test_consultations import make_person, sign_in
from tests.consultations.test_outline import LAW
from tests.factories import make_consultation, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 780}, "has_touch": True, "is_mobile": True}
# A draft long enough to scroll: the regulation of the outline tests, with more articles.
LONG_LAW = LAW.replace(
    "Chương III\n",
    "".join(f"Điều {n}. Điều bổ sung số {n}\n1. Nội dung khoản một của điều {n}, đủ dài để chiếm một dòng trên điện thoại.\n"
            f"2. Nội dung khoản hai của điều {n}.\n" for n in range(40, 52)) + "Chương III\n",
)


def make_long_draft(live_server) -> dict:
    from civic.comments.services import post_comment
    from civic.consultations import services

    with live_server.app.app_context():
        consultation = make_consultation(body=LONG_LAW)
        sections = {s.label: s.id for s in services.current_version(consultation).sections}
        author = make_user()
        post_comment(author, "consultation", consultation, "Đề nghị làm rõ hiệu lực.", section_id=sections["Điều 5"])
        db.session.commit()
        draft = {"id": consultation.id, "path": f"/consultations/{consultation.id}-{consultation.slug}", "sections": sections}
        db.session.remove()
    return draft


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
                           return r.top >= -1 && r.top < window.innerHeight; }""",
        selector,
    )


def assert_touch_target(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44, box


def walk_contents(page, draft, *, by_keyboard: bool = False) -> None:
    toc = page.get_by_role("navigation", name="Mục lục")
    expect(toc).to_be_visible()
    expect(toc.get_by_role("list").first).to_be_visible()
    entry = toc.get_by_role("link", name="Điều 5. Hiệu lực")
    expect(entry).to_be_visible()
    assert_touch_target(entry)
    expect(entry.locator("xpath=following-sibling::span[@class='toc-count']")).to_have_text("1 ý kiến")
    target = draft["sections"]["Điều 5"]
    if by_keyboard:
        entry.focus()
        page.keyboard.press("Enter")
    else:
        entry.tap()
    page.wait_for_url(re.compile(rf"#section-{target}$"))
    assert in_viewport(page, f"#section-{target}")
    assert not in_viewport(page, "#toc")
    back = page.locator(f"#section-{target}").get_by_role("link", name="Về mục lục")
    expect(back).to_be_visible()
    assert_touch_target(back)
    if by_keyboard:
        back.focus()
        page.keyboard.press("Enter")
    else:
        back.tap()
    page.wait_for_url(re.compile(r"#toc$"))
    assert in_viewport(page, "#toc")


def test_contents_on_a_phone_with_javascript(axe, make_context, live_server):
    draft = make_long_draft(live_server)
    page = open_page(make_context(**PHONE))
    page.goto(draft["path"])
    walk_contents(page, draft)
    walk_contents(page, draft, by_keyboard=True)
    assert_no_violations(axe, page)
    assert page.page_errors == [] and real_console_errors(page) == []


def test_contents_on_a_phone_without_javascript(make_context, live_server):
    draft = make_long_draft(live_server)
    page = open_page(make_context(java_script_enabled=False, **PHONE))
    page.goto(draft["path"])
    walk_contents(page, draft)


def test_section_comments_open_by_touch(axe, make_context, live_server):
    draft = make_long_draft(live_server)
    citizen = make_person(live_server)
    context = make_context(**PHONE)
    page = open_page(context)
    sign_in(page, live_server, citizen, draft["path"])
    article = page.locator(f"#section-{draft['sections']['Điều 5']}")
    count = article.get_by_role("link", name="1 ý kiến — Điều 5")
    comment = article.get_by_role("link", name="Góp ý — Điều 5")
    for link in (count, comment):
        expect(link).to_be_visible()  # visible without hovering anything
        assert_touch_target(link)
    clause = page.locator(f"#section-{draft['sections']['Khoản 1 Điều 2']}")
    assert_touch_target(clause.get_by_role("link", name="Góp ý — Khoản 1 Điều 2"))
    count.tap()
    page.wait_for_url(re.compile(rf"\?section={draft['sections']['Điều 5']}#comments$"))
    expect(page.locator("#comments .notice").first).to_contain_text("Đang xem ý kiến về: Điều 5.")
    expect(page.locator("#comment-list")).to_contain_text("Đề nghị làm rõ hiệu lực.")
    page.goto(draft["path"])
    page.locator(f"#section-{draft['sections']['Điều 5']}").get_by_role("link", name="Góp ý — Điều 5").tap()
    page.wait_for_url(re.compile(rf"\?section={draft['sections']['Điều 5']}#comment-form$"))
    expect(page.locator("#comment-form").get_by_label("Góp ý cho").locator("option:checked")).to_have_text("Điều 5")
    assert_no_violations(axe, page)
