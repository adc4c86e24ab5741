"""Factories that plant hostile text in every text field they fill (adhocracy+'s habit):
markup, quotes, template syntax and Vietnamese with every diacritic. A page that shows any of
it unescaped fails the test that renders it."""
from __future__ import annotations

import itertools

from civic.accounts.models import ADMIN, BUSINESS, CITIZEN, MODERATOR, STAFF, User
from civic.accounts.passwords import hash_password
from civic.agencies.models import Agency, Membership
from civic.core.timeutil import utcnow
from civic.extensions import db

PASSWORD = "mật khẩu đủ dài 2026"
HOSTILE = '<script>alert("xss")</script><img src=x onerror=alert(1)> {{ 7*7 }} Ðặng Thị Ỷ Lan & "Cò" \'Ẵ\''
_seq = itertools.count(1)


def hostile(label: str) -> str:
    return f"{label} {HOSTILE}"


def make_user(role: str = CITIZEN, *, email: str | None = None, password: str = PASSWORD,
              confirmed: bool = True, **fields) -> User:
    n = next(_seq)
    values = {
        "email": email or f"user{n}@example.com",
        "password_hash": hash_password(password),
        "display_name": hostile(f"Người {n}")[:80],
        "role": role,
        "email_confirmed_at": utcnow() if confirmed else None,
    }
    if role == BUSINESS:
        values.update(organisation_name=hostile(f"Công ty {n}"), tax_code="0100233488")
    values.update(fields)
    user = User(**values)
    db.session.add(user)
    db.session.commit()
    return user


def make_agency(name: str | None = None, *, parent: Agency | None = None, kind: str | None = None,
                slug: str | None = None) -> Agency:
    n = next(_seq)
    agency = Agency(
        name=name or hostile(f"Cơ quan {n}")[:200],
        slug=slug or f"co-quan-{n}",
        kind=kind or ("city" if parent is None else "department"),
        parent_id=parent.id if parent else None,
        description=hostile("Giới thiệu"),
        address=hostile("Địa chỉ")[:300],
    )
    db.session.add(agency)
    db.session.commit()
    return agency


def make_staff(*agencies: Agency, **kwargs) -> User:
    user = make_user(STAFF, **kwargs)
    for agency in agencies:
        db.session.add(Membership(user_id=user.id, agency_id=agency.id, job_title=hostile("Chuyên viên")[:120]))
    db.session.commit()
    db.session.refresh(user)
    return user


ROLE_FACTORIES = {
    "anonymous": lambda: None,
    CITIZEN: lambda: make_user(CITIZEN),
    BUSINESS: lambda: make_user(BUSINESS),
    STAFF: lambda: make_staff(),
    MODERATOR: lambda: make_user(MODERATOR),
    ADMIN: lambda: make_user(ADMIN),
}
