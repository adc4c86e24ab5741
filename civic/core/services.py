"""What services raise when a request cannot be carried out; views turn it into a message."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l


class ServiceError(Exception):
    """A refusal with a message for the person (already translated or lazy) and, when it
    belongs to one form field, that field's name."""

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


def page_bounds(query, id_column, page: int, per_page: int) -> tuple[int, int, int]:
    """(total, page, pages) for a list select: one count query, the page clamped to the last."""
    from sqlalchemy import func, select

    from ..extensions import db

    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(id_column).order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    return total, min(max(1, page), pages), pages


def refuse_unless(decision, status: int = 403) -> None:
    """A permission's refusal (a core.permissions.Decision) as a ServiceError with its reason."""
    if not decision:
        raise ServiceError(decision.reason, status=status)


def parse_date(raw, field: str) -> date:
    """A typed or picked date (year-month-day) for a form field, or a refusal on that field."""
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw or "").strip())
    except ValueError as exc:
        raise ServiceError(_l("Vui lòng nhập ngày theo dạng năm-tháng-ngày."), field) from exc
