"""Receipt numbers (mã tiếp nhận) and the story they stand for.

Every comment gets a number like `GY-2026-000123`. People copy it from a mail, a screenshot
or a sheet of paper, so it is read leniently: with or without the `GY` prefix, in any case,
with or without dashes, spaces or dots (`gy 2026 000123`, `2026-000123`, `2026000123`).

A comment's story is what happened to it, in order: received → an answer owed (deadline) →
answered (on time or late) → its outcome in the published synthesis report → rated by its
author; each step only when it happened, and what is still awaited said plainly. Everything
in a story is public elsewhere on the site (the comment's page, the answer, the report),
except the author's rating, which only the author is shown.

`stories()` builds them for many comments at once in a fixed number of queries (the
receipt page, the author's own list on /me).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from sqlalchemy import select

from ..answers import services as answer_services
from ..answers.models import LATE, ON_TIME, OVERDUE, PENDING
from ..core.timeutil import local_today
from ..extensions import db
from ..core import content
from . import services as comment_services
from .models import HIDDEN, PUBLISHED, WITHDRAWN, Comment

ANSWER_SUBJECT = "comment"      # comments are answered as the shared answers feature's "comment"
REPORTED_SUBJECT = "consultation"  # comments on a consultation get an outcome in its synthesis report
MAX_INPUT = 60                  # longer than any number, however it is spaced
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.·]+")
_NUMBER = re.compile(r"(GY)?(\d{4})(\d{6,9})")


def normalise(raw) -> str | None:
    """The canonical receipt number (`GY-2026-000123`) for what a person typed, or None when
    it cannot be one (empty, too long, letters other than the prefix, digits missing)."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text or len(text) > MAX_INPUT:
        return None
    match = _NUMBER.fullmatch(_SEPARATORS.sub("", text).upper())
    if match is None:
        return None
    return f"GY-{match.group(2)}-{match.group(3)}"


def has_prefix(raw) -> bool:
    """Whether the text begins with the receipt prefix `GY` (then it is clearly meant as one)."""
    return unicodedata.normalize("NFKC", str(raw or "")).strip().upper().startswith("GY")


def find(number: str) -> Comment | None:
    """The comment with this canonical number."""
    return db.session.scalar(select(Comment).where(Comment.receipt == number))


@dataclass(frozen=True)
class Lookup:
    """What a typed number led to: the comment, or why not (`malformed` / `not_found`)."""

    number: str | None
    comment: Comment | None = None
    problem: str | None = None


def lookup(raw) -> Lookup:
    number = normalise(raw)
    if number is None:
        return Lookup(None, problem="malformed")
    comment = find(number)
    if comment is None:
        return Lookup(number, problem="not_found")
    return Lookup(number, comment)


def search_target(text: str) -> str | None:
    """For the site search: a query that is a receipt number goes to its receipt page. A number
    written with its `GY` prefix that matches nothing goes to the lookup form, which says so;
    bare digits that match nothing are searched as text."""
    number = normalise(text)
    if number is None:
        return None
    if find(number) is not None:
        return url_for("comments.receipt", number=number)
    if has_prefix(text):
        return url_for("comments.receipt_lookup", number=number)
    return None


# --- the story -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One thing that happened (or is awaited). `kind` names it for the template; `when` is a
    datetime or a date; `data` carries what the step shows (deadline, outcome, links)."""

    kind: str
    when: datetime | date | None = None
    data: dict = field(default_factory=dict)


@dataclass
class Story:
    comment: Comment
    subject: object = None      # the commented thing, when public (else None: nothing about it is shown)
    adapter: object = None
    owed: object = None         # OwedAnswer
    answer: object = None       # Answer
    outcome: object = None      # CommentOutcome in a published report
    rating: object = None       # the author's Rating — only set when the viewer is the author
    is_author: bool = False
    steps: list[Step] = field(default_factory=list)
    waiting: list[Step] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.comment.receipt

    @property
    def answer_state(self) -> str | None:
        """on_time / late / overdue / pending (answers.models), or None when nothing is owed."""
        if self.owed is None:
            return None
        return self.owed.state_on(local_today())

    @property
    def latest(self) -> Step:
        return self.steps[-1]


def _load_subjects(comments: list[Comment]) -> dict[tuple[str, int], object]:
    """The commented things, one query per kind (by the adapter's model), not one per comment."""
    wanted: dict[str, set[int]] = {}
    for comment in comments:
        wanted.setdefault(comment.subject_type, set()).add(comment.subject_id)
    found: dict[tuple[str, int], object] = {}
    for subject_type, ids in wanted.items():
        adapter = content.commentable(subject_type)
        if adapter is None:
            continue
        model = adapter.model
        if model is not None:
            rows = db.session.scalars(select(model).where(model.id.in_(ids))).unique().all()
            loaded = {row.id: row for row in rows}
        else:  # an adapter without a model: loaded one by one (none today)
            loaded = {subject_id: adapter.load(subject_id) for subject_id in ids}
        for subject_id, subject in loaded.items():
            if subject is not None:
                found[(subject_type, subject_id)] = subject
    return found


def _build(story: Story, today: date) -> None:
    comment, owed, answer = story.comment, story.owed, story.answer
    story.steps.append(Step("received", comment.created_at))
    if comment.status == WITHDRAWN:
        story.steps.append(Step("withdrawn", comment.withdrawn_at))
    elif comment.status == HIDDEN:
        story.steps.append(Step("hidden"))
    if story.subject is None:
        return  # nothing about a thing that is not public
    if owed is not None:
        story.steps.append(Step("owed", owed.triggered_on, {"due_on": owed.due_on, "agency": owed.agency}))
    if answer is not None:
        state = owed.state_on(today) if owed is not None else None
        story.steps.append(Step("answered", answer.created_at, {
            "state": state, "agency": answer.agency, "late": state == LATE, "on_time": state == ON_TIME,
            "url": url_for("answers.show", answer_id=answer.id),
        }))
    elif owed is not None:
        state = owed.state_on(today)
        if state == OVERDUE:
            story.waiting.append(Step("answer_overdue", owed.due_on, {"agency": owed.agency, "apology": owed.agency.apology}))
        elif state == PENDING:
            story.waiting.append(Step("answer_pending", owed.due_on, {"agency": owed.agency}))
    if story.outcome is not None:
        report = story.outcome.report
        story.steps.append(Step("outcome", report.published_at, {
            "label": story.outcome.label, "reasoning": story.outcome.reasoning,
            "url": url_for("reports.show", consultation_id=report.consultation_id),
        }))
    elif comment.subject_type == REPORTED_SUBJECT and comment.status == PUBLISHED:
        status = getattr(story.subject, "status", "")
        if status == "open":
            story.waiting.append(Step("report_after_close", getattr(story.subject, "closes_on", None)))
        elif status == "closed":
            story.waiting.append(Step("report_pending"))
    if story.is_author and answer is not None:
        if story.rating is not None:
            story.steps.append(Step("rated", story.rating.updated_at or story.rating.created_at, {"label": story.rating.label}))
        else:  # the comment on its page shows the answer with the rating form to its author
            story.waiting.append(Step("rating", None, {"url": url_for("comments.permalink", comment_id=comment.id)}))


def stories(viewer, comments: list[Comment]) -> list[Story]:
    """The story of each comment, for this viewer (the author sees their own rating), in a
    fixed number of queries whatever the number of comments."""
    if not comments:
        return []
    ids = [c.id for c in comments]
    found = _load_subjects(comments)
    answers = answer_services.answers_by_subject(ANSWER_SUBJECT, ids)
    owed = answer_services.owed_by_subject(ANSWER_SUBJECT, ids)
    viewer_id = viewer.id if getattr(viewer, "is_authenticated", False) else None
    authors = {c.id: c.author_id for c in comments}
    own_answers = [a.id for comment_id, a in answers.items() if viewer_id is not None and authors[comment_id] == viewer_id]
    ratings = answer_services.ratings_by_answer(viewer, own_answers)
    outcomes = comment_services.load_outcomes(ids)
    today = local_today()
    result = []
    for comment in comments:
        subject = found.get((comment.subject_type, comment.subject_id))
        adapter = content.commentable(comment.subject_type)
        public = subject is not None and adapter is not None and adapter.is_public(subject)
        is_author = viewer_id is not None and viewer_id == comment.author_id
        answer = answers.get(comment.id) if public else None
        story = Story(
            comment=comment, subject=subject if public else None, adapter=adapter if public else None,
            owed=owed.get(comment.id) if public else None, answer=answer,
            outcome=outcomes.get(comment.id) if public else None,
            rating=ratings.get(answer.id) if (answer is not None and is_author) else None,
            is_author=is_author,
        )
        _build(story, today)
        result.append(story)
    return result


def story(viewer, comment: Comment) -> Story:
    return stories(viewer, [comment])[0]
