"""Times are stored in UTC and shown in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


# Tests freeze the clock by setting this (see tests/conftest.py `clock`); nothing else may.
_frozen: datetime | None = None


def utcnow() -> datetime:
    return _frozen if _frozen is not None else datetime.now(timezone.utc)


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL_TZ)


def local_today() -> date:
    return to_local(utcnow()).date()


def machine_time(value: datetime | date) -> str:
    """A valid `<time datetime>` value: a date as `2026-11-30`, a moment in Viet Nam time with
    its offset and whole seconds (`2026-11-30T04:12:00+07:00`; microseconds are not valid)."""
    if isinstance(value, datetime):
        return to_local(value).replace(microsecond=0).isoformat()
    return value.isoformat()


def local_date(value: datetime | date) -> date:
    """The calendar day a person in Viet Nam sees for a stored moment (or a date as it is)."""
    return to_local(value).date() if isinstance(value, datetime) else value
