"""Times are stored in UTC and shown in Asia/Ho_Chi_Minh."""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


# Tests freeze the clock by setting this (see tests/conftest.py `clock`); the demo loader replays
# its story through `clock_at`; nothing else may.
_frozen: datetime | None = None


def utcnow() -> datetime:
    return _frozen if _frozen is not None else datetime.now(timezone.utc)


@contextmanager
def clock_at(moment: datetime):
    """Run a block as if it were `moment` (aware), then give the clock back as it was (the real
    one, or a test's frozen one). Only the demo loader uses it, in the `seed demo` command: it
    replays what people and agencies did at the moments they did it, so that every time the
    services stamp and every deadline they count from "today" reads as it would have happened."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("naive datetime given where UTC is required")
    before = _frozen
    _frozen = moment
    try:
        yield moment
    finally:
        _frozen = before


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


# --- dates typed into forms -------------------------------------------------------------------
# Browsers show <input type="date"> in their own locale's order (an English browser shows
# 11/30/2026), so date fields are text in Vietnamese order, dd/mm/yyyy, whatever the browser.
# The ISO form (2026-11-30) is accepted too: bookmarks and API users send it.

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_HM = re.compile(r"(\d{1,2})[:hg](\d{2})")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def read_date(raw) -> date:
    """`30/11/2026` (or `2026-11-30`) as a date; ValueError for anything else, including a year
    outside 2000–2100 (no draft, session or deadline lies there; year 1 overflows time zones)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(text[:40])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(text)
    return date(year, month, day)


def read_local_datetime(raw) -> datetime:
    """A time and a day typed in Viet Nam time — `08:30 05/12/2026`, `05/12/2026 08:30` or
    `2026-12-05T08:30` — as an aware UTC datetime; ValueError otherwise."""
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=timezone.utc)
    text = " ".join(str(raw or "").replace("T", " ").split())[:40]
    day_part = clock = None
    for piece in text.split(" "):
        if _HM.fullmatch(piece) and clock is None:
            clock = piece
        elif day_part is None:
            day_part = piece
        else:
            raise ValueError(text)
    if day_part is None or clock is None:
        raise ValueError(text)
    hour, minute = (int(part) for part in _HM.fullmatch(clock).groups())
    value = datetime.combine(read_date(day_part), time(hour, minute), LOCAL_TZ)
    return value.astimezone(timezone.utc)


def date_input(value: date | datetime | None) -> str:
    """A date as a date field shows it: 30/11/2026 (a stored moment: its day in Viet Nam)."""
    if not value:
        return ""
    return local_date(value).strftime("%d/%m/%Y")


def datetime_input(value: datetime | None) -> str:
    """A moment as a date-and-time field shows it, in Viet Nam time: 08:30 05/12/2026."""
    return to_local(value).strftime("%H:%M %d/%m/%Y") if value else ""
