from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, UTCDateTime
from ..extensions import db

CITIZEN, BUSINESS, STAFF, MODERATOR, ADMIN = "citizen", "business", "staff", "moderator", "admin"
ROLES = (CITIZEN, BUSINESS, STAFF, MODERATOR, ADMIN)
ROLE_LABELS = {
    CITIZEN: _l("Người dân"),
    BUSINESS: _l("Doanh nghiệp"),
    STAFF: _l("Cán bộ"),
    MODERATOR: _l("Kiểm duyệt viên"),
    ADMIN: _l("Quản trị viên"),
}
DELETED_ACCOUNT_LABEL = _l("Tài khoản đã xoá")


def new_session_salt() -> str:
    return secrets.token_hex(8)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('citizen', 'business', 'staff', 'moderator', 'admin')", name="role_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased; never shown publicly.
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(20), nullable=False, default=CITIZEN, index=True)
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    tax_code: Mapped[str | None] = mapped_column(String(14))
    organisation_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Changes on password change and deletion, which ends every session and remember-me cookie.
    session_salt: Mapped[str] = mapped_column(String(32), nullable=False, default=new_session_salt)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Loaded when asked for (a staff account's own agencies); lists that show memberships
    # load them with selectinload, so a page of comment authors does not.
    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_salt}"

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @hybrid_property
    def is_business(self) -> bool:
        """A business account (also a SQL condition: `User.is_business`, for counting them)."""
        return self.role == BUSINESS

    @property
    def is_staff_account(self) -> bool:
        return self.role == STAFF

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def public_name(self) -> str:
        """How the account is shown to others: never the email."""
        if self.is_deleted:
            return str(DELETED_ACCOUNT_LABEL)
        if self.role == BUSINESS and self.organisation_name:
            return self.organisation_name
        return self.display_name

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
