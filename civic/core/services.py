"""What services raise when a request cannot be carried out; views turn it into a message."""
from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message for the person (already translated or lazy) and, when it
    belongs to one form field, that field's name."""

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status
