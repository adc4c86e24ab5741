"""The demo site the audit checks: a fresh SQLite database with the Vietnamese demo data.

`prepare(instance)` does what `make run` does — migrate, `seed demo`, `search reindex` — in a
folder of its own, then gives every demo account of `IDENTITIES` one known password (the seed
prints random ones), so the crawler, LinkChecker, Lighthouse and axe can sign in as each role.
`environment(instance)` is the process environment that serves that same site.
"""
from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Known to the audit only; the demo site it protects is a throwaway copy on 127.0.0.1.
PASSWORD = "kiem-tra-giao-dien-2026"


@dataclass(frozen=True)
class Identity:
    """Who browses: `name` labels the results; `email` is a demo account (None: signed out);
    the crawler keeps at most `per_kind` pages of each URL rule and set of query parameters."""

    name: str
    email: str | None = None
    language: str = "vi"
    per_kind: int = 2
    # Where the walk starts, before `/`: the role's own desk, so its links come first.
    start: tuple[str, ...] = ()

    @property
    def signed_in(self) -> bool:
        return self.email is not None


# The demo accounts (civic/demo.py) whose menus and pages differ. The staff member of the
# Office of the City People's Committee owns the open consultation with comments; the Bình
# Tân staff member owns the held dialogue session with its minutes.
ANONYMOUS = Identity("anonymous", per_kind=4)
IDENTITIES: tuple[Identity, ...] = (
    ANONYMOUS,
    Identity("english", None, "en", per_kind=1),
    Identity("citizen", "nguoidan1@example.com"),
    Identity("business", "doanhnghiep.binhtan@example.com", per_kind=1),
    Identity("staff", "vanphong.hcm@example.com", start=("/consultations/manage", "/answers/owed")),
    Identity("staff-dialogues", "binhtan@example.com", start=("/dialogues/manage",)),
    Identity("staff-reports", "noivu.hcm@example.com", per_kind=1, start=("/consultations/manage",)),
    Identity("moderator", "kiemduyet@example.com", per_kind=1, start=("/ideas/review",)),
    Identity("admin", "quantri@example.com", start=("/admin",)),
)


def by_name(name: str) -> Identity:
    for identity in IDENTITIES:
        if identity.name == name:
            return identity
    raise KeyError(name)


def environment(instance: Path, *, secret_key: str | None = None) -> dict[str, str]:
    """Environment variables that run the app on `instance` as `make run` does (development:
    plain HTTP on 127.0.0.1), with a secret key of its own."""
    instance = Path(instance).resolve()
    key_file = instance / "audit-secret-key"
    if secret_key is None:
        if not key_file.exists():
            instance.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(32))
        secret_key = key_file.read_text().strip()
    return {
        "CIVIC_ENV": "development",
        "SECRET_KEY": secret_key,
        "CIVIC_INSTANCE_DIR": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'civic.sqlite3'}",
        "SEARCH_BACKEND": "whoosh",
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "MAIL_URL": "",
        "MAIL_DELIVER_AFTER_REQUEST": "0",
        "RATELIMIT_STORAGE_URI": "memory://",
        "TRUST_PROXY_HOPS": "0",
    }


@contextmanager
def _patched_environ(values: dict[str, str]):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def config(instance: Path, **overrides) -> dict:
    """The configuration `create_app()` reads from `environment(instance)`, plus overrides."""
    from civic.config import from_environment

    with _patched_environ(environment(instance)):
        values = from_environment()
    values.update(overrides)
    return values


def make_app(instance: Path, **overrides):
    from civic import create_app

    return create_app(config(instance, **overrides))


def _add_pages_the_demo_lacks() -> None:
    """Two rows that give page kinds the demo data has none of: a draft consultation (its
    edit, sections and publish pages, seen by its agency's staff) and a comment written just
    now (its author may still edit it for 15 minutes)."""
    from datetime import timedelta

    from sqlalchemy import select

    from civic.accounts import services as accounts
    from civic.agencies.models import Agency
    from civic.comments import services as comments
    from civic.consultations import services as consultations
    from civic.consultations.models import Consultation
    from civic.core.timeutil import local_today

    staff = accounts.get_by_email("vanphong.hcm@example.com")
    agency = db_scalar(select(Agency).where(Agency.slug == "van-phong-ubnd-tp-hcm"))
    opens = local_today() + timedelta(days=30)
    if staff is not None and agency is not None:
        consultations.create_consultation(staff, agency, {
            "title": "Dự thảo Quy chế tiếp nhận phản ánh, kiến nghị qua tổng đài 1022 (bản nháp)",
            "kind": "regulation",
            "summary": "Bản nháp chưa công bố: quy trình tiếp nhận, chuyển xử lý và trả lời phản ánh qua tổng đài.",
            "opens_on": opens.strftime("%d/%m/%Y"),
            "closes_on": (opens + timedelta(days=30)).strftime("%d/%m/%Y"),
            "body": "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
                    "Quy chế này quy định việc tiếp nhận phản ánh, kiến nghị qua tổng đài 1022.\n"
                    "Điều 2. Đối tượng áp dụng\nCơ quan, tổ chức, cá nhân có phản ánh, kiến nghị.",
        })
    citizen = accounts.get_by_email("nguoidan1@example.com")
    open_ones = [c for c in db_scalars(select(Consultation).order_by(Consultation.id)) if c.status == "open"]
    if citizen is not None and open_ones:
        comments.post_comment(citizen, consultations.SUBJECT, open_ones[-1],
                              "Đề nghị bổ sung thời hạn trả lời phản ánh qua tổng đài là 05 ngày làm việc.")


def db_scalar(statement):
    from civic.extensions import db

    return db.session.scalar(statement)


def db_scalars(statement):
    from civic.extensions import db

    return list(db.session.scalars(statement))


def prepare(app, *, migrate: bool = True) -> None:
    """Create the schema (by the migrations, as `make run` does, or from the models), load the
    demo data (plus `_add_pages_the_demo_lacks`), index it, and set PASSWORD on every demo
    account the audit signs in as."""
    from civic.accounts import services as accounts
    from civic.demo import seed_demo
    from civic.extensions import db
    from civic.search import service as search_service

    with app.app_context():
        if migrate:
            from flask_migrate import upgrade

            upgrade()
        else:
            db.create_all()
        seed_demo(lambda line: None)
        for identity in IDENTITIES:
            if identity.email:
                user = accounts.get_by_email(identity.email)
                if user is None:
                    raise RuntimeError(f"the demo data has no account {identity.email}: "
                                       "update IDENTITIES in audit/site.py to the demo accounts of civic/demo.py")
                accounts.set_password(user, PASSWORD)
        db.session.commit()
        with app.test_request_context("/"):
            _add_pages_the_demo_lacks()
            db.session.commit()
        search_service.reindex()
        search_service.close_backends()
        db.session.remove()
        db.engine.dispose()


def landmarks(app) -> dict[str, str]:
    """Addresses the audit names: the open consultation with comments and a revision (the
    page Lighthouse and the page-weight budget are about)."""
    from flask import url_for
    from sqlalchemy import select

    from civic.consultations.models import Consultation
    from civic.extensions import db

    with app.test_request_context("/"):
        rows = list(db.session.scalars(select(Consultation).order_by(Consultation.id)))
        chosen = next((c for c in rows if c.status == "open" and len(c.versions) > 1),
                      next(c for c in rows if c.status == "open"))
        paths = {"open_consultation": url_for("consultations.show", consultation_id=chosen.id, slug=chosen.slug)}
        db.session.remove()
    return paths
