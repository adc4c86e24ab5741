"""A consultation's status is one rule (`status_ranges`): the model's `status_on`, the lists'
SQL (`status_is`) and search's date ranges agree on every day around every kind of row."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from civic.consultations.models import PUBLIC_STATUSES, Consultation
from civic.consultations.search_source import status_life
from civic.core.timeutil import utcnow
from tests.factories import make_consultation

START = date(2026, 12, 10)


def _life_holds(life, consultation) -> bool:
    if life.nothing:
        return False
    concluded = consultation.concluded_at is not None
    return all((
        life.opens_from is None or consultation.opens_on >= life.opens_from,
        life.opens_to is None or consultation.opens_on <= life.opens_to,
        life.closes_from is None or consultation.closes_on >= life.closes_from,
        life.closes_to is None or consultation.closes_on <= life.closes_to,
        life.concluded is None or life.concluded == concluded,
    ))


def test_model_sql_and_search_agree_every_day(app, db):
    rows = []
    for length in (0, 1, 20):
        for concluded in (False, True):
            consultation = make_consultation()
            consultation.opens_on, consultation.closes_on = START, START + timedelta(days=length)
            consultation.concluded_at = utcnow() if concluded else None
            rows.append(consultation)
    db.session.commit()
    ids = [c.id for c in rows]
    for offset in range(-2, 24):
        today = START + timedelta(days=offset)
        for status in PUBLIC_STATUSES:
            by_sql = set(db.session.scalars(select(Consultation.id).where(
                Consultation.id.in_(ids), Consultation.status_is(status, today))))
            by_model = {c.id for c in rows if c.status_on(today) == status}
            by_search = {c.id for c in rows if _life_holds(status_life(status, today), c)}
            assert by_sql == by_model == by_search, (today, status)
        assert all(sum(c.status_on(today) == s for s in PUBLIC_STATUSES) == 1 for c in rows)
    assert Consultation.status_is("nonsense", START) is not None
    assert not _life_holds(status_life("nonsense", START), rows[0])
