"""Fixtures: `app`, `client`, `db`, `runner`, plus helpers to sign in and count queries.

Every test that takes `app` runs twice: on SQLite, and on PostgreSQL when TEST_DATABASE_URL is
set. Without it the PostgreSQL half is skipped (and CI, which sets CIVIC_REQUIRE_FULL_SUITE,
fails instead of skipping).
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, select, text

from civic import create_app
from civic.config import database_url_from, testing_overrides
from civic.extensions import db as _db
from civic.extensions import limiter
from civic.core import pagecache
from civic.search import service as search_service

REQUIRE_FULL_SUITE = os.environ.get("CIVIC_REQUIRE_FULL_SUITE") == "1"
_schemas_ready: set[str] = set()


def skip_or_fail(reason: str) -> None:
    """Skip a test that cannot run here — unless CI demands the full suite."""
    if REQUIRE_FULL_SUITE:
        pytest.fail(f"CI requires this test to run, but: {reason}")
    pytest.skip(reason)


def postgres_url() -> str | None:
    """TEST_DATABASE_URL; under pytest-xdist, a database of this worker's own beside it
    (`<name>_gw0`, made on first use), since two test processes never share a database."""
    raw = os.environ.get("TEST_DATABASE_URL")
    if not raw:
        return None
    url = database_url_from(raw, Path("/nonexistent"))
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


_worker_databases: dict[str, str] = {}


def _worker_database(url: str, worker: str) -> str:
    if url not in _worker_databases:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        base = make_url(url)
        name = f"{base.database}_{worker}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first() is None:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        _worker_databases[url] = base.set(database=name).render_as_string(hide_password=False)
    return _worker_databases[url]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    url = postgres_url()
    if url is None:
        skip_or_fail("TEST_DATABASE_URL is not set: the PostgreSQL run of this test is skipped")
    return url


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context, as in production: its own `g`
    (so Flask-Login's user and Flask-WTF's token never leak from one client to another) and
    its own database session. The test's session commits before the request and starts a
    fresh transaction after it, so the test sees what the request stored."""

    def open(self, *args, **kwargs):
        outer = has_app_context()
        if outer:
            _db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer:
            _db.session.commit()
        return response


def make_test_app(database_url: str, instance: Path, **overrides):
    config = testing_overrides(database_url, instance)
    config.update(overrides)
    application = create_app(config)
    application.test_client_class = IsolatedClient
    return application


def _reset_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        # DELETE in dependency order and rewinding the sequences is ~10 times faster than
        # TRUNCATE … RESTART IDENTITY on these small tables (TRUNCATE makes new files per table).
        _db.session.execute(text("; ".join(f'DELETE FROM "{t.name}"' for t in tables)))
        _db.session.execute(text(
            "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'S' AND n.nspname = current_schema()"))
    else:
        for table in tables:
            # Rows that point at rows of their own table (the agency tree) let go first.
            for fk in table.foreign_keys:
                if fk.column.table is table:
                    _db.session.execute(table.update().values({fk.parent.name: None}))
            _db.session.execute(table.delete())
    _db.session.commit()


# One application per database for the whole session: building one per test cost ~0.1 s, a
# good share of the suite's time. Each test still starts from empty tables, an empty search
# index, reset rate limits and page cache, and gets the configuration back as it was.
_APPS: dict = {}


@pytest.fixture
def app(database_url, tmp_path_factory):
    application = _APPS.get(database_url)
    if application is None:
        application = _APPS[database_url] = make_test_app(database_url, tmp_path_factory.mktemp("instance"))
    config = dict(application.config)
    with application.app_context():
        if database_url not in _schemas_ready:
            _db.drop_all()
            _db.create_all()
            _schemas_ready.add(database_url)
        limiter.reset()
        pagecache.clear()
        search_service.reindex()  # an empty index in this test's own directory
        _db.session.rollback()  # end the read transaction the rebuild began
        try:
            yield application
        finally:
            search_service.close_backends()
            _db.session.rollback()
            _reset_tables()
            _db.session.remove()
            application.config.clear()
            application.config.update(config)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
_CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client) -> str:
    """The CSRF token of this client's session: from the <meta> tag signed-in pages carry,
    or, for an anonymous client, from the sign-in form."""
    match = _CSRF.search(client.get("/privacy").get_data(as_text=True))
    if match is None:
        match = _CSRF_FIELD.search(client.get("/login").get_data(as_text=True))
    assert match, "no CSRF token found"
    return match.group(1)


def post_form(client, url: str, data: dict | None = None, *, htmx: bool = False, **kwargs):
    """POST a form the way a browser does: with the session's CSRF token."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    headers = kwargs.pop("headers", {})
    if htmx:
        headers = {"HX-Request": "true", "HX-Current-URL": "http://localhost/", **headers}
    return client.post(url, data=data, headers=headers, **kwargs)


def login(client, user, password: str = None):
    from tests.factories import PASSWORD

    response = post_form(client, "/login", {"email": user.email, "password": password or PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries():
    counter = QueryCounter()
    event.listen(_db.engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(_db.engine, "before_cursor_execute", counter)


@pytest.fixture
def signed_in(client):
    """signed_in(user) signs the test client in as that user."""

    def _sign_in(user, password=None):
        login(client, user, password)
        return client

    return _sign_in


@pytest.fixture
def clock():
    """clock(datetime) freezes civic's clock (aware UTC) until the test ends;
    clock.advance(timedelta) moves it on."""
    from datetime import datetime, timezone

    from civic.core import timeutil

    class Clock:
        def __call__(self, moment: datetime) -> datetime:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            timeutil._frozen = moment
            return moment

        def advance(self, delta) -> datetime:
            return self(timeutil.utcnow() + delta)

    try:
        yield Clock()
    finally:
        timeutil._frozen = None


def post_multipart(client, url: str, fields: dict, **kwargs):
    """POST multipart/form-data with the CSRF token. The body is built in memory (Werkzeug's
    test client spools large bodies to temporary files it never closes)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    fields = {k: FileStorage(stream=v[0], filename=v[1]) if isinstance(v, tuple) else v for k, v in fields.items()}
    fields.setdefault("csrf_token", csrf_token(client))
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}", **kwargs)


def race(app, action, emails: list[str]) -> list[str]:
    """Run `action(user)` for each account at once, one thread each, each as a POST request
    does it (its own session; on SQLite its transaction takes the write lock at once), and
    commit; returns the errors (repr) the threads met."""
    import threading

    from civic.accounts.models import User

    errors: list[str] = []

    def run(email):
        with app.test_request_context("/race", method="POST"):
            try:
                action(_db.session.scalar(select(User).where(User.email == email)))
                _db.session.commit()
            except Exception as exc:  # collected for the test to assert on
                _db.session.rollback()
                errors.append(repr(exc))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    _db.session.rollback()
    return errors


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`, as `make test` runs), the audit tests share one
    worker: their crawl of the demo site is made once. The rest spread over the workers."""
    for item in items:
        if "audit" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.xdist_group("audit"))
