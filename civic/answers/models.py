from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import StoredFileMixin, TimestampMixin, UTCDateTime
from ..core.timeutil import local_today, to_local, utcnow
from ..core.workdays import working_days_between
from ..extensions import db

RATINGS = ("satisfied", "neutral", "dissatisfied")
RATING_LABELS = {
    "satisfied": _l("Hài lòng"),
    "neutral": _l("Bình thường"),
    "dissatisfied": _l("Không hài lòng"),
}
PENDING, ON_TIME, LATE, OVERDUE = "pending", "on_time", "late", "overdue"
DUE_SOON = "due_soon"  # still pending, with few working days left (the staff queue says so)
DUE_SOON_WORKING_DAYS = 3
DEADLINE_LABELS = {
    PENDING: _l("Cần trả lời"),
    ON_TIME: _l("Trả lời đúng hạn"),
    LATE: _l("Trả lời trễ hạn"),
    OVERDUE: _l("Quá hạn trả lời"),
}
# The agency's apology when it has not written its own (Agency.apology): what it says depends
# on whether the answer is still owed or came late — never "will answer soon" under an answer.
DEFAULT_APOLOGY = _l(
    "Chúng tôi thành thật xin lỗi vì chưa trả lời đúng hạn. Cơ quan đang khẩn trương xử lý và "
    "sẽ trả lời sớm nhất."
)


def late_apology(working_days: int) -> str:
    return ngettext(
        "Chúng tôi thành thật xin lỗi vì đã trả lời trễ hạn %(num)s ngày làm việc.",
        "Chúng tôi thành thật xin lỗi vì đã trả lời trễ hạn %(num)s ngày làm việc.",
        working_days,
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

    @property
    def late_by(self) -> int:
        """Working days between the deadline and the answer (0 unless answered late). Pages
        that show many fill it for all their rows at once (answers.services.fill_lateness)."""
        if "_late_by" not in self.__dict__:
            late = self.answered_on is not None and self.answered_on > self.due_on
            self.__dict__["_late_by"] = working_days_between(self.due_on, self.answered_on) if late else 0
        return self.__dict__["_late_by"]

    @property
    def state_text(self) -> str:
        """The state as the public reads it: "answered late by N working days" when it was."""
        if self.state == LATE and self.late_by:
            return ngettext("Trả lời trễ hạn %(num)s ngày làm việc", "Trả lời trễ hạn %(num)s ngày làm việc", self.late_by)
        return self.state_label

    @property
    def apology(self) -> str:
        """The apology shown beside a late or overdue answer: the agency's own words, or ours
        for the state — sorry it is not answered yet (and it will be), or sorry it came late."""
        if self.agency.apology:
            return self.agency.apology
        if self.state == LATE:
            return late_apology(self.late_by)
        return str(DEFAULT_APOLOGY)


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
