"""Comments, shared by consultations (and later ideas and dialogue questions): threads of at
most three levels, 15-minute edits, withdrawal, up/down votes, and receipt numbers."""
from flask import Blueprint

bp = Blueprint("comments", __name__)

from . import views  # noqa: E402,F401


def init_app(app) -> None:
    """Template helpers the comment partials use."""
    from ..core.text import plain_text_to_html

    app.jinja_env.filters["plain_text"] = plain_text_to_html
