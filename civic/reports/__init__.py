"""Synthesis reports of closed consultations (báo cáo tổng hợp, tiếp thu, giải trình ý kiến)."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import views  # noqa: E402,F401
