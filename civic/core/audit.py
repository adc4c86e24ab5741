"""The audit log: every staff, moderator and admin action — who, what, on which object, when,
and the values before and after where it applies. Rows are added to the same transaction as the
change they describe, so a rolled-back change leaves no audit row and vice versa."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import UTCDateTime
from .timeutil import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_object", "object_type", "object_id"),
        Index("ix_audit_log_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A snapshot of who acted ("cli" for the command line), kept when the account is deleted.
    actor_label: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[int | None]
    # Built from titles and reasons people wrote: kept whole.
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(64))


def _jsonable(values: dict[str, Any] | None) -> dict | None:
    if values is None:
        return None
    out = {}
    for key, value in values.items():
        if isinstance(value, datetime):
            value = value.isoformat()
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[key] = value
    return out


def record(
    action: str,
    obj: Any = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    summary: str = "",
    actor: Any = None,
) -> AuditEntry:
    """Add an audit row to the current session (the caller's commit stores it)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if actor is not None:
        actor_id, label = actor.id, f"{actor.email} (#{actor.id})"
    else:
        actor_id, label = None, "cli"
    entry = AuditEntry(
        actor_id=actor_id,
        actor_label=label,
        action=action,
        object_type=getattr(obj, "__audit_type__", None) or (obj.__tablename__ if obj is not None else None),
        object_id=getattr(obj, "id", None),
        summary=summary,
        before=_jsonable(before),
        after=_jsonable(after),
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict:
    return {name: getattr(obj, name) for name in fields}
