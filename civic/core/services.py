"""What services raise when a request cannot be carried out; views turn it into a message."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from .timeutil import read_date, read_local_datetime


class ServiceError(Exception):
    """A refusal with a message for the person (already translated or lazy) and, when it
    belongs to one form field, that field's name. A refusal of a whole form carries every
    problem found (`errors`: (field, message) pairs), so the person sees them all at once."""

    def __init__(self, message, field: str | None = None, status: int = 422, errors=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status
        self.errors: list[tuple[str | None, object]] = list(errors) if errors else [(field, message)]


class Problems:
    """Collects the refusals of a form's checks, so that one submission reports every problem
    (GOV.UK's error summary), not only the first:

        problems = Problems()
        email = problems.check(normalise_email, data.get("email"))
        name = problems.check(check_display_name, data.get("display_name"))
        problems.raise_if_any()      # one ServiceError carrying both messages

    `check` returns the checker's value, or None when it refused (later checks that need the
    value skip themselves with `if email is not None`)."""

    def __init__(self):
        self.errors: list[ServiceError] = []

    def check(self, checker, *args, **kwargs):
        try:
            return checker(*args, **kwargs)
        except ServiceError as error:
            self.errors.append(error)
            return None

    def add(self, message, field: str | None = None) -> None:
        self.errors.append(ServiceError(message, field))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            first = self.errors[0]
            pairs = [pair for error in self.errors for pair in error.errors]
            raise ServiceError(first.message, first.field, first.status, errors=pairs)


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
