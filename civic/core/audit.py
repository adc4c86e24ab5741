"""The audit log: every staff, moderator and admin action — who, what, on which object, when,
and the values before and after where it applies. Rows are added to the same transaction as the
change they describe, so a rolled-back change leaves no audit row and vice versa."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import UTCDateTime
from .timeutil import utcnow


# What each action is called in the log, in the reader's language. Every key passed to
# `record()` has one (tests/admin/test_audit_log.py collects them from the code).
ACTION_LABELS = {
    "account.create": _l("Tạo tài khoản"),
    "account.delete": _l("Xoá tài khoản"),
    "account.role": _l("Đổi vai trò tài khoản"),
    "account.verify_organisation": _l("Xác minh tổ chức, doanh nghiệp"),
    "agency.create": _l("Thêm cơ quan"),
    "agency.update": _l("Sửa thông tin cơ quan"),
    "agency.delete": _l("Xoá cơ quan"),
    "membership.add": _l("Thêm cán bộ vào cơ quan"),
    "membership.remove": _l("Gỡ cán bộ khỏi cơ quan"),
    "answer.owe": _l("Đặt hạn trả lời"),
    "answer.give": _l("Trả lời ý kiến"),
    "answer.correct": _l("Đính chính câu trả lời"),
    "attachment.add": _l("Thêm tệp đính kèm"),
    "attachment.remove": _l("Gỡ tệp đính kèm"),
    "consultation.create": _l("Tạo dự thảo"),
    "consultation.update": _l("Sửa dự thảo"),
    "consultation.publish": _l("Công bố dự thảo để lấy ý kiến"),
    "consultation.revise": _l("Soạn phiên bản mới của dự thảo"),
    "consultation.publish_version": _l("Công bố phiên bản mới của dự thảo"),
    "consultation.discard_version": _l("Huỷ phiên bản nháp của dự thảo"),
    "consultation.extend": _l("Gia hạn lấy ý kiến"),
    "topic.create": _l("Thêm lĩnh vực"),
    "dialogue.schedule": _l("Lên lịch buổi đối thoại"),
    "dialogue.record": _l("Ghi lại buổi đối thoại đã diễn ra"),
    "dialogue.update": _l("Sửa buổi đối thoại"),
    "dialogue.register": _l("Đăng ký dự đối thoại"),
    "dialogue.cancel": _l("Huỷ đăng ký dự đối thoại"),
    "dialogue.ask": _l("Gửi câu hỏi trước buổi đối thoại"),
    "dialogue.question.select": _l("Chọn câu hỏi để trả lời"),
    "dialogue.question.merge": _l("Gộp câu hỏi trùng"),
    "dialogue.minutes.revise": _l("Sửa biên bản đối thoại"),
    "dialogue.minutes.publish": _l("Công bố biên bản đối thoại"),
    "dialogue.commit": _l("Ghi nhận cam kết"),
    "dialogue.commitment.track": _l("Cập nhật tiến độ cam kết"),
    "idea.submit": _l("Gửi sáng kiến"),
    "idea.publish": _l("Đăng sáng kiến"),
    "idea.decline": _l("Không đăng sáng kiến"),
    "idea.threshold": _l("Sáng kiến đạt ngưỡng ủng hộ"),
    "idea.assign": _l("Giao sáng kiến cho cơ quan"),
    "idea.status": _l("Đổi trạng thái sáng kiến"),
    "idea.expire": _l("Sáng kiến hết thời hạn nhận ủng hộ"),
    "idea.merge": _l("Gộp sáng kiến trùng"),
    "report.start": _l("Bắt đầu bản tổng hợp, tiếp thu, giải trình"),
    "report.assign": _l("Tiếp thu, giải trình ý kiến"),
    "report.publish": _l("Công bố bản tổng hợp, tiếp thu, giải trình"),
    "setting.set": _l("Đổi cài đặt"),
    "workday.set": _l("Đặt ngày làm bù, nghỉ bù"),
    "workday.remove": _l("Bỏ ngày làm bù, nghỉ bù"),
}

# What the object of an action is (its table), for the log.
OBJECT_LABELS = {
    "users": _l("Tài khoản"),
    "agencies": _l("Cơ quan"),
    "memberships": _l("Cán bộ của cơ quan"),
    "consultations": _l("Dự thảo"),
    "topics": _l("Lĩnh vực"),
    "answers": _l("Câu trả lời"),
    "owed_answers": _l("Hạn trả lời"),
    "comments": _l("Ý kiến góp ý"),
    "ideas": _l("Sáng kiến"),
    "dialogue_sessions": _l("Buổi đối thoại"),
    "dialogue_registrations": _l("Đăng ký dự đối thoại"),
    "dialogue_questions": _l("Câu hỏi đối thoại"),
    "dialogue_minutes": _l("Biên bản đối thoại"),
    "dialogue_commitments": _l("Cam kết"),
    "synthesis_reports": _l("Bản tổng hợp, tiếp thu, giải trình"),
    "workday_overrides": _l("Ngày làm bù, nghỉ bù"),
}


def action_label(action: str):
    """The action's name for people (the key itself for one recorded by older code)."""
    return ACTION_LABELS.get(action, action)


def object_label(object_type: str | None):
    return OBJECT_LABELS.get(object_type, object_type) if object_type else ""


def display_value(value: Any) -> str:
    """A stored before/after value as people read it: text as written (no \\u escapes),
    lists joined, nothing shown as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("Có") if value else _l("Không"))
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


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
