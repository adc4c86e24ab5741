"""The synthesis report (báo cáo tổng hợp, tiếp thu, giải trình ý kiến) of a consultation:
every comment's outcome with the reasoning, published when the consultation concludes."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, UTCDateTime
from ..core.timeutil import utcnow
from ..extensions import db

OUTCOMES = ("accepted", "partly_accepted", "explained", "noted")
OUTCOME_LABELS = {
    "accepted": _l("Tiếp thu"),
    "partly_accepted": _l("Tiếp thu một phần"),
    "explained": _l("Giải trình"),
    "noted": _l("Ghi nhận"),
}


class SynthesisReport(TimestampMixin, db.Model):
    __tablename__ = "synthesis_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), unique=True, nullable=False)
    introduction: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revision: Mapped[int] = mapped_column(nullable=False, default=0)  # 1 at first publication
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    outcomes = relationship("CommentOutcome", back_populates="report", cascade="all, delete-orphan")
    revisions = relationship("ReportRevision", order_by="ReportRevision.number", cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommentOutcome(TimestampMixin, db.Model):
    """What the agency did with one comment."""

    __tablename__ = "comment_outcomes"
    __table_args__ = (
        CheckConstraint("outcome IN ('accepted', 'partly_accepted', 'explained', 'noted')", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("synthesis_reports.id", ondelete="CASCADE"), nullable=False, index=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), unique=True, nullable=False)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    reasoning: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Where the text changed in the next version, when it did.
    changed_section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))

    report = relationship("SynthesisReport", back_populates="outcomes")

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


class ReportRevision(db.Model):
    """A published report edited later: what it said before, and why it changed."""

    __tablename__ = "report_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("synthesis_reports.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    snapshot: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
