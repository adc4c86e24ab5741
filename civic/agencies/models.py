from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, UTCDateTime
from ..core.timeutil import utcnow
from ..extensions import db

AGENCY_KINDS = ("city", "department", "district", "ward", "other")
AGENCY_KIND_LABELS = {
    "city": _l("Thành phố"),
    "department": _l("Sở, ban, ngành"),
    "district": _l("Quận, huyện"),
    "ward": _l("Phường, xã"),
    "other": _l("Cơ quan khác"),
}


class Agency(TimestampMixin, db.Model):
    __tablename__ = "agencies"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('city', 'department', 'district', 'ward', 'other')", name="kind_known"
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    slug: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    website: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # Shown beside every answer this agency gives late or still owes past its deadline.
    apology: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")

    parent = relationship("Agency", remote_side=[id], back_populates="children")
    children = relationship("Agency", back_populates="parent", order_by="Agency.name")
    memberships = relationship("Membership", back_populates="agency", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return str(AGENCY_KIND_LABELS[self.kind])

    def __repr__(self) -> str:
        return f"<Agency {self.slug}>"


class Membership(db.Model):
    """A staff account's membership of an agency; it acts for it and every agency below it."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    job_title: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    user = relationship("User", back_populates="memberships")
    agency = relationship("Agency", back_populates="memberships", lazy="joined")
