"""Site administration: agencies, accounts and roles, staff memberships, the audit log and
the working-day calendar. Every view here requires `can_administer`."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import views  # noqa: E402,F401
