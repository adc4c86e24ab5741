"""axe-core finds no violations on the public pages, in normal and high contrast, in the
error state of the registration form, and on the signed-in account page."""
from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_violations, create_user, open_page, unique_email

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

pytestmark = pytest.mark.browser

PASSWORD = "một cụm từ dài 2026"


@pytest.fixture(params=["normal", "high"], ids=["normal-contrast", "high-contrast"])
def scan_context(request, make_context, live_server):
    context = make_context()
    context.add_cookies([{"name": "contrast", "value": request.param, "url": live_server.url}])
    context.contrast = request.param
    return context


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/ideas", "/search"])
def test_page_has_no_axe_violations(axe, scan_context, path):
    page = open_page(scan_context)
    page.goto(path)
    if scan_context.contrast == "high":
        expect(page.locator("html")).to_have_class("text-normal contrast-high")
    assert_no_violations(axe, page)


def test_registration_error_state_has_no_axe_violations(axe, scan_context):
    page = open_page(scan_context)
    page.goto("/register")
    page.wait_for_function("window.htmx !== undefined")
    page.locator("input[name=account_type][value=business]").check()
    page.locator("#email").fill("không-phải-email")
    page.locator("#password").fill("ngắn")
    page.locator("#tax_code").fill("123")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".field.has-error")).not_to_have_count(0)
    assert_no_violations(axe, page)


def test_account_page_has_no_axe_violations(axe, scan_context, live_server):
    email = unique_email("axe")
    create_user(live_server, email, PASSWORD, "Võ Thị Hồng")
    page = open_page(scan_context)
    page.goto("/login?next=/account")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(live_server("/account"))
    assert_no_violations(axe, page)


@pytest.mark.parametrize("path", ["/", "/register"])
def test_english_page_has_no_axe_violations(axe, make_context, live_server, path):
    context = make_context(locale="en-GB")
    context.add_cookies([{"name": "lang", "value": "en", "url": live_server.url}])
    page = open_page(context)
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_violations(axe, page)
