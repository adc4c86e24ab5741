"""/me and the "see all" pages behind it. Signed in only; each page shows the signed-in
account's own items and nobody else's."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from ..core.forms import page_arg
from ..ideas.models import STATUS_LABELS as IDEA_STATUS_LABELS
from ..ideas.services import status_for_display
from . import bp, services


@bp.route("/me")
@login_required
def index():
    return render_template("me/index.html", overview=services.overview(current_user),
                           idea_status_labels=IDEA_STATUS_LABELS, idea_status=status_for_display,
                           may_rate=services.may_rate(current_user))


@bp.route("/me/comments")
@login_required
def comments():
    return render_template("me/comments.html", listing=services.comments(current_user, page_arg()))


@bp.route("/me/registrations")
@login_required
def registrations():
    return render_template("me/registrations.html", listing=services.registrations(current_user, page_arg()))


@bp.route("/me/questions")
@login_required
def questions():
    return render_template("me/questions.html", listing=services.questions(current_user, page_arg()))


@bp.route("/me/to-rate")
@login_required
def to_rate():
    return render_template("me/to_rate.html", listing=services.to_rate(current_user, page_arg()),
                           may_rate=services.may_rate(current_user))
