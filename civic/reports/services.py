"""Drafting, filling in and publishing the synthesis report; its totals and groups."""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..comments.models import PUBLISHED, Comment
from ..consultations import services as consultations
from ..consultations.models import Consultation, ConsultationVersion, Section
from ..consultations.outline import section_paths
from ..core import audit
from ..core.services import Problems, ServiceError, refuse_unless
from ..core.text import as_id, clean_text, fold
from ..core.timeutil import utcnow
from ..extensions import db
from . import permissions
from .models import OUTCOMES, CommentOutcome, ReportRevision, SynthesisReport

SUBJECT = consultations.SUBJECT
REASONING_MAX = 5000
INTRODUCTION_MAX = 20_000
REVISION_REASON_MAX = 2000


def report_for(consultation: Consultation) -> SynthesisReport | None:
    return db.session.scalar(select(SynthesisReport).where(SynthesisReport.consultation_id == consultation.id))


def start(user, consultation: Consultation) -> SynthesisReport:
    refuse_unless(permissions.can_manage(user, consultation))
    refuse_unless(permissions.can_write(user, consultation), status=400)
    report = report_for(consultation)
    if report is None:
        report = SynthesisReport(consultation_id=consultation.id, created_by_id=user.id)
        db.session.add(report)
        db.session.flush()
        audit.record("report.start", report, summary=consultation.title)
    return report


# --- reading --------------------------------------------------------------------------------

def _comments(consultation: Consultation) -> list[Comment]:
    return list(db.session.scalars(
        select(Comment).where(Comment.subject_type == SUBJECT, Comment.subject_id == consultation.id, Comment.status == PUBLISHED)
        .order_by(Comment.created_at, Comment.id)
    ))


def _key(body: str) -> str:
    """Identical comments (campaign texts) group together: case, accents, spacing ignored."""
    return re.sub(r"\W+", " ", fold(body)).strip()


@dataclass
class Group:
    comments: list[Comment]
    outcome: CommentOutcome | None = None  # shared by all members when they agree

    @property
    def count(self) -> int:
        return len(self.comments)

    @property
    def first(self) -> Comment:
        return self.comments[0]

    @property
    def ids(self) -> str:
        return ",".join(str(c.id) for c in self.comments)


@dataclass
class SectionGroups:
    label: str
    section_id: int | None
    groups: list[Group] = field(default_factory=list)
    section: Section | None = None  # its whole text is shown with the comments about it

    @property
    def text(self) -> str:
        """The section's words as the draft has them: heading, then body."""
        if self.section is None:
            return ""
        return "\n\n".join(part for part in (self.section.heading, self.section.body) if part)

    @property
    def comment_count(self) -> int:
        return sum(g.count for g in self.groups)


@dataclass
class Totals:
    individuals: int
    businesses: int
    comments: int
    per_section: list[tuple[str, int]]
    with_outcome: int


def build(consultation: Consultation, report: SynthesisReport | None):
    """(totals, sections with groups) computed from the rows — a bounded number of queries."""
    comments = _comments(consultation)
    outcomes = {}
    if report is not None:
        outcomes = {o.comment_id: o for o in db.session.scalars(select(CommentOutcome).where(CommentOutcome.report_id == report.id))}
    rows = db.session.execute(
        select(Section, ConsultationVersion.number).join(ConsultationVersion)
        .where(ConsultationVersion.consultation_id == consultation.id)
        .order_by(ConsultationVersion.number, Section.position)
    ).all()
    by_version: OrderedDict[int, list[Section]] = OrderedDict()
    for section, number in rows:
        by_version.setdefault(number, []).append(section)
    ordered: OrderedDict[int | None, SectionGroups] = OrderedDict()
    ordered[None] = SectionGroups(str(_l("Ý kiến chung về toàn bộ dự thảo")), None)
    latest = max(by_version) if by_version else None
    for number, version_sections in by_version.items():
        paths = section_paths(version_sections)
        for section in version_sections:
            label = paths[section.id]
            if number != latest:  # a comment on an earlier text names the text it was about
                label = str(_l("%(section)s (dự thảo lần %(n)s)", section=label, n=number))
            ordered[section.id] = SectionGroups(label, section.id, section=section)
    for comment in comments:
        bucket = ordered.get(comment.section_id) or ordered[None]
        key = _key(comment.body)
        for group in bucket.groups:
            if _key(group.first.body) == key:
                group.comments.append(comment)
                break
        else:
            bucket.groups.append(Group([comment]))
    for bucket in ordered.values():
        for group in bucket.groups:
            found = [outcomes.get(c.id) for c in group.comments]
            if all(found) and len({(o.outcome, o.reasoning, o.changed_section_id) for o in found}) == 1:
                group.outcome = found[0]
    authors, businesses = db.session.execute(
        select(func.count(func.distinct(Comment.author_id)),
               func.count(func.distinct(case((User.is_business, Comment.author_id)))))
        .select_from(User).join(Comment, Comment.author_id == User.id)
        .where(Comment.subject_type == SUBJECT, Comment.subject_id == consultation.id, Comment.status == PUBLISHED)
    ).one()
    totals = Totals(
        individuals=authors - businesses,
        businesses=businesses,
        comments=len(comments),
        per_section=[(b.label, b.comment_count) for b in ordered.values() if b.comment_count],
        with_outcome=sum(1 for c in comments if c.id in outcomes),
    )
    return totals, [b for b in ordered.values() if b.groups], outcomes


def missing(consultation: Consultation, report: SynthesisReport | None) -> list[Comment]:
    if report is None:
        return _comments(consultation)
    done = set(db.session.scalars(select(CommentOutcome.comment_id).where(CommentOutcome.report_id == report.id)))
    return [c for c in _comments(consultation) if c.id not in done]


# --- writing --------------------------------------------------------------------------------

def _snapshot(report: SynthesisReport) -> dict:
    rows = db.session.scalars(select(CommentOutcome).where(CommentOutcome.report_id == report.id).order_by(CommentOutcome.comment_id))
    return {
        "introduction": report.introduction,
        "outcomes": [{"comment_id": o.comment_id, "outcome": o.outcome, "reasoning": o.reasoning, "changed_section_id": o.changed_section_id} for o in rows],
    }


def _revision_reason(report: SynthesisReport, reason: str | None) -> str | None:
    """A published report never changes silently: a change needs a public reason."""
    if not report.is_published:
        return None
    reason = clean_text(reason)
    if not reason:
        raise ServiceError(_l("Báo cáo đã công bố: vui lòng nêu lý do sửa đổi (được công khai)."), "reason")
    if len(reason) > REVISION_REASON_MAX:
        raise ServiceError(_l("Lý do sửa đổi dài tối đa 2.000 ký tự (hiện có %(n)s ký tự).", n=len(reason)), "reason")
    return reason


def _keep_revision(user, report: SynthesisReport, reason: str | None) -> None:
    """Keep the published text as a numbered revision before it changes."""
    if not report.is_published:
        return
    report.revisions.append(ReportRevision(number=report.revision, reason=reason, snapshot=_snapshot(report), created_by_id=user.id))
    report.revision += 1


def _comment_ids(comment_ids) -> set[int]:
    ids = set()
    for raw in comment_ids:
        for part in str(raw).split(","):
            if as_id(part) is None:
                raise ServiceError(_l("Danh sách ý kiến không hợp lệ."), status=400)
            ids.add(as_id(part))
    return ids


def assign(user, consultation: Consultation, report: SynthesisReport, comment_ids, outcome: str, reasoning: str | None,
           changed_section_id=None, reason: str | None = None) -> int:
    """Give the selected comments (or groups) one outcome and reasoning. Every problem of the
    form is reported at once: nothing ticked, no outcome, no reasoning, no reason."""
    problems = Problems()
    ids = problems.check(_comment_ids, comment_ids) or set()
    if not ids and not problems:
        problems.add(_l("Vui lòng chọn ít nhất một ý kiến."), "comments")
    elif ids and {c.id for c in _comments(consultation) if c.id in ids} != ids:
        problems.add(_l("Có ý kiến không thuộc dự thảo này."))
    if outcome not in OUTCOMES:
        problems.add(_l("Vui lòng chọn kết quả tiếp thu."), "outcome")
    reasoning = clean_text(reasoning)
    if outcome in OUTCOMES and outcome != "noted" and not reasoning:
        problems.add(_l("Vui lòng nêu nội dung tiếp thu hoặc giải trình."), "reasoning")
    elif len(reasoning) > REASONING_MAX:
        problems.add(_l("Nội dung tiếp thu, giải trình dài tối đa 5.000 ký tự (hiện có %(n)s ký tự).", n=len(reasoning)), "reasoning")
    section = None
    if changed_section_id:
        if as_id(changed_section_id) is None:
            problems.add(_l("Phần sửa đổi không hợp lệ."), "changed_section_id")
        else:
            try:
                section = consultations.section_of(consultation, as_id(changed_section_id))
            except ServiceError:
                problems.add(_l("Phần sửa đổi không hợp lệ."), "changed_section_id")
    reason = problems.check(_revision_reason, report, reason)
    problems.raise_if_any()
    _keep_revision(user, report, reason)
    existing = {o.comment_id: o for o in db.session.scalars(select(CommentOutcome).where(CommentOutcome.comment_id.in_(ids)))}
    for comment_id in ids:
        row = existing.get(comment_id) or CommentOutcome(report_id=report.id, comment_id=comment_id, outcome=outcome)
        row.outcome, row.reasoning = outcome, reasoning
        row.changed_section_id = section.id if section else None
        db.session.add(row)
    db.session.flush()
    audit.record("report.assign", report, after={"comments": sorted(ids), "outcome": outcome}, summary=reasoning)
    return len(ids)


def set_introduction(user, consultation: Consultation, report: SynthesisReport, text: str | None, reason: str | None = None) -> None:
    problems = Problems()
    text = clean_text(text)
    if len(text) > INTRODUCTION_MAX:
        problems.add(_l("Phần tổng quan dài tối đa 20.000 ký tự (hiện có %(n)s ký tự).", n=len(text)), "introduction")
    if text == report.introduction and not problems:
        return
    reason = problems.check(_revision_reason, report, reason)
    problems.raise_if_any()
    _keep_revision(user, report, reason)
    report.introduction = text


def publish(user, consultation: Consultation, report: SynthesisReport, confirm_noted: bool) -> None:
    refuse_unless(permissions.can_manage(user, consultation))
    refuse_unless(permissions.can_publish(user, consultation, report), status=400)
    left = missing(consultation, report)
    if left and not confirm_noted:
        receipts = ", ".join(c.receipt for c in left[:20]) + ("…" if len(left) > 20 else "")
        raise ServiceError(
            _l("Còn %(n)s ý kiến chưa có kết quả tiếp thu: %(list)s. Hãy xử lý, hoặc xác nhận “ghi nhận” cho các ý kiến còn lại.",
               n=len(left), list=receipts),
            "confirm_noted",
        )
    for comment in left:
        db.session.add(CommentOutcome(report_id=report.id, comment_id=comment.id, outcome="noted", reasoning=""))
    now = utcnow()
    report.published_at = now
    report.revision = 1
    consultation.concluded_at = now
    audit.record("report.publish", report, after={"noted_automatically": len(left)}, summary=consultation.title)


def load_outcomes(comment_ids) -> dict[int, CommentOutcome]:
    """Published outcomes of these comments, for showing on comments and receipts."""
    ids = list(comment_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(CommentOutcome).join(SynthesisReport).where(CommentOutcome.comment_id.in_(ids), SynthesisReport.published_at.is_not(None))
        .options(joinedload(CommentOutcome.report))
    )
    return {o.comment_id: o for o in rows}
