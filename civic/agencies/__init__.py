from flask import Blueprint

bp = Blueprint("agencies", __name__)

from . import views  # noqa: E402,F401
