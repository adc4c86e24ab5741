import pytest
from sqlalchemy import text

from civic import create_app
from civic.config import ConfigError, database_url_from, from_environment


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "DATABASE_URL", "CIVIC_ENV", "SESSION_COOKIE_SECURE", "MAIL_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CIVIC_INSTANCE_DIR", str(tmp_path))
    return monkeypatch


def test_missing_secret_key_outside_development_is_a_clear_startup_error(clean_env):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app()
    clean_env.setenv("CIVIC_ENV", "production")
    with pytest.raises(ConfigError):
        from_environment()


def test_unknown_environment_is_refused(clean_env):
    clean_env.setenv("CIVIC_ENV", "staging")
    with pytest.raises(ConfigError, match="CIVIC_ENV"):
        from_environment()


def test_production_settings(clean_env):
    clean_env.setenv("SECRET_KEY", "a" * 64)
    clean_env.setenv("DATABASE_URL", "postgres://gopy:secret@db.internal/gopy")
    config = from_environment()
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://gopy:secret@db.internal/gopy"
    assert config["SESSION_COOKIE_SECURE"] is True and config["REMEMBER_COOKIE_SECURE"] is True
    assert config["MAIL_DELIVER_AFTER_REQUEST"] is False
    app = create_app()
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_development_generates_and_keeps_a_secret_and_uses_sqlite(clean_env, tmp_path):
    clean_env.setenv("CIVIC_ENV", "development")
    first = from_environment()
    second = from_environment()
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) == 64
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'civic.sqlite3'}"
    assert first["SESSION_COOKIE_SECURE"] is False
    assert first["MAIL_DELIVER_AFTER_REQUEST"] is True


def test_database_url_normalisation(tmp_path):
    assert database_url_from("postgresql://u@h/d", tmp_path) == "postgresql+psycopg://u@h/d"
    assert database_url_from("sqlite:////srv/x.db", tmp_path) == "sqlite:////srv/x.db"


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path):
    from civic.extensions import db
    from tests.conftest import make_test_app

    app = make_test_app(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}", tmp_path)
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        conn.close()
        db.engine.dispose()
