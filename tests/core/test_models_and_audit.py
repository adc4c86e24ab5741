from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from civic.core import audit
from civic.core.audit import AuditEntry
from civic.core.timeutil import to_local, utcnow
from civic.core.workdays import WorkdayOverride
from tests.factories import make_user


def test_datetimes_round_trip_as_aware_utc(app, db):
    user = make_user()
    db.session.expire_all()
    loaded = db.session.get(type(user), user.id)
    assert loaded.created_at.tzinfo is not None
    assert loaded.created_at.utcoffset().total_seconds() == 0
    assert abs((utcnow() - loaded.created_at).total_seconds()) < 60


def test_naive_datetimes_are_refused(app, db):
    user = make_user()
    user.last_login_at = datetime(2026, 1, 1, 12, 0)
    with pytest.raises(Exception):
        db.session.commit()
    db.session.rollback()


def test_local_time_is_ho_chi_minh():
    moment = datetime(2026, 1, 1, 17, 30, tzinfo=timezone.utc)
    local = to_local(moment)
    assert (local.day, local.hour) == (2, 0)


def test_audit_record_joins_the_callers_transaction(app, db):
    actor = make_user("admin")
    override = WorkdayOverride(day=datetime(2026, 5, 2).date(), is_working_day=True, note="")
    db.session.add(override)
    db.session.flush()
    audit.record("workday.set", override, after={"when": datetime(2026, 5, 2, tzinfo=timezone.utc)}, actor=actor)
    db.session.rollback()
    assert db.session.scalars(select(AuditEntry)).all() == []
    db.session.add(WorkdayOverride(day=datetime(2026, 5, 3).date(), is_working_day=True, note=""))
    entry = audit.record("workday.set", None, before={"a": 1}, after={"a": 2}, actor=actor, summary="x" * 900)
    db.session.commit()
    stored = db.session.get(AuditEntry, entry.id)
    assert stored.actor_id == actor.id
    assert stored.before == {"a": 1} and stored.after == {"a": 2}
    assert stored.summary == "x" * 900  # kept whole (it used to be cut to 500 characters)
    assert actor.email in stored.actor_label
