from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import StoredFileMixin, TimestampMixin, UTCDateTime
from ..core.timeutil import local_today, to_local, utcnow
from ..extensions import db

RATINGS = ("satisfied", "neutral", "dissatisfied")
RATING_LABELS = {
    "satisfied": _l("Hài lòng"),
    "neutral": _l("Bình thường"),
    "dissatisfied": _l("Không hài lòng"),
}
PENDING, ON_TIME, LATE, OVERDUE = "pending", "on_time", "late", "overdue"
DEADLINE_LABELS = {
    PENDING: _l("Cần trả lời"),
    ON_TIME: _l("Trả lời đúng hạn"),
    LATE: _l("Trả lời trễ hạn"),
    OVERDUE: _l("Quá hạn trả lời"),
}
DEFAULT_APOLOGY = _l(
    "Chúng tôi thành thật xin lỗi vì chưa trả lời đúng hạn. Cơ quan đang khẩn trương xử lý và "
    "sẽ trả lời sớm nhất."
)


class Answer(TimestampMixin, db.Model):
    """An agency's official answer to one thing (a comment...). Corrections keep history."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(30), nullable=False)
    subject_id: Mapped[int] = mapped_column(nullable=False)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), nullable=False, index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    signer_name: Mapped[str] = mapped_column(String(120), nullable=False)
    signer_title: Mapped[str] = mapped_column(String(160), nullable=False)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    agency = relationship("Agency", lazy="joined", innerjoin=True)
    revisions = relationship("AnswerRevision", order_by="AnswerRevision.id", cascade="all, delete-orphan")
    attachment = relationship("AnswerAttachment", uselist=False, cascade="all, delete-orphan", lazy="selectin")

    @property
    def corrected(self) -> bool:
        return bool(self.revisions)


class AnswerAttachment(StoredFileMixin, db.Model):
    """The one file an answer may carry (a signed letter, a table); checked from its content."""

    __tablename__ = "answer_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), unique=True, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, nullable=False)


class AnswerRevision(db.Model):
    """What an answer said before a correction, and why it was corrected (public)."""

    __tablename__ = "answer_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), nullable=False, index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    signer_name: Mapped[str] = mapped_column(String(120), nullable=False)
    signer_title: Mapped[str] = mapped_column(String(160), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class OwedAnswer(db.Model):
    """An answer the agency owes, with its deadline in working days."""

    __tablename__ = "owed_answers"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id"),
        Index("ix_owed_answers_agency_due", "agency_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(30), nullable=False)
    subject_id: Mapped[int] = mapped_column(nullable=False)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), nullable=False)
    reason: Mapped[str] = mapped_column(String(30), nullable=False)
    triggered_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    answered_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    agency = relationship("Agency", lazy="joined", innerjoin=True)

    def state_on(self, today: date) -> str:
        if self.answered_on is not None:
            return ON_TIME if self.answered_on <= self.due_on else LATE
        return OVERDUE if today > self.due_on else PENDING

    @property
    def state(self) -> str:
        return self.state_on(local_today())

    @property
    def state_label(self) -> str:
        return str(DEADLINE_LABELS[self.state])

    @property
    def needs_apology(self) -> bool:
        return self.state in (LATE, OVERDUE)


class Rating(TimestampMixin, db.Model):
    """How the person answered rates the answer; changeable for 30 days."""

    __tablename__ = "answer_ratings"
    __table_args__ = (
        UniqueConstraint("answer_id", "user_id"),
        CheckConstraint("value IN ('satisfied', 'neutral', 'dissatisfied')", name="value_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    value: Mapped[str] = mapped_column(String(15), nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")

    @property
    def label(self) -> str:
        return str(RATING_LABELS[self.value])


def local_date(moment: datetime) -> date:
    return to_local(moment).date()
