"""Comments, shared by consultations (and later ideas and dialogue questions): threads of at
most three levels, 15-minute edits, withdrawal, up/down votes, and receipt numbers."""
from flask import Blueprint

bp = Blueprint("comments", __name__)

from . import views  # noqa: E402,F401


def init_app(app) -> None:
    """Template helpers the comment partials use on every page that shows comments."""
    from ..core.text import plain_text_to_html
    from . import subjects
    from .models import MAX_DEPTH, PUBLISHED

    def can_reply(user, comment, subject) -> bool:
        adapter = subjects.get(comment.subject_type)
        return comment.status == PUBLISHED and comment.depth < MAX_DEPTH and adapter.can_comment(user, subject).allowed

    def comment_vote_allowed(user, comment, subject) -> bool:
        adapter = subjects.get(comment.subject_type)
        return (
            getattr(user, "is_authenticated", False)
            and comment.author_id != user.id
            and adapter.can_vote_comments(user, subject).allowed
        )

    app.jinja_env.filters["plain_text"] = plain_text_to_html
    app.jinja_env.globals.update(can_reply=can_reply, comment_vote_allowed=comment_vote_allowed)
