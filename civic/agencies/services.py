"""Agency tree and staff memberships: queries and the operations admins carry out."""
from __future__ import annotations

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..accounts.permissions import is_staff
from ..core import audit
from ..core.services import Problems, ServiceError
from ..core.text import clean_line, clean_text, slugify
from ..extensions import db
from .models import AGENCY_KINDS, Agency, Membership

AUDITED_FIELDS = ("name", "slug", "kind", "parent_id", "description", "website", "address", "apology")


def _subtree_ids(root_ids: list[int]) -> set[int]:
    """The given agencies and every agency below them, in one recursive query."""
    if not root_ids:
        return set()
    base = select(Agency.id.label("id")).where(Agency.id.in_(root_ids))
    tree = base.cte("subtree", recursive=True)
    tree = tree.union(select(Agency.id).where(Agency.parent_id == tree.c.id))
    return set(db.session.scalars(select(tree.c.id)).all())


def descendant_ids(agency: Agency) -> set[int]:
    return _subtree_ids([agency.id])


def agency_options() -> list[tuple[str, str]]:
    """(slug, name) of every agency, by name: the choices of the agency filters."""
    return [tuple(row) for row in db.session.execute(select(Agency.slug, Agency.name).order_by(Agency.name))]


def agency_ids_for(user) -> set[int]:
    """Agencies a staff account acts for (memberships and below), cached for the request."""
    if not is_staff(user):
        return set()
    cache = g.setdefault("_agency_ids_for", {}) if has_request_context() else {}
    if user.id not in cache:
        roots = [m.agency_id for m in user.memberships]
        cache[user.id] = _subtree_ids(roots)
    return cache[user.id]


def ancestors(agency: Agency) -> list[Agency]:
    """From the top of the tree down to the agency's parent."""
    chain, seen, node = [], set(), agency.parent
    while node is not None and node.id not in seen:
        seen.add(node.id)
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def tree() -> list[tuple[Agency, int]]:
    """Every agency with its depth, in tree order (one query, ordered in Python)."""
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    by_parent: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        by_parent.setdefault(agency.parent_id, []).append(agency)
    ordered: list[tuple[Agency, int]] = []

    def walk(parent_id, depth):
        for agency in by_parent.get(parent_id, []):
            ordered.append((agency, depth))
            walk(agency.id, depth + 1)

    walk(None, 0)
    return ordered


def get_by_slug(slug: str) -> Agency | None:
    return db.session.scalar(select(Agency).where(Agency.slug == slug))


NAME_MAX = 200
DESCRIPTION_MAX = 5000
WEBSITE_MAX = 300
ADDRESS_MAX = 300
APOLOGY_MAX = 2000
JOB_TITLE_MAX = 120


def _within(value: str, limit: int, field: str, message) -> str:
    """The value, or a refusal naming the limit and the length typed: never cut."""
    if len(value) > limit:
        raise ServiceError(message, field)
    return value


def _validate(data: dict, agency: Agency | None) -> dict:
    """The agency form's values; every problem is reported at once."""
    problems = Problems()
    name = clean_line(data.get("name"))
    if not name:
        problems.add(_l("Vui lòng nhập tên cơ quan."), "name")
    elif len(name) > NAME_MAX:
        problems.add(_l("Tên cơ quan dài tối đa 200 ký tự."), "name")
    slug = slugify(clean_line(data.get("slug")) or name)
    if not slug:
        if name:
            problems.add(_l("Đường dẫn rút gọn chỉ gồm chữ không dấu, số và dấu gạch ngang."), "slug")
    elif db.session.scalar(
        select(Agency.id).where(Agency.slug == slug, Agency.id != (agency.id if agency else -1))
    ):
        problems.add(_l("Đường dẫn rút gọn này đã được dùng cho cơ quan khác."), "slug")
    kind = data.get("kind")
    if kind not in AGENCY_KINDS:
        problems.add(_l("Vui lòng chọn loại cơ quan."), "kind")
    parent_id = data.get("parent_id") or None
    if parent_id is not None:
        parent = db.session.get(Agency, parent_id)
        if parent is None:
            problems.add(_l("Cơ quan cấp trên không tồn tại."), "parent_id")
        elif agency is not None and parent.id in descendant_ids(agency):
            problems.add(
                _l("Không thể đặt cơ quan này dưới chính nó hoặc một cơ quan cấp dưới của nó."),
                "parent_id",
            )
    website = clean_line(data.get("website"))
    if website and not website.startswith(("https://", "http://")):
        problems.add(_l("Trang web phải bắt đầu bằng https:// hoặc http://."), "website")
    description = clean_text(data.get("description"))
    address = clean_line(data.get("address"))
    apology = clean_text(data.get("apology"))
    for value, limit, field, message in (
        (description, DESCRIPTION_MAX, "description", _l("Phần giới thiệu dài tối đa 5.000 ký tự (hiện có %(n)s ký tự).", n=len(description))),
        (website, WEBSITE_MAX, "website", _l("Địa chỉ trang web dài tối đa 300 ký tự (hiện có %(n)s ký tự).", n=len(website))),
        (address, ADDRESS_MAX, "address", _l("Địa chỉ dài tối đa 300 ký tự (hiện có %(n)s ký tự).", n=len(address))),
        (apology, APOLOGY_MAX, "apology", _l("Lời xin lỗi dài tối đa 2.000 ký tự (hiện có %(n)s ký tự).", n=len(apology))),
    ):
        problems.check(_within, value, limit, field, message)
    problems.raise_if_any()
    return {
        "name": name,
        "slug": slug,
        "kind": kind,
        "parent_id": parent_id,
        "description": description,
        "website": website,
        "address": address,
        "apology": apology,
    }


def create_agency(data: dict) -> Agency:
    values = _validate(data, None)
    agency = Agency(**values)
    db.session.add(agency)
    db.session.flush()
    audit.record("agency.create", agency, after=values, summary=values["name"])
    return agency


def update_agency(agency: Agency, data: dict) -> Agency:
    values = _validate(data, agency)
    before = audit.snapshot(agency, AUDITED_FIELDS)
    for key, value in values.items():
        setattr(agency, key, value)
    after = audit.snapshot(agency, AUDITED_FIELDS)
    changed = {k for k in AUDITED_FIELDS if before[k] != after[k]}
    if changed:
        audit.record(
            "agency.update",
            agency,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
            summary=agency.name,
        )
    return agency


def delete_agency(agency: Agency) -> None:
    has_children = db.session.scalar(select(exists().where(Agency.parent_id == agency.id)))
    if has_children:
        raise ServiceError(_l("Cơ quan này còn cơ quan cấp dưới; hãy chuyển hoặc xoá chúng trước."))
    audit.record(
        "agency.delete", agency, before=audit.snapshot(agency, AUDITED_FIELDS), summary=agency.name
    )
    db.session.delete(agency)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ServiceError(_l("Cơ quan này đã có nội dung gắn với nó nên không thể xoá.")) from exc


def add_membership(user: User, agency: Agency, job_title: str = "") -> Membership:
    if not user.is_staff_account:
        raise ServiceError(_l("Chỉ tài khoản cán bộ mới là thành viên của cơ quan. Hãy đổi vai trò trước."), "agency_id")
    if any(m.agency_id == agency.id for m in user.memberships):
        raise ServiceError(_l("Tài khoản này đã là cán bộ của cơ quan đó."), "agency_id")
    job_title = clean_line(job_title)
    if len(job_title) > JOB_TITLE_MAX:
        raise ServiceError(_l("Chức vụ dài tối đa 120 ký tự (hiện có %(n)s ký tự).", n=len(job_title)), "job_title")
    membership = Membership(user=user, agency=agency, job_title=job_title)
    db.session.add(membership)
    db.session.flush()
    audit.record(
        "membership.add",
        user,
        after={"agency": agency.slug, "job_title": membership.job_title},
        summary=f"{user.email} → {agency.name}",
    )
    return membership


def remove_membership(membership: Membership) -> None:
    user, agency = membership.user, membership.agency
    audit.record(
        "membership.remove",
        user,
        before={"agency": agency.slug, "job_title": membership.job_title},
        summary=f"{user.email} ✕ {agency.name}",
    )
    user.memberships.remove(membership)
    db.session.flush()


def member_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(Membership.agency_id, func.count(Membership.id)).group_by(Membership.agency_id)
    ).all()
    return dict(rows)
