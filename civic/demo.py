"""Vietnamese demo data: real agency names, staff, citizens and businesses.

`flask --app civic seed demo` loads each part once; running it again changes nothing.
Passwords are random and printed once, at the time they are created.
"""
from __future__ import annotations

import secrets
from typing import Callable

from sqlalchemy import select

from .accounts import services as accounts
from .accounts.models import ADMIN, BUSINESS, CITIZEN, MODERATOR, STAFF
from .agencies import services as agencies
from .agencies.models import Agency
from .core.timeutil import utcnow
from .extensions import db

# (slug, name, kind, parent slug, description)
AGENCIES = [
    ("ubnd-tp-hcm", "UBND Thành phố Hồ Chí Minh", "city", None,
     "Ủy ban nhân dân Thành phố Hồ Chí Minh, cơ quan hành chính nhà nước ở địa phương."),
    ("van-phong-ubnd-tp-hcm", "Văn phòng UBND Thành phố", "department", "ubnd-tp-hcm",
     "Tham mưu tổng hợp, kiểm soát thủ tục hành chính và theo dõi việc trả lời phản ánh, kiến nghị."),
    ("so-noi-vu-tp-hcm", "Sở Nội vụ TP.HCM", "department", "ubnd-tp-hcm",
     "Tham mưu về tổ chức bộ máy, công chức, công vụ và cải cách hành chính của Thành phố."),
    ("so-tu-phap-tp-hcm", "Sở Tư pháp TP.HCM", "department", "ubnd-tp-hcm",
     "Thẩm định dự thảo văn bản quy phạm pháp luật, phổ biến giáo dục pháp luật, hộ tịch."),
    ("so-khoa-hoc-cong-nghe-tp-hcm", "Sở Khoa học và Công nghệ TP.HCM", "department", "ubnd-tp-hcm",
     "Quản lý khoa học, công nghệ, chuyển đổi số và dịch vụ công trực tuyến."),
    ("ubnd-quan-binh-tan", "UBND quận Bình Tân", "district", "ubnd-tp-hcm",
     "Ủy ban nhân dân quận Bình Tân, Thành phố Hồ Chí Minh."),
    ("ubnd-phuong-binh-tri-dong", "UBND phường Bình Trị Đông", "ward", "ubnd-quan-binh-tan",
     "Ủy ban nhân dân phường Bình Trị Đông, quận Bình Tân."),
    ("ubnd-phuong-an-lac", "UBND phường An Lạc", "ward", "ubnd-quan-binh-tan",
     "Ủy ban nhân dân phường An Lạc, quận Bình Tân."),
    ("ubnd-tp-ha-noi", "UBND Thành phố Hà Nội", "city", None,
     "Ủy ban nhân dân Thành phố Hà Nội."),
    ("so-noi-vu-ha-noi", "Sở Nội vụ Hà Nội", "department", "ubnd-tp-ha-noi",
     "Tham mưu về tổ chức bộ máy, chính quyền địa phương và cải cách hành chính của Thủ đô."),
    ("ubnd-quan-long-bien", "UBND quận Long Biên", "district", "ubnd-tp-ha-noi",
     "Ủy ban nhân dân quận Long Biên, Thành phố Hà Nội."),
    ("ubnd-phuong-bo-de", "UBND phường Bồ Đề", "ward", "ubnd-quan-long-bien",
     "Ủy ban nhân dân phường Bồ Đề, quận Long Biên."),
    ("ubnd-phuong-ngoc-lam", "UBND phường Ngọc Lâm", "ward", "ubnd-quan-long-bien",
     "Ủy ban nhân dân phường Ngọc Lâm, quận Long Biên."),
]

# (email, display name, role, agency slug, job title)
STAFF_ACCOUNTS = [
    ("vanphong.hcm@example.com", "Nguyễn Thị Thu Trang", STAFF, "van-phong-ubnd-tp-hcm", "Chuyên viên Phòng Kiểm soát thủ tục hành chính"),
    ("noivu.hcm@example.com", "Trần Quốc Huy", STAFF, "so-noi-vu-tp-hcm", "Trưởng phòng Cải cách hành chính"),
    ("tuphap.hcm@example.com", "Lê Minh Châu", STAFF, "so-tu-phap-tp-hcm", "Chuyên viên Phòng Xây dựng và kiểm tra văn bản"),
    ("khcn.hcm@example.com", "Phạm Đức Long", STAFF, "so-khoa-hoc-cong-nghe-tp-hcm", "Phó Chánh Văn phòng Sở"),
    ("binhtan@example.com", "Võ Thị Ngọc Hân", STAFF, "ubnd-quan-binh-tan", "Chánh Văn phòng HĐND và UBND quận"),
    ("noivu.hanoi@example.com", "Đỗ Mạnh Cường", STAFF, "so-noi-vu-ha-noi", "Chuyên viên Phòng Cải cách hành chính"),
    ("longbien@example.com", "Hoàng Thị Lan Anh", STAFF, "ubnd-quan-long-bien", "Phó Chánh Văn phòng HĐND và UBND quận"),
    ("kiemduyet@example.com", "Bùi Thanh Tâm", MODERATOR, None, ""),
    ("quantri@example.com", "Quản trị hệ thống", ADMIN, None, ""),
]

CITIZENS = [
    ("nguoidan1@example.com", "Nguyễn Văn Phúc"),
    ("nguoidan2@example.com", "Trần Thị Mai Hương"),
    ("nguoidan3@example.com", "Lê Hoàng Nam"),
    ("nguoidan4@example.com", "Phạm Thu Hà"),
]

# (email, contact name, organisation, tax code) — tax codes carry a valid check digit.
BUSINESSES = [
    ("doanhnghiep.binhtan@example.com", "Đặng Quốc Bảo", "Công ty TNHH Thương mại Dịch vụ Bình Minh", "0316543210"),
    ("doanhnghiep.longbien@example.com", "Ngô Thị Kim Oanh", "Công ty Cổ phần Xây dựng Long Biên Xanh", "0100233488"),
    ("doanhnghiep.chinhanh@example.com", "Vũ Đình Khoa", "Công ty Cổ phần Logistics Sông Sài Gòn — Chi nhánh Bình Tân", "0314409058-001"),
]


def _password() -> str:
    return "gopy-" + secrets.token_urlsafe(9)


def _seed_agencies_and_accounts(echo: Callable[[str], None]) -> None:
    by_slug: dict[str, Agency] = {}
    for slug, name, kind, parent, description in AGENCIES:
        by_slug[slug] = agencies.create_agency(
            {
                "slug": slug,
                "name": name,
                "kind": kind,
                "parent_id": by_slug[parent].id if parent else None,
                "description": description,
            }
        )
    printed: list[tuple[str, str, str]] = []
    for email, name, role, agency_slug, title in STAFF_ACCOUNTS:
        password = _password()
        user = accounts.create_user(email, password, role, name)
        if agency_slug:
            agencies.add_membership(user, by_slug[agency_slug], title)
        printed.append((role, email, password))
    for email, name in CITIZENS:
        password = _password()
        accounts.create_user(email, password, CITIZEN, name)
        printed.append((CITIZEN, email, password))
    for email, name, organisation, tax_code in BUSINESSES:
        password = _password()
        user = accounts.create_user(email, password, CITIZEN, name)
        user.role = BUSINESS
        user.organisation_name = organisation
        user.tax_code = accounts.normalise_tax_code(tax_code)
        user.organisation_verified_at = utcnow()
        printed.append((BUSINESS, email, password))
    db.session.commit()
    echo("Demo accounts (the passwords are shown only this once):")
    for role, email, password in printed:
        echo(f"  {role:<10} {email:<40} {password}")


# Each later feature appends its own step: (name, already-loaded check, loader).
STEPS: list[tuple[str, Callable[[], bool], Callable[[Callable[[str], None]], None]]] = [
    (
        "agencies and accounts",
        lambda: db.session.scalar(select(Agency.id).where(Agency.slug == AGENCIES[0][0])) is not None,
        _seed_agencies_and_accounts,
    ),
]


def _consultations_step():
    from .consultations import demo

    return ("consultations", demo.already_loaded, demo.load)


def _answers_step():
    from .reports import demo

    return ("answers and reports", demo.already_loaded, demo.load)


def _ideas_step():
    from .ideas import demo

    return ("reform ideas", demo.already_loaded, demo.load)


def _dialogues_step():
    from .dialogues import demo

    return ("dialogue sessions", demo.already_loaded, demo.load)


STEPS.append(_consultations_step())
STEPS.append(_answers_step())
STEPS.append(_ideas_step())
STEPS.append(_dialogues_step())


def seed_demo(echo: Callable[[str], None] = print) -> None:
    for name, loaded, load in STEPS:
        if loaded():
            echo(f"demo {name}: already loaded")
            continue
        load(echo)
        echo(f"demo {name}: loaded")
