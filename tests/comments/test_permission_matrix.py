"""Comment permissions walked through every role and every comment status (published,
withdrawn, hidden): who edits, withdraws, hides, replies to, votes on and reads a comment, who
answers it — then the edit window, the depth of threads and the state of the thing commented
on, with a few requests per matrix showing the pages follow the rules."""
from __future__ import annotations

from datetime import timedelta

import pytest

from civic.comments import permissions, services
from civic.comments.models import HIDDEN, PUBLISHED, WITHDRAWN, Comment
from civic.consultations.models import Consultation
from civic.core.timeutil import local_today, utcnow
from tests.conftest import post_form
from tests.factories import make_agency, make_consultation, make_user
from tests.matrix import client_as, person, sent_to_login

ROLES = ["anonymous", "citizen", "business", "author", "staff_own", "staff_other", "moderator", "admin"]
STATUSES = [PUBLISHED, WITHDRAWN, HIDDEN]
PARTICIPANTS = {"citizen", "business", "author"}
MODERATORS = {"moderator", "admin"}


def expected(rule: str, role: str, status: str) -> bool:
    shown = status == PUBLISHED
    return {
        "can_edit": role == "author" and shown,
        "can_withdraw": role == "author" and shown,
        "can_hide": role in MODERATORS and shown,
        "can_reply": role in PARTICIPANTS and shown,
        "can_vote": role in PARTICIPANTS - {"author"} and shown,
        "can_withdraw_vote": role in PARTICIPANTS,   # whatever became of the comment since
        "can_see_text": shown or role == "author" or (status == HIDDEN and role in MODERATORS),
    }[rule]


RULES = ["can_edit", "can_withdraw", "can_hide", "can_reply", "can_vote", "can_withdraw_vote", "can_see_text"]


class World:
    """A comment on an open consultation, in the given status, and the people around it."""

    def __init__(self, db, status: str = PUBLISHED, consultation_status: str = "open"):
        self.agency = make_agency()
        self.consultation = make_consultation(self.agency)
        self.author = make_user()
        self.comment = services.post_comment(self.author, "consultation", self.consultation,
                                             "Đề nghị rút ngắn thời hạn giải quyết xuống 10 ngày.")
        self.comment.status = status
        db.session.commit()
        if consultation_status == "closed":
            consultation = db.session.get(Consultation, self.consultation.id)
            consultation.opens_on = local_today() - timedelta(days=40)
            consultation.closes_on = local_today() - timedelta(days=1)
            db.session.commit()
        self.consultation = db.session.get(Consultation, self.consultation.id)
        self.comment = db.session.get(Comment, self.comment.id)

    def user(self, role: str):
        return person(role, self.agency, getattr(self, "above", None), getattr(self, "author", None))


def _decide(rule: str, user, world: World):
    comment, consultation = world.comment, world.consultation
    if rule == "can_reply":
        return permissions.can_reply(user, comment, "consultation", consultation)
    if rule in ("can_vote", "can_withdraw_vote"):
        return getattr(permissions, rule)(user, comment, consultation)
    return getattr(permissions, rule)(user, comment)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_comment_rules_by_role_and_status(app, db, role, status):
    world = World(db, status)
    user = world.user(role)
    for rule in RULES:
        decision = _decide(rule, user, world)
        assert decision.allowed is expected(rule, role, status), (rule, role, status, decision.reason)
        assert bool(decision.reason) is not decision.allowed, (rule, role, status)
        if not decision:
            # A refusal about the comment's state is a bad request; about who asks, forbidden.
            about_state = status != PUBLISHED and expected(rule, role, PUBLISHED)
            assert permissions.refusal_status(decision) == (400 if about_state else 403), (rule, role, status)
    answer = permissions.can_answer_on(user, "consultation", world.consultation)
    assert answer.allowed is (role == "staff_own")
    assert permissions.can_moderate(user).allowed is (role in MODERATORS)


@pytest.mark.parametrize("role", ROLES)
def test_the_subject_closing_ends_replies_votes_and_edits(app, db, role):
    """On a closed consultation nobody replies or votes; its author may no longer save an edit
    (the comment's own rule still allows it: the service asks the subject too)."""
    world = World(db, PUBLISHED, consultation_status="closed")
    user = world.user(role)
    assert not _decide("can_reply", user, world)
    assert not _decide("can_vote", user, world)
    assert not _decide("can_withdraw_vote", user, world)
    assert not permissions.can_comment_on(user, "consultation", world.consultation)
    assert _decide("can_withdraw", user, world).allowed is (role == "author")


def test_edits_end_fifteen_minutes_after_posting(app, db, clock):
    clock(utcnow())
    world = World(db)
    assert permissions.can_edit(world.author, world.comment)
    clock.advance(timedelta(minutes=15))
    assert permissions.can_edit(world.author, world.comment)
    clock.advance(timedelta(seconds=1))
    decision = permissions.can_edit(world.author, world.comment)
    assert not decision and "15 phút" in decision.reason
    assert permissions.can_withdraw(world.author, world.comment)  # withdrawing has no deadline


def test_threads_stop_at_three_levels(app, db):
    world = World(db)
    replier = make_user()
    reply = services.post_comment(replier, "consultation", world.consultation, "Tôi đồng ý.", parent=world.comment)
    deepest = services.post_comment(world.author, "consultation", world.consultation, "Cảm ơn.", parent=reply)
    db.session.commit()
    assert permissions.can_reply(replier, reply, "consultation", world.consultation)
    decision = permissions.can_reply(replier, deepest, "consultation", world.consultation)
    assert not decision and "tối đa 3 cấp" in decision.reason and permissions.refusal_status(decision) == 400
    other = make_consultation(world.agency)
    decision = permissions.can_reply(replier, world.comment, "consultation", other)
    assert not decision and permissions.refusal_status(decision) == 400


# --- over HTTP ---------------------------------------------------------------------------------



@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_and_editing_over_http(app, db, role, status):
    world = World(db, status)
    client = client_as(app, world.user(role))
    base = f"/comments/{world.comment.id}"
    edit = client.get(f"{base}/edit")
    withdraw = post_form(client, f"{base}/withdraw")
    if role == "anonymous":
        assert sent_to_login(edit) and sent_to_login(withdraw)
    else:
        assert edit.status_code == (200 if expected("can_edit", role, status) else 400 if role == "author" else 403), (role, status)
        allowed = expected("can_withdraw", role, status)
        again = role == "author" and status == WITHDRAWN   # withdrawing twice is repeat-safe
        assert withdraw.status_code == (303 if allowed or again else 400 if role == "author" else 403), (role, status)
    stored = db.session.get(Comment, world.comment.id).status
    assert stored == (WITHDRAWN if expected("can_withdraw", role, status) else status)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_voting_and_replying_over_http(app, db, role, status):
    world = World(db, status)
    client = client_as(app, world.user(role))
    vote = post_form(client, f"/comments/{world.comment.id}/vote", {"value": "up"})
    reply = post_form(client, f"/consultations/{world.consultation.id}/comments",
                      {"body": "Tôi cũng đề nghị như vậy.", "parent_id": str(world.comment.id)})
    if role == "anonymous":
        assert sent_to_login(vote) and sent_to_login(reply)
        return
    may_vote = expected("can_vote", role, status)
    assert vote.status_code == (303 if may_vote else 400 if role in PARTICIPANTS - {"author"} else 403), (role, status)
    may_reply = expected("can_reply", role, status)
    assert reply.status_code == (303 if may_reply else 400 if role in PARTICIPANTS else 403), (role, status)
    assert db.session.query(Comment).count() == (2 if may_reply else 1)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_offers_what_the_rules_allow(app, db, role):
    """Each control is shown to whom the rule allows it, and to nobody else."""
    world = World(db)
    client = client_as(app, world.user(role))
    html = client.get(f"/consultations/{world.consultation.id}").get_data(as_text=True)
    base = f"/comments/{world.comment.id}"
    assert (f'href="{base}/withdraw"' in html) is expected("can_withdraw", role, PUBLISHED), role
    assert (f'href="{base}/edit"' in html) is expected("can_edit", role, PUBLISHED), role
    assert (f'action="{base}/vote"' in html) is expected("can_vote", role, PUBLISHED), role
    assert (f'data-hx-get="{base}/reply"' in html) is expected("can_reply", role, PUBLISHED), role
