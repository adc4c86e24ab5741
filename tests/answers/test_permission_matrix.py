"""Answer permissions walked through every role and every kind of answered thing (a comment,
an idea, a question raised in a dialogue): who answers (the thing's agency's staff, and the
agencies' above it), who rates the answer (the person answered, for 30 days), with a few
requests showing the pages follow the rules."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from civic.answers import permissions, services as answers
from civic.answers.models import Rating
from civic.comments import services as comments
from civic.dialogues import services as dialogues
from civic.ideas import services as ideas
from civic.topics.models import Topic
from tests.conftest import post_form
from tests.dialogues.conftest import session_data
from tests.factories import make_agency, make_consultation, make_staff, make_user
from tests.matrix import client_as, person, sent_to_login

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # Monday 2 March 2026, 09:00 in Viet Nam
ROLES = ["anonymous", "citizen", "business", "author", "staff_own", "staff_above", "staff_other", "moderator", "admin"]
AGENCY_STAFF = {"staff_own", "staff_above"}
KINDS = ["comment", "idea", "dialogue_item"]
ANSWER = {"body": "Ủy ban ghi nhận và sẽ trả lời bằng văn bản trong tháng này.", "signer_name": "Trần Quốc Huy",
          "signer_title": "Phó Chủ tịch Ủy ban nhân dân phường"}


class World:
    """A ward below a district, one thing of the given kind written by `author` and
    answered (or not yet) by the ward's staff."""

    def __init__(self, db, clock, kind: str, *, author=None, answered: bool = True):
        self.above = make_agency(kind="district")
        self.agency = make_agency(parent=self.above, kind="ward")
        self.staff = make_staff(self.agency)
        self.author = author or make_user()
        self.kind = kind
        self.subject = getattr(self, f"_{kind}")(db, clock)
        db.session.commit()
        self.answer = answers.give_answer(self.staff, kind, self.subject, ANSWER) if answered else None
        db.session.commit()

    def _comment(self, db, clock):
        consultation = make_consultation(self.agency, creator=self.staff)
        return comments.post_comment(self.author, "consultation", consultation, "Đề nghị rút ngắn thời hạn giải quyết.")

    def _idea(self, db, clock):
        topic = _topic(db)
        idea = ideas.submit(self.author, {
            "title": "Nộp bổ sung hồ sơ qua Cổng dịch vụ công", "topic": topic.slug, "agency": self.agency.slug,
            "problem": "Người dân phải đi lại nhiều lần để nộp bổ sung giấy tờ.",
            "solution": "Cho nộp bổ sung qua Cổng dịch vụ công và nhận kết quả tại nhà."})
        ideas.publish(self.staff, idea)
        return idea

    def _dialogue_item(self, db, clock):
        """A question sent before the session by the author, raised in it, written in the
        published minutes for a written answer."""
        session = dialogues.schedule(self.staff, session_data(self.agency, _topic(db)))
        dialogues.register(self.author, session, "in_person")
        question = dialogues.ask(self.author, session, "Khi nào phường trả lời hồ sơ đất đai tồn đọng?")
        db.session.commit()
        clock.advance(timedelta(days=10, hours=4))  # the session has begun
        minutes = dialogues.start_minutes(self.staff, session)
        item = dialogues.add_item(self.staff, minutes, {"question": question.body, "question_id": str(question.id),
                                                         "follow_up": "y"})
        dialogues.publish_minutes(self.staff, minutes)
        return item

    def user(self, role: str):
        return person(role, self.agency, getattr(self, "above", None), getattr(self, "author", None))


def _topic(db) -> Topic:
    topic = db.session.scalar(select(Topic).where(Topic.slug == "dat-dai"))
    if topic is None:
        topic = Topic(name="Đất đai", slug="dat-dai")
        db.session.add(topic)
        db.session.flush()
    return topic


@pytest.fixture
def now(clock):
    return clock(NOW)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_who_answers_and_who_rates_by_role_and_kind(app, db, clock, now, role, kind):
    world = World(db, clock, kind)
    user = world.user(role)
    decision = permissions.can_answer(user, kind, world.subject)
    assert decision.allowed is (role in AGENCY_STAFF), (role, kind, decision.reason)
    decision = permissions.can_rate(user, world.answer, world.subject)
    assert decision.allowed is (role == "author"), (role, kind, decision.reason)
    assert bool(decision.reason) is not decision.allowed


# The author's rating, by how long ago it was given: changeable for 30 days, then kept.
RATING_STATES = {"none": None, "given today": timedelta(0), "given 30 days ago": timedelta(days=30),
                 "given 31 days ago": timedelta(days=31)}


@pytest.mark.parametrize("state", list(RATING_STATES))
@pytest.mark.parametrize("author_role", ["citizen", "business"])
def test_the_author_rates_within_thirty_days(app, db, clock, now, author_role, state):
    world = World(db, clock, "comment", author=make_user(author_role))
    existing = None
    if RATING_STATES[state] is not None:
        existing = answers.rate(world.author, world.answer, world.subject, "neutral", "")
        db.session.commit()
        clock.advance(RATING_STATES[state])
    decision = permissions.can_rate(world.author, world.answer, world.subject, existing)
    assert decision.allowed is (state != "given 31 days ago"), (author_role, state)
    if not decision:
        assert "30 ngày" in decision.reason


def test_refusals_say_why(app, db, clock, now):
    world = World(db, clock, "comment")
    assert "Cán bộ không đánh giá" in permissions.can_rate(world.staff, world.answer, world.subject).reason
    assert "Chỉ người gửi ý kiến" in permissions.can_rate(make_user(), world.answer, world.subject).reason
    assert "đăng nhập" in permissions.can_rate(AnonymousUserMixin(), world.answer, world.subject).reason
    assert "không phải cán bộ" in permissions.can_answer(make_staff(make_agency()), "comment", world.subject).reason




@pytest.mark.parametrize("role", ROLES)
def test_answering_over_http(app, db, clock, now, role):
    """The answer form and the owed mark: the agency's staff; the staff queue: any staff
    member of an agency."""
    world = World(db, clock, "comment", answered=False)
    client = client_as(app, world.user(role))
    form = client.get(f"/answers/comment/{world.subject.id}/new")
    owe = post_form(client, f"/answers/comment/{world.subject.id}/owe")
    queue = client.get("/answers/owed")
    if role == "anonymous":
        assert sent_to_login(form) and sent_to_login(owe) and sent_to_login(queue)
        return
    staff = role in AGENCY_STAFF
    assert form.status_code == (200 if staff else 403), role
    assert owe.status_code == (303 if staff else 403), role
    assert answers.owed_for("comment", world.subject.id) is not None if staff else answers.owed_for("comment", world.subject.id) is None
    assert queue.status_code == (200 if role in AGENCY_STAFF | {"staff_other"} else 403), role


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_rating_over_http(app, db, clock, now, role, kind):
    world = World(db, clock, kind)
    client = client_as(app, world.user(role))
    response = post_form(client, f"/answers/{world.answer.id}/rate", {"value": "satisfied"})
    if role == "anonymous":
        assert sent_to_login(response)
    else:
        assert response.status_code == (303 if role == "author" else 403), (role, kind)
    assert len(db.session.scalars(select(Rating)).all()) == (1 if role == "author" else 0)
