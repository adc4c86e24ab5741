from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, UTCDateTime
from ..extensions import db

PUBLISHED, WITHDRAWN, HIDDEN = "published", "withdrawn", "hidden"
MAX_DEPTH = 2  # a top comment (0), a reply (1), a reply to the reply (2): three levels
MAX_LENGTH = 5000
STATUS_LABELS = {
    PUBLISHED: _l("Đã tiếp nhận"),
    WITHDRAWN: _l("Tác giả đã rút lại"),
    HIDDEN: _l("Đã bị ẩn bởi ban kiểm duyệt"),
}


class Comment(TimestampMixin, db.Model):
    """A comment on a subject (a consultation; later an idea or a dialogue question),
    optionally anchored to one section of it, optionally a reply to another comment."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("depth >= 0 AND depth <= 2", name="depth_range"),
        CheckConstraint("status IN ('published', 'withdrawn', 'hidden')", name="status_known"),
        Index("ix_comments_subject_thread", "subject_type", "subject_id", "parent_id", "created_at"),
        # Covers the per-section counts of visible comments (no table lookups at 10,000 rows).
        Index("ix_comments_subject_section", "subject_type", "subject_id", "status", "section_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(30), nullable=False)
    subject_id: Mapped[int] = mapped_column(nullable=False)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="RESTRICT"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="RESTRICT"), index=True)
    depth: Mapped[int] = mapped_column(nullable=False, default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False, index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    receipt: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=PUBLISHED)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    author = relationship("User", lazy="joined", innerjoin=True)
    parent = relationship("Comment", remote_side=[id])

    @property
    def is_visible(self) -> bool:
        return self.status == PUBLISHED

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


class ReceiptCounter(db.Model):
    """The last receipt number given out each year; numbers are never given twice."""

    __tablename__ = "receipt_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(nullable=False, default=0)
