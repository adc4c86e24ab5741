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


DRAFT_TEXT = """Căn cứ Luật Tổ chức chính quyền địa phương; {hostile}
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc cung cấp dịch vụ công trực tuyến. {hostile}
Điều 2. Đối tượng áp dụng
1. Cơ quan, tổ chức, cá nhân có liên quan.
2. Người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Trách nhiệm thi hành
Các sở, ngành và Ủy ban nhân dân các quận chịu trách nhiệm thi hành.
"""


def make_consultation(agency: Agency | None = None, *, status: str = "open", kind: str = "regulation",
                      title: str | None = None, body: str | None = None, creator: User | None = None):
    """A consultation in the given status (draft, scheduled, open, closed, concluded), made
    through the services, with hostile text in its fields."""
    from datetime import timedelta

    from civic.consultations import services
    from civic.consultations.models import Consultation
    from civic.core import timeutil

    agency = agency or make_agency()
    creator = creator or make_staff(agency)
    today = timeutil.local_today()
    n = next(_seq)
    data = {
        "title": title or hostile(f"Dự thảo {n}")[:300],
        "kind": kind,
        "summary": hostile("Tóm tắt"),
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=29)).isoformat(),
        "body": body or DRAFT_TEXT.format(hostile=HOSTILE),
    }
    consultation = services.create_consultation(creator, agency, data)
    db.session.commit()
    if status == "draft":
        return consultation
    services.publish(consultation)
    db.session.commit()
    shift = {"open": 0, "scheduled": 5, "closed": -40, "concluded": -40}[status]
    if shift:
        consultation = db.session.get(Consultation, consultation.id)
        consultation.opens_on = today + timedelta(days=shift)
        consultation.closes_on = consultation.opens_on + timedelta(days=29)
        consultation.announced_closes_on = consultation.closes_on
        if status == "concluded":
            consultation.concluded_at = timeutil.utcnow()
        db.session.commit()
    return consultation
