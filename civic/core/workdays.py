"""Working days in Viet Nam: weekends, public holidays from `holidays` (with the days it
substitutes) and the swap days an admin adds per year (a Saturday worked to bridge a holiday,
or an extra day off). Every deadline in the product is counted here."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import TimestampMixin
from .services import ServiceError
from .text import clean_line
from .timeutil import to_local


class WorkdayOverride(TimestampMixin, db.Model):
    """A date an admin declares a working day (is_working_day) or a day off (not)."""

    __tablename__ = "workday_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True, nullable=False)
    is_working_day: Mapped[bool] = mapped_column(Boolean, nullable=False)
    note: Mapped[str] = mapped_column(String(200), default="", nullable=False)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def _overrides(start: date, end: date) -> dict[date, bool]:
    rows = db.session.execute(
        select(WorkdayOverride.day, WorkdayOverride.is_working_day).where(
            WorkdayOverride.day >= start, WorkdayOverride.day <= end
        )
    ).all()
    return {row.day: row.is_working_day for row in rows}


def _is_working(day: date, overrides: dict[date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    if day.weekday() >= 5:
        return False
    return day not in _public_holidays(day.year)


def is_working_day(day: date) -> bool:
    return _is_working(day, _overrides(day, day))


def add_working_days(start: date | datetime, n: int) -> date:
    """The n-th working day after `start` (start itself is not counted); n=0 gives start.
    A datetime counts from its date in Viet Nam."""
    if isinstance(start, datetime):
        start = to_local(start).date()
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    # n working days never span more than ~2n + 30 calendar days, even around Tết.
    overrides = _overrides(start, start + timedelta(days=2 * n + 40))
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if _is_working(day, overrides):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if _is_working(day, overrides):
            count += 1
    return count


def working_days_counter(pairs: list[tuple[date, date]]):
    """working_days_between for many pairs with one query for the admin's swap days: a running
    count of working days over the whole span, so each pair is a subtraction."""
    low = min(start for start, _ in pairs)
    high = max(end for _, end in pairs)
    if high <= low:
        return lambda start, end: 0
    overrides = _overrides(low, high)
    running, count = [0], 0
    day = low
    while day < high:
        day += timedelta(days=1)
        if _is_working(day, overrides):
            count += 1
        running.append(count)

    def between(start: date, end: date) -> int:
        if end <= start:
            return 0
        return running[(end - low).days] - running[(start - low).days]

    return between


NOTE_MAX = 200


def check_note(note: str | None) -> str:
    """A swap day's note as typed (spaces tidied), or a refusal: never shortened."""
    note = clean_line(note)
    if len(note) > NOTE_MAX:
        raise ServiceError(_l("Ghi chú dài tối đa 200 ký tự (hiện có %(n)s ký tự).", n=len(note)), "note")
    return note


def set_override(day: date, is_working: bool, note: str = "") -> WorkdayOverride:
    """Declare a swap day (audited); replaces an earlier declaration for the same date."""
    from . import audit

    note = check_note(note)
    override = db.session.scalar(select(WorkdayOverride).where(WorkdayOverride.day == day))
    before = None
    if override is None:
        override = WorkdayOverride(day=day, is_working_day=is_working, note=note)
        db.session.add(override)
    else:
        before = {"is_working_day": override.is_working_day, "note": override.note}
        override.is_working_day, override.note = is_working, note
    db.session.flush()
    audit.record(
        "workday.set",
        override,
        before=before,
        after={"day": day.isoformat(), "is_working_day": is_working, "note": note},
        summary=day.isoformat(),
    )
    return override


def remove_override(override: WorkdayOverride) -> None:
    from . import audit

    audit.record(
        "workday.remove",
        override,
        before={"day": override.day.isoformat(), "is_working_day": override.is_working_day, "note": override.note},
        summary=override.day.isoformat(),
    )
    db.session.delete(override)


def overrides_for_year(year: int) -> list[WorkdayOverride]:
    return list(
        db.session.scalars(
            select(WorkdayOverride)
            .where(WorkdayOverride.day >= date(year, 1, 1), WorkdayOverride.day <= date(year, 12, 31))
            .order_by(WorkdayOverride.day)
        )
    )


def public_holidays_for_year(year: int, locale: str = "vi") -> list[tuple[date, str]]:
    language = "vi" if locale.startswith("vi") else "en_US"
    return sorted(holidays.country_holidays("VN", years=year, language=language).items())
