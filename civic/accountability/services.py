"""The public accountability figures (công khai kết quả), per agency and in total.

Everything is computed from the rows on every request with SQL aggregates grouped by agency:
a fixed number of queries whatever the number of agencies, comments or answers (no query per
agency, none per row). Nothing is stored.

For a period [start, end] (dates in Viet Nam, both included; None leaves that side open):

- consultations held: published consultations whose opens_on falls in the period;
- comments received: published or withdrawn (not hidden) comments on those consultations,
  created in the period; "with an outcome": those of them with a CommentOutcome in a
  *published* synthesis report (a draft report's outcomes are not public yet);
- answers owed: OwedAnswer rows triggered in the period, split into answered on time
  (answered_on <= due_on), late (answered_on > due_on), overdue now (unanswered, due_on before
  today) and still pending (unanswered, not yet due); the four add up to the owed count;
- median answer time: over those owed rows that were answered, working days from triggered_on
  to answered_on (civic.core.workdays), the median computed in Python;
- satisfaction rate: satisfied ratings ÷ all ratings, over ratings of the agency's answers given
  in the period.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, func, or_, select

from ..agencies.models import Agency
from ..answers.models import Answer, OwedAnswer, Rating
from ..comments.models import PUBLISHED, WITHDRAWN, Comment
from ..consultations.models import Consultation
from ..core.text import fold
from ..core.timeutil import LOCAL_TZ, local_today, read_date
from ..core.workdays import working_days_counter
from ..extensions import db
from ..reports.models import CommentOutcome, SynthesisReport

CONSULTATION_SUBJECT = "consultation"
# Periods outside these years are typing mistakes (and year 1 would not survive the time zone).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
RECEIVED_STATUSES = (PUBLISHED, WITHDRAWN)


@dataclass
class AgencyFigures:
    """One agency's figures for a period (agency_id None and is_total for the total row)."""

    agency_id: int | None
    name: str
    slug: str | None
    consultations: int = 0
    comments: int = 0
    with_outcome: int = 0
    owed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    median_days: float | None = None
    rated: int = 0
    satisfied: int = 0
    is_total: bool = False
    answer_days: list[int] = field(default_factory=list, repr=False)

    @property
    def answered(self) -> int:
        return self.on_time + self.late

    @property
    def pending(self) -> int:
        return self.owed - self.on_time - self.late - self.overdue

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def outcome_share(self) -> float | None:
        return self.with_outcome / self.comments if self.comments else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def has_figures(self) -> bool:
        return bool(self.consultations or self.comments or self.owed or self.rated)


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def default_period(today: date | None = None) -> Period:
    """The current calendar year in Viet Nam."""
    today = today or local_today()
    return Period(date(today.year, 1, 1), date(today.year, 12, 31))


def _parse_day(raw: str) -> date:
    return read_date(raw)  # 31/12/2026 as the form shows it, or 2026-12-31 from a link


def parse_period(raw_from: str | None, raw_to: str | None, today: date | None = None) -> tuple[Period, bool]:
    """The period asked for by `?from=YYYY-MM-DD&to=YYYY-MM-DD` (31/12/2026 also accepted), and
    whether it was valid. Nothing given: the current year. Only `to` given: from 1 January of
    its year; only `from` given: to the end of the current year. Unreadable dates, `from` after
    `to`, or a year outside 1900–2999: the current year, and False."""
    fallback = default_period(today)
    raw_from, raw_to = (raw_from or "").strip(), (raw_to or "").strip()
    if not raw_from and not raw_to:
        return fallback, True
    try:
        end = _parse_day(raw_to) if raw_to else fallback.end
        start = _parse_day(raw_from) if raw_from else date(end.year, 1, 1)
    except (ValueError, TypeError, OverflowError):
        return fallback, False
    if start > end or start.year < EARLIEST_YEAR or end.year > LATEST_YEAR:
        return fallback, False
    return Period(start, end), True


def _utc_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[from, until) in UTC for the local days start..end."""

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(timezone.utc)

    low = midnight(start) if start else None
    high = midnight(end + timedelta(days=1)) if end and end < date.max else None
    return low, high


def _between(column, start, end) -> list:
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end if not isinstance(end, datetime) else column < end)
    return conditions


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else float(middle)


def _compute(start: date | None, end: date | None, agency_id: int | None) -> dict[int, AgencyFigures]:
    """Figures keyed by agency id, for every agency that has any (or just `agency_id`)."""
    today = local_today()
    from_utc, until_utc = _utc_bounds(start, end)

    def only(column):
        return [column == agency_id] if agency_id is not None else []

    if agency_id is None:
        # Agencies that ever held a public consultation or owed an answer: they get a row even
        # when the period holds nothing for them (a zero is a figure too).
        agency_rows = db.session.execute(
            select(Agency.id, Agency.name, Agency.slug).where(
                or_(
                    Agency.id.in_(select(Consultation.agency_id).where(Consultation.published_at.is_not(None))),
                    Agency.id.in_(select(OwedAnswer.agency_id)),
                )
            )
        ).all()
    else:
        agency_rows = db.session.execute(select(Agency.id, Agency.name, Agency.slug).where(Agency.id == agency_id)).all()
    result = {row.id: AgencyFigures(row.id, row.name, row.slug) for row in agency_rows}
    if not result:
        return result

    held = and_(
        Consultation.published_at.is_not(None),
        *_between(Consultation.opens_on, start, end),
        *only(Consultation.agency_id),
    )
    for row in db.session.execute(
        select(Consultation.agency_id, func.count(Consultation.id)).where(held).group_by(Consultation.agency_id)
    ):
        if row[0] in result:
            result[row[0]].consultations = row[1]

    comment_query = (
        select(Consultation.agency_id, func.count(Comment.id), func.count(SynthesisReport.id))
        .select_from(Comment)
        .join(Consultation, and_(Comment.subject_type == CONSULTATION_SUBJECT, Comment.subject_id == Consultation.id))
        .outerjoin(CommentOutcome, CommentOutcome.comment_id == Comment.id)
        .outerjoin(
            SynthesisReport,
            and_(SynthesisReport.id == CommentOutcome.report_id, SynthesisReport.published_at.is_not(None)),
        )
        .where(held, Comment.status.in_(RECEIVED_STATUSES), *_between(Comment.created_at, from_utc, until_utc))
        .group_by(Consultation.agency_id)
    )
    for agency, received, with_outcome in db.session.execute(comment_query):
        if agency in result:
            result[agency].comments, result[agency].with_outcome = received, with_outcome

    owed_in_period = [*_between(OwedAnswer.triggered_on, start, end), *only(OwedAnswer.agency_id)]
    answered = OwedAnswer.answered_on.is_not(None)
    owed_query = (
        select(
            OwedAnswer.agency_id,
            func.count(OwedAnswer.id),
            func.coalesce(func.sum(case((and_(answered, OwedAnswer.answered_on <= OwedAnswer.due_on), 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(answered, OwedAnswer.answered_on > OwedAnswer.due_on), 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(OwedAnswer.answered_on.is_(None), OwedAnswer.due_on < today), 1), else_=0)), 0),
        )
        .where(*owed_in_period)
        .group_by(OwedAnswer.agency_id)
    )
    for agency, owed, on_time, late, overdue in db.session.execute(owed_query):
        if agency in result:
            figures = result[agency]
            figures.owed, figures.on_time, figures.late, figures.overdue = owed, int(on_time), int(late), int(overdue)

    pairs = db.session.execute(
        select(OwedAnswer.agency_id, OwedAnswer.triggered_on, OwedAnswer.answered_on).where(answered, *owed_in_period)
    ).all()
    if pairs:
        between = working_days_counter([(row.triggered_on, row.answered_on) for row in pairs])
        for agency, triggered_on, answered_on in pairs:
            if agency in result:
                result[agency].answer_days.append(between(triggered_on, answered_on))
    for figures in result.values():
        figures.median_days = _median(figures.answer_days)

    rating_query = (
        select(
            Answer.agency_id,
            func.count(Rating.id),
            func.coalesce(func.sum(case((Rating.value == "satisfied", 1), else_=0)), 0),
        )
        .select_from(Rating)
        .join(Answer, Answer.id == Rating.answer_id)
        .where(*_between(Answer.created_at, from_utc, until_utc), *only(Answer.agency_id))
        .group_by(Answer.agency_id)
    )
    for agency, rated, satisfied in db.session.execute(rating_query):
        if agency in result:
            result[agency].rated, result[agency].satisfied = rated, int(satisfied)
    return result


def _sort_key(figures: AgencyFigures):
    return (fold(figures.name), figures.name, figures.agency_id or 0)


def figures(period_start: date | None, period_end: date | None) -> list[AgencyFigures]:
    """One row per agency that has any public consultation or owed answer (sorted by name,
    ignoring diacritics), then the total row (is_total; its median is over every answer).
    An empty list when no agency has anything yet."""
    rows = sorted(_compute(period_start, period_end, None).values(), key=_sort_key)
    if not rows:
        return []
    total = AgencyFigures(None, "", None, is_total=True)
    for row in rows:
        for name in ("consultations", "comments", "with_outcome", "owed", "on_time", "late", "overdue", "rated", "satisfied"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.answer_days.extend(row.answer_days)
    total.median_days = _median(total.answer_days)
    return [*rows, total]


def agency_figures(agency_id: int, period_start: date | None, period_end: date | None) -> AgencyFigures | None:
    """One agency's figures for the period (zeros when it has none); None for no such agency."""
    return _compute(period_start, period_end, agency_id).get(agency_id)


def year_totals(today: date | None = None) -> AgencyFigures | None:
    """Every agency's figures added up for the current year (the home page's headline: answers
    on time, satisfaction); None while no agency has anything."""
    period = default_period(today)
    rows = figures(period.start, period.end)
    return rows[-1] if rows else None
