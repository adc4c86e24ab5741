from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..core import content
from ..core.services import ServiceError
from ..extensions import db
from .models import Vote


def set_vote(user, subject_type: str, subject_id: int, value: str) -> Vote:
    """Make the account's vote on the subject `value` (one of the values its kind takes, in
    the content registry); the same value again changes nothing."""
    kind = content.votable(subject_type)
    if kind is None:
        raise ServiceError(_l("Nội dung này không nhận bình chọn."), status=400)
    if value not in kind.values:
        raise ServiceError(_l("Lựa chọn bình chọn không hợp lệ."), "value", status=400)
    query = select(Vote).where(
        Vote.user_id == user.id, Vote.subject_type == subject_type, Vote.subject_id == subject_id
    )
    vote = db.session.scalar(query)
    if vote is None:
        try:
            with db.session.begin_nested():
                vote = Vote(user_id=user.id, subject_type=subject_type, subject_id=subject_id, value=value)
                db.session.add(vote)
        except IntegrityError:
            # A twin request (another tab, a double click) inserted it first: set that one.
            vote = db.session.scalar(query.execution_options(populate_existing=True))
    if vote.value != value:
        vote.value = value
    return vote


def withdraw_vote(user, subject_type: str, subject_id: int) -> bool:
    """Remove the account's vote; True if there was one."""
    result = db.session.execute(
        delete(Vote).where(
            Vote.user_id == user.id, Vote.subject_type == subject_type, Vote.subject_id == subject_id
        )
    )
    return bool(result.rowcount)


def tallies(subject_type: str, subject_ids) -> dict[int, dict[str, int]]:
    """{subject id: {value: count}} for many subjects in one query."""
    ids = list(subject_ids)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    if not ids:
        return out
    rows = db.session.execute(
        select(Vote.subject_id, Vote.value, func.count(Vote.id))
        .where(Vote.subject_type == subject_type, Vote.subject_id.in_(ids))
        .group_by(Vote.subject_id, Vote.value)
    )
    for subject_id, value, count in rows:
        out[subject_id][value] = count
    return out


def my_votes(user, subject_type: str, subject_ids) -> dict[int, str]:
    """{subject id: value} of the account's own votes, in one query."""
    ids = list(subject_ids)
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(
        select(Vote.subject_id, Vote.value).where(
            Vote.user_id == user.id, Vote.subject_type == subject_type, Vote.subject_id.in_(ids)
        )
    )
    return dict(rows.all())
