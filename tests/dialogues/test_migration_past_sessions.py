"""The migration for sessions recorded after the fact, with rows in the table: an upgraded
database keeps the scheduled sessions as they were and refuses an incoherent row; a recorded
session survives the downgrade (as a session whose registration closed when it began)."""
from __future__ import annotations

from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from civic.extensions import db
from tests.conftest import make_test_app
from tests.test_migrations import empty_database  # noqa: F401  (the fixture: an empty SQLite or PostgreSQL schema)

SESSION = ("INSERT INTO dialogue_sessions (id, agency_id, topic_id, title, description, starts_at, ends_at, place, "
           "online_url, capacity, attending, registration_opens_at, registration_closes_at, questions_allowed, "
           "created_at, updated_at{extra}) VALUES (:id, 1, 1, 'Đối thoại', '', :starts, :ends, 'Hội trường', '', "
           ":capacity, 0, :opens, :closes, :questions, :starts, :starts{extra_values})")


def _insert(conn, recorded: bool | None, **values):
    extra = ", recorded_after" if recorded is not None else ""
    params = {"starts": datetime(2026, 3, 1, 1), "ends": datetime(2026, 3, 1, 3), "capacity": 50,
              "opens": datetime(2026, 2, 1), "closes": datetime(2026, 2, 28), "questions": True, **values}
    if recorded is not None:
        params["recorded"] = recorded
    conn.execute(text(SESSION.format(extra=extra, extra_values=", :recorded" if extra else "")), params)


def test_upgrade_and_downgrade_with_sessions_of_both_kinds(empty_database, tmp_path):  # noqa: F811
    app = make_test_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(revision="0008_dialogues")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO agencies (id, name, slug, kind, description, website, address, apology, created_at, updated_at) "
                              "VALUES (1, 'UBND quận', 'ubnd-quan', 'city', '', '', '', '', :now, :now)"), {"now": datetime(2026, 1, 1)})
            conn.execute(text("INSERT INTO topics (id, name, slug) VALUES (1, 'Đất đai', 'dat-dai')"))
            _insert(conn, None, id=1)
        upgrade()
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT recorded_after, capacity FROM dialogue_sessions WHERE id = 1")).one() == (False, 50)
            _insert(conn, True, id=2, capacity=None, opens=None, closes=None, questions=False)
        for bad in ({"capacity": 10}, {"questions": True}):
            with pytest.raises(IntegrityError), db.engine.begin() as conn:
                _insert(conn, True, id=3, **{"capacity": None, "opens": None, "closes": None, "questions": False, **bad})
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            _insert(conn, False, id=3, capacity=None)
        downgrade(revision="0008_dialogues")
        with db.engine.begin() as conn:
            rows = conn.execute(text("SELECT id, capacity, registration_closes_at, starts_at, questions_allowed "
                                     "FROM dialogue_sessions ORDER BY id")).all()
        assert [(r[0], r[1], bool(r[4])) for r in rows] == [(1, 50, True), (2, 1, False)]
        assert str(rows[1][2]) == str(rows[1][3])  # its registration closed when it began
        upgrade()
        db.engine.dispose()
