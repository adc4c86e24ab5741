"""What services raise when a request cannot be carried out; views turn it into a message."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from .timeutil import read_date, read_local_datetime


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


DATE_FORMAT_MESSAGE = _l("Vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026.")
DATETIME_FORMAT_MESSAGE = _l("Vui lòng nhập giờ và ngày theo dạng giờ:phút ngày/tháng/năm, ví dụ 08:30 05/12/2026.")


def parse_date(raw, field: str) -> date:
    """A typed date (dd/mm/yyyy, or yyyy-mm-dd) for a form field, or a refusal on that field."""
    try:
        return read_date(raw)
    except (ValueError, OverflowError) as exc:
        raise ServiceError(DATE_FORMAT_MESSAGE, field) from exc


def parse_local_datetime(raw, field: str) -> datetime:
    """A time and day typed in Viet Nam time (08:30 05/12/2026) as UTC, or a refusal on that field."""
    try:
        return read_local_datetime(raw)
    except (ValueError, OverflowError) as exc:
        raise ServiceError(DATETIME_FORMAT_MESSAGE, field) from exc
