"""Consultation operations (staff side) and the queries behind its pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from ..agencies.models import Agency
from ..comments.models import PUBLISHED, Comment
from ..core import audit, settings
from ..core.services import Problems, ServiceError, page_bounds, parse_date
from ..core.text import as_id, clean_line, clean_text, page_number
from ..core.timeutil import local_today, utcnow
from ..core.uploads import read_upload
from ..extensions import db
from ..votes import services as votes
from .models import (
    CLOSED,
    CONCLUDED,
    KIND_LABELS,
    KINDS,
    OPEN,
    SCHEDULED,
    Attachment,
    AttachmentBlob,
    ClosingExtension,
    Consultation,
    ConsultationVersion,
    Section,
)
from ..topics.models import Topic
from .parsing import docx_to_text, split_sections

SUBJECT = "consultation"
CONSULTATION_VOTES = ("agree", "disagree")
MAX_BODY = 500_000
for _kind in KINDS:
    settings.declare(
        f"min_open_days.{_kind}",
        _l("Thời gian lấy ý kiến tối thiểu (ngày) — %(kind)s", kind=KIND_LABELS[_kind]),
        20, 1, 365,
    )


# --- details ------------------------------------------------------------------------------

TITLE_MAX = 300
SUMMARY_MAX = 3000
CHANGELOG_MAX = 10_000
EXTENSION_REASON_MAX = 2000


def _topics(ids) -> list[Topic]:
    wanted = set()
    for raw in ids or []:
        if as_id(raw) is None:
            raise ServiceError(_l("Lĩnh vực không tồn tại."), "topics")
        wanted.add(as_id(raw))
    found = db.session.scalars(select(Topic).where(Topic.id.in_(wanted))).all() if wanted else []
    if len(found) != len(wanted):
        raise ServiceError(_l("Lĩnh vực không tồn tại."), "topics")
    return list(found)


def _title(value) -> str:
    title = clean_line(value)
    if not title:
        raise ServiceError(_l("Vui lòng nhập tên dự thảo."), "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(_l("Tên dự thảo dài tối đa 300 ký tự (hiện có %(n)s ký tự).", n=len(title)), "title")
    return title


def _kind(value) -> str:
    if value not in KINDS:
        raise ServiceError(_l("Vui lòng chọn loại dự thảo."), "kind")
    return value


def _summary(value) -> str:
    summary = clean_text(value)
    if not summary:
        raise ServiceError(_l("Vui lòng nhập tóm tắt để người dân nắm được nội dung chính."), "summary")
    if len(summary) > SUMMARY_MAX:
        raise ServiceError(_l("Tóm tắt dài tối đa 3.000 ký tự (hiện có %(n)s ký tự).", n=len(summary)), "summary")
    return summary


def _details(data: dict, problems: Problems) -> dict:
    """The draft's details, every problem noted in `problems` (the caller raises them)."""
    values = {
        "title": problems.check(_title, data.get("title")),
        "kind": problems.check(_kind, data.get("kind")),
        "summary": problems.check(_summary, data.get("summary")),
        "opens_on": problems.check(parse_date, data.get("opens_on"), "opens_on"),
        "closes_on": problems.check(parse_date, data.get("closes_on"), "closes_on"),
    }
    if values["opens_on"] and values["closes_on"] and values["closes_on"] < values["opens_on"]:
        problems.add(_l("Ngày kết thúc phải sau ngày bắt đầu."), "closes_on")
    return values


def _check_changelog(value, *, required: bool) -> str:
    changelog = clean_text(value)
    if required and not changelog:
        raise ServiceError(_l("Vui lòng nêu nội dung sửa đổi của phiên bản này."), "changelog")
    if len(changelog) > CHANGELOG_MAX:
        raise ServiceError(_l("Nội dung sửa đổi dài tối đa 10.000 ký tự (hiện có %(n)s ký tự).", n=len(changelog)), "changelog")
    return changelog


def body_from(data: dict, upload=None) -> str:
    """The draft's text: an uploaded DOCX wins over pasted text."""
    if upload is not None and getattr(upload, "filename", ""):
        raw = upload.read(MAX_BODY * 4 + 1)
        try:
            text = docx_to_text(raw)
        except ValueError as exc:
            raise ServiceError(_l("Không đọc được tệp DOCX. Hãy kiểm tra tệp hoặc dán nội dung vào ô văn bản."), "body_file") from exc
    else:
        text = data.get("body") or ""
    text = clean_text(text)
    if not text:
        raise ServiceError(_l("Vui lòng dán nội dung dự thảo hoặc tải lên tệp DOCX."), "body")
    if len(text) > MAX_BODY:
        raise ServiceError(_l("Nội dung dự thảo quá dài (tối đa 500.000 ký tự)."), "body")
    return text


def _replace_sections(version: ConsultationVersion, text: str) -> None:
    version.body_text = text
    version.sections.clear()
    db.session.flush()
    for position, draft in enumerate(split_sections(text)):
        # Stored whole: a clause's heading is its whole first line, however long.
        version.sections.append(
            Section(position=position, level=draft.level, kind=draft.kind, label=draft.label,
                    heading=draft.heading, body=draft.body)
        )


def create_consultation(user, agency: Agency | None, data: dict, upload=None) -> Consultation:
    """A new draft of `agency` (None: the person chose no agency they work for)."""
    problems = Problems()
    if agency is None:
        problems.add(_l("Vui lòng chọn một cơ quan bạn công tác."), "agency_id")
    values = _details(data, problems)
    topics = problems.check(_topics, data.get("topics"))
    text = problems.check(body_from, data, upload)
    problems.raise_if_any()
    consultation = Consultation(agency_id=agency.id, created_by_id=user.id, **values)
    consultation.topics = topics
    db.session.add(consultation)
    version = ConsultationVersion(number=1, created_by_id=user.id)
    consultation.versions.append(version)
    db.session.flush()
    _replace_sections(version, text)
    db.session.flush()
    audit.record("consultation.create", consultation, after={**values, "agency": agency.slug}, summary=values["title"])
    return consultation


def update_details(consultation: Consultation, data: dict, upload=None) -> None:
    before = audit.snapshot(consultation, ("title", "kind", "summary", "opens_on", "closes_on"))
    problems = Problems()
    values = _details(data, problems)
    topics = problems.check(_topics, data.get("topics"))
    version = draft_version(consultation)
    text = None
    if version is not None and ((upload is not None and getattr(upload, "filename", "")) or data.get("body") is not None):
        text = problems.check(body_from, data, upload)
    problems.raise_if_any()
    for key, value in values.items():
        setattr(consultation, key, value)
    consultation.topics = topics
    if text is not None and text != version.body_text:
        _replace_sections(version, text)
    audit.record("consultation.update", consultation, before=before, after=values, summary=values["title"])


def draft_version(consultation: Consultation) -> ConsultationVersion | None:
    return next((v for v in consultation.versions if not v.is_published), None)


def current_version(consultation: Consultation) -> ConsultationVersion | None:
    published = [v for v in consultation.versions if v.is_published]
    return published[-1] if published else None


def update_sections(version: ConsultationVersion, edits: list[dict]) -> None:
    """Apply the reviewed split: headings and bodies edited, sections merged into the one
    before them. `edits` has one dict per section in order: heading, body, merge (bool)."""
    if version.is_published:
        raise ServiceError(_l("Phiên bản đã công bố không thể sửa."), status=400)
    sections = list(version.sections)
    if len(edits) != len(sections):
        raise ServiceError(_l("Danh sách phần đã thay đổi; vui lòng tải lại trang."), status=409)
    kept: list[Section] = []
    for section, edit in zip(sections, edits):
        heading = clean_line(edit.get("heading"))
        body = clean_text(edit.get("body"))
        if edit.get("merge") and kept:
            previous = kept[-1]
            joined = "\n".join(part for part in (heading, body) if part)
            previous.body = "\n".join(part for part in (previous.body, joined) if part)
            version.sections.remove(section)
            continue
        if not heading and not body:
            version.sections.remove(section)
            continue
        section.heading, section.body = heading, body
        kept.append(section)
    db.session.flush()
    for position, section in enumerate(kept):
        section.position = -1 - position  # two steps keep (version, position) unique throughout
    db.session.flush()
    for position, section in enumerate(kept):
        section.position = position
    if not kept:
        raise ServiceError(_l("Dự thảo phải có ít nhất một phần nội dung."), status=400)


def minimum_open_days(kind: str) -> int:
    return settings.get(f"min_open_days.{kind}")


def open_days(consultation: Consultation) -> int:
    """Calendar days the consultation is open, first and last day included."""
    return (consultation.closes_on - consultation.opens_on).days + 1


def publish_problems(consultation: Consultation) -> list[tuple[str | None, object]]:
    """What stops this draft from being published now, as (field, message) pairs: shown on the
    publish page before the click, and refused by `publish`."""
    problems: list[tuple[str | None, object]] = []
    version = draft_version(consultation)
    if version is None or not version.sections:
        problems.append((None, _l("Dự thảo chưa có nội dung.")))
    if consultation.opens_on < local_today():
        problems.append(("opens_on", _l("Ngày bắt đầu lấy ý kiến đã qua; hãy chọn hôm nay hoặc một ngày sau.")))
    days, minimum = open_days(consultation), minimum_open_days(consultation.kind)
    if days < minimum:
        problems.append((
            "closes_on",
            _l("Thời gian lấy ý kiến là %(days)s ngày, ít hơn mức tối thiểu %(min)s ngày cho loại dự thảo này. Hãy lùi ngày kết thúc.",
               days=days, min=minimum),
        ))
    return problems


def publish(consultation: Consultation) -> None:
    if consultation.published_at is not None:
        raise ServiceError(_l("Dự thảo đã được công bố."), status=400)
    problems = publish_problems(consultation)
    if problems:
        field, message = problems[0]
        raise ServiceError(message, field, errors=problems)
    version = draft_version(consultation)
    now = utcnow()
    consultation.published_at = now
    consultation.announced_closes_on = consultation.closes_on
    version.published_at = now
    audit.record("consultation.publish", consultation, after={"opens_on": consultation.opens_on, "closes_on": consultation.closes_on}, summary=consultation.title)


def start_revision(user, consultation: Consultation, data: dict, upload=None) -> ConsultationVersion:
    if draft_version(consultation) is not None:
        raise ServiceError(_l("Đang có một phiên bản chưa công bố; hãy hoàn tất hoặc sửa phiên bản đó."), status=400)
    problems = Problems()
    text = problems.check(body_from, data, upload)
    changelog = problems.check(_check_changelog, data.get("changelog"), required=False)
    problems.raise_if_any()
    number = max(v.number for v in consultation.versions) + 1
    version = ConsultationVersion(number=number, created_by_id=user.id, changelog=changelog)
    consultation.versions.append(version)
    db.session.flush()
    _replace_sections(version, text)
    audit.record("consultation.revise", consultation, after={"version": number}, summary=consultation.title)
    return version


def publish_revision(consultation: Consultation, changelog: str | None) -> ConsultationVersion:
    version = draft_version(consultation)
    if version is None or version.number == 1:
        raise ServiceError(_l("Không có phiên bản sửa đổi nào đang chờ công bố."), status=400)
    problems = Problems()
    changelog = problems.check(_check_changelog, changelog, required=True)
    if not version.sections:
        problems.add(_l("Dự thảo phải có ít nhất một phần nội dung."))
    problems.raise_if_any()
    version.changelog = changelog
    version.published_at = utcnow()
    audit.record("consultation.publish_version", consultation, after={"version": version.number}, summary=consultation.title)
    return version


def discard_revision(consultation: Consultation) -> None:
    version = draft_version(consultation)
    if version is None or version.number == 1:
        raise ServiceError(_l("Không có phiên bản sửa đổi nào đang chờ công bố."), status=400)
    consultation.versions.remove(version)
    audit.record("consultation.discard_version", consultation, before={"version": version.number}, summary=consultation.title)


def _new_closing_date(consultation: Consultation, raw) -> date:
    new_date = parse_date(raw, "closes_on")
    if new_date <= consultation.closes_on:
        raise ServiceError(_l("Chỉ có thể gia hạn: ngày kết thúc mới phải sau ngày %(d)s.", d=consultation.closes_on.strftime("%d/%m/%Y")), "closes_on")
    if new_date > consultation.closes_on + timedelta(days=366):
        raise ServiceError(_l("Không thể gia hạn quá một năm."), "closes_on")
    return new_date


def _extension_reason(raw) -> str:
    reason = clean_text(raw)
    if not reason:
        raise ServiceError(_l("Vui lòng nêu lý do gia hạn để công khai cùng thông báo."), "reason")
    if len(reason) > EXTENSION_REASON_MAX:
        raise ServiceError(_l("Lý do gia hạn dài tối đa 2.000 ký tự (hiện có %(n)s ký tự).", n=len(reason)), "reason")
    return reason


def extend(consultation: Consultation, raw_date, reason: str | None, user) -> ClosingExtension:
    problems = Problems()
    new_date = problems.check(_new_closing_date, consultation, raw_date)
    reason = problems.check(_extension_reason, reason)
    problems.raise_if_any()
    extension = ClosingExtension(old_closes_on=consultation.closes_on, new_closes_on=new_date, reason=reason, created_by_id=user.id)
    consultation.extensions.append(extension)
    audit.record("consultation.extend", consultation, before={"closes_on": consultation.closes_on}, after={"closes_on": new_date}, summary=reason)
    consultation.closes_on = new_date
    return extension


def add_attachment(user, consultation: Consultation, upload) -> Attachment:
    checked = read_upload(upload, "file")
    if checked is None:
        raise ServiceError(_l("Vui lòng chọn một tệp."), "file")
    attachment = Attachment(consultation_id=consultation.id, uploaded_by_id=user.id, **checked.fields())
    attachment.blob = AttachmentBlob(data=checked.data)
    db.session.add(attachment)
    db.session.flush()
    audit.record("attachment.add", consultation, after={"attachment": attachment.id, "filename": attachment.filename, "size": attachment.size}, summary=attachment.filename)
    return attachment


def remove_attachment(consultation: Consultation, attachment: Attachment) -> None:
    audit.record("attachment.remove", consultation, before={"attachment": attachment.id, "filename": attachment.filename}, summary=attachment.filename)
    db.session.delete(attachment)


# --- votes --------------------------------------------------------------------------------

def tally(consultation: Consultation) -> dict[str, int]:
    counts = votes.tallies(SUBJECT, [consultation.id]).get(consultation.id, {})
    return {value: counts.get(value, 0) for value in CONSULTATION_VOTES}


# --- reading ------------------------------------------------------------------------------

LIST_SORTS = ("closing", "newest", "discussed")
PER_PAGE = 20


@dataclass
class ListFilters:
    agency: str = ""
    topic: str = ""
    status: str = ""
    kind: str = ""
    sort: str = "closing"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "ListFilters":
        sort = args.get("sort", "closing")
        return cls(
            agency=(args.get("agency") or "")[:100],
            topic=(args.get("topic") or "")[:100],
            status=args.get("status") if args.get("status") in (SCHEDULED, OPEN, CLOSED, CONCLUDED) else "",
            kind=args.get("kind") if args.get("kind") in KINDS else "",
            sort=sort if sort in LIST_SORTS else "closing",
            page=page_number(args.get("page")),
        )

    def args(self, **changes) -> dict:
        values = {"agency": self.agency, "topic": self.topic, "status": self.status, "kind": self.kind, "sort": self.sort}
        values.update(changes)
        return {k: v for k, v in values.items() if v and not (k == "sort" and v == "closing")}


def comment_count_subquery():
    return (
        select(func.count(Comment.id))
        .where(Comment.subject_type == SUBJECT, Comment.subject_id == Consultation.id, Comment.status == PUBLISHED)
        .correlate(Consultation)
        .scalar_subquery()
    )


def public_list(filters: ListFilters):
    """A page of published consultations with their comment counts (bounded queries)."""
    today = local_today()
    query = select(Consultation, comment_count_subquery().label("comments")).where(Consultation.published_at.is_not(None))
    if filters.agency:
        query = query.join(Agency, Agency.id == Consultation.agency_id).where(Agency.slug == filters.agency)
    if filters.topic:
        query = query.where(Consultation.topics.any(Topic.slug == filters.topic))
    if filters.status:
        query = query.where(Consultation.status_is(filters.status, today))
    if filters.kind:
        query = query.where(Consultation.kind == filters.kind)
    if filters.sort == "newest":
        query = query.order_by(Consultation.published_at.desc(), Consultation.id.desc())
    elif filters.sort == "discussed":
        query = query.order_by(comment_count_subquery().desc(), Consultation.id.desc())
    else:
        # Open ones first, soonest closing first; then scheduled; then the closed, latest first.
        is_open = Consultation.status_is(OPEN, today)
        query = query.order_by(
            case((is_open, 0), (Consultation.status_is(SCHEDULED, today), 1), else_=2),
            case((is_open, Consultation.closes_on), else_=None),
            Consultation.closes_on.desc(),
            Consultation.id.desc(),
        )
    total, page, pages = page_bounds(query, Consultation.id, filters.page, PER_PAGE)
    rows = db.session.execute(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return rows, total, page, pages


def staff_list(user, agency_ids: set[int]):
    if not agency_ids:
        return []
    return db.session.execute(
        select(Consultation, comment_count_subquery().label("comments"))
        .where(Consultation.agency_id.in_(agency_ids))
        .order_by(Consultation.updated_at.desc())
    ).all()


def load_for_page(consultation_id: int) -> Consultation | None:
    return db.session.scalar(
        select(Consultation)
        .where(Consultation.id == consultation_id)
        .options(
            selectinload(Consultation.versions).selectinload(ConsultationVersion.sections),
            selectinload(Consultation.attachments),
            selectinload(Consultation.extensions),
        )
    )


def section_of(consultation: Consultation, section_id: int) -> Section:
    """A section of any published version of this consultation, or a refusal."""
    section = db.session.get(Section, section_id)
    if section is None or section.version.consultation_id != consultation.id or not section.version.is_published:
        raise ServiceError(_l("Phần được góp ý không thuộc dự thảo này."), "section_id", status=400)
    return section


def agency_panel(agency) -> dict:
    """An agency page's drafts panel: its ten newest published drafts and how many there are."""
    rows, total, _page, _pages = public_list(ListFilters(agency=agency.slug, sort="newest"))
    return {"rows": rows[:10], "total": total}
