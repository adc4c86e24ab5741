"""Comment operations and the queries behind a page of comments."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..accounts.permissions import is_signed_in
from ..core.services import ServiceError, refuse_unless
from ..core.text import clean_text
from ..core.timeutil import to_local, utcnow
from ..extensions import db
from ..answers import services as answer_services
from ..votes import services as votes
from ..votes.models import Vote
from ..core import content
from . import permissions
from .models import MAX_DEPTH, MAX_LENGTH, PUBLISHED, WITHDRAWN, Comment, ReceiptCounter

PER_PAGE = 20
COMMENT_VOTES = ("up", "down")
SORTS = ("oldest", "newest", "supported")
VOTE_SUBJECT = "comment"
ANSWER_SUBJECT = "comment"


# What a synthesis report decided about each comment comes from the reports feature, which
# builds on comments: it registers how to load those outcomes (from create_app), and comments
# never import it.
def _no_outcomes(ids: list[int]) -> dict:
    return {}


_outcomes: Callable[[list[int]], dict] = _no_outcomes


def register_outcomes(loader: Callable[[list[int]], dict]) -> None:
    global _outcomes
    _outcomes = loader


def load_outcomes(comment_ids) -> dict:
    """comment id → its published outcome, for those that have one."""
    ids = list(comment_ids)
    return _outcomes(ids) if ids else {}


def check_body(raw: str | None) -> str:
    body = clean_text(raw)
    if not body:
        raise ServiceError(_l("Vui lòng nhập nội dung ý kiến."), "body")
    if len(body) > MAX_LENGTH:
        raise ServiceError(
            _l("Ý kiến dài tối đa %(max)s ký tự (hiện có %(n)s).", max=format_number(MAX_LENGTH), n=format_number(len(body))),
            "body",
        )
    return body


def next_receipt() -> str:
    """GY-<year>-<6 digits>: a per-year counter incremented in the caller's transaction, so
    a number is given to exactly one comment and never again."""
    year = to_local(utcnow()).year
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(ReceiptCounter).values(year=year, last=0).on_conflict_do_nothing())
    number = db.session.execute(
        update(ReceiptCounter)
        .where(ReceiptCounter.year == year)
        .values(last=ReceiptCounter.last + 1)
        .returning(ReceiptCounter.last)
    ).scalar_one()
    return f"GY-{year}-{number:06d}"


def _refuse_unless(decision) -> None:
    """A comment permission's refusal as a ServiceError: 400 about the comment's state, 403
    about who asks."""
    refuse_unless(decision, status=permissions.refusal_status(decision))


def post_comment(user, subject_type: str, subject, raw_body: str | None, *,
                 section_id: int | None = None, parent: Comment | None = None) -> Comment:
    adapter = content.commentable(subject_type)
    _refuse_unless(permissions.can_comment_on(user, subject_type, subject))
    body = check_body(raw_body)
    depth = 0
    if parent is not None:
        _refuse_unless(permissions.can_reply(user, parent, subject_type, subject))
        depth = parent.depth + 1
        section_id = parent.section_id
    elif section_id is not None:
        if adapter.check_section is None:
            raise ServiceError(_l("Nội dung này không chia thành các mục."), status=400)
        adapter.check_section(subject, section_id)
    comment = Comment(
        subject_type=subject_type,
        subject_id=subject.id,
        section_id=section_id,
        parent_id=parent.id if parent else None,
        depth=depth,
        author_id=user.id,
        body=body,
        receipt=next_receipt(),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def edit_comment(user, comment: Comment, raw_body: str | None) -> Comment:
    _refuse_unless(permissions.can_edit(user, comment))
    _refuse_unless(permissions.can_comment_on(user, comment.subject_type, load_subject(comment)))
    comment.body = check_body(raw_body)
    comment.edited_at = utcnow()
    return comment


def withdraw_comment(user, comment: Comment) -> Comment:
    _refuse_unless(permissions.can_withdraw(user, comment))
    comment.status = WITHDRAWN
    comment.withdrawn_at = utcnow()
    return comment


def load_subject(comment: Comment):
    return content.get(comment.subject_type).load(comment.subject_id)


def vote_on_comment(user, comment: Comment, value: str):
    _refuse_unless(permissions.can_vote(user, comment, load_subject(comment)))
    vote = votes.set_vote(user, VOTE_SUBJECT, comment.id, value)
    return vote


def withdraw_comment_vote(user, comment: Comment) -> bool:
    _refuse_unless(permissions.can_withdraw_vote(user, comment, load_subject(comment)))
    removed = votes.withdraw_vote(user, VOTE_SUBJECT, comment.id)
    return removed


# --- reading ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommentPermissions:
    """What the viewer may do with comments on one subject, decided once per page."""

    user_id: int | None
    can_reply: bool
    can_vote: bool
    can_answer: bool = False  # staff of the answering agency


def permissions_for(user, subject_type: str, subject) -> CommentPermissions:
    signed_in = is_signed_in(user)
    return CommentPermissions(
        user_id=user.id if signed_in else None,
        can_reply=permissions.can_comment_on(user, subject_type, subject).allowed,
        can_vote=signed_in and permissions.can_vote_on(user, subject_type, subject).allowed,
        can_answer=signed_in and permissions.can_answer_on(user, subject_type, subject).allowed,
    )


@dataclass
class CommentView:
    """A comment with what its page shows about it, all loaded in bounded queries."""

    comment: Comment
    reply_count: int = 0
    up: int = 0
    down: int = 0
    my_vote: str | None = None
    # The comment's part of what the viewer may do (the subject's part is CommentPermissions).
    can_edit: bool = False
    can_withdraw: bool = False
    takes_replies: bool = False
    takes_votes: bool = False
    replies: list["CommentView"] = field(default_factory=list)
    answer: object = None      # the official answer, if any
    owed: object = None        # the owed answer (deadline), if any
    my_rating: object = None   # the viewer's rating of the answer, if any
    outcome: object = None     # its outcome in the published synthesis report, if any


@dataclass
class CommentPage:
    items: list[CommentView]
    page: int
    pages: int
    total: int
    sort: str

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _decorate(user, comments: list[Comment]) -> list[CommentView]:
    ids = [c.id for c in comments]
    if not ids:
        return []
    reply_counts = dict(
        db.session.execute(
            select(Comment.parent_id, func.count(Comment.id))
            .where(Comment.parent_id.in_(ids))
            .group_by(Comment.parent_id)
        ).all()
    )
    tally = votes.tallies(VOTE_SUBJECT, ids)
    mine = votes.my_votes(user, VOTE_SUBJECT, ids)
    answers = answer_services.answers_by_subject(ANSWER_SUBJECT, ids)
    owed = answer_services.owed_by_subject(ANSWER_SUBJECT, ids)
    ratings = answer_services.ratings_by_answer(user, [a.id for a in answers.values()])
    outcomes = load_outcomes(ids)
    return [
        CommentView(
            comment=c,
            reply_count=reply_counts.get(c.id, 0),
            up=tally.get(c.id, {}).get("up", 0),
            down=tally.get(c.id, {}).get("down", 0),
            my_vote=mine.get(c.id),
            can_edit=permissions.can_edit(user, c).allowed,
            can_withdraw=permissions.can_withdraw(user, c).allowed,
            takes_replies=permissions.takes_replies(c).allowed,
            takes_votes=permissions.takes_votes_from(user, c).allowed,
            answer=answers.get(c.id),
            owed=owed.get(c.id),
            my_rating=ratings.get(answers[c.id].id) if c.id in answers else None,
            outcome=outcomes.get(c.id),
        )
        for c in comments
    ]


def comment_page(user, subject_type: str, subject_id: int, *, section_id: int | None = None,
                 sort: str = "oldest", page: int = 1) -> CommentPage:
    """One page of top-level comments (20), without loading the others."""
    sort = sort if sort in SORTS else "oldest"
    where = and_(Comment.subject_type == subject_type, Comment.subject_id == subject_id, Comment.parent_id.is_(None))
    if section_id is not None:
        where = and_(where, Comment.section_id == section_id)
    total = db.session.scalar(select(func.count(Comment.id)).where(where))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    query = select(Comment).where(where)
    if sort == "newest":
        query = query.order_by(Comment.created_at.desc(), Comment.id.desc())
    elif sort == "supported":
        support = (
            select(func.count(Vote.id))
            .where(Vote.subject_type == VOTE_SUBJECT, Vote.subject_id == Comment.id, Vote.value == "up")
            .correlate(Comment)
            .scalar_subquery()
        )
        query = query.order_by(support.desc(), Comment.created_at, Comment.id)
    else:
        query = query.order_by(Comment.created_at, Comment.id)
    comments = db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return CommentPage(_decorate(user, comments), page, pages, total, sort)


def top_level_total(subject_type: str, subject_id: int, section_id: int | None = None) -> int:
    """How many top-level comments the subject's list counts ("N ý kiến chính")."""
    where = and_(Comment.subject_type == subject_type, Comment.subject_id == subject_id, Comment.parent_id.is_(None))
    if section_id is not None:
        where = and_(where, Comment.section_id == section_id)
    return db.session.scalar(select(func.count(Comment.id)).where(where))


def top_level_of(comment: Comment) -> Comment:
    """The comment a reply belongs under (itself for a top-level comment): at most two steps."""
    while comment.parent_id is not None:
        comment = comment.parent
    return comment


def page_of(comment: Comment) -> int:
    """The page of its subject's comments, in the default order (oldest first, all sections),
    that shows this top-level comment — counted, so it stays right whatever is posted later."""
    earlier = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.subject_type == comment.subject_type, Comment.subject_id == comment.subject_id,
        Comment.parent_id.is_(None),
        or_(Comment.created_at < comment.created_at,
            and_(Comment.created_at == comment.created_at, Comment.id < comment.id)),
    ))
    return earlier // PER_PAGE + 1


def thread_of(user, comment: Comment) -> CommentView:
    """A comment with every reply under it (two levels at most), in bounded queries."""
    children = db.session.scalars(
        select(Comment).where(Comment.parent_id == comment.id).order_by(Comment.created_at, Comment.id)
    ).all()
    grandchildren = []
    if children and comment.depth + 1 < MAX_DEPTH:
        grandchildren = db.session.scalars(
            select(Comment).where(Comment.parent_id.in_([c.id for c in children])).order_by(Comment.created_at, Comment.id)
        ).all()
    views = _decorate(user, [comment, *children, *grandchildren])
    by_id = {v.comment.id: v for v in views}
    for view in views[1:]:
        by_id[view.comment.parent_id].replies.append(view)
    return views[0]


def replies_of(user, comment: Comment) -> list[CommentView]:
    children = db.session.scalars(
        select(Comment).where(Comment.parent_id == comment.id).order_by(Comment.created_at, Comment.id)
    ).all()
    return _decorate(user, children)


def decorate_one(user, comment: Comment) -> CommentView:
    return _decorate(user, [comment])[0]


def counts_by_section(subject_type: str, subject_id: int) -> dict[int | None, int]:
    """Visible comments (replies included) per section id; None for the whole draft."""
    rows = db.session.execute(
        select(Comment.section_id, func.count(Comment.id))
        .where(Comment.subject_type == subject_type, Comment.subject_id == subject_id, Comment.status == PUBLISHED)
        .group_by(Comment.section_id)
    )
    return dict(rows.all())
