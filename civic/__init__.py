"""Góp ý — public consultation site. `create_app(config=None)` builds the Flask application."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import DEFAULTS, PROJECT_ROOT, from_environment
from .extensions import babel, compress, csrf, db, htmx, limiter, login_manager, migrate

PACKAGE_ROOT = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=False,
    )
    app.config.update(DEFAULTS)
    app.config.update(from_environment() if config is None else config)
    if app.config.get("TRUST_PROXY_HOPS"):
        hops = app.config["TRUST_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from .core import assets, errors, security

    # First, so its body-size limit applies before CSRFProtect reads the form.
    security.init_app(app)
    _init_extensions(app)
    # Static files under content-hashed names, pre-compressed, cached for a year.
    assets.init_app(app)
    # Ids in addresses fit the database's integer: /ideas/99999999999999999999 is a 404, not an
    # overflow in the driver. Set before any route is added (rules bind their converter then).
    app.url_map.converters["int"] = security.RowIdConverter
    _register_blueprints(app)
    _register_template_helpers(app)
    errors.init_app(app)

    from .cli import register_cli

    register_cli(app)
    return app


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: write-ahead log, wait for locks instead of failing, enforce foreign keys, and
    let SQLAlchemy (below) rather than the sqlite3 module decide how transactions begin."""
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """A request that may write (not GET/HEAD) takes SQLite's write lock when its transaction
    starts. Otherwise a read that later writes fails at once with "database is locked"
    whenever another request wrote in between (WAL snapshots cannot be upgraded)."""
    if connection.dialect.name != "sqlite":
        return
    writes = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _json_as_written(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _init_extensions(app: Flask) -> None:
    from .core.i18n import select_locale, select_timezone

    # JSON columns (the audit log's before/after) keep Vietnamese as written, not as \u escapes.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "json_serializer": _json_as_written, **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    db.init_app(app)
    # Pages, fragments, JSON and feeds leave compressed (brotli or gzip, as Accept-Encoding
    # prefers; Vary: Accept-Encoding on every response). Static files are compressed once by
    # core.assets and cached pages by core.pagecache: both arrive with Content-Encoding set,
    # which Flask-Compress leaves alone. Streamed responses (exports) go out as they are.
    for key, value in {
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_BR_LEVEL": 5,
        "COMPRESS_LEVEL": 6,
        "COMPRESS_STREAMS": False,
        # Pages carry no ETag (each has a fresh CSRF token); nothing to evaluate.
        "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
        "COMPRESS_MIMETYPES": ["text/html", "text/plain", "text/css", "text/javascript", "application/javascript",
                               "application/json", "application/atom+xml", "application/xml", "image/svg+xml"],
    }.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(PACKAGE_ROOT / "translations"),
    )
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"

    from .accounts.models import User
    from .core.htmx import login_redirect

    @login_manager.user_loader
    def load_user(user_id: str):
        from .core.text import as_id

        raw_id, _, salt = user_id.partition(":")
        if as_id(raw_id) is None:
            return None
        user = db.session.get(User, as_id(raw_id))
        if user is None or user.session_salt != salt or user.is_deleted:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import flash
        from flask_babel import gettext as _

        if not request.htmx:
            flash(_("Vui lòng đăng nhập để tiếp tục."), "info")
        return login_redirect()

    # Import every model so metadata (and Alembic) sees all tables.
    from .agencies import models as _agency_models  # noqa: F401
    from .answers import models as _answer_models  # noqa: F401
    from .reports import models as _report_models  # noqa: F401
    from .comments import models as _comment_models  # noqa: F401
    from .topics import models as _topic_models  # noqa: F401
    from .consultations import models as _consultation_models  # noqa: F401
    from .core import audit as _audit, mail as _mail, settings as _settings, workdays as _workdays  # noqa: F401
    from .votes import models as _vote_models  # noqa: F401
    from .core import changes as _changes  # noqa: F401  (the change stream's table)
    from .ideas import models as _idea_models  # noqa: F401
    from .dialogues import models as _dialogue_models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from . import comments
    from .accountability import bp as accountability_bp
    from .accounts import bp as accounts_bp
    from .admin import bp as admin_bp
    from .agencies import bp as agencies_bp
    from .answers import bp as answers_bp
    from .api import bp as api_bp
    from .consultations import bp as consultations_bp
    from .main import bp as main_bp
    from .me import bp as me_bp
    from .reports import bp as reports_bp
    from .ideas import bp as ideas_bp
    from .dialogues import bp as dialogues_bp
    from .search import bp as search_bp

    for blueprint in (main_bp, accounts_bp, agencies_bp, consultations_bp, comments.bp, answers_bp, reports_bp, ideas_bp, dialogues_bp, accountability_bp, search_bp, admin_bp, api_bp, me_bp):
        app.register_blueprint(blueprint)
    comments.init_app(app)

    # The content kinds: what each is and which shared mechanisms apply to it (comments,
    # votes, answers, search, the page cache). Comments, votes, answers and search read only
    # this registry; registering again (another app in the same process) replaces each kind.
    from . import votes
    from .answers import kinds as answer_kinds
    from .comments import kinds as comment_kinds
    from .consultations import kinds as consultation_kinds
    from .dialogues import kinds as dialogue_kinds
    from .ideas import kinds as idea_kinds
    from .reports import kinds as report_kinds
    from .search import service as search_service

    for module in (consultation_kinds, comment_kinds, answer_kinds, report_kinds, idea_kinds, dialogue_kinds):
        module.register_kinds()
    votes.register_parts()

    # A receipt number typed into the site search goes to its receipt page.
    from .comments import receipts
    from .search import views as search_views

    search_views.register_shortcut("receipt", receipts.search_target)

    from .core import changes

    changes.register(search_service.CONSUMER)
    # Report outcomes reach comments and receipts through a hook (reports build on comments).
    from .comments import services as comment_services
    from .reports import services as report_services

    comment_services.register_outcomes(report_services.load_outcomes)
    # An agency's page shows what features register: its drafts, dialogue sessions, commitments.
    from .agencies.panels import Panel, register_panel
    from .consultations import services as consultation_services
    from .dialogues import services as dialogue_services

    register_panel(Panel("consultations", "consultations/_agency_panel.html", consultation_services.agency_panel, order=10))
    register_panel(Panel("dialogues", "dialogues/_agency_sessions.html",
                         lambda agency: {"sessions": dialogue_services.sessions_of_agency(agency.id)}, order=20))
    register_panel(Panel("commitments", "dialogues/_agency_commitments.html",
                         lambda agency: {"commitments": dialogue_services.public_commitments(agency_id=agency.id, limit=20)},
                         order=30))
    # Cached pages show people's public names (comment authors, businesses): a rename or a
    # deleted account changes every cached page's key at once.
    from .accounts.models import User

    changes.watch_generation("people", User, "display_name", "organisation_name", "deleted_at", "role")
    from .topics.models import Topic

    changes.watch_generation("topics", Topic, "name", "slug")

    @app.after_request
    def _apply_changes(response):
        changes.flush()   # what this request committed: the search index first of all
        return response

    from .core.htmx import add_vary
    from .core.mail import deliver_pending

    app.after_request(add_vary)

    if app.config.get("MAIL_DELIVER_AFTER_REQUEST"):
        @app.teardown_request
        def _deliver_mail(exc):
            if exc is None and g.get("_mail_queued"):
                deliver_pending()


def _register_template_helpers(app: Flask) -> None:
    from datetime import datetime

    from flask_babel import format_date, format_datetime, format_number, get_locale
    from markupsafe import Markup
    from flask_login import current_user

    from .accounts.models import ROLE_LABELS
    from .core.i18n import display_preferences

    app.jinja_env.add_extension("jinja2.ext.do")
    # Named permissions, so templates show or hide a control by the same rule the view applies.
    from .accounts import permissions as account_permissions
    from .agencies.permissions import can_act_for_agency
    from .consultations.permissions import can_create_consultation
    from .core import permissions as core_permissions
    from .ideas import permissions as idea_permissions

    from .answers.models import DEFAULT_APOLOGY, RATING_LABELS, RATINGS
    from .core.forms import DATE_HINT

    def without_args(args: dict, *names: str) -> dict:
        """A list's query arguments less `names` (and the page: a changed filter starts at 1)."""
        return {key: value for key, value in args.items() if key not in names and key != "page"}

    app.jinja_env.globals.update(
        without_args=without_args,
        default_apology=DEFAULT_APOLOGY,
        date_hint=DATE_HINT,
        rating_choices=[(value, RATING_LABELS[value]) for value in RATINGS],
        can=core_permissions.can,
    )
    for name, rule in (("administer", account_permissions.can_administer),
                       ("moderate", account_permissions.can_moderate),
                       ("delete_account", account_permissions.can_delete_account),
                       ("act_for_agency", can_act_for_agency),
                       ("create_consultation", can_create_consultation),
                       ("review_ideas", idea_permissions.can_use_queue)):
        core_permissions.register_rule(name, rule)

    @app.context_processor
    def _globals():
        return {
            "current_locale": str(get_locale() or "vi"),
            "prefs": display_preferences(),
            "languages": app.config["LANGUAGES"],
            "current_user": current_user,
            "role_labels": ROLE_LABELS,
        }

    def _vietnamese() -> bool:
        return str(get_locale() or "vi").startswith("vi")

    from .core.timeutil import date_input, local_date, machine_time, to_local

    # Every date and time a person sees goes through these filters, in Asia/Ho_Chi_Minh
    # (stored moments are UTC): an answer given at 04:12 on 30/11 in Viet Nam reads 30/11.
    def datetime_filter(value, fmt=None):
        # Vietnamese administrative style: 14:30 02/12/2026 (formatted directly: a page of
        # comments shows dozens); English: Dec 2, 2026, 2:30 PM.
        if not value:
            return ""
        if fmt is None and _vietnamese():
            return to_local(value).strftime("%H:%M %d/%m/%Y")
        return format_datetime(value, fmt or "MMM d, y, h:mm a")  # no seconds: a person reads 2:30 PM

    def date_filter(value, fmt=None):
        if not value:
            return ""
        day = local_date(value)
        if fmt is None and _vietnamese():
            return day.strftime("%d/%m/%Y")
        return format_date(day, fmt or "medium")

    def time_tag(value, with_time=True):
        """`<time datetime="2026-11-30T04:12:00+07:00">04:12 30/11/2026</time>` — the shown
        text and the machine value from the same moment, both in Viet Nam time."""
        if not value:
            return ""
        shown = datetime_filter(value) if with_time and isinstance(value, datetime) else date_filter(value)
        return Markup('<time datetime="%s">%s</time>') % (machine_time(value), shown)

    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.filters["iso"] = lambda value: machine_time(value) if value else ""
    app.jinja_env.filters["timetag"] = time_tag
    app.jinja_env.filters["date_input"] = date_input
    app.jinja_env.filters["number"] = format_number   # 1.234 in Vietnamese, 1,234 in English
