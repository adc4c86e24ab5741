"""Official answers, shared by everything an agency answers: comments today, ideas and
dialogue questions next. An answer may be owed, with a deadline in working days; the public
sees whether it came on time, late or is overdue (with the agency's apology), and the
person answered rates it."""
from flask import Blueprint

bp = Blueprint("answers", __name__)

from . import views  # noqa: E402,F401
