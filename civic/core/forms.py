"""Form plumbing shared by every feature: service refusals become field messages, and an
invalid submission answers 422 with the form (htmx swaps 422 into place)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice

from .services import ServiceError


class Form(FlaskForm):
    """A form whose checks live in services; it renders fields and carries the CSRF token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_errors_extra: list[str] = []

    def add_error(self, error: ServiceError) -> None:
        field = getattr(self, error.field, None) if error.field else None
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(str(error.message))
        else:
            self.form_errors_extra.append(str(error.message))

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
