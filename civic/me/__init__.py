"""The person's own view (/me, "Hoạt động của tôi"): what I wrote and where each thing stands."""
from flask import Blueprint

bp = Blueprint("me", __name__)

from . import views  # noqa: E402,F401
