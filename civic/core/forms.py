"""Form plumbing shared by every feature: service refusals become field messages, and an
invalid submission answers 422 with the form (htmx swaps 422 into place)."""
from __future__ import annotations

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice, StringField

from ..extensions import db
from .services import ServiceError
from .text import page_number

CONFLICT = _l("Dữ liệu vừa được thay đổi bởi một yêu cầu khác. Vui lòng tải lại trang và thử lại.")


class Form(FlaskForm):
    """A form whose checks live in services; it renders fields and carries the CSRF token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_errors_extra: list[str] = []

    def add_error(self, error: ServiceError) -> None:
        """Every problem the refusal carries, on its field (or above the form)."""
        for name, message in error.errors:
            field = getattr(self, name, None) if name else None
            if field is not None and hasattr(field, "errors"):
                if not isinstance(field.errors, list):
                    field.errors = list(field.errors)
                if str(message) not in field.errors:
                    field.errors.append(str(message))
            elif str(message) not in self.form_errors_extra:
                self.form_errors_extra.append(str(message))

    @property
    def all_errors(self) -> list[tuple[str | None, str]]:
        """(field id or None, message) for the error summary at the top of the form."""
        out = [(None, message) for message in self.form_errors_extra]
        for field in self:
            for message in field.errors or []:
                out.append((field.id, message))
        return out

    @property
    def status(self) -> int:
        return 422 if self.is_submitted() and self.all_errors else 200


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select/radio options."""
    return [SelectChoice(value, label) for value, label in pairs]


def run_service(action):
    """Run a service and commit once. A refusal rolls everything back and is re-raised; a
    database constraint hit by a concurrent request becomes a refusal too, never a 500."""
    try:
        result = action()
        db.session.commit()
    except ServiceError:
        db.session.rollback()
        raise
    except IntegrityError as exc:
        db.session.rollback()
        raise ServiceError(CONFLICT, status=409) from exc
    return True if result is None else result


def run_or_abort(action):
    """A one-button action (no form to show a message on): run it as run_service does; a
    refusal is a 400 or 403 page with the reason."""
    try:
        return run_service(action)
    except ServiceError as error:
        abort(error.status if error.status in (400, 403) else 400, description=str(error.message))


def submit(form: Form, action):
    """For a submitted, CSRF-checked form: run the service (see run_service); on refusal the
    message lands on the form and None is returned."""
    if not form.validate_on_submit():
        return None
    try:
        return run_service(action)
    except ServiceError as error:
        form.add_error(error)
        return None


DATE_HINT = _l("Ngày/tháng/năm, ví dụ 30/11/2026.")
DATETIME_HINT = _l("Giờ:phút ngày/tháng/năm, ví dụ 08:30 05/12/2026.")


def DateText(label, **kwargs) -> StringField:
    """A date typed as dd/mm/yyyy in a text field, whatever the browser's locale (a date picker
    shows the browser's order: 11/30/2026 in an English browser); the service parses it and says
    what is wrong in the person's language. The hint is the field's description."""
    kwargs.setdefault("description", DATE_HINT)
    render_kw = {"inputmode": "numeric", "autocomplete": "off", "size": 12, "maxlength": 10, **kwargs.pop("render_kw", {})}
    return StringField(label, render_kw=render_kw, **kwargs)


def DateTimeText(label, **kwargs) -> StringField:
    """A time and a day in Viet Nam time, typed as `08:30 05/12/2026` (see DateText)."""
    kwargs.setdefault("description", DATETIME_HINT)
    render_kw = {"autocomplete": "off", "size": 18, "maxlength": 20, **kwargs.pop("render_kw", {})}
    return StringField(label, render_kw=render_kw, **kwargs)


def page_arg(name: str = "page") -> int:
    """The page number asked for in this request's query string."""
    return page_number(request.args.get(name))


class Refusal:
    """A service's refusal (every problem it carries) for `error_summary` on a page whose
    form is written by hand rather than with WTForms: it has the form's `all_errors`."""

    def __init__(self, error: ServiceError):
        self.all_errors: list[tuple[str | None, str]] = [(field, str(message)) for field, message in error.errors]

    def __bool__(self) -> bool:
        return bool(self.all_errors)

    def message_for(self, field: str) -> str:
        """The messages about one field, for the line beside it."""
        return " ".join(message for name, message in self.all_errors if name == field)
