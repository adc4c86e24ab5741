"""Search over everything public (the one adapter; features register their documents)."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from . import views  # noqa: E402,F401
