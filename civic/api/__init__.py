"""The read-only JSON API (open data): `/api/v1/...`, paginated."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import views  # noqa: E402,F401
