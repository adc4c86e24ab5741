from datetime import date, datetime, timezone

import pytest

from civic.core import workdays
from civic.core.audit import AuditEntry
from civic.core.workdays import WorkdayOverride, add_working_days, is_working_day, working_days_between, working_days_counter


def test_weekends_and_public_holidays_are_not_working_days(app):
    assert is_working_day(date(2026, 11, 23))  # Monday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 11, 22))  # Sunday
    assert not is_working_day(date(2026, 9, 2))  # National Day
    assert not is_working_day(date(2026, 2, 17))  # Tết


def test_add_working_days_skips_tet(app):
    # Friday 13 Feb 2026, then the weekend, then Tết Mon 16 – Fri 20, then the weekend.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_add_working_days_counts_from_the_day_after(app):
    assert add_working_days(date(2026, 11, 16), 0) == date(2026, 11, 16)
    assert add_working_days(date(2026, 11, 16), 1) == date(2026, 11, 17)
    # From Monday 2 Nov 2026: the 15th working day is Mon 23 Nov; the 16th skips
    # Tue 24 Nov (Vietnam Cultural Day).
    assert add_working_days(date(2026, 11, 2), 15) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 2), 16) == date(2026, 11, 25)
    # 20:00 UTC on Sunday 1 Nov is already Monday 2 Nov in Viet Nam.
    assert add_working_days(datetime(2026, 11, 1, 20, tzinfo=timezone.utc), 15) == date(2026, 11, 23)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


def test_admin_swap_days_change_the_count(app, db):
    saturday = date(2026, 11, 28)
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
    workdays.set_override(saturday, True, "Làm bù cho ngày nghỉ bù")
    db.session.commit()
    assert is_working_day(saturday)
    assert add_working_days(date(2026, 11, 27), 1) == saturday
    monday = date(2026, 11, 30)
    workdays.set_override(monday, False, "Nghỉ bù")
    db.session.commit()
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 12, 1)
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry)).all()]
    assert actions == ["workday.set", "workday.set"]


def test_working_days_between(app):
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 4  # 24 Nov is a holiday
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == 0


def test_tet_2027(app):
    # Tết 2027: Thu 4 – Wed 10 Feb off. From Wed 3 Feb, the next working day is Thu 11 Feb.
    assert add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert working_days_between(date(2027, 2, 3), date(2027, 2, 12)) == 2


def test_reunification_and_labour_day_2027(app):
    # Fri 30 Apr and Sat 1 May are holidays, Mon 3 May is the day off in lieu.
    assert add_working_days(date(2027, 4, 29), 1) == date(2027, 5, 4)


def test_national_day_2027(app):
    # Thu 2 and Fri 3 Sep 2027 are holidays.
    assert add_working_days(date(2027, 9, 1), 1) == date(2027, 9, 6)


def test_a_swap_day_in_2027(app, db):
    # An admin declares Saturday 13 Feb 2027 a working day (made up for a bridge day).
    assert add_working_days(date(2027, 2, 12), 1) == date(2027, 2, 15)
    workdays.set_override(date(2027, 2, 13), True, "Làm bù")
    db.session.commit()
    assert add_working_days(date(2027, 2, 12), 1) == date(2027, 2, 13)


def test_working_days_counted_in_bulk_equal_working_days_between(app, db):
    db.session.add(WorkdayOverride(day=date(2026, 2, 28), is_working_day=True, note="Làm bù"))
    db.session.add(WorkdayOverride(day=date(2026, 3, 4), is_working_day=False, note="Nghỉ"))
    db.session.commit()
    pairs = [(date(2026, 2, 10), date(2026, 3, 10)), (date(2026, 2, 27), date(2026, 3, 2)),
             (date(2026, 3, 3), date(2026, 3, 3)), (date(2026, 3, 5), date(2026, 3, 1)),
             (date(2025, 12, 30), date(2026, 1, 5)), (date(2026, 4, 24), date(2026, 5, 4))]
    between = working_days_counter(pairs)
    assert [between(s, e) for s, e in pairs] == [working_days_between(s, e) for s, e in pairs]
