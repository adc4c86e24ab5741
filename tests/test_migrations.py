"""Migrations build exactly the models' schema, and downgrade all the way back, on SQLite
and PostgreSQL."""
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from civic.extensions import db
from tests.conftest import make_test_app, postgres_url, skip_or_fail

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    base = postgres_url()
    if base is None:
        skip_or_fail("TEST_DATABASE_URL is not set: the PostgreSQL migration test is skipped")
    schema = f"migtest_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database, tmp_path):
    app = make_test_app(empty_database, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == [], diff
        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_dropping_the_activity_counters_keeps_every_row_that_hangs_off_them(empty_database, tmp_path):
    """0012/0013 drop a column of `ideas` and `consultations` in place: a re-created table
    (SQLite's batch copy) would cascade its drop to every version, section and support."""
    app = make_test_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(revision="0011_changes")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO agencies (id, name, slug, kind, description, website, address, apology, created_at, updated_at) "
                              "VALUES (1, 'Sở', 'so', 'city', '', '', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO consultations (id, agency_id, title, kind, summary, opens_on, closes_on, activity, created_at, updated_at) "
                              "VALUES (1, 1, 'Dự thảo', 'regulation', '', '2026-12-01', '2026-12-31', 7, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO consultation_versions (id, consultation_id, number, body_text, changelog, created_at) "
                              "VALUES (1, 1, 1, '', '', CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO sections (id, version_id, position, level, kind, label, heading, body) "
                              "VALUES (1, 1, 0, 4, 'clause', 'Điều 1', 'Phạm vi', 'Nội dung.')"))

        def rows():
            with db.engine.connect() as conn:
                return [conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                        for table in ("consultations", "consultation_versions", "sections")]

        upgrade()
        assert rows() == [1, 1, 1]
        assert "activity" not in {c["name"] for c in inspect(db.engine).get_columns("consultations")}
        downgrade(revision="0011_changes")
        assert rows() == [1, 1, 1]
        assert "activity" in {c["name"] for c in inspect(db.engine).get_columns("consultations")}
        db.engine.dispose()
