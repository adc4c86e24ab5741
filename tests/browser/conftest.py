"""Browser fixtures: the site served by a real HTTP server, driven by Debian's Chromium.

- `live_server` (session): the app on a SQLite file database, served by Werkzeug on a free
  port in a daemon thread. The English catalogue is compiled from the current .po into the
  session's temporary directory, so the tests see what translators wrote, not a stale .mo.
- `browser` (session): Chromium launched once through Playwright.
- `context` / `page` (per test): a fresh browser profile (no cookies shared between tests);
  `page.console_errors` and `page.page_errors` collect what the page reported.
- `make_context(...)`: more contexts with other options (viewport, bypass_csp, ...);
  `open_page(context)` opens a watched tab in one.

Without /usr/bin/chromium or Playwright, every test here is skipped (CI fails instead).
"""
from __future__ import annotations

import itertools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from civic.extensions import db
from tests.conftest import make_test_app, skip_or_fail

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TRANSLATIONS = Path(__file__).resolve().parents[2] / "civic" / "translations"
# Playwright waits at most this long for anything (the server is local; pages are small).
TIMEOUT_MS = 10_000

_emails = itertools.count(1)


def unique_email(label: str = "user") -> str:
    """An address no other test uses (the database is shared by the whole session)."""
    return f"{label}-{os.getpid()}-{next(_emails)}@example.com"


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr for every request; errors still reach the app's logging."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class LiveServer:
    app: Flask
    url: str

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def _compile_catalogues(target: Path) -> Path:
    """Compile every messages.po into `target`, laid out as Flask-Babel expects."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        language = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        out = target / language / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "messages.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return target


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    translations = _compile_catalogues(tmp / "translations")
    app = make_test_app(
        f"sqlite:///{tmp}/browser.sqlite3",
        tmp,
        BABEL_TRANSLATION_DIRECTORIES=str(translations),
    )
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            from civic.search import service as search_service

            search_service.close_backends()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def _playwright():
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        skip_or_fail(f"playwright cannot be imported: {exc}")
    playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


def _watch(page) -> None:
    """Collect console errors and uncaught exceptions on the page object itself."""
    page.console_errors = []
    page.page_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(
        (message.text, (message.location or {}).get("url", ""))
    ))
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    page.set_default_timeout(TIMEOUT_MS)


@pytest.fixture
def make_context(browser, live_server):
    """make_context(**options) -> a new browser context on the live server (closed after)."""
    contexts = []

    def _make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "vi-VN")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield _make
    for context in contexts:
        context.close()


@pytest.fixture
def context(make_context):
    return make_context()


def open_page(context):
    """A new tab in `context`, with its console errors and uncaught exceptions collected."""
    page = context.new_page()
    _watch(page)
    return page


@pytest.fixture
def page(context):
    return open_page(context)


# --- helpers shared by the test modules -----------------------------------------------------

@pytest.fixture(scope="module")
def axe(browser):  # after `browser`, which skips (or fails in CI) without Chromium/Playwright
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_no_violations(axe, page) -> None:
    """axe-core finds nothing on the page (the report lists what it found otherwise)."""
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def open_menu(page, which: str):
    """Open the header's `which` menu ("nav", "account" or "prefs": a <details>) unless it is
    open already; returns the menu. On phones every one is folded; on wide screens the main
    menu is always open, the account and display menus are folded."""
    menu = page.locator(f".site-header details.menu-{which}")
    if not menu.evaluate("el => el.open"):
        menu.locator("summary").click()
    page.wait_for_function(f"document.querySelector('.site-header details.menu-{which}').open")
    return menu


CONFIRM_LINK = re.compile(r"https?://\S+/confirm/[A-Za-z0-9._-]+")


def real_console_errors(page) -> list[str]:
    """Console errors, less the 404 for /favicon.ico that Chromium asks for on its own."""
    return [text for text, url in page.console_errors if not url.endswith("/favicon.ico")]


def outbox_link(live: LiveServer, email: str, kind: str = "confirm-email") -> str:
    """The link in the newest `kind` message queued for `email`."""
    from sqlalchemy import select

    from civic.core.mail import OutboxMessage

    with live.app.app_context():
        message = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == email, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None, f"no {kind} message for {email} in the outbox"
        body = message.body
        db.session.remove()
    match = CONFIRM_LINK.search(body)
    assert match, f"no confirmation link in the message:\n{body}"
    return match.group(0)


def find_user(live: LiveServer, email: str):
    """(role, confirmed?) of the account with this email, or None; read straight from the DB."""
    from sqlalchemy import select

    from civic.accounts.models import User

    with live.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        result = None if user is None else (user.role, user.email_confirmed_at is not None)
        db.session.remove()
    return result


def create_user(live: LiveServer, email: str, password: str, display_name: str = "Nguyễn Văn An"):
    """A confirmed citizen account, made directly in the database."""
    from civic.accounts.services import create_user as _create

    with live.app.app_context():
        _create(email, password, "citizen", display_name)
        db.session.commit()
        db.session.remove()
