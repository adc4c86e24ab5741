"""Settings from the environment.

`CIVIC_ENV` says which kind of run this is: `production` (the default, so a forgotten
variable never weakens a live site), `development` (`make run`) or `testing`.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """Raised at start-up when the environment cannot run the site safely."""


def _instance_dir() -> Path:
    return Path(os.environ.get("CIVIC_INSTANCE_DIR", PROJECT_ROOT / "instance"))


def _development_secret(instance: Path) -> str:
    """A per-checkout key kept in instance/ so sessions survive a restart of `make run`."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url_from(value: str | None, instance: Path) -> str:
    """Normalise DATABASE_URL: default SQLite under instance/, psycopg 3 for PostgreSQL."""
    if not value:
        instance.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance / 'civic.sqlite3'}"
    if value.startswith("postgres://"):
        value = "postgresql://" + value[len("postgres://"):]
    if value.startswith("postgresql://"):
        value = "postgresql+psycopg://" + value[len("postgresql://"):]
    return value


def from_environment() -> dict:
    env = os.environ.get("CIVIC_ENV", "production").strip().lower()
    if env not in {"production", "development", "testing"}:
        raise ConfigError(f"CIVIC_ENV must be production, development or testing, not {env!r}")
    instance = _instance_dir()
    secret = os.environ.get("SECRET_KEY", "").strip()
    if not secret:
        if env == "production":
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_hex(32))'), "
                "or set CIVIC_ENV=development on a developer's machine."
            )
        secret = _development_secret(instance)
    production = env == "production"
    return {
        "CIVIC_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url_from(os.environ.get("DATABASE_URL"), instance),
        "INSTANCE_DIR": str(instance),
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "whoosh"),
        "SEARCH_INDEX_DIR": os.environ.get("SEARCH_INDEX_DIR", str(instance / "search-index")),
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM") or DEFAULTS["MAIL_FROM"],
        # Mail is written to the log when no MAIL_URL is set; in development it is "sent"
        # (logged) right after the request that queued it, so the newcomer sees the link.
        "MAIL_DELIVER_AFTER_REQUEST": _bool("MAIL_DELIVER_AFTER_REQUEST", env == "development"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        "TRUST_PROXY_HOPS": int(os.environ.get("TRUST_PROXY_HOPS", "0")),
        "PAGE_CACHE": _bool("PAGE_CACHE", True),
    }


DEFAULTS: dict = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_SSL_STRICT": True,
    # Uploads (multipart) may reach MAX_CONTENT_LENGTH; any other body stops at
    # MAX_TEXT_BODY_LENGTH, and one multipart text field at MAX_FORM_MEMORY_SIZE.
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
    "MAX_TEXT_BODY_LENGTH": 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 512 * 1024,
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "LANGUAGES": ("vi", "en"),
    "RATELIMIT_HEADERS_ENABLED": False,
    "RATELIMIT_STRATEGY": "moving-window",
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 15 minutes",
    "PASSWORD_RESET_MAX_AGE": 60 * 60,
    "EMAIL_CONFIRM_MAX_AGE": 60 * 60 * 24 * 7,
    # Argon2id parameters (memory in KiB); tests lower them for speed.
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 64 * 1024,
    "ARGON2_PARALLELISM": 2,
    "ANSWER_DEADLINE_WORKING_DAYS": 15,
    "MAIL_FROM": "Góp ý <no-reply@localhost>",
}


def testing_overrides(database_url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "CIVIC_ENV": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_DIR": str(instance),
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "MAIL_URL": "",
        "MAIL_DELIVER_AFTER_REQUEST": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
