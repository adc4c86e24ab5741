"""No form of the dialogue and idea pages answers 500 to what a person can type: every field
gets very long text, NUL and control characters, emoji, markup, numbers out of range, dates
out of range; the answer is a page or a message (2xx, 3xx or 4xx)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from civic.dialogues import services
from tests.conftest import post_form
from tests.dialogues.conftest import NOW, make_session
from tests.factories import HOSTILE, make_agency, make_staff, make_user

VALUES = ["", "x" * 30_000, "\x00\x01\x7f", "😀" * 300, HOSTILE, "-1", "99999999999999999999", "²", "0001-01-01",
          "9999-12-31T23:59", "2026-02-30"]


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def _hammer(client, url: str, fields: tuple[str, ...]) -> None:
    for n, value in enumerate(VALUES):
        # every other value as htmx sends it (the partial, not the page)
        response = post_form(client, url, {name: value for name in fields}, htmx=bool(n % 2))
        assert response.status_code < 500, (url, value[:40], response.status_code)


def test_dialogue_forms(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    citizen = make_user()
    services.register(citizen, session)
    question = services.ask(citizen, session, "Khi nào cấp sổ đỏ khu tái định cư?")
    db.session.commit()
    signed_in(citizen)
    _hammer(client, f"/dialogues/{session.id}/register", ("mode", "organisation"))
    _hammer(client, f"/dialogues/{session.id}/questions", ("body", "anonymous"))
    post_form(client, "/logout")
    signed_in(staff)
    _hammer(client, "/dialogues/new", ("agency_id", "title", "topic", "description", "starts_at", "ends_at", "place",
                                       "online_url", "officials", "capacity", "registration_opens_at",
                                       "registration_closes_at", "questions_allowed"))
    _hammer(client, f"/dialogues/{session.id}/edit", ("title", "starts_at", "capacity", "officials"))
    _hammer(client, f"/dialogues/questions/{question.id}/merge", ("target",))
    _hammer(client, f"/dialogues/questions/{question.id}/select", ("selected",))
    frozen.advance(timedelta(days=10, hours=4))
    _hammer(client, f"/dialogues/{session.id}/minutes/edit", ("citizens", "businesses", "online", "agenda", "summary",
                                                             "change_note"))
    _hammer(client, f"/dialogues/{session.id}/minutes/items/new", ("question_id", "asked_by", "question", "answered_by_name",
                                                                  "answered_by_title", "answer", "follow_up"))
    _hammer(client, f"/dialogues/{session.id}/minutes/commitments/new", ("description", "owner", "due_on", "item_id"))
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Kết luận."})
    commitment = services.add_commitment(staff, minutes, {"description": "Công khai danh sách.", "owner": agency.slug,
                                                          "due_on": "2026-06-30"})
    services.publish_minutes(staff, minutes)
    db.session.commit()
    _hammer(client, f"/dialogues/commitments/{commitment.id}", ("new_status", "note", "on"))
    _hammer(client, f"/dialogues/commitments/{commitment.id}/edit", ("description", "owner", "due_on", "change_note"))


def test_idea_forms(client, db, signed_in):
    from tests.ideas.test_pages import make_idea
    from civic.topics.models import Topic

    the_topic = Topic(name="Giao thông", slug="giao-thong")
    db.session.add(the_topic)
    db.session.commit()
    agency = make_agency()
    idea = make_idea(db, the_topic, agency)
    waiting = make_idea(db, the_topic, agency, title="Sáng kiến chờ duyệt", publish=False)
    signed_in(make_user())
    _hammer(client, "/ideas/new", ("title", "problem", "solution", "topic", "agency"))
    _hammer(client, f"/ideas/{idea.id}/comments", ("body", "parent_id", "section_id"))
    post_form(client, "/logout")
    signed_in(make_staff(agency))
    _hammer(client, f"/ideas/{waiting.id}/decline", ("reason", "note"))
    _hammer(client, f"/ideas/{idea.id}/status", ("new_status", "note", "on"))
    _hammer(client, f"/ideas/{idea.id}/merge", ("target", "confirm"))
