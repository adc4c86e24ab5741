"""What one person did on the site and where each thing stands: their comments (with receipt
numbers and stories), ideas, dialogue registrations and questions, and the answers waiting for
their rating. Every list is one account's own rows only, loaded a page at a time in a fixed
number of queries whatever its length (a summary of a few on /me, pages of 20 behind it).

This package sits above the features (like the home page): it reads their models and calls
their services; nothing imports it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import and_, case, exists, or_, select
from sqlalchemy.orm import joinedload

from ..accounts.permissions import is_participant
from ..answers import services as answer_services
from ..answers.models import Answer, Rating
from ..comments import receipts
from ..comments.models import Comment
from ..core import content
from ..core.services import page_bounds
from ..core.timeutil import local_today, utcnow
from ..dialogues.models import DialogueQuestion, DialogueSession, Minutes, MinutesItem, Registration
from ..extensions import db
from ..ideas import services as idea_services
from ..ideas.models import Idea
from ..votes import services as votes

SUMMARY = 5      # items of each kind on /me
PER_PAGE = 20    # items on each "see all" page

# The kinds of answered things an author rates (answerable kinds in the content registry).
COMMENT, IDEA, DIALOGUE_ITEM = "comment", "idea", "dialogue_item"
QUESTION_VOTES = "dialogue_question"   # votes ("interested") on questions sent beforehand


@dataclass
class Listing:
    """A page of one kind of item, with the total and the page numbers."""

    items: list
    total: int
    page: int = 1
    pages: int = 1

    @property
    def more(self) -> bool:
        return self.total > len(self.items)


def _page(query, id_column, page: int | None, per_page: int):
    """(rows, total, page, pages): the summary (page None: the first few) or a page."""
    total, number, pages = page_bounds(query, id_column, page or 1, per_page)
    return query.offset((number - 1) * per_page).limit(per_page), total, number, pages


# --- comments and their receipts -------------------------------------------------------------

def comments(user, page: int | None = None) -> Listing:
    """My comments, newest first, each with its story (receipts.stories)."""
    per_page = SUMMARY if page is None else PER_PAGE
    query = select(Comment).where(Comment.author_id == user.id).order_by(Comment.created_at.desc(), Comment.id.desc())
    query, total, number, pages = _page(query, Comment.id, page, per_page)
    rows = db.session.scalars(query).all()
    return Listing(receipts.stories(user, rows), total, number, pages)


# --- ideas -------------------------------------------------------------------------------------

def ideas(user) -> Listing:
    """My ideas, newest first (the ideas feature's own list; all of them are on /ideas/mine)."""
    rows, total, _page_number, _pages = idea_services.own_ideas(user, 1)
    return Listing(list(rows)[:SUMMARY], total)


# --- dialogue registrations ------------------------------------------------------------------

@dataclass
class RegistrationView:
    registration: Registration
    session: DialogueSession

    @property
    def upcoming(self) -> bool:
        return self.session.ends_at > utcnow()


def registrations(user, page: int | None = None) -> Listing:
    """My registrations: sessions still to come first (soonest first), then past ones (latest
    first); cancelled ones too, marked so."""
    per_page = SUMMARY if page is None else PER_PAGE
    now = utcnow()
    coming = DialogueSession.ends_at > now
    query = (
        select(Registration, DialogueSession)
        .join(DialogueSession, DialogueSession.id == Registration.session_id)
        .where(Registration.user_id == user.id)
        .order_by(case((coming, 0), else_=1), case((coming, DialogueSession.starts_at), else_=None),
                  DialogueSession.starts_at.desc(), Registration.id.desc())
    )
    query, total, number, pages = _page(query, Registration.id, page, per_page)
    rows = db.session.execute(query).unique().all()
    return Listing([RegistrationView(registration, session) for registration, session in rows], total, number, pages)


# --- questions sent before sessions ----------------------------------------------------------

@dataclass
class QuestionView:
    question: DialogueQuestion
    session: DialogueSession
    interested: int = 0
    item: MinutesItem | None = None     # where the published minutes record it (its own or the merged one's)
    owed: object = None                 # a written answer owed for that item
    answer: object = None               # the written answer given

    @property
    def state(self) -> str:
        """merged / answered_in_writing / written_answer_owed / answered / selected / waiting_minutes / sent."""
        if self.answer is not None:
            return "answered_in_writing"
        if self.owed is not None:
            return "written_answer_owed"
        if self.item is not None:
            return "answered"
        if self.question.merged_into_id is not None:
            return "merged"
        if self.session.ends_at <= utcnow():
            return "waiting_minutes"
        if self.question.selected:
            return "selected"
        return "sent"

    @property
    def minutes_url(self) -> str | None:
        if self.item is None:
            return None
        return url_for("dialogues.minutes", session_id=self.session.id) + f"#item-{self.item.id}"


def questions(user, page: int | None = None) -> Listing:
    """My questions, newest first, with where each stands: taken in the session and recorded in
    the published minutes (with a written answer owed or given), merged, or still waiting."""
    per_page = SUMMARY if page is None else PER_PAGE
    query = (
        select(DialogueQuestion, DialogueSession)
        .join(DialogueSession, DialogueSession.id == DialogueQuestion.session_id)
        .where(DialogueQuestion.author_id == user.id)
        .order_by(DialogueQuestion.created_at.desc(), DialogueQuestion.id.desc())
    )
    query, total, number, pages = _page(query, DialogueQuestion.id, page, per_page)
    rows = db.session.execute(query).unique().all()
    views = [QuestionView(question, session) for question, session in rows]
    if not views:
        return Listing([], total, number, pages)
    # A merged question is answered where the question it was merged into is.
    asked = {view.question.id: view.question.merged_into_id or view.question.id for view in views}
    tallies = votes.tallies(QUESTION_VOTES, [view.question.id for view in views])
    items = db.session.scalars(
        select(MinutesItem).join(Minutes, Minutes.id == MinutesItem.minutes_id)
        .where(MinutesItem.question_id.in_(set(asked.values())), Minutes.published_at.is_not(None))
        .order_by(MinutesItem.position, MinutesItem.id)
    ).all()
    by_question: dict[int, MinutesItem] = {}
    for item in items:
        by_question.setdefault(item.question_id, item)
    item_ids = [item.id for item in by_question.values()]
    owed = answer_services.owed_by_subject(DIALOGUE_ITEM, item_ids)
    answers = answer_services.answers_by_subject(DIALOGUE_ITEM, item_ids)
    for view in views:
        view.interested = tallies.get(view.question.id, {}).get("up", 0)
        view.item = by_question.get(asked[view.question.id])
        if view.item is not None:
            view.answer = answers.get(view.item.id)
            view.owed = owed.get(view.item.id) if view.answer is None else None
    return Listing(views, total, number, pages)


# --- answers waiting for my rating -----------------------------------------------------------

@dataclass
class ToRate:
    answer: Answer
    kind: str          # comment / idea / dialogue_item
    title: str         # what was answered: the draft, the idea, the session
    url: str           # where the answer and its rating form are shown to me
    receipt: str = ""  # a comment's receipt number


def may_rate(user) -> bool:
    """Citizens and businesses rate the answers they received (answers.permissions.can_rate)."""
    return is_participant(user)


def _mine(user):
    """Answers to things I wrote: my comments, my ideas, my questions raised in the minutes."""
    my_comments = select(Comment.id).where(Comment.author_id == user.id)
    my_ideas = select(Idea.id).where(Idea.author_id == user.id)
    my_items = (select(MinutesItem.id).join(DialogueQuestion, DialogueQuestion.id == MinutesItem.question_id)
                .where(DialogueQuestion.author_id == user.id))
    return or_(
        and_(Answer.subject_type == COMMENT, Answer.subject_id.in_(my_comments)),
        and_(Answer.subject_type == IDEA, Answer.subject_id.in_(my_ideas)),
        and_(Answer.subject_type == DIALOGUE_ITEM, Answer.subject_id.in_(my_items)),
    )


def to_rate(user, page: int | None = None) -> Listing:
    """Answers to what I wrote that I have not rated yet, oldest first (they wait longest)."""
    if not may_rate(user):
        return Listing([], 0)
    per_page = SUMMARY if page is None else PER_PAGE
    rated = exists().where(Rating.answer_id == Answer.id, Rating.user_id == user.id)
    query = select(Answer).where(_mine(user), ~rated).order_by(Answer.created_at, Answer.id)
    query, total, number, pages = _page(query, Answer.id, page, per_page)
    answers = db.session.scalars(query).unique().all()
    return Listing(_describe(answers), total, number, pages)


def _describe(answers: list[Answer]) -> list[ToRate]:
    """What each answer answered and where to rate it: each kind's rows loaded in one query
    (and the commented things in one more per kind), then read through the adapters."""
    ids: dict[str, list[int]] = {}
    for answer in answers:
        ids.setdefault(answer.subject_type, []).append(answer.subject_id)
    loaded: dict[tuple[str, int], object] = {}
    held: list = []
    if ids.get(COMMENT):
        rows = db.session.scalars(select(Comment).where(Comment.id.in_(ids[COMMENT]))).unique().all()
        loaded.update({(COMMENT, row.id): row for row in rows})
        by_type: dict[str, set[int]] = {}
        for row in rows:
            by_type.setdefault(row.subject_type, set()).add(row.subject_id)
        for subject_type, subject_ids in by_type.items():
            # Into the session (held here: its identity map keeps rows only while referenced),
            # so the adapters below find them without a query each.
            model = content.get(subject_type).model
            if model is not None:
                held.extend(db.session.scalars(select(model).where(model.id.in_(subject_ids))).unique().all())
    if ids.get(IDEA):
        rows = db.session.scalars(select(Idea).where(Idea.id.in_(ids[IDEA]))).unique().all()
        loaded.update({(IDEA, row.id): row for row in rows})
    if ids.get(DIALOGUE_ITEM):
        rows = db.session.scalars(
            select(MinutesItem).where(MinutesItem.id.in_(ids[DIALOGUE_ITEM]))
            .options(joinedload(MinutesItem.minutes).joinedload(Minutes.session))
        ).unique().all()
        loaded.update({(DIALOGUE_ITEM, row.id): row for row in rows})
    result = []
    for answer in answers:
        subject = loaded.get((answer.subject_type, answer.subject_id))
        adapter = content.answerable(answer.subject_type)
        if subject is None or adapter is None:
            continue
        result.append(ToRate(answer, answer.subject_type, adapter.title(subject), adapter.url(subject),
                             receipt=getattr(subject, "receipt", "") if answer.subject_type == COMMENT else ""))
    return result


# --- everything for /me ------------------------------------------------------------------------

@dataclass
class Overview:
    comments: Listing
    ideas: Listing
    registrations: Listing
    questions: Listing
    to_rate: Listing
    today: date


def overview(user) -> Overview:
    return Overview(
        comments=comments(user), ideas=ideas(user), registrations=registrations(user),
        questions=questions(user), to_rate=to_rate(user), today=local_today(),
    )


def waiting_count(user) -> int:
    """How many answers wait for my rating (the home page's reminder): one count query."""
    if not may_rate(user):
        return 0
    rated = exists().where(Rating.answer_id == Answer.id, Rating.user_id == user.id)
    total, _page_number, _pages = page_bounds(select(Answer).where(_mine(user), ~rated), Answer.id, 1, 1)
    return total

