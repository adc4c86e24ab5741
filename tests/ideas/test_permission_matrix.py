"""Idea permissions walked through every role and every idea status: who sees, reviews,
manages, moves, supports, comments on and answers an idea, with a few requests showing the
pages refuse what the rules refuse and allow what they allow."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from civic.accounts.permissions import is_staff_of
from civic.answers import permissions as answer_permissions
from civic.ideas import permissions, services
from civic.ideas.models import (
    ACCEPTED, DECLINED, EXPIRED, IMPLEMENTED, MERGED, NOT_ACCEPTED, PUBLISHED, STATUSES, SUBMITTED, TRANSITIONS,
    UNDER_REVIEW, Idea,
)
from civic.topics.models import Topic
from tests.conftest import login, post_form
from tests.factories import make_agency, make_staff, make_user
from tests.matrix import client_as, person, sent_to_login

# The author is a citizen; "staff_above" belongs to the agency above the idea's agency (staff act
# for the agencies below theirs); "staff_other" to an unrelated agency.
ROLES = ["anonymous", "citizen", "business", "author", "staff_own", "staff_above", "staff_other", "moderator", "admin"]
PUBLIC = {PUBLISHED, UNDER_REVIEW, ACCEPTED, NOT_ACCEPTED, IMPLEMENTED, EXPIRED, MERGED}
REVIEWERS = {"author", "staff_own", "staff_above", "moderator", "admin"}   # who sees a submitted/declined idea
AGENCY_STAFF = {"staff_own", "staff_above"}
PARTICIPANTS = {"citizen", "business", "author"}

# role -> what the rule allows, for every status (None: every status).
EXPECTED = {
    "can_view": lambda role, status: status in PUBLIC or role in REVIEWERS,
    "can_review": lambda role, status: status == SUBMITTED and role in AGENCY_STAFF | {"moderator", "admin"},
    "can_manage": lambda role, status: role in AGENCY_STAFF | {"admin"},
    "can_support": lambda role, status: status == PUBLISHED and role in {"citizen", "business"},
    "can_comment": lambda role, status: status in (PUBLISHED, UNDER_REVIEW, ACCEPTED) and role in PARTICIPANTS,
    "can_assign_agency": lambda role, status: role == "admin",
}


@pytest.fixture
def topic(db):
    topic = Topic(name="Cải cách hành chính", slug="cai-cach-hanh-chinh")
    db.session.add(topic)
    db.session.commit()
    return topic


class World:
    """An idea addressed to a ward below a district, and the people around it."""

    def __init__(self, db, topic, status: str):
        self.above = make_agency(kind="district")
        self.agency = make_agency(parent=self.above, kind="ward")
        self.author = make_user()
        self.idea = services.submit(self.author, {
            "title": "Nhận kết quả hồ sơ đất đai qua bưu điện",
            "problem": "Người dân phải đến bộ phận một cửa hai lần chỉ để nhận kết quả đã có.",
            "solution": "Cho chọn nhận kết quả qua bưu điện ngay khi nộp hồ sơ, phí do người dân trả.",
            "topic": topic.slug, "agency": self.agency.slug,
        })
        db.session.commit()
        if status != SUBMITTED:
            services.publish(make_user("moderator"), self.idea)  # its support window opens
            self.idea.status = status
            db.session.commit()
        self.idea = db.session.get(Idea, self.idea.id)

    def user(self, role: str):
        return person(role, self.agency, getattr(self, "above", None), getattr(self, "author", None))


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_idea_rules_by_role_and_status(app, db, topic, role, status):
    world = World(db, topic, status)
    user = world.user(role)
    idea = world.idea
    for name, expected in EXPECTED.items():
        decision = getattr(permissions, name)(user, idea)
        assert decision.allowed is expected(role, status), (name, role, status, decision.reason)
        assert bool(decision.reason) is not decision.allowed, (name, role, status)
    manage = EXPECTED["can_manage"](role, status)
    for new_status in STATUSES:
        decision = permissions.can_change_status(user, idea, new_status)
        assert decision.allowed is (manage and new_status in TRANSITIONS.get(status, ())), (role, status, new_status)
    # Answering an idea is its agency's work (and the agencies' above it), whatever its status.
    assert answer_permissions.can_answer(user, "idea", idea).allowed is (role in AGENCY_STAFF)
    assert is_staff_of(user, idea.agency) is (role in AGENCY_STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_rules_about_ideas_in_general_by_role(app, db, topic, role):
    user = World(db, topic, SUBMITTED).user(role)
    assert permissions.can_submit(user).allowed is (role in PARTICIPANTS)
    assert permissions.can_use_queue(user).allowed is (role in {"staff_own", "staff_above", "staff_other", "moderator", "admin"})


def test_an_idea_without_agency_is_reviewed_by_moderators_and_managed_by_admins(app, db, topic):
    author = make_user()
    idea = services.submit(author, {
        "title": "Bỏ yêu cầu bản sao công chứng khi đã có dữ liệu dân cư",
        "problem": "Hồ sơ vẫn đòi bản sao công chứng dù cơ quan tra được dữ liệu dân cư.",
        "solution": "Cán bộ tra cứu cơ sở dữ liệu quốc gia về dân cư thay cho bản sao giấy tờ.",
        "topic": topic.slug, "agency": "",
    })
    db.session.commit()
    staff = make_staff(make_agency())
    assert not permissions.can_review(staff, idea) and permissions.can_review(make_user("moderator"), idea)
    decision = permissions.can_manage(staff, idea)
    assert not decision and "chưa có cơ quan xử lý" in decision.reason
    assert permissions.can_manage(make_user("admin"), idea)
    assert not permissions.can_manage(make_user("moderator"), idea)


def client_as(app, user):
    client = app.test_client()
    if user is not None and not isinstance(user, AnonymousUserMixin):
        login(client, user)
    return client



@pytest.mark.parametrize("role", ROLES)
def test_a_submitted_idea_over_http(app, db, topic, role):
    """Its page: only those who may see it (others get 404, as if it did not exist); the
    publish button: reviewers only; the queue: staff and moderators."""
    world = World(db, topic, SUBMITTED)
    user = world.user(role)
    client = client_as(app, user)
    page = client.get(f"/ideas/{world.idea.id}")
    assert page.status_code == (200 if EXPECTED["can_view"](role, SUBMITTED) else 404), role
    publish = post_form(client, f"/ideas/{world.idea.id}/publish")
    if role == "anonymous":
        assert sent_to_login(publish)
    elif role in REVIEWERS - {"author"}:
        assert publish.status_code == 303
        assert db.session.get(Idea, world.idea.id).status == PUBLISHED
    else:
        assert publish.status_code in (403, 404), role   # 404: it is not theirs to see
        assert db.session.get(Idea, world.idea.id).status == SUBMITTED
    queue = client.get("/ideas/review")
    if role == "anonymous":
        assert sent_to_login(queue)
    else:
        assert queue.status_code == (200 if permissions.can_use_queue(user) else 403), role


@pytest.mark.parametrize("role", ROLES)
def test_a_published_idea_over_http(app, db, topic, role):
    """Supporting: citizens and businesses other than the author; moving it on: its agency's
    staff and admins; giving it another agency: admins."""
    world = World(db, topic, PUBLISHED)
    client = client_as(app, world.user(role))
    support = post_form(client, f"/ideas/{world.idea.id}/support")
    if role == "anonymous":
        assert sent_to_login(support)
    else:
        assert support.status_code == (303 if EXPECTED["can_support"](role, PUBLISHED) else 400), role
    status = client.get(f"/ideas/{world.idea.id}/status")
    agency = client.get(f"/ideas/{world.idea.id}/agency")
    if role == "anonymous":
        assert sent_to_login(status) and sent_to_login(agency)
        return
    assert status.status_code == (200 if EXPECTED["can_manage"](role, PUBLISHED) else 403), role
    assert agency.status_code == (200 if role == "admin" else 403), role


@pytest.mark.parametrize("status", [DECLINED, UNDER_REVIEW, IMPLEMENTED])
def test_comment_form_follows_the_idea_status(app, db, topic, status):
    """A citizen may comment on an idea under discussion only; the post is refused otherwise."""
    world = World(db, topic, status)
    client = client_as(app, make_user())
    response = post_form(client, f"/ideas/{world.idea.id}/comments", {"body": "Tôi ủng hộ đề xuất này."})
    if status == UNDER_REVIEW:
        assert response.status_code == 303
    elif status == DECLINED:
        assert response.status_code == 404   # not public: nothing to comment on
    else:
        assert response.status_code == 403
