"""Synthesis report permissions walked through every role and every state of a consultation's
report (none yet, a draft, published): who writes it, publishes it, reads it and downloads
it, with a few requests showing the pages follow the rules."""
from __future__ import annotations

import pytest

from civic.consultations.models import Consultation
from civic.reports import permissions, services
from civic.reports.models import SynthesisReport
from tests.conftest import post_form
from tests.factories import make_agency, make_consultation, make_staff, make_user
from tests.matrix import client_as, person, sent_to_login

ROLES = ["anonymous", "citizen", "business", "staff_own", "staff_above", "staff_other", "moderator", "admin"]
AGENCY_STAFF = {"staff_own", "staff_above"}
# (the consultation's status, the report's state)
STATES = [("draft", None), ("open", None), ("closed", None), ("closed", "draft"), ("concluded", "published")]


def expected(rule: str, role: str, status: str, report: str | None) -> bool:
    staff = role in AGENCY_STAFF
    seen = status != "draft" or staff           # the consultation itself
    return {
        "can_manage": staff,
        "can_write": staff and status in ("closed", "concluded"),
        "can_publish": staff and status in ("closed", "concluded") and report != "published",
        "can_view": seen and (report == "published" or (report == "draft" and staff)),
        "can_download": seen and report == "published",
    }[rule]


RULES = ["can_manage", "can_write", "can_publish", "can_view", "can_download"]


class World:
    """A consultation of a ward below a district, in the given state, and its report."""

    def __init__(self, db, status: str, report: str | None):
        self.above = make_agency(kind="district")
        self.agency = make_agency(parent=self.above, kind="ward")
        self.writer = make_staff(self.agency)
        self.consultation = make_consultation(self.agency, status=status, creator=self.writer)
        self.report = None
        if report is not None:
            self.report = services.start(self.writer, self.consultation)
            if report == "published":
                services.publish(self.writer, self.consultation, self.report, confirm_noted=True)
            db.session.commit()
        self.consultation = db.session.get(Consultation, self.consultation.id)
        assert self.consultation.status == status

    def user(self, role: str):
        return person(role, self.agency, getattr(self, "above", None), getattr(self, "author", None))


def _decide(rule: str, user, world: World):
    function = getattr(permissions, rule)
    if rule in ("can_manage", "can_write"):
        return function(user, world.consultation)
    return function(user, world.consultation, world.report)


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s[0]}-{s[1] or 'none'}")
@pytest.mark.parametrize("role", ROLES)
def test_report_rules_by_role_and_state(app, db, role, state):
    status, report = state
    world = World(db, status, report)
    user = world.user(role)
    for rule in RULES:
        decision = _decide(rule, user, world)
        assert decision.allowed is expected(rule, role, status, report), (rule, role, state, decision.reason)
        assert bool(decision.reason) is not decision.allowed


def test_refusals_say_why(app, db):
    open_world = World(db, "open", None)
    decision = permissions.can_write(make_staff(open_world.agency), open_world.consultation)
    assert not decision and "hết thời gian lấy ý kiến" in decision.reason
    done = World(db, "concluded", "published")
    decision = permissions.can_publish(done.writer, done.consultation, done.report)
    assert not decision and "đã được công bố" in decision.reason
    decision = permissions.can_manage(make_user("admin"), done.consultation)
    assert not decision and "cán bộ" in decision.reason
    draft = World(db, "closed", "draft")
    decision = permissions.can_view(make_user(), draft.consultation, draft.report)
    assert not decision and "chưa được công bố" in decision.reason




@pytest.mark.parametrize("role", ROLES)
def test_a_draft_report_over_http(app, db, role):
    """A draft: its page only for the agency's staff (404 for everyone else, as if none
    existed), its CSV for nobody; its editing and publishing pages for the agency's staff."""
    world = World(db, "closed", "draft")
    client = client_as(app, world.user(role))
    base = f"/consultations/{world.consultation.id}/report"
    staff = role in AGENCY_STAFF
    assert client.get(base).status_code == (200 if staff else 404), role
    assert client.get(f"{base}.csv").status_code == 404
    edit, publish = client.get(f"{base}/edit"), post_form(client, f"{base}/publish", {"confirm_noted": "1"})
    if role == "anonymous":
        assert sent_to_login(edit) and sent_to_login(publish)
    else:
        assert edit.status_code == (200 if staff else 403), role
        assert publish.status_code == (303 if staff else 403), role
    assert (db.session.get(SynthesisReport, world.report.id).published_at is not None) is staff


@pytest.mark.parametrize("role", ROLES)
def test_a_published_report_over_http(app, db, role):
    """Published: everyone reads it and downloads it; publishing again is refused."""
    world = World(db, "concluded", "published")
    client = client_as(app, world.user(role))
    base = f"/consultations/{world.consultation.id}/report"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}.csv").status_code == 200
    again = post_form(client, f"{base}/publish", {"confirm_noted": "1"})
    if role == "anonymous":
        assert sent_to_login(again)
    else:
        assert again.status_code == (422 if role in AGENCY_STAFF else 403), role


@pytest.mark.parametrize("role", ["citizen", "staff_own", "admin"])
def test_no_report_while_the_consultation_is_open(app, db, role):
    world = World(db, "open", None)
    client = client_as(app, world.user(role))
    base = f"/consultations/{world.consultation.id}/report"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/edit").status_code == (400 if role == "staff_own" else 403)
    assert db.session.query(SynthesisReport).count() == 0
