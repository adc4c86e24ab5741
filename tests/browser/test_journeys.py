"""What a person does in the browser, in the Vietnamese interface first: register (htmx),
confirm the email, sign out and in again, switch language, text size and contrast; the
narrow screen and the Content-Security-Policy."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from tests.browser.conftest import (
    TRANSLATIONS,
    create_user,
    find_user,
    open_menu,
    open_page,
    outbox_link,
    real_console_errors,
    unique_email,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

PASSWORD = "một cụm từ dài 2026"
HTML = "html"


def has_class(name: str) -> re.Pattern:
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def root_font_size(page) -> float:
    # After a form post the new document may still be loading its stylesheet.
    page.wait_for_load_state("load")
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


@lru_cache(maxsize=None)
def _english_catalogue() -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}


def in_english(msgid: str) -> str:
    """The English catalogue's translation of this msgid (which must have one)."""
    translation = _english_catalogue().get(msgid)
    assert translation, f"{msgid!r} has no English translation in civic/translations/en"
    return translation


def fill_registration(page, *, email: str, name: str = "Trần Thị Bình", password: str = PASSWORD,
                      account_type: str = "citizen", organisation: str = "", tax_code: str = "") -> None:
    page.locator(f"input[name=account_type][value={account_type}]").check()
    page.locator("#display_name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#organisation_name").fill(organisation)
    page.locator("#tax_code").fill(tax_code)


def submit_registration(page):
    """Click "Đăng ký" in the form; returns the POST request, which must come from htmx."""
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/register")) as info:
        page.locator("#register-form button[type=submit]").click()
    request = info.value
    assert request.headers.get("hx-request") == "true", "the form was not submitted by htmx"
    return request


def register(page, email: str, **fields) -> None:
    page.goto("/register")
    page.wait_for_function("window.htmx !== undefined")
    fill_registration(page, email=email, **fields)
    submit_registration(page)
    page.wait_for_url("**/account")


def sign_in(page, email: str, password: str = PASSWORD, *, remember: bool = False) -> None:
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    if remember:
        page.locator("#remember").check()
    page.locator("#login-form button[type=submit]").click()


# --- 1. registration ----------------------------------------------------------------------

def test_citizen_registers_through_htmx_and_lands_signed_in(page, live_server):
    email = unique_email("citizen")
    page.goto("/register")
    expect(page.locator("h1")).to_have_text("Đăng ký tài khoản")
    page.wait_for_function("window.htmx !== undefined")
    # Required fields say so; the business fields are optional; nothing is invalid yet.
    for required in ("#display_name", "#email", "#password"):
        assert page.locator(required).get_attribute("required") == ""
    for optional in ("#organisation_name", "#tax_code"):
        assert page.locator(optional).get_attribute("required") is None
    assert page.locator("#register-form [aria-invalid]").count() == 0
    fill_registration(page, email=email, name="Trần Thị Bình")
    submit_registration(page)

    page.wait_for_url(live_server("/account"))
    expect(page.locator(".flash-success")).to_have_text(
        "Đăng ký thành công. Chúng tôi đã gửi thư xác nhận đến địa chỉ email của bạn."
    )
    expect(page.locator("h1")).to_have_text("Tài khoản của tôi")
    facts = page.locator(".facts")
    expect(facts).to_contain_text(email)
    expect(facts).to_contain_text("Người dân")
    expect(facts).to_contain_text("Chưa xác nhận")
    # Signed in: the header names the person and offers to sign out.
    expect(page.locator(".account-nav")).to_contain_text("Trần Thị Bình")
    expect(page.locator(".account-nav")).to_contain_text("Đăng xuất")
    assert find_user(live_server, email) == ("citizen", False)
    assert real_console_errors(page) == []
    assert page.page_errors == []


def test_invalid_business_registration_shows_errors_in_place(page, live_server):
    email = unique_email("business")
    page.goto("/register")
    page.wait_for_function("window.htmx !== undefined")
    # A full page load would forget this; an htmx swap keeps it.
    page.evaluate("window.__sameDocument = true")
    fill_registration(page, email=email, name="Lê Văn Cường", account_type="business",
                      organisation="Công ty TNHH Sông Hồng", tax_code="123")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/register")) as info:
        submit_registration(page)
    assert info.value.status == 422

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Vui lòng kiểm tra lại:")
    expect(summary.locator("a[href='#tax_code']")).to_contain_text("Mã số thuế không hợp lệ")
    expect(page.locator("#tax_code-error")).to_contain_text("Mã số thuế không hợp lệ")
    expect(page.locator("#tax_code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#tax_code")).to_have_attribute("aria-describedby", re.compile(r"\btax_code-error\b"))
    expect(summary).to_be_focused()  # site.js moves focus to the summary after the swap
    assert page.url == live_server("/register")
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    assert page.locator("#register-form").count() == 1, "the form was swapped in twice"
    # What was typed is still there (except the password, which is never sent back).
    expect(page.locator("#display_name")).to_have_value("Lê Văn Cường")
    expect(page.locator("#email")).to_have_value(email)
    expect(page.locator("input[name=account_type][value=business]")).to_be_checked()
    expect(page.locator("#password")).to_have_value("")
    assert find_user(live_server, email) is None

    # Corrected, the same form goes through: a business account.
    page.locator("#tax_code").fill("0100233488")
    page.locator("#password").fill(PASSWORD)
    submit_registration(page)
    page.wait_for_url(live_server("/account"))
    expect(page.locator(".facts")).to_contain_text("Doanh nghiệp")
    assert find_user(live_server, email) == ("business", False)


# --- 2. email confirmation ----------------------------------------------------------------

def test_confirmation_link_from_the_outbox_confirms_the_email(page, live_server):
    email = unique_email("confirm")
    register(page, email)
    expect(page.locator(".facts")).to_contain_text("Chưa xác nhận")

    link = outbox_link(live_server, email)
    assert link.startswith(live_server("/confirm/"))
    page.goto(link)

    page.wait_for_url(live_server("/account"))
    expect(page.locator(".flash-success")).to_have_text("Đã xác nhận địa chỉ email. Cảm ơn bạn!")
    expect(page.locator(".facts dd").filter(has_text="Đã xác nhận")).to_have_count(1)
    expect(page.locator(".facts")).not_to_contain_text("Chưa xác nhận")
    expect(page.get_by_role("button", name="Gửi lại thư xác nhận")).to_have_count(0)
    assert find_user(live_server, email) == ("citizen", True)


# --- 3. sign out, sign in, back to where `next` pointed ----------------------------------

def test_sign_out_then_sign_in_returns_to_the_page_asked_for(page, context, live_server):
    email = unique_email("signin")
    create_user(live_server, email, PASSWORD, "Phạm Minh Đức")
    page.goto("/login")
    sign_in(page, email)
    page.wait_for_url(live_server("/"))
    expect(page.locator(".account-nav")).to_contain_text("Phạm Minh Đức")

    # Sign out: the header link (in the account menu) leads to a page with a confirm button.
    open_menu(page, "account")
    page.locator(".account-nav").get_by_role("link", name="Đăng xuất").click()
    page.wait_for_url(live_server("/logout"))
    expect(page.locator("h1")).to_have_text("Đăng xuất")
    page.locator("main").get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server("/"))
    expect(page.locator(".flash-success")).to_have_text("Bạn đã đăng xuất.")
    expect(page.locator(".account-nav")).to_contain_text("Đăng nhập")
    expect(page.locator(".account-nav")).not_to_contain_text("Phạm Minh Đức")

    # Signed out, the account page sends us to sign in, remembering where we were going.
    page.goto("/account")
    page.wait_for_url(re.compile(r"/login\?next=(%2F|/)account$"))
    expect(page.locator(".flashes")).to_contain_text("Vui lòng đăng nhập để tiếp tục.")
    expect(page.locator("#login-form input[name=next]")).to_have_value("/account")

    # A wrong password is refused in place, keeping `next`.
    sign_in(page, email, "không phải mật khẩu này")
    expect(page.locator(".error-summary")).to_contain_text("Email hoặc mật khẩu không đúng.")
    assert "/login?next=" in page.url
    expect(page.locator("#login-form input[name=next]")).to_have_value("/account")

    sign_in(page, email, remember=True)
    page.wait_for_url(live_server("/account"))
    expect(page.locator("h1")).to_have_text("Tài khoản của tôi")
    expect(page.locator(".facts")).to_contain_text(email)
    cookies = {c["name"]: c for c in context.cookies()}
    assert "remember_token" in cookies, "“Ghi nhớ đăng nhập” did not set the remember cookie"
    assert cookies["remember_token"]["httpOnly"] is True


# --- 4. language --------------------------------------------------------------------------

def test_language_switch_is_remembered(page, live_server):
    page.goto("/login")
    html = page.locator(HTML)
    expect(html).to_have_attribute("lang", "vi")
    expect(page.locator(".account-nav")).to_contain_text("Đăng nhập")
    open_menu(page, "prefs")  # text size, contrast and language are in the display menu
    english = page.get_by_role("button", name="English")
    vietnamese = page.get_by_role("button", name="Tiếng Việt")
    expect(vietnamese).to_have_attribute("aria-pressed", "true")
    expect(english).to_have_attribute("aria-pressed", "false")

    english.click()
    expect(html).to_have_attribute("lang", "en")
    assert page.url == live_server("/login"), "the language switch did not come back to the page"
    open_menu(page, "prefs")
    expect(english).to_have_attribute("aria-pressed", "true")
    expect(vietnamese).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".account-nav li").nth(0)).to_have_text("Sign in")
    _assert_english(page)
    expect(page.locator("h1")).to_have_text(in_english("Đăng nhập"))

    # Remembered on the next page load.
    page.goto("/account")  # signed out: the flash and the login page, in English
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".flashes")).to_have_text(in_english("Vui lòng đăng nhập để tiếp tục."))
    page.goto("/")
    expect(html).to_have_attribute("lang", "en")
    _assert_english(page)

    open_menu(page, "prefs")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(html).to_have_attribute("lang", "vi")
    assert page.url == live_server("/")
    expect(page.locator(".account-nav li").nth(0)).to_have_text("Đăng nhập")
    expect(page.locator(".main-nav li").nth(0)).to_have_text("Trang chủ")
    page.goto("/login")
    expect(html).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def _assert_english(page) -> None:
    """The header, as the English catalogue has it."""
    expect(page.locator(".account-nav li").nth(0)).to_have_text(in_english("Đăng nhập"))
    expect(page.locator(".account-nav li").nth(1)).to_have_text(in_english("Đăng ký"))
    expect(page.locator(".main-nav li").nth(0)).to_have_text(in_english("Trang chủ"))
    expect(page.locator(".main-nav li").nth(1)).to_have_text(in_english("Lấy ý kiến"))
    expect(page.locator(".main-nav li").nth(2)).to_have_text(in_english("Sáng kiến"))
    expect(page.locator(".main-nav li").nth(3)).to_have_text(in_english("Đối thoại"))
    expect(page.locator(".main-nav li").nth(4)).to_have_text(in_english("Công khai kết quả"))
    expect(page.locator(".main-nav li").nth(5)).to_have_text(in_english("Các cơ quan"))
    open_menu(page, "prefs")
    expect(page.locator("button[name=contrast]")).to_have_text(in_english("Tương phản cao"))
    expect(page.locator("button[name=text_size][value=larger]")).to_have_accessible_name("A+ " + in_english("Tăng cỡ chữ"))


# --- 5. text size and contrast ------------------------------------------------------------

def test_text_size_steps_are_remembered_and_reset(page):
    page.goto("/")
    html = page.locator(HTML)
    expect(html).to_have_class(has_class("text-normal"))
    normal = root_font_size(page)
    larger = page.locator("button[name=text_size][value=larger]")
    reset = page.locator("button[name=text_size][value=reset]")
    smaller = page.locator("button[name=text_size][value=smaller]")
    open_menu(page, "prefs")
    # The visible text starts the accessible name (WCAG 2.5.3, axe's label-content-name-mismatch).
    expect(larger).to_have_accessible_name("A+ Tăng cỡ chữ")
    expect(smaller).to_have_accessible_name("A− Giảm cỡ chữ")
    expect(reset).to_have_accessible_name("A Cỡ chữ mặc định")
    assert larger.evaluate("el => el.firstChild.textContent") == "A+"
    expect(reset).to_have_attribute("aria-pressed", "true")

    larger.click()
    expect(html).to_have_class(has_class("text-large"))
    large = root_font_size(page)
    assert large > normal
    expect(reset).to_have_attribute("aria-pressed", "false")

    # Remembered across navigation.
    page.goto("/register")
    expect(html).to_have_class(has_class("text-large"))
    assert root_font_size(page) == large

    open_menu(page, "prefs")
    larger.click()
    expect(html).to_have_class(has_class("text-larger"))
    assert root_font_size(page) > large
    expect(larger).to_be_disabled()  # the largest step
    assert page.url.endswith("/register")

    # Each choice reloads the page, with the display menu folded again.
    open_menu(page, "prefs")
    reset.click()
    expect(html).to_have_class(has_class("text-normal"))
    assert root_font_size(page) == normal
    expect(reset).to_have_attribute("aria-pressed", "true")

    open_menu(page, "prefs")
    smaller.click()
    expect(html).to_have_class(has_class("text-small"))
    assert root_font_size(page) < normal
    expect(smaller).to_be_disabled()
    open_menu(page, "prefs")
    reset.click()
    expect(html).to_have_class(has_class("text-normal"))


def test_high_contrast_toggles_and_is_remembered(page):
    page.goto("/")
    html = page.locator(HTML)
    contrast = page.locator("button[name=contrast]")
    expect(contrast).to_have_text("Tương phản cao")
    expect(contrast).to_have_attribute("aria-pressed", "false")
    expect(html).not_to_have_class(has_class("contrast-high"))
    nav_background = "getComputedStyle(document.querySelector('.main-nav')).backgroundColor"
    assert page.evaluate(nav_background) != "rgb(0, 0, 0)"

    open_menu(page, "prefs")
    contrast.click()
    expect(html).to_have_class(has_class("contrast-high"))
    expect(contrast).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(nav_background) == "rgb(0, 0, 0)"

    page.goto("/login")
    expect(html).to_have_class(has_class("contrast-high"))

    open_menu(page, "prefs")
    contrast.click()
    expect(html).not_to_have_class(has_class("contrast-high"))
    expect(contrast).to_have_attribute("aria-pressed", "false")
    assert page.url.endswith("/login")


# --- 7. narrow screens --------------------------------------------------------------------

@pytest.mark.parametrize("text_size", ["normal", "larger"])
@pytest.mark.parametrize("path", ["/", "/register", "/login"])
def test_320_px_wide_screen_needs_no_horizontal_scrolling(make_context, live_server, path, text_size):
    context = make_context(viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": "text_size", "value": text_size, "url": live_server.url}])
    page = open_page(context)
    page.goto(path)
    expect(page.locator(HTML)).to_have_class(has_class(f"text-{text_size}"))
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide at 320px ({text_size} text)"


# --- 8. Content-Security-Policy -----------------------------------------------------------

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize("path", ["/", "/login", "/register"])
def test_pages_break_no_content_security_policy_rule(context, live_server, path):
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = open_page(context)
    response = page.goto(path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("window.htmx !== undefined")
    if path == "/register":
        # An htmx swap is where inline styles would be injected: submit with errors.
        fill_registration(page, email="not-an-email", name="")
        submit_registration(page)
        expect(page.locator(".error-summary")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate("document.querySelectorAll('style, [style]').length") == 0
    errors = real_console_errors(page)
    if path == "/register":
        # Chromium logs the (intended) 422 answer to the invalid form as a failed resource.
        errors = [e for e in errors if "status of 422" not in e]
    assert errors == []
    assert page.page_errors == []
