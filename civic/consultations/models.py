from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import StoredFileMixin, TimestampMixin, UTCDateTime
from ..core.text import slugify
from ..core.timeutil import local_today, utcnow
from ..extensions import db
from ..topics.models import Topic  # noqa: F401  (consultations are filed under topics)

KINDS = ("regulation", "policy", "plan", "reform")
KIND_LABELS = {
    "regulation": _l("Dự thảo văn bản quy phạm pháp luật"),
    "policy": _l("Dự thảo chính sách"),
    "plan": _l("Dự thảo kế hoạch"),
    "reform": _l("Đề án cải cách"),
}
DRAFT, SCHEDULED, OPEN, CLOSED, CONCLUDED = "draft", "scheduled", "open", "closed", "concluded"
STATUSES = (DRAFT, SCHEDULED, OPEN, CLOSED, CONCLUDED)
PUBLIC_STATUSES = (SCHEDULED, OPEN, CLOSED, CONCLUDED)
STATUS_LABELS = {
    DRAFT: _l("Bản nháp"),
    SCHEDULED: _l("Sắp lấy ý kiến"),
    OPEN: _l("Đang lấy ý kiến"),
    CLOSED: _l("Đã kết thúc, đang tổng hợp"),
    CONCLUDED: _l("Đã có báo cáo tổng hợp"),
}



def status_ranges(today: date) -> dict[str, dict]:
    """The one rule of a published consultation's status, as ranges of its dates and its
    concluded flag (first match wins, in this order). `Consultation.status_on` reads it for one
    row, `Consultation.status_is` turns it into SQL for lists, and search hands it to the
    engines as `Life` ranges — none of them writes the rule again."""
    return {
        CONCLUDED: {"concluded": True},
        SCHEDULED: {"opens_from": today + timedelta(days=1), "concluded": False},
        OPEN: {"opens_to": today, "closes_from": today, "concluded": False},
        CLOSED: {"closes_to": today - timedelta(days=1), "concluded": False},
    }


def _holds(ranges: dict, opens: date, closes: date, concluded: bool) -> bool:
    checks = {
        "opens_from": lambda bound: opens >= bound,
        "opens_to": lambda bound: opens <= bound,
        "closes_from": lambda bound: closes >= bound,
        "closes_to": lambda bound: closes <= bound,
        "concluded": lambda flag: concluded == flag,
    }
    return all(checks[name](bound) for name, bound in ranges.items())


def _sql(ranges: dict, model):
    checks = {
        "opens_from": lambda bound: model.opens_on >= bound,
        "opens_to": lambda bound: model.opens_on <= bound,
        "closes_from": lambda bound: model.closes_on >= bound,
        "closes_to": lambda bound: model.closes_on <= bound,
        "concluded": lambda flag: model.concluded_at.is_not(None) if flag else model.concluded_at.is_(None),
    }
    return and_(*(checks[name](bound) for name, bound in ranges.items()))


consultation_topics = Table(
    "consultation_topics",
    db.metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Consultation(TimestampMixin, db.Model):
    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("kind IN ('regulation', 'policy', 'plan', 'reform')", name="kind_known"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        Index("ix_consultations_public", "published_at", "closes_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Dates in Viet Nam: open from the start of opens_on to the end of closes_on.
    opens_on: Mapped[date] = mapped_column(Date, nullable=False)
    closes_on: Mapped[date] = mapped_column(Date, nullable=False)
    # The closing date announced at publication; differs from closes_on after an extension.
    announced_closes_on: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Goes up with every change a visitor could see on the page (comments, votes, versions,
    # files, dates): the key under which the page may be served from cache.

    agency = relationship("Agency", lazy="joined", innerjoin=True)
    topics = relationship("Topic", secondary=consultation_topics, order_by="Topic.name", lazy="selectin")
    versions = relationship(
        "ConsultationVersion", back_populates="consultation", order_by="ConsultationVersion.number",
        cascade="all, delete-orphan",
    )
    attachments = relationship("Attachment", order_by="Attachment.id", cascade="all, delete-orphan")
    extensions = relationship("ClosingExtension", order_by="ClosingExtension.id", cascade="all, delete-orphan")

    @property
    def slug(self) -> str:
        return slugify(self.title, 60) or "du-thao"

    def status_on(self, today: date) -> str:
        if self.published_at is None:
            return DRAFT
        for status, ranges in status_ranges(today).items():
            if _holds(ranges, self.opens_on, self.closes_on, self.concluded_at is not None):
                return status
        return CLOSED   # (unreachable: the ranges cover every date)

    @classmethod
    def status_is(cls, status: str, today: date):
        """`status_on(today) == status` as a SQL condition on published consultations."""
        ranges = status_ranges(today).get(status)
        return _sql(ranges, cls) if ranges is not None else false()

    @property
    def status(self) -> str:
        return self.status_on(local_today())

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def days_left(self) -> int:
        """Calendar days left including today, while open (1 on the last day)."""
        return (self.closes_on - local_today()).days + 1

    @property
    def was_extended(self) -> bool:
        return self.announced_closes_on is not None and self.closes_on != self.announced_closes_on

    @property
    def is_public(self) -> bool:
        return self.published_at is not None


class ConsultationVersion(db.Model):
    """A draft text: version 1 is the one published first; each revision adds the next."""

    __tablename__ = "consultation_versions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(nullable=False)
    body_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    changelog: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    consultation = relationship("Consultation", back_populates="versions")
    sections = relationship(
        "Section", back_populates="version", order_by="Section.position", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Section(db.Model):
    """One part of a version's text (a chapter, article, clause...), in reading order."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("consultation_versions.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)
    level: Mapped[int] = mapped_column(nullable=False, default=0)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="preamble")
    label: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    # The heading line as written: for a clause its whole first line, which can be a long
    # paragraph (Text: no part of a draft is ever shortened).
    heading: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")

    version = relationship("ConsultationVersion", back_populates="sections")

    @property
    def anchor(self) -> str:
        return f"section-{self.id}"


class Attachment(StoredFileMixin, db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False, index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    blob = relationship("AttachmentBlob", uselist=False, cascade="all, delete-orphan", lazy="select")


class AttachmentBlob(db.Model):
    """The file's bytes, apart from its description so lists never load them. Kept in the
    database so every app server sees the same files."""

    __tablename__ = "attachment_blobs"

    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class ClosingExtension(db.Model):
    __tablename__ = "closing_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False, index=True)
    old_closes_on: Mapped[date] = mapped_column(Date, nullable=False)
    new_closes_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
