"""Commitments made in the room: written into the minutes (a change to published minutes is a
revision like any other), then tracked with dated progress notes; the figures and the lists of
the commitments of published minutes."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...agencies.models import Agency
from ...core import audit
from ...core.services import Problems, ServiceError, parse_date, refuse_unless
from ...core.text import as_id, clean_text
from ...core.timeutil import local_today
from ...extensions import db
from .. import permissions
from ..models import (
    COMMITMENT_STATUSES, DONE, DROPPED, IN_PROGRESS, OPEN, Commitment, CommitmentNote, Minutes, MinutesItem,
)
from .minutes import _checked


# --- in the minutes -----------------------------------------------------------------------------

def _owner(raw) -> Agency:
    owner = db.session.scalar(select(Agency).where(Agency.slug == str(raw or "").strip()))
    if owner is None:
        raise ServiceError(_l("Vui lòng chọn cơ quan chịu trách nhiệm.") if not str(raw or "").strip()
                           else _l("Cơ quan chịu trách nhiệm không tồn tại."), "owner")
    return owner


def _linked_item(minutes: Minutes, raw) -> int | None:
    raw = str(raw or "").strip()
    if not raw:
        return None
    item = db.session.get(MinutesItem, as_id(raw)) if as_id(raw) else None
    if item is None or item.minutes_id != minutes.id:
        raise ServiceError(_l("Câu hỏi được liên kết không thuộc biên bản này."), "item_id")
    return item.id


def _commitment_fields(minutes: Minutes, data: dict, problems: Problems) -> dict:
    description = clean_text(data.get("description"))
    if len(description) < 5 or len(description) > 5000:
        problems.add(_l("Vui lòng nêu nội dung cam kết (5 đến 5.000 ký tự)."), "description")
    owner = problems.check(_owner, data.get("owner"))
    return {"description": description, "owner_agency_id": owner.id if owner is not None else None,
            "due_on": problems.check(parse_date, data.get("due_on"), "due_on"),
            "item_id": problems.check(_linked_item, minutes, data.get("item_id"))}


def add_commitment(actor, minutes: Minutes, data: dict, change_note: str | None = None) -> Commitment:
    refuse_unless(permissions.can_manage(actor, minutes.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _commitment_fields(minutes, data, problems))
    commitment = Commitment(session_id=minutes.session_id, **fields)
    db.session.add(commitment)
    db.session.flush()
    revision.done()
    audit.record("dialogue.commit", commitment, after={"due_on": commitment.due_on}, actor=actor)
    return commitment


def update_commitment_text(actor, commitment: Commitment, data: dict, change_note: str | None = None) -> Commitment:
    minutes = commitment.session.minutes
    refuse_unless(permissions.can_manage(actor, commitment.session))
    revision, fields = _checked(actor, minutes, change_note, lambda problems: _commitment_fields(minutes, data, problems))
    for key, value in fields.items():
        setattr(commitment, key, value)
    revision.done()
    return commitment


# --- commitments after the session -------------------------------------------------------------

def track(actor, commitment: Commitment, status: str, note: str, on=None) -> Commitment:
    """A dated progress note that may move the commitment on (done needs the day; dropped a reason)."""
    refuse_unless(permissions.can_track(actor, commitment))
    if commitment.status in (DONE, DROPPED):
        raise ServiceError(_l("Cam kết đã kết thúc; không thể cập nhật thêm."), status=400)
    problems = Problems()
    if status not in COMMITMENT_STATUSES:
        problems.add(_l("Vui lòng chọn trạng thái."), "new_status")
    note = clean_text(note)
    if len(note) < 5 or len(note) > 5000:
        problems.add(_l("Vui lòng ghi nội dung cập nhật (5 đến 5.000 ký tự)."), "note")
    day = problems.check(parse_date, on, "on") if on not in (None, "") else local_today()
    if day is not None and day > local_today():
        problems.add(_l("Ngày cập nhật không thể ở tương lai."), "on")
    problems.raise_if_any()
    before = commitment.status
    commitment.status = status
    if status == DONE:
        commitment.done_on = day
    if status == DROPPED:
        commitment.dropped_reason = note
    commitment.notes.append(CommitmentNote(body=note, on=day, status=status, author_id=actor.id))
    audit.record("dialogue.commitment.track", commitment, before={"status": before},
                 after={"status": status, "note": note}, actor=actor)
    return commitment


def _published_commitment_counts(*columns):
    """`columns` and the four counts (done, open and not yet due, overdue, dropped) over the
    commitments of published minutes, as of today."""
    today = local_today()
    pending = Commitment.status.in_((OPEN, IN_PROGRESS))
    return (
        select(*columns,
               func.count().filter(Commitment.status == DONE),
               func.count().filter(pending, Commitment.due_on >= today),
               func.count().filter(pending, Commitment.due_on < today),
               func.count().filter(Commitment.status == DROPPED))
        .join(Minutes, Minutes.session_id == Commitment.session_id)
        .where(Minutes.published_at.is_not(None))
    )


def commitment_figures(agency_ids=None) -> dict[str, int]:
    """Done / open (incl. in progress, not yet due) / overdue / dropped, over published minutes."""
    query = _published_commitment_counts()
    if agency_ids is not None:
        query = query.where(Commitment.owner_agency_id.in_(list(agency_ids) or [-1]))
    done, open_, overdue, dropped = db.session.execute(query).one()
    return {"done": done, "open": open_, "overdue": overdue, "dropped": dropped}


@dataclass
class CommitmentRow:
    """One owner agency's commitments from published minutes, as they stand today."""

    name: str
    slug: str
    done: int
    open: int
    overdue: int
    dropped: int


def commitment_table(agency_id: int | None = None) -> list[CommitmentRow]:
    """Per owner agency (one grouped query), most overdue first; `agency_id` narrows to one."""
    query = (_published_commitment_counts(Agency.name, Agency.slug)
             .join(Agency, Agency.id == Commitment.owner_agency_id)
             .group_by(Agency.id, Agency.name, Agency.slug))
    if agency_id is not None:
        query = query.where(Commitment.owner_agency_id == agency_id)
    rows = [CommitmentRow(*row) for row in db.session.execute(query)]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.name))


def public_commitments(agency_id: int | None = None, session_id: int | None = None, limit: int | None = None):
    """Commitments of published minutes, overdue and soonest due first."""
    query = select(Commitment).join(Minutes, Minutes.session_id == Commitment.session_id).where(
        Minutes.published_at.is_not(None))
    if agency_id is not None:
        query = query.where(Commitment.owner_agency_id == agency_id)
    if session_id is not None:
        query = query.where(Commitment.session_id == session_id)
    query = query.order_by(Commitment.status.in_((DONE, DROPPED)), Commitment.due_on, Commitment.id)
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).unique().all()
