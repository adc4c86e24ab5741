"""Reform ideas (hiến kế, sáng kiến cải cách): what citizens and businesses propose, the
supports they gather, and the public history of every status change."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import StoredFileMixin, TimestampMixin, UTCDateTime
from ..core.timeutil import utcnow
from ..extensions import db

SUBMITTED, PUBLISHED, DECLINED = "submitted", "published", "declined"
UNDER_REVIEW, ACCEPTED, NOT_ACCEPTED, IMPLEMENTED = "under_review", "accepted", "not_accepted", "implemented"
EXPIRED, MERGED = "expired", "merged"
STATUSES = (SUBMITTED, PUBLISHED, DECLINED, UNDER_REVIEW, ACCEPTED, NOT_ACCEPTED, IMPLEMENTED, EXPIRED, MERGED)
PUBLIC_STATUSES = (PUBLISHED, UNDER_REVIEW, ACCEPTED, NOT_ACCEPTED, IMPLEMENTED, EXPIRED, MERGED)
STATUS_LABELS = {
    SUBMITTED: _l("Chờ duyệt"),
    PUBLISHED: _l("Đang nhận ủng hộ"),
    DECLINED: _l("Không được đăng"),
    UNDER_REVIEW: _l("Đang xem xét"),
    ACCEPTED: _l("Được tiếp thu"),
    NOT_ACCEPTED: _l("Không được tiếp thu"),
    IMPLEMENTED: _l("Đã thực hiện"),
    EXPIRED: _l("Không đạt ngưỡng ủng hộ"),
    MERGED: _l("Đã gộp vào sáng kiến khác"),
}
# Why an idea is not published (the published list the author is told from).
DECLINE_REASONS = {
    "duplicate": _l("Trùng với một sáng kiến đã có"),
    "not_reform": _l("Không phải đề xuất cải cách"),
    "personal_data": _l("Chứa thông tin cá nhân của người khác"),
    "abusive": _l("Có nội dung xúc phạm hoặc vi phạm pháp luật"),
    "out_of_scope": _l("Không thuộc thẩm quyền của thành phố"),
}
# Which status may follow which (staff moves; publication and expiry are separate services).
TRANSITIONS = {
    PUBLISHED: (UNDER_REVIEW,),
    UNDER_REVIEW: (ACCEPTED, NOT_ACCEPTED),
    ACCEPTED: (IMPLEMENTED,),
}


class Idea(TimestampMixin, db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    problem: Mapped[str] = mapped_column(Text, nullable=False)
    solution: Mapped[str] = mapped_column(Text, nullable=False)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="RESTRICT"), nullable=False, index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=SUBMITTED, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    window_ends_on: Mapped[date | None] = mapped_column(Date)      # supports count until this day
    threshold: Mapped[int | None] = mapped_column()                 # the setting when it was published
    support_count: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    reached_on: Mapped[date | None] = mapped_column(Date)          # the day it reached its threshold
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    implemented_on: Mapped[date | None] = mapped_column(Date)

    author = relationship("User", lazy="joined", innerjoin=True)
    topic = relationship("Topic", lazy="joined", innerjoin=True)
    agency = relationship("Agency", lazy="joined")
    events = relationship("IdeaEvent", order_by="IdeaEvent.id", cascade="all, delete-orphan")
    attachment = relationship("IdeaAttachment", uselist=False, cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def progress(self) -> int:
        """Percent of the threshold reached (0–100)."""
        if not self.threshold:
            return 0
        return min(100, self.support_count * 100 // self.threshold)


class IdeaSupport(db.Model):
    """One account's support for one idea (a unique constraint keeps it one under concurrency)."""

    __tablename__ = "idea_supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class IdeaEvent(db.Model):
    """The public history: each status an idea took, when, with the reason or note."""

    __tablename__ = "idea_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    reason: Mapped[str] = mapped_column(String(30), nullable=False, default="")   # a DECLINE_REASONS key
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def reason_label(self) -> str:
        return str(DECLINE_REASONS.get(self.reason, ""))


class IdeaAttachment(StoredFileMixin, db.Model):
    """The one file an idea may carry, checked from its content like every upload."""

    __tablename__ = "idea_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), unique=True, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, nullable=False)
