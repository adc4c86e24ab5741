"""What several dialogue services share: the lengths of the columns written from forms, and the
check that refuses a one-line field longer than its column (never cutting it)."""
from __future__ import annotations

from ...core.services import ServiceError
from ...core.text import clean_line

NAME_MAX, OFFICIAL_TITLE_MAX, ORGANISATION_MAX, ASKED_BY_MAX = 120, 160, 200, 200   # the columns' lengths: refused, never cut


def _line(raw, field: str, most: int, message) -> str:
    """A one-line field stored whole: longer than its column holds is refused, never cut."""
    value = clean_line(raw)
    if len(value) > most:
        raise ServiceError(message, field)
    return value
