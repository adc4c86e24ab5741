"""The W3C Nu HTML Checker finds no error in any page of the demo site: every page kind, as a
signed-out visitor (Vietnamese and English), a citizen, a business, agency staff, a moderator
and an administrator, the error pages (400, 403, 404, 405, 413) and every form sent empty
(422). vnu.jar checks all the saved pages in one Java run; each identity is one test."""
from __future__ import annotations

import pytest

from audit import nu, site
from tests.conftest import skip_or_fail

# Page kinds the crawl must reach, or the audit would pass by seeing less.
MUST_SEE = {
    "main.home", "main.privacy", "consultations.index", "consultations.show", "consultations.version",
    "consultations.diff", "consultations.manage", "consultations.create", "consultations.edit",
    "consultations.sections", "comments.receipt", "comments.edit", "answers.show", "answers.owed",
    "answers.give", "reports.show", "reports.edit", "ideas.index", "ideas.show", "ideas.new",
    "ideas.review", "dialogues.index", "dialogues.show", "dialogues.minutes", "dialogues.edit_minutes",
    "dialogues.commitment", "search.search", "agencies.index", "agencies.show", "accountability.index",
    "accounts.login", "accounts.register", "accounts.profile", "accounts.reset_password",
    "admin.dashboard", "admin.users", "admin.settings_page",
}


@pytest.fixture(scope="session")
def nu_messages(demo):
    try:
        return nu.check(demo.pages, demo.visits)
    except nu.Unavailable as reason:
        skip_or_fail(f"the Nu HTML Checker cannot run here: {reason}")


def test_the_crawl_reaches_every_page_kind_and_error(demo):
    endpoints = {v.endpoint for v in demo.saved()}
    assert not MUST_SEE - endpoints, f"never reached: {sorted(MUST_SEE - endpoints)}"
    statuses = {v.status for v in demo.saved()}
    assert {200, 400, 403, 404, 405, 413, 422} <= statuses, sorted(statuses)
    for identity in site.IDENTITIES:
        assert len(demo.saved(identity.name)) >= 20, identity.name


def test_no_page_of_the_crawl_is_a_server_error(demo):
    failures = [f"{v.identity} {v.method} {v.url}: {v.status}" for v in demo.visits if v.status >= 500]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("identity", [i.name for i in site.IDENTITIES])
def test_pages_are_valid_html(demo, nu_messages, identity):
    errors = [m for m in nu.errors(nu_messages) if m.visit is not None and m.visit.identity == identity]
    pages = {m.file for m in errors}
    assert not errors, (
        f"{len(errors)} Nu errors in {len(pages)} of {len(demo.saved(identity))} pages seen as {identity}:\n"
        + "\n".join(m.describe() for m in errors)
    )


def test_every_checker_message_names_its_page(demo, nu_messages):
    stray = [m.describe() for m in nu_messages if m.visit is None]
    assert not stray, "\n".join(stray)
