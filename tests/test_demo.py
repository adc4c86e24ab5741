"""The demo data read true: every time the demo stores is in the past and in the order things
happen (nothing answered before it was written, no deadline before what it is owed for, histories
spaced in time, comments inside the open period, minutes after the session...), whatever day it
is loaded on — Tết included; and it holds the situations the pages are built to show."""
from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from civic.accounts.models import User
from civic.agencies.models import Agency
from civic.answers.models import Answer, OwedAnswer, Rating
from civic.comments.models import Comment
from civic.consultations.models import Consultation, Section
from civic.core.models import UTCDateTime
from civic.core.timeutil import local_date, local_today, to_local, utcnow
from civic.demo import DemoDataError, seed_demo
from civic.demo.consultations import revised_text
from civic.demo.story import Story, load_data, spread, when
from civic.dialogues.models import Commitment, DialogueQuestion, DialogueSession, Minutes, MinutesItem, Registration
from civic.dialogues.services import ITEM_SUBJECT
from civic.extensions import db as _db
from civic.ideas.models import Idea, IdeaSupport
from civic.reports.models import OUTCOME_LABELS, CommentOutcome, SynthesisReport
from civic.votes.models import Vote

HOUR = timedelta(hours=1)
PARTS = ("accounts", "consultations", "ideas", "dialogues")
# A session to come has its times ahead; nothing else stored may be later than the loading.
FUTURE_COLUMNS = {"starts_at", "ends_at", "registration_opens_at", "registration_closes_at"}


def test_demo_reads_true(app, db, runner):
    """One seeding (it takes a second or two) for the checks below; a second run changes nothing.
    (tests/ideas/test_demo.py and tests/dialogues/test_demo.py check those parts.)"""
    _seed(runner)
    _check_invariants(utcnow())
    _check_what_the_pages_show()
    _check_report_reasoning()
    counts = _row_counts()
    again = _seed(runner)
    assert again.output.count("already loaded") == 4 and "gopy-" not in again.output
    assert _row_counts() == counts


# Days after Viet Nam's longest holidays (Tết 2027 is 4–10 February; 30 April – 1 May), just after
# midnight: the story still fits in the past. (Every day of a year was checked the same way once.)
@pytest.mark.parametrize("now", [
    datetime(2027, 2, 11, 17, 5, tzinfo=timezone.utc),
    datetime(2027, 5, 2, 17, 30, tzinfo=timezone.utc),
])
def test_demo_times_read_true_whatever_the_day(app, db, clock, now):
    clock(now)
    seed_demo(lambda line: None)
    _check_invariants(now)
    assert local_today() == local_date(now)


def test_demo_text_is_whole_and_normalised(app):
    """Every text of the demo is NFC, trimmed, without doubled spaces; each clause and point of a
    draft ends as a sentence or list item does (no text cut mid-sentence)."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for part in PARTS:
        for text in strings(load_data(part)):
            assert unicodedata.is_normalized("NFC", text), text[:80]
            assert text == text.strip() and "  " not in text and " \n" not in text, text[:80]
    drafts = load_data("consultations")["consultation"]
    bodies = [c["body"] for c in drafts] + [revised_text(c["body"], c["revision"]["articles"]) for c in drafts if "revision" in c]
    for body in bodies:
        for line in body.split("\n"):
            numbered = line[:2].rstrip(".").isdigit() or line[:2].endswith(")")
            if numbered and len(line) > 100:  # a clause or point, not a title ("1. Mục đích")
                assert line.endswith((".", ";", ":")), line
    # Khoản 2 Điều 5 of the revised draft (longer than 500 characters) is whole in the source;
    # tests/consultations keep it whole in the database.
    revised = revised_text(drafts[0]["body"], drafts[0]["revision"]["articles"])
    clause = next(line for line in revised.split("\n") if line.startswith("2. Trong thời hạn 01 ngày làm việc"))
    assert len(clause) > 500 and "gia hạn trực tuyến một lần" in clause
    assert clause.endswith("Quá thời hạn này, hồ sơ bị từ chối tiếp nhận.")


def test_demo_moments(app):
    anchor = datetime(2027, 2, 3, 3, 0, tzinfo=timezone.utc)  # Wednesday 10:00 in Viet Nam, Tết next day
    assert when("+4h10m", anchor) == anchor + timedelta(hours=4, minutes=10)
    assert when("-1d 20:40", anchor).isoformat() == "2027-02-02T20:40:00+07:00"
    assert when("+1wd 09:00", anchor).isoformat() == "2027-02-11T09:00:00+07:00"  # after Tết
    assert when("-3wd 09:00", anchor.date()).isoformat() == "2027-01-29T09:00:00+07:00"
    with pytest.raises(DemoDataError):
        when("tomorrow", anchor)
    moments = spread(anchor, anchor + timedelta(days=3), 5)
    assert moments == sorted(set(moments)) and anchor < moments[0] and moments[-1] <= anchor + timedelta(days=3)
    assert all(7 <= to_local(m).hour < 22 for m in moments)  # people vote and support while awake


def test_demo_story_keeps_the_past_in_the_past(app, db):
    """Events run in time order with the clock at their moment; one later than the loading, or
    booked before the event booking it, is refused (the data would contradict themselves)."""
    now = utcnow()
    seen = []
    story = Story(now)
    story.at(now - timedelta(days=2), lambda: seen.append(utcnow()), "second")
    story.at(now - timedelta(days=3), lambda: seen.append(utcnow()), "first")
    story.run()
    assert seen == [now - timedelta(days=3), now - timedelta(days=2)] and utcnow() != seen[-1]
    late = Story(now)
    late.at(now + timedelta(minutes=1), lambda: None, "tomorrow's comment")
    with pytest.raises(DemoDataError, match="tomorrow's comment"):
        late.run()
    backwards = Story(now)
    backwards.at(now - timedelta(days=1), lambda: backwards.at(now - timedelta(days=2), lambda: None, "reply"), "comment")
    with pytest.raises(DemoDataError, match="reply"):
        backwards.run()


# --- the checks ---------------------------------------------------------------------------------


def _seed(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    return result


def _row_counts() -> dict[str, int]:
    return {table.name: _db.session.execute(select(func.count()).select_from(table)).scalar()
            for table in _db.metadata.sorted_tables}


def _subject_moment(owed_or_answer) -> datetime:
    """When the thing an answer is owed for came into being (for a question raised in a
    session: when its minutes were published, the day the written answer became owed)."""
    kind, subject_id = owed_or_answer.subject_type, owed_or_answer.subject_id
    if kind == "comment":
        return _db.session.get(Comment, subject_id).created_at
    if kind == "idea":
        return _db.session.get(Idea, subject_id).created_at
    assert kind == ITEM_SUBJECT, kind
    return _db.session.get(MinutesItem, subject_id).minutes.published_at


def _check_invariants(now: datetime) -> None:
    session = _db.session
    # Nothing stored in the future: every moment column of every table.
    for table in _db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, UTCDateTime) or column.name in FUTURE_COLUMNS:
                continue
            latest = session.execute(select(func.max(column))).scalar()
            if latest is not None:
                latest = latest.replace(tzinfo=timezone.utc) if latest.tzinfo is None else latest
                assert latest <= now, f"{table.name}.{column.name} is in the future: {latest}"

    # Owed answers: triggered on or after their subject, due after it; answers after their subject.
    for owed in session.scalars(select(OwedAnswer)):
        born = _subject_moment(owed)
        assert owed.triggered_on >= local_date(born) and owed.created_at >= born, (owed.subject_type, owed.subject_id)
        assert owed.due_on > local_date(born), (owed.subject_type, owed.subject_id)
        if owed.answered_on is not None:
            assert owed.answered_on >= owed.triggered_on
    for answer in session.scalars(select(Answer)):
        assert answer.created_at > _subject_moment(answer) + HOUR, (answer.subject_type, answer.subject_id)
        owed = session.scalar(select(OwedAnswer).where(OwedAnswer.subject_type == answer.subject_type,
                                                      OwedAnswer.subject_id == answer.subject_id))
        if owed is not None:
            assert answer.created_at >= owed.created_at and owed.answered_on == local_date(answer.created_at)
    for rating in session.scalars(select(Rating)):
        assert rating.created_at > session.get(Answer, rating.answer_id).created_at

    # Comments: replies after their parents; comments on a consultation inside its open period
    # (and after its publication); votes after what they are on.
    for comment in session.scalars(select(Comment)):
        if comment.parent_id is not None:
            assert comment.created_at > session.get(Comment, comment.parent_id).created_at + timedelta(minutes=30)
        if comment.subject_type == "consultation":
            consultation = session.get(Consultation, comment.subject_id)
            assert consultation.opens_on <= local_date(comment.created_at) <= consultation.closes_on, comment.receipt
            assert comment.created_at > consultation.published_at
        else:
            idea = session.get(Idea, comment.subject_id)
            assert comment.created_at > idea.published_at
    for vote in session.scalars(select(Vote).where(Vote.subject_type == "comment")):
        assert vote.created_at > session.get(Comment, vote.subject_id).created_at
    for support in session.scalars(select(IdeaSupport)):
        assert support.created_at > session.get(Idea, support.idea_id).published_at

    # Histories: each one strictly in order, its events at least an hour apart.
    def spaced(moments, what):
        for before, after in zip(moments, moments[1:]):
            assert after - before >= HOUR, f"{what}: {before} then {after}"

    for idea in session.scalars(select(Idea)):
        spaced([idea.created_at] + [event.created_at for event in idea.events[1:]], f"idea {idea.title}")
        assert idea.events[0].created_at == idea.created_at
    for minutes in session.scalars(select(Minutes)):
        moments = [r.created_at for r in minutes.revisions]
        spaced(moments, "minutes revisions")
        if moments:
            assert moments[0] == minutes.published_at
    for commitment in session.scalars(select(Commitment)):
        spaced([commitment.created_at] + [note.created_at for note in commitment.notes], commitment.description)
        days = [note.on for note in commitment.notes]
        assert days == sorted(days) and all(local_date(n.created_at) == n.on for n in commitment.notes)
    for report in session.scalars(select(SynthesisReport)):
        spaced([report.created_at, report.published_at] + [r.created_at for r in report.revisions], "report")
        assert [r.number for r in report.revisions] == list(range(1, report.revision))
    for consultation in session.scalars(select(Consultation)):
        versions = consultation.versions
        spaced([consultation.created_at, consultation.published_at], consultation.title)
        assert local_date(consultation.published_at) < consultation.opens_on
        for earlier, later in zip(versions, versions[1:]):
            assert later.created_at - earlier.published_at >= HOUR and later.published_at - later.created_at >= HOUR

    # Dialogue sessions: registrations and questions inside the registration window; minutes,
    # their revisions and commitments after the session; commitments due after it.
    for dialogue in session.scalars(select(DialogueSession)):
        assert dialogue.created_at < dialogue.registration_opens_at
        for registration in session.scalars(select(Registration).where(Registration.session_id == dialogue.id)):
            assert dialogue.registration_opens_at <= registration.queued_at <= dialogue.registration_closes_at
        for question in session.scalars(select(DialogueQuestion).where(DialogueQuestion.session_id == dialogue.id)):
            assert dialogue.registration_opens_at <= question.created_at <= dialogue.registration_closes_at
        if dialogue.minutes is not None:
            assert dialogue.minutes.published_at > dialogue.ends_at
            assert all(r.created_at > dialogue.ends_at for r in dialogue.minutes.revisions)
        for commitment in session.scalars(select(Commitment).where(Commitment.session_id == dialogue.id)):
            assert commitment.created_at > dialogue.ends_at
            assert commitment.due_on > local_date(dialogue.starts_at)
            if commitment.done_on is not None:
                assert commitment.done_on > local_date(dialogue.starts_at)


def _check_what_the_pages_show() -> None:
    session = _db.session
    today = local_today()

    def user(email):
        return session.scalar(select(User).where(User.email == email))

    # A citizen's "my activity" (nguoidan1): receipts in every state of the answer loop.
    phuc = user("nguoidan1@example.com")
    states = set()
    for comment in session.scalars(select(Comment).where(Comment.author_id == phuc.id, Comment.parent_id.is_(None))):
        owed = session.scalar(select(OwedAnswer).where(OwedAnswer.subject_type == "comment", OwedAnswer.subject_id == comment.id))
        answer = session.scalar(select(Answer).where(Answer.subject_type == "comment", Answer.subject_id == comment.id))
        if owed is not None:
            states.add(owed.state_on(today))
        if answer is not None:
            rated = session.scalar(select(Rating).where(Rating.answer_id == answer.id, Rating.user_id == phuc.id))
            states.add("rated" if rated else "waiting for a rating")
        published = session.scalar(select(CommentOutcome).join(SynthesisReport).where(
            CommentOutcome.comment_id == comment.id, SynthesisReport.published_at.is_not(None)))
        if published is not None:
            states.add("outcome")
    assert {"pending", "on_time", "late", "outcome", "rated", "waiting for a rating"} <= states

    # The staff queues of owed answers: Bình Tân's holds owed comments, an owed idea and an owed
    # dialogue follow-up; the city office's owed comments (one overdue) and an owed idea.
    def queue(slug):
        agency_id = session.scalar(select(Agency.id).where(Agency.slug == slug))
        return session.scalars(select(OwedAnswer).where(OwedAnswer.agency_id == agency_id, OwedAnswer.answered_on.is_(None))).all()

    binh_tan = queue("ubnd-phuong-binh-tan")
    assert {o.subject_type for o in binh_tan} == {"comment", "idea", ITEM_SUBJECT}
    assert any(o.state_on(today) == "overdue" for o in binh_tan if o.subject_type == ITEM_SUBJECT)
    office = queue("van-phong-ubnd-tp-hcm")
    assert {o.subject_type for o in office} == {"comment", "idea"}
    assert {o.state_on(today) for o in office if o.subject_type == "comment"} == {"pending", "overdue"}

    # The home page: open consultations, an idea one support short of its threshold, sessions to come.
    consultations = session.scalars(select(Consultation)).all()
    assert sorted(c.status for c in consultations) == ["concluded", "open", "open", "scheduled"]
    gathering = session.scalars(select(Idea).where(Idea.status == "published", Idea.reached_on.is_(None))).all()
    assert any(idea.threshold - idea.support_count == 1 for idea in gathering)
    upcoming = session.scalars(select(DialogueSession).where(DialogueSession.starts_at > utcnow())).all()
    assert len(upcoming) == 2

    # Accountability figures: answers on time and late, every rating value.
    owed_states = {o.state_on(today) for o in session.scalars(select(OwedAnswer))}
    assert {"on_time", "late", "pending", "overdue"} <= owed_states
    assert set(session.scalars(select(Rating.value))) == {"satisfied", "neutral", "dissatisfied"}


def _check_report_reasoning() -> None:
    """Every comment of the concluded consultation has an outcome decided by staff (none filled
    in as "noted" at publication) with reasoning: whole sentences, which the page shows after the
    outcome ("Tiếp thu: Bổ sung vào khoản 3 Điều 4 ...", so they do not repeat it), and which name
    the article the comment is about."""
    report = _db.session.scalar(select(SynthesisReport))
    comments = _db.session.scalars(select(Comment).where(Comment.subject_type == "consultation",
                                                         Comment.subject_id == report.consultation_id)).all()
    outcomes = {o.comment_id: o for o in report.outcomes}
    assert set(outcomes) == {c.id for c in comments}
    labels = [str(label) for label in OUTCOME_LABELS.values()]
    for comment in comments:
        reasoning = outcomes[comment.id].reasoning
        assert len(reasoning) > 60 and reasoning.endswith(".") and not reasoning.startswith(tuple(labels)), reasoning
        if comment.parent_id is None and comment.section_id is not None:
            article = _db.session.get(Section, comment.section_id).label.split(" Điều ")[-1].removeprefix("Điều ")
            assert f"Điều {article}" in reasoning, (comment.body[:60], reasoning)
    assert report.revision == 2 and report.revisions[0].reason
