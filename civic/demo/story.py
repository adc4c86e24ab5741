"""The demo's story: what people and agencies did, each at its own moment, replayed in time order
through the services with the clock set to that moment (`core.timeutil.clock_at`). What the
services stamp (created_at, a receipt's year, a deadline counted in working days from "today", the
day an idea reached its threshold, a progress note dated today) is then what it would have been.

Moments in the data files (civic/demo_data/*.toml) are written relative to an anchor — the day
the demo is loaded, a consultation's opening day, the comment a reply answers...; each field's
comment names its anchor:

    "-36d"          36 calendar days before the anchor's day, at the anchor's time
                    (a day as anchor: 00:00)
    "+1d 20:40"     the next day at 20:40, Viet Nam time
    "+3wd 09:15"    the third working day after (weekends, Viet Nam holidays and swap days skipped)
    "-22wd 08:00"   the 22nd working day before
    "+4h10m"        4 hours 10 minutes after the anchor moment

A story never runs an event later than the moment it was loaded: the data are written so that
whatever the day (Tết included) the past stays in the past; `run` refuses otherwise.
"""
from __future__ import annotations

import heapq
import itertools
import re
import tomllib
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any, Callable

from sqlalchemy import select

from ..accounts.models import User
from ..agencies.models import Agency, Membership
from ..topics.models import Topic
from ..core.timeutil import LOCAL_TZ, clock_at, to_local
from ..core.workdays import add_working_days, is_working_day
from ..extensions import db


class DemoDataError(Exception):
    """The demo data contradict themselves (a bad moment, an unknown reference)."""


def load_data(name: str) -> dict[str, Any]:
    """One part's data file, civic/demo_data/<name>.toml."""
    with resources.files("civic").joinpath("demo_data", f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


# --- moments ----------------------------------------------------------------------------------

_WHEN = re.compile(r"(?P<sign>[+-])(?P<parts>(?:\d+(?:wd|d|h|m))+)(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?")
_PIECE = re.compile(r"(\d+)(wd|d|h|m)")


def _working_days_before(day: date, n: int) -> date:
    while n:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def when(text: str, anchor: datetime | date) -> datetime:
    """The moment `text` names, counted from `anchor` (see the module's docstring)."""
    match = _WHEN.fullmatch(str(text).strip())
    if match is None:
        raise DemoDataError(f"unreadable moment {text!r}")
    sign = 1 if match["sign"] == "+" else -1
    base = to_local(anchor) if isinstance(anchor, datetime) else datetime.combine(anchor, time(0), LOCAL_TZ)
    day, clock, extra = base.date(), base.timetz().replace(tzinfo=None), timedelta()
    for number, unit in _PIECE.findall(match["parts"]):
        n = int(number)
        if unit == "d":
            day += timedelta(days=sign * n)
        elif unit == "wd":
            day = add_working_days(day, n) if sign > 0 else _working_days_before(day, n)
        elif unit == "h":
            extra += timedelta(hours=sign * n)
        else:
            extra += timedelta(minutes=sign * n)
    if match["hour"] is not None:
        clock = time(int(match["hour"]), int(match["minute"]))
    return datetime.combine(day, clock, LOCAL_TZ) + extra


def spread(start: datetime, end: datetime, n: int) -> list[datetime]:
    """n moments after `start` and no later than `end`, evenly apart and in waking hours (people
    vote and support between 07:00 and 22:00), strictly increasing."""
    if n <= 0:
        return []
    if end <= start:
        raise DemoDataError(f"nothing fits between {start} and {end}")
    step = (end - start) / (n + 1)
    moments: list[datetime] = []
    for i in range(n):
        moment = start + step * (i + 1)
        hour = to_local(moment).hour
        if hour < 7:
            moment += timedelta(hours=7 - hour)
        elif hour >= 22:
            moment -= timedelta(hours=hour - 21)
        floor = moments[-1] if moments else start
        moment = min(max(moment, floor + timedelta(minutes=7)), end)
        if moment <= floor:
            raise DemoDataError(f"{n} events do not fit between {start} and {end}")
        moments.append(moment)
    return moments


# --- the story --------------------------------------------------------------------------------

class Story:
    """Events in time order. `at` books one; `run` replays them all, each with the clock at its
    moment, and flushes after each (column defaults take the event's time). An event may book
    later ones (an answer after the deadline its marking computed)."""

    def __init__(self, now: datetime):
        self.now = now
        self.today = to_local(now).date()
        self.current: datetime | None = None
        self.lines: list[str] = []  # what `seed demo` prints after the run
        self._queue: list = []
        self._order = itertools.count()
        self._users: dict[str, User] = {}

    def at(self, moment: datetime, action: Callable[[], Any], what: str) -> None:
        if self.current is not None and moment < self.current:
            raise DemoDataError(f"{what}: booked at {moment}, before the event booking it ({self.current})")
        heapq.heappush(self._queue, (moment, next(self._order), action, what))

    def run(self) -> None:
        while self._queue:
            moment, _, action, what = heapq.heappop(self._queue)
            if moment > self.now:
                raise DemoDataError(f"{what}: at {to_local(moment):%Y-%m-%d %H:%M}, after the moment the demo is loaded")
            self.current = moment
            with clock_at(moment):
                action()
                db.session.flush()

    # What the data refer to, by the names the data files use.

    def user(self, email: str) -> User:
        if email not in self._users:
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None:
                raise DemoDataError(f"no demo account {email}")
            self._users[email] = user
        return self._users[email]

    def agency(self, slug: str) -> Agency:
        agency = db.session.scalar(select(Agency).where(Agency.slug == slug))
        if agency is None:
            raise DemoDataError(f"no demo agency {slug}")
        return agency

    def topic(self, name: str) -> Topic:
        topic = db.session.scalar(select(Topic).where(Topic.name == name))
        if topic is None:
            raise DemoDataError(f"no demo topic {name}")
        return topic

    def job_title(self, user: User) -> str:
        return db.session.scalar(select(Membership.job_title).where(Membership.user_id == user.id).limit(1)) or ""
