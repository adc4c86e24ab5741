"""Public accountability figures (công khai kết quả): per agency, for a period, how many
consultations it held, comments it received and gave an outcome, answers it owed and gave on
time, late or not yet, its median answer time in working days and its satisfaction rate.
Computed from the rows on every request (never stored); a page, a CSV and SVG charts."""
from flask import Blueprint

bp = Blueprint("accountability", __name__)

from . import views  # noqa: E402,F401
