"""The layout in a real browser, on a 360×780 phone (with and without JavaScript) and a 1280
wide screen: the header takes at most a quarter of the first screen, its menus (main, account,
display) open and work, the search works; the list filters fold behind "Bộ lọc" with removable
chips; no page needs horizontal scrolling and a date never breaks; axe (with its experimental
rules) finds nothing; htmx runs under our CSP without a console error."""
from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

from civic.extensions import db
from tests.browser.conftest import LiveServer, _QuietHandler, _compile_catalogues, open_menu, open_page, unique_email
from tests.conftest import make_test_app
from tests.browser.test_consultations import (
    Person,
    assert_page_clean,
    make_draft,
    make_person,
    sign_in,
    watched_page,
)
from tests.browser.test_ideas import make_cast, make_idea
from tests.factories import make_agency, make_staff, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
WIDE = {"width": 1280, "height": 800}
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "experimental"]}}
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def indexed_draft(live_server, **kwargs):
    """An open consultation (about "dịch vụ công trực tuyến"), findable by the search."""
    from civic.search import service as search_service

    draft = make_draft(live_server, **kwargs)
    with live_server.app.app_context():
        search_service.reindex()
        db.session.remove()
    return draft


def phone(make_context, javascript=True, **options):
    context = make_context(viewport=PHONE, java_script_enabled=javascript, **options)
    return watched_page(context) if javascript else open_page(context)


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def assert_axe_clean(axe, page) -> None:
    """axe-core, experimental rules included (label-content-name-mismatch: WCAG 2.5.3)."""
    results = axe.run(page, options=AXE_RULES)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(scope="module", autouse=True)
def search_index(live_server):
    """The live server's search index exists (tests that need content add it with indexed_draft)."""
    from civic.search import service as search_service

    with live_server.app.app_context():
        search_service.reindex()
        db.session.remove()


@pytest.fixture(scope="module")
def staff(live_server) -> Person:
    """A staff member: the account menu has every staff link."""
    with live_server.app.app_context():
        user = make_staff(make_agency(), email=unique_email("staff"))
        person = Person(user.id, user.email, user.display_name)
        db.session.remove()
    return person


@pytest.fixture(scope="module")
def admin_with_log(live_server) -> Person:
    """An administrator, and audit rows with Vietnamese values and dates in the log."""
    from civic.core import audit

    with live_server.app.app_context():
        user = make_user("admin", email=unique_email("admin"), display_name="Quản trị viên")
        audit.record("topic.create", None, after={"name": "Đất đai và xây dựng"}, actor=user)
        audit.record("consultation.extend", None, before={"closes_on": "2026-12-01"},
                     after={"closes_on": "2026-12-15"}, summary="Gia hạn thêm 14 ngày", actor=user)
        db.session.commit()
        person = Person(user.id, user.email, user.display_name)
        db.session.remove()
    return person


# --- the header on a phone ----------------------------------------------------------------

@JS
def test_phone_header_takes_at_most_a_quarter_of_the_screen(make_context, live_server, staff, javascript):
    page = phone(make_context, javascript)
    page.goto("/")
    assert header_height(page) <= 195, f"{header_height(page)}px"
    # The search box: full width, 16 px text (no zoom on iPhone), its button on one line.
    search = page.locator("#site-q")
    form = page.locator(".site-search").bounding_box()
    assert form["width"] >= PHONE["width"] - 2 * 16 - 1  # the whole row, between the margins
    assert search.bounding_box()["width"] >= 0.55 * PHONE["width"]
    assert search.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 16
    button = page.locator(".site-search button")
    assert button.evaluate("el => el.getClientRects().length === 1 && el.scrollWidth <= el.clientWidth")
    assert button.evaluate("el => el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).lineHeight) + 20")
    # The menus are folded: no link of the main menu shows until it is opened.
    expect(page.get_by_role("link", name="Sáng kiến", exact=True)).to_be_hidden()
    # Signed in as staff (six account links), the header is no taller.
    sign_in(page, live_server, staff, "/consultations")
    assert header_height(page) <= 195, f"{header_height(page)}px signed in as staff"
    expect(page.locator(".menu-account a", has_text="Cần trả lời")).to_be_hidden()


@JS
def test_phone_menu_opens_and_its_links_work(make_context, javascript):
    page = phone(make_context, javascript)
    page.goto("/")
    open_menu(page, "nav")
    ideas = page.locator(".menu-nav").get_by_role("link", name="Sáng kiến", exact=True)
    expect(ideas).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    ideas.click()
    page.wait_for_url(re.compile(r"/ideas$"))
    expect(page.locator(".menu-nav a[aria-current=page]")).to_have_text("Sáng kiến")
    expect(page.locator("h1")).to_have_text("Sáng kiến cải cách")


@JS
def test_phone_display_menu_changes_text_size_contrast_and_language(make_context, javascript):
    page = phone(make_context, javascript)
    page.goto("/consultations")
    html = page.locator("html")
    open_menu(page, "prefs")
    assert page_width(page) <= PHONE["width"]
    page.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    expect(html).to_have_class(re.compile(r"(^|\s)text-large(\s|$)"))
    assert page.url.endswith("/consultations")
    open_menu(page, "prefs")
    page.get_by_role("button", name="Tương phản cao").click()
    expect(html).to_have_class(re.compile(r"(^|\s)contrast-high(\s|$)"))
    open_menu(page, "prefs")
    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    open_menu(page, "prefs")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(html).to_have_attribute("lang", "vi")


@JS
def test_phone_account_menu_holds_the_staff_links(make_context, live_server, staff, javascript):
    page = phone(make_context, javascript)
    sign_in(page, live_server, staff, "/")
    menu = open_menu(page, "account")
    links = menu.locator(".menu-panel > li")
    expect(links).to_have_count(7)  # name, my activity, 4 staff pages, sign out
    owed = menu.get_by_role("link", name="Cần trả lời")
    expect(owed).to_be_visible()
    expect(menu.get_by_role("link", name="Đăng xuất")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    owed.click()
    page.wait_for_url(re.compile(r"/answers/owed|/owed"))


@JS
def test_phone_search_works(make_context, live_server, javascript):
    indexed_draft(live_server)
    page = phone(make_context, javascript)
    page.goto("/ideas")
    page.locator("#site-q").fill("dịch vụ công trực tuyến")
    page.locator(".site-search button").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    expect(page.locator("#search-results [role=status]")).to_contain_text("kết quả")
    expect(page.locator("#q")).to_have_value("dịch vụ công trực tuyến")


# --- the header on a wide screen ------------------------------------------------------------

@JS
def test_wide_header_is_two_rows_with_the_menu_along_the_band(make_context, javascript):
    context = make_context(viewport=WIDE, java_script_enabled=javascript)
    page = open_page(context)
    page.goto("/ideas")
    assert header_height(page) <= 140, f"{header_height(page)}px"
    expect(page.locator(".menu-nav > summary")).to_be_hidden()
    links = page.locator(".menu-nav .menu-panel a")
    expect(links).to_have_count(6)
    for link in links.all():
        expect(link).to_be_visible()
    boxes = [page.locator(sel).bounding_box() for sel in (".brand", ".site-search", ".account-nav")]
    band = page.locator(".band").bounding_box()
    assert all(box["y"] + box["height"] <= band["y"] + 1 for box in boxes), "brand, search and account share the first row"
    # The band's first link and the content column start at the same left edge.
    assert abs(links.first.bounding_box()["x"] - page.locator("main h1").bounding_box()["x"]) <= 1
    # The filters are open on a wide screen, with no button to fold them.
    expect(page.locator("#f-topic")).to_be_visible()
    expect(page.locator(".filter-panel > summary")).to_be_hidden()
    # Space between the last card (or message) and the footer.
    gap = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().top"
                        " - document.querySelector('main').lastElementChild.getBoundingClientRect().bottom")
    assert gap >= 24


def test_wide_account_and_display_menus_drop_down(make_context, live_server, staff):
    page = watched_page(make_context(viewport=WIDE))
    sign_in(page, live_server, staff, "/")
    menu = open_menu(page, "account")
    expect(menu.get_by_role("link", name="Sáng kiến cần xử lý")).to_be_visible()
    # The open account menu covers the display button: reach it with the keyboard.
    page.locator(".menu-prefs > summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="A− Giảm cỡ chữ")).to_be_visible()
    expect(menu.get_by_role("link", name="Sáng kiến cần xử lý")).to_be_hidden()  # one menu at a time
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="A− Giảm cỡ chữ")).to_be_hidden()
    expect(page.locator(".menu-prefs > summary")).to_be_focused()
    # A click elsewhere closes an open menu too.
    open_menu(page, "account")
    page.locator("main h1").click()
    expect(menu.get_by_role("link", name="Sáng kiến cần xử lý")).to_be_hidden()
    assert_page_clean(page)


# --- list filters -----------------------------------------------------------------------------

@JS
def test_phone_filters_fold_behind_bo_loc_and_chips_remove_them(make_context, live_server, javascript):
    cast = make_cast(live_server)
    make_idea(live_server, cast)
    page = phone(make_context, javascript)
    page.goto("/ideas")
    summary = page.locator(".filter-panel > summary")
    expect(summary).to_have_text("Bộ lọc")
    expect(page.locator("#f-topic")).to_be_hidden()
    summary.click()
    expect(page.locator("#f-topic")).to_be_visible()
    page.locator("#f-topic").select_option(label=cast.topic_name)
    page.locator("#f-status").select_option("published")
    page.locator(".filter-panel button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ideas\?.*topic="))
    chips = page.locator(".chip")
    expect(chips).to_have_count(2)
    expect(page.locator(".filter-panel > summary")).to_have_text("Bộ lọc (2)")
    expect(page.locator(".cards .card")).to_have_count(1)
    assert page_width(page) <= PHONE["width"]
    topic_chip = page.get_by_role("link", name=f"Bỏ lọc: Lĩnh vực: {cast.topic_name}")
    expect(topic_chip).to_be_visible()
    topic_chip.click()
    page.wait_for_url(re.compile(r"/ideas\?status=published$"))
    expect(page.locator(".chip")).to_have_count(1)
    expect(page.get_by_role("link", name="Bỏ lọc: Trạng thái: Đang nhận ủng hộ")).to_be_visible()


def test_search_filters_update_live_with_chips(make_context, live_server):
    indexed_draft(live_server)
    page = phone(make_context)
    page.goto("/search?q=dich+vu+cong")
    page.evaluate("window.__samePage = true")
    page.locator(".filter-panel > summary").click()
    page.locator("#s-kind").select_option("consultation")
    expect(page.get_by_role("link", name="Bỏ lọc: Loại: Dự thảo")).to_be_visible()
    expect(page).to_have_url(re.compile(r"kind=consultation"))
    assert page.evaluate("window.__samePage") is True  # htmx updated the results in place
    assert_page_clean(page)


# --- no horizontal scrolling, dates on one line ---------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory, browser):
    """The demo site (`flask seed demo`) served on its own, with the demo's passwords."""
    from civic.core import pagecache
    from civic.demo import seed_demo
    from civic.search import service as search_service

    tmp = tmp_path_factory.mktemp("demo")
    app = make_test_app(f"sqlite:///{tmp}/demo.sqlite3", tmp,
                        BABEL_TRANSLATION_DIRECTORIES=str(_compile_catalogues(tmp / "translations")))
    printed: list[str] = []
    with app.app_context():
        db.create_all()
        seed_demo(printed.append)
        search_service.reindex()
        db.session.remove()
    passwords = dict(re.findall(r"(\S+@example\.com)\s+(\S+)", "\n".join(printed)))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="demo-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}"), passwords
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        pagecache.clear()
        with app.app_context():
            search_service.close_backends()
            db.session.remove()
            db.engine.dispose()


def _demo_sign_in(page, server, passwords, email, next_path):
    page.goto(server(f"/login?next={next_path}"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(passwords[email])
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(server(next_path))


DEMO_PAGES = ["/", "/consultations", "/consultations?status=open&topic=cai-cach-hanh-chinh", "/consultations/1",
              "/consultations/2", "/ideas", "/ideas?status=published", "/search?q=dich+vu+cong",
              "/search?q=cai+cach&kind=comment", "/dialogues", "/accountability", "/agencies"]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "admin"])
def test_demo_pages_fit_a_phone_and_their_dates_stay_on_one_line(make_context, demo, who):
    server, passwords = demo
    page = phone(make_context, base_url=server.url)
    paths = list(DEMO_PAGES)
    if who == "citizen":
        _demo_sign_in(page, server, passwords, "nguoidan1@example.com", "/ideas/mine")
        paths += ["/ideas/mine", "/account"]
    elif who == "admin":
        _demo_sign_in(page, server, passwords, "quantri@example.com", "/admin/audit")
        paths += ["/admin", "/admin/audit", "/admin/users", "/ideas/review"]
    for path in paths:
        page.goto(server(path))
        assert page_width(page) <= PHONE["width"], f"{path} is {page_width(page)}px wide at 360px ({who})"
        for menu in ("nav", "prefs") + (("account",) if who != "anonymous" else ()):
            open_menu(page, menu)
            assert page_width(page) <= PHONE["width"], f"{path} with the {menu} menu open ({who})"
        dates = page.locator("main time")
        for date in dates.all()[:40]:
            assert date.evaluate("el => el.getClientRects().length") == 1, f"{path}: {date.inner_text()!r} breaks"
    if who == "admin":
        page.goto(server("/admin/audit"))
        _assert_dates_on_one_line(page, "table time")
        expect(page.locator("main")).not_to_contain_text("\\u")
        expect(page.locator("table")).not_to_contain_text("answer.give")


def test_pages_fit_a_phone_and_dates_never_break(make_context, live_server, admin_with_log):
    cast = make_cast(live_server)
    make_idea(live_server, cast)
    draft = indexed_draft(live_server, author=make_person(live_server), comments=2)
    page = phone(make_context)
    paths = ["/", "/consultations?status=open", draft.path, "/ideas?status=published", "/search?q=dich+vu&kind=consultation"]
    for path in paths:
        page.goto(path)
        assert page_width(page) <= PHONE["width"], f"{path} is {page_width(page)}px wide"
    # The author's table of ideas and the audit log: tables scroll inside their own region.
    sign_in(page, live_server, cast.citizens[0], "/ideas/mine")
    assert page_width(page) <= PHONE["width"]
    _assert_dates_on_one_line(page, "table time")
    page.goto("/logout")
    page.locator("main").get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, admin_with_log, "/admin/audit")
    assert page_width(page) <= PHONE["width"], f"/admin/audit is {page_width(page)}px wide"
    _assert_dates_on_one_line(page, "table time")
    region = page.locator(".table-wrap")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    expect(page.locator("main")).to_contain_text("Đất đai và xây dựng")
    expect(page.locator("main")).not_to_contain_text("\\u")
    for path in ("/admin", "/admin/audit"):
        page.goto(path)
        assert page_width(page) <= PHONE["width"], f"{path} is {page_width(page)}px wide"


def _assert_dates_on_one_line(page, selector: str) -> None:
    dates = page.locator(selector)
    assert dates.count() >= 1
    for date in dates.all():
        assert date.evaluate("el => el.getClientRects().length") == 1, date.inner_text()
        height = date.evaluate("el => el.getBoundingClientRect().height")
        line = date.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
        assert height <= line * 1.2, f"{date.inner_text()!r} wraps ({height}px for a {line}px line)"


def test_words_are_not_broken_mid_syllable(make_context, live_server):
    """`overflow-wrap: anywhere` broke "Tìm kiếm" and "25/11/2026" inside narrow boxes."""
    page = phone(make_context)
    page.goto("/")
    for selector in (".site-search button", ".menu-nav > summary", ".menu-prefs > summary"):
        assert page.locator(selector).evaluate("el => el.getClientRects().length") == 1
        text = page.locator(selector).inner_text()
        assert "\n" not in text, f"{selector}: {text!r}"
    assert page.evaluate("getComputedStyle(document.body).overflowWrap") != "anywhere"


# --- accessibility -----------------------------------------------------------------------------

@pytest.mark.parametrize("contrast", ["normal", "high"])
def test_phone_pages_with_open_menus_pass_axe_with_experimental_rules(axe, make_context, live_server, staff, contrast):
    page = phone(make_context)
    page.context.add_cookies([{"name": "contrast", "value": contrast, "url": live_server.url}])
    page.goto("/ideas?status=published")
    assert_axe_clean(axe, page)
    open_menu(page, "prefs")  # the A−/A/A+ buttons: WCAG 2.5.3
    assert_axe_clean(axe, page)
    open_menu(page, "nav")
    assert_axe_clean(axe, page)
    page.keyboard.press("Escape")  # the open menu lies over the page
    page.locator(".filter-panel > summary").click()
    assert_axe_clean(axe, page)
    sign_in(page, live_server, staff, "/search?q=dich+vu&kind=consultation")
    open_menu(page, "account")
    assert_axe_clean(axe, page)
    assert_page_clean(page)


@pytest.mark.parametrize("path", ["/", "/consultations?status=open", "/ideas", "/search?q=cai+cach&kind=idea"])
def test_wide_pages_pass_axe_with_experimental_rules(axe, make_context, path):
    page = watched_page(make_context(viewport=WIDE))
    page.goto(path)
    assert_axe_clean(axe, page)
    open_menu(page, "prefs")
    assert_axe_clean(axe, page)
    assert_page_clean(page)


def test_admin_audit_log_passes_axe(axe, make_context, live_server, admin_with_log):
    page = watched_page(make_context(viewport=WIDE))
    sign_in(page, live_server, admin_with_log, "/admin/audit")
    expect(page.locator("main")).to_contain_text("Gia hạn lấy ý kiến")
    assert_axe_clean(axe, page)


# --- htmx under our Content-Security-Policy -------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_htmx_page_has_no_console_error_and_no_inline_style(make_context, live_server, viewport):
    indexed_draft(live_server)
    page = watched_page(make_context(viewport=viewport))
    page.goto("/search")
    page.wait_for_function("window.htmx !== undefined")
    # htmx read its config before starting: no indicator <style> for the CSP to refuse.
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    page.locator("#q").press_sequentially("dich vu cong", delay=20)
    expect(page.locator("#search-results [role=status]")).to_contain_text("kết quả")
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    # Our stylesheet hides the indicator until a request runs.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<span class=\"htmx-indicator\" id=\"ind\">…</span>')")
    assert page.evaluate("getComputedStyle(document.getElementById('ind')).opacity") == "0"
    assert_page_clean(page)


def test_favicon_ico_answers(page, live_server):
    response = page.request.get(live_server("/favicon.ico"))
    assert response.status == 200 and response.headers["content-type"].startswith("image/")
    assert "max-age" in response.headers["cache-control"]
