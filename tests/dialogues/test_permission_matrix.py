"""Dialogue permissions walked through every role, every session status and every registration
state: who schedules, edits and manages a session, who registers, cancels, asks and votes on
questions, who reads draft minutes, who tracks a commitment — with a few requests per matrix
showing the pages refuse what the rules refuse and allow what they allow."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from civic.dialogues import permissions, services
from civic.dialogues.models import (
    CANCELLED, CLOSED, COMMITMENT_STATUSES, CONFIRMED, DONE, DROPPED, HELD, MINUTES_PUBLISHED, REGISTRATION_OPEN,
    SCHEDULED, STATUSES, WAITING, Commitment, DialogueSession, Registration,
)
from tests.conftest import post_form
from tests.dialogues.conftest import NOW, make_session
from tests.factories import make_agency, make_staff, make_user
from tests.matrix import client_as, person, sent_to_login

ROLES = ["anonymous", "citizen", "business", "staff_own", "staff_above", "staff_other", "moderator", "admin"]
AGENCY_STAFF = {"staff_own", "staff_above"}
PARTICIPANTS = {"citizen", "business"}
BEFORE_START = {SCHEDULED, REGISTRATION_OPEN, CLOSED}
# Where the clock stands for each status of a session made at NOW (registration open from an
# hour before NOW until a day before it starts, ten days after NOW, for three hours).
CLOCK = {
    SCHEDULED: -timedelta(hours=2),
    REGISTRATION_OPEN: timedelta(0),
    CLOSED: timedelta(days=9, hours=12),
    HELD: timedelta(days=10, hours=4),
    MINUTES_PUBLISHED: timedelta(days=10, hours=4),
}
REGISTRATIONS = [None, CONFIRMED, WAITING, CANCELLED]


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


class World:
    """A session of a ward below a district, moved to the given status."""

    def __init__(self, db, clock, topic, status: str, *, registrations: dict | None = None):
        self.above = make_agency(kind="district")
        self.agency = make_agency(parent=self.above, kind="ward")
        self.staff = make_staff(self.agency)
        self.session = make_session(db, self.agency, topic, self.staff)
        for user, state in (registrations or {}).items():
            db.session.add(Registration(session_id=self.session.id, user_id=user.id, status=state))
        db.session.commit()
        clock(NOW + CLOCK[status])
        if status == MINUTES_PUBLISHED:
            minutes = services.start_minutes(self.staff, self.session)
            services.add_item(self.staff, minutes, {"question": "Khi nào cấp giấy chứng nhận cho các hộ còn lại?"})
            services.publish_minutes(self.staff, minutes)
            db.session.commit()
        self.session = db.session.get(DialogueSession, self.session.id)
        assert self.session.status == status

    def user(self, role: str):
        return person(role, self.agency, self.above)





# --- sessions × roles -----------------------------------------------------------------------------

@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_session_rules_by_role_and_status(app, db, clock, topic, role, status):
    world = World(db, clock, topic, status)
    user = world.user(role)
    session = world.session
    expected = {
        "can_manage": role in AGENCY_STAFF,
        "can_edit": role in AGENCY_STAFF and status in BEFORE_START,
        "can_register": role in PARTICIPANTS and status == REGISTRATION_OPEN,
        "can_vote_question": role in PARTICIPANTS and status == REGISTRATION_OPEN,
    }
    for name, allowed in expected.items():
        decision = getattr(permissions, name)(user, session)
        assert decision.allowed is allowed, (name, role, status, decision.reason)
        assert bool(decision.reason) is not allowed, (name, role, status)
    assert permissions.can_schedule(user).allowed is role.startswith("staff_")


@pytest.mark.parametrize("role", ROLES)
def test_registering_and_editing_over_http(app, db, clock, topic, role):
    world = World(db, clock, topic, REGISTRATION_OPEN)
    client = client_as(app, world.user(role))
    register = post_form(client, f"/dialogues/{world.session.id}/register", {"mode": "in_person"})
    edit = client.get(f"/dialogues/{world.session.id}/edit")
    registrations = client.get(f"/dialogues/{world.session.id}/registrations")
    if role == "anonymous":
        assert sent_to_login(register) and sent_to_login(edit) and sent_to_login(registrations)
        return
    assert register.status_code == (303 if role in PARTICIPANTS else 400), role
    assert edit.status_code == (200 if role in AGENCY_STAFF else 403), role
    assert registrations.status_code == (200 if role in AGENCY_STAFF else 403), role
    stored = db.session.scalars(select(Registration).where(Registration.session_id == world.session.id)).all()
    assert len(stored) == (1 if role in PARTICIPANTS else 0)


@pytest.mark.parametrize("status", [SCHEDULED, CLOSED, HELD])
def test_registering_outside_the_window_is_refused(app, db, clock, topic, status):
    world = World(db, clock, topic, status)
    client = client_as(app, make_user())
    response = post_form(client, f"/dialogues/{world.session.id}/register", {"mode": "in_person"})
    assert response.status_code == 400
    assert db.session.scalars(select(Registration)).all() == []


# --- registrations × statuses: cancelling, asking ----------------------------------------------

@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("registration", REGISTRATIONS, ids=lambda r: r or "none")
@pytest.mark.parametrize("role", sorted(PARTICIPANTS))
def test_registrants_by_registration_state_and_status(app, db, clock, topic, role, registration, status):
    user = make_user(role)
    world = World(db, clock, topic, status, registrations={user: registration} if registration else None)
    mine = services.registration_of(user, world.session)
    decision = permissions.can_ask(user, world.session, mine)
    may_ask = status == REGISTRATION_OPEN and registration in (CONFIRMED, WAITING)
    assert decision.allowed is may_ask, (role, registration, status, decision.reason)
    if mine is not None:
        # Their own registration, whatever its state, until the session starts (cancelling a
        # cancelled one changes nothing); someone else never cancels it.
        assert permissions.can_cancel(user, mine, world.session).allowed is (status in BEFORE_START)
        assert not permissions.can_cancel(make_user(), mine, world.session)


@pytest.mark.parametrize("role", [r for r in ROLES if r not in PARTICIPANTS])
def test_only_registrants_ask(app, db, clock, topic, role):
    world = World(db, clock, topic, REGISTRATION_OPEN)
    decision = permissions.can_ask(world.user(role), world.session, None)
    assert not decision and decision.reason


def test_a_session_without_questions_takes_none(app, db, clock, topic):
    agency = make_agency()
    session = make_session(db, agency, topic, questions_allowed="")
    user = make_user()
    db.session.add(Registration(session_id=session.id, user_id=user.id, status=CONFIRMED))
    db.session.commit()
    decision = permissions.can_ask(user, session, services.registration_of(user, session))
    assert not decision and "không nhận câu hỏi" in decision.reason


@pytest.mark.parametrize("registration", REGISTRATIONS, ids=lambda r: r or "none")
def test_asking_over_http(app, db, clock, topic, registration):
    user = make_user()
    world = World(db, clock, topic, REGISTRATION_OPEN, registrations={user: registration} if registration else None)
    client = client_as(app, user)
    response = post_form(client, f"/dialogues/{world.session.id}/questions", {"body": "Khi nào phường trả lời hồ sơ tồn đọng?"})
    assert response.status_code == (303 if registration in (CONFIRMED, WAITING) else 422), registration


# --- minutes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_draft_and_published_minutes_over_http(app, db, clock, topic, role):
    """Draft minutes: the agency's staff only (404 for everyone else); published: everyone;
    writing them: the agency's staff."""
    world = World(db, clock, topic, HELD)
    minutes = services.start_minutes(world.staff, world.session)
    services.add_item(world.staff, minutes, {"question": "Khi nào cấp giấy chứng nhận cho các hộ còn lại?"})
    db.session.commit()
    client = client_as(app, world.user(role))
    url = f"/dialogues/{world.session.id}/minutes"
    assert client.get(url).status_code == (200 if role in AGENCY_STAFF else 404), role
    edit = client.get(f"{url}/edit")
    if role == "anonymous":
        assert sent_to_login(edit)
    else:
        assert edit.status_code == (200 if role in AGENCY_STAFF else 403), role
    services.publish_minutes(world.staff, minutes)
    db.session.commit()
    assert client.get(url).status_code == 200


# --- commitments × roles ------------------------------------------------------------------------

COMMITMENT_ROLES = ["anonymous", "citizen", "staff_owner", "staff_own", "staff_above", "staff_other", "moderator", "admin"]
TRACKERS = {"staff_owner", "staff_own", "staff_above"}


class Promise:
    """A commitment made in a published session, owned by another agency than the session's."""

    def __init__(self, db, clock, topic, status: str):
        self.world = World(db, clock, topic, HELD)
        self.owner = make_agency(kind="department")
        staff = self.world.staff
        minutes = services.start_minutes(staff, self.world.session)
        services.add_item(staff, minutes, {"question": "Khi nào sửa đường Kinh Dương Vương?"})
        self.commitment = services.add_commitment(staff, minutes, {
            "description": "Sửa xong mặt đường trước mùa mưa.", "owner": self.owner.slug, "due_on": "30/04/2026"})
        services.publish_minutes(staff, minutes)
        self.commitment.status = status
        db.session.commit()
        self.commitment = db.session.get(Commitment, self.commitment.id)

    def user(self, role: str):
        if role == "staff_owner":
            return make_staff(self.owner)
        return self.world.user(role)


@pytest.mark.parametrize("status", COMMITMENT_STATUSES)
@pytest.mark.parametrize("role", COMMITMENT_ROLES)
def test_commitment_tracking_by_role_and_status(app, db, clock, topic, role, status):
    promise = Promise(db, clock, topic, status)
    decision = permissions.can_track(promise.user(role), promise.commitment)
    # Who tracks does not depend on the status; a finished commitment takes no more notes
    # (the service refuses, see the requests below).
    assert decision.allowed is (role in TRACKERS), (role, status, decision.reason)
    assert bool(decision.reason) is not decision.allowed


@pytest.mark.parametrize("status", COMMITMENT_STATUSES)
@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff_owner", "staff_other", "admin"])
def test_commitment_progress_over_http(app, db, clock, topic, role, status):
    promise = Promise(db, clock, topic, status)
    client = client_as(app, promise.user(role))
    url = f"/dialogues/commitments/{promise.commitment.id}"
    page = client.get(url)
    assert page.status_code == 200
    moves_on = role in TRACKERS and status not in (DONE, DROPPED)
    assert ('id="track-title"' in page.get_data(as_text=True)) is moves_on
    response = post_form(client, url, {"new_status": "in_progress", "note": "Đã khảo sát hiện trạng mặt đường."})
    if role not in TRACKERS:
        assert response.status_code == 403, role
    elif status in (DONE, DROPPED):
        assert response.status_code == 422, status
    else:
        assert response.status_code == 303
    assert db.session.get(Commitment, promise.commitment.id).status == ("in_progress" if moves_on else status)
