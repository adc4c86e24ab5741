"""Votes are set, not toggled; one per account even under concurrent clicks; counts are rows."""
import threading

import pytest
from sqlalchemy import func, select

from civic.comments.models import Comment
from civic.votes.models import Vote
from tests.conftest import csrf_token, login, post_form
from tests.factories import PASSWORD, make_consultation, make_user


def vote_rows(db, subject_type="consultation"):
    return db.session.scalars(select(Vote).where(Vote.subject_type == subject_type)).all()


@pytest.fixture
def consultation(app):
    return make_consultation()


def test_agree_is_set_not_toggled(client, db, signed_in, consultation):
    signed_in(make_user())
    url = f"/consultations/{consultation.id}/vote"
    assert post_form(client, url, {"value": "agree"}).status_code == 303
    assert post_form(client, url, {"value": "agree"}).status_code == 303
    assert [v.value for v in vote_rows(db)] == ["agree"]
    post_form(client, url, {"value": "disagree"})
    assert [v.value for v in vote_rows(db)] == ["disagree"]
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Không đồng ý: <strong>1</strong>" in page and "Bạn đã chọn" in page
    assert post_form(client, url + "/withdraw").status_code == 303
    assert vote_rows(db) == []
    assert post_form(client, url + "/withdraw").status_code == 303  # withdrawing nothing is harmless
    assert post_form(client, url, {"value": "maybe"}).status_code == 400
    assert post_form(client, url, {}).status_code == 400
    assert vote_rows(db) == []


def test_htmx_vote_swaps_the_widget_and_updates_the_tally_out_of_band(client, db, signed_in, consultation):
    signed_in(make_user())
    response = post_form(client, f"/consultations/{consultation.id}/vote", {"value": "agree"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="vote"' in body and "Đồng ý: <strong>1</strong>" in body
    assert 'id="header-tally" data-hx-swap-oob="true"' in body and "Đồng ý 1" in body


@pytest.mark.parametrize("status", ["closed", "scheduled"])
def test_no_votes_outside_the_open_period(client, db, signed_in, status):
    consultation = make_consultation(status=status)
    signed_in(make_user())
    assert post_form(client, f"/consultations/{consultation.id}/vote", {"value": "agree"}).status_code == 403
    assert vote_rows(db) == []


def test_votes_need_a_participant_account(client, db, signed_in, consultation):
    from tests.factories import make_staff

    response = post_form(client, f"/consultations/{consultation.id}/vote", {"value": "agree"})
    assert response.status_code == 303 and "/login" in response.headers["Location"]
    signed_in(make_staff(consultation.agency))
    assert post_form(client, f"/consultations/{consultation.id}/vote", {"value": "agree"}).status_code == 403
    assert vote_rows(db) == []


def test_comment_votes(client, db, signed_in, consultation, app):
    author = make_user()
    author_client = app.test_client()
    login(author_client, author)
    post_form(author_client, f"/consultations/{consultation.id}/comments", {"body": "Ý kiến của tác giả"})
    comment = db.session.scalar(select(Comment))
    own = post_form(author_client, f"/comments/{comment.id}/vote", {"value": "up"})
    assert own.status_code == 403 and "của chính mình" in own.get_data(as_text=True)
    signed_in(make_user())
    assert post_form(client, f"/comments/{comment.id}/vote", {"value": "up"}).status_code == 303
    assert post_form(client, f"/comments/{comment.id}/vote", {"value": "up"}).status_code == 303
    htmx = post_form(client, f"/comments/{comment.id}/vote", {"value": "down"}, htmx=True)
    assert htmx.status_code == 200 and f'id="comment-votes-{comment.id}"' in htmx.get_data(as_text=True)
    assert [v.value for v in vote_rows(db, "comment")] == ["down"]
    assert post_form(client, f"/comments/{comment.id}/vote", {"value": "agree"}).status_code == 400
    assert post_form(client, f"/comments/{comment.id}/vote/withdraw").status_code == 303
    assert vote_rows(db, "comment") == []
    post_form(author_client, f"/comments/{comment.id}/withdraw")
    gone = post_form(client, f"/comments/{comment.id}/vote", {"value": "up"})
    assert gone.status_code == 400 and "đã được rút lại" in gone.get_data(as_text=True)
    assert post_form(client, "/comments/999999/vote", {"value": "up"}).status_code == 404
    assert vote_rows(db, "comment") == []


def test_sort_by_most_supported(client, db, signed_in, consultation, app):
    writer = app.test_client()
    login(writer, make_user())
    for body in ("Ít ủng hộ", "Nhiều ủng hộ"):
        post_form(writer, f"/consultations/{consultation.id}/comments", {"body": body})
    popular = db.session.scalar(select(Comment).where(Comment.body == "Nhiều ủng hộ"))
    for _ in range(2):
        voter = app.test_client()
        login(voter, make_user())
        post_form(voter, f"/comments/{popular.id}/vote", {"value": "up"})
    page = client.get(f"/consultations/{consultation.id}?sort=supported").get_data(as_text=True)
    assert page.index("Nhiều ủng hộ") < page.index("Ít ủng hộ")


def _concurrently(app, user_ids_and_calls):
    barrier = threading.Barrier(len(user_ids_and_calls))
    statuses = []
    locations = []

    def run(email, url, data):
        client = app.test_client()
        assert post_form(client, "/login", {"email": email, "password": PASSWORD}).status_code == 303
        token = csrf_token(client)
        barrier.wait()
        response = client.post(url, data={**data, "csrf_token": token})
        statuses.append(response.status_code)
        locations.append(response.headers.get("Location"))

    calls = [(user.email, url, data) for user, url, data in user_ids_and_calls]
    threads = [threading.Thread(target=run, args=args) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(location.endswith("#vote") for location in locations), locations
    # End the test's own read transaction, begun before the threads wrote, to see their rows.
    from civic.extensions import db

    db.session.rollback()
    return statuses


def test_concurrent_double_votes_leave_one_vote_each(app, db, consultation):
    voters = [make_user() for _ in range(4)]
    calls = []
    for user in voters:
        calls += [(user, f"/consultations/{consultation.id}/vote", {"value": "agree"})] * 2
    statuses = _concurrently(app, calls)
    assert statuses == [303] * 8
    rows = vote_rows(db)
    assert len(rows) == 4 and {v.user_id for v in rows} == {u.id for u in voters}
    from civic.consultations import services

    assert services.tally(db.session.get(type(consultation), consultation.id)) == {"agree": 4, "disagree": 0}
    counted = db.session.scalar(select(func.count(Vote.id)).where(Vote.subject_type == "consultation", Vote.value == "agree"))
    assert counted == 4


def test_concurrent_changes_of_mind_end_with_exactly_one_vote(app, db, consultation):
    user = make_user()
    calls = [(user, f"/consultations/{consultation.id}/vote", {"value": value}) for value in ("agree", "disagree") * 3]
    statuses = _concurrently(app, calls)
    assert statuses == [303] * 6
    rows = vote_rows(db)
    assert len(rows) == 1 and rows[0].value in ("agree", "disagree")
