"""Idea pages: the public list and an idea's page with its supports, history and answer."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..agencies.models import Agency
from ..answers import services as answers
from ..consultations.models import Topic
from ..core.forms import run_service
from ..core.htmx import is_htmx, redirect_after_post
from ..core.services import ServiceError
from ..extensions import db
from . import bp, permissions, services
from .models import PUBLIC_STATUSES, STATUS_LABELS, Idea


def _load(idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or not idea.is_public:
        abort(404)
    return idea


@bp.route("/ideas")
def index():
    filters = services.ListFilters.from_args(request.args)
    ideas, total, page, pages = services.public_list(filters)
    return render_template(
        "ideas/index.html", ideas=ideas, total=total, page=page, pages=pages, filters=filters,
        topics=db.session.execute(select(Topic.slug, Topic.name).order_by(Topic.name)).all(),
        agencies=db.session.execute(select(Agency.slug, Agency.name).order_by(Agency.name)).all(),
        statuses=PUBLIC_STATUSES, status_labels=STATUS_LABELS, shown_status=services.status_for_display,
        supported=services.has_supported(current_user, [i.id for i in ideas]),
    )


def _support_context(idea: Idea) -> dict:
    return {
        "idea": idea,
        "supported": idea.id in services.has_supported(current_user, [idea.id]),
        "support_decision": permissions.can_support(current_user, idea),
        "answered": answers.answer_for(services.SUBJECT, idea.id) is not None,
    }


@bp.route("/ideas/<int:idea_id>")
def show(idea_id: int):
    idea = _load(idea_id)
    merged_into = db.session.get(Idea, idea.merged_into_id) if idea.merged_into_id else None
    return render_template(
        "ideas/show.html", shown_status=services.status_for_display(idea), status_labels=STATUS_LABELS,
        merged_into=merged_into,
        answer=answers.answer_for(services.SUBJECT, idea.id), owed=answers.owed_for(services.SUBJECT, idea.id),
        **_support_context(idea),
    )


def _after_support(idea: Idea, message: str):
    if is_htmx():
        return render_template("ideas/_support.html", **_support_context(db.session.get(Idea, idea.id)))
    flash(message, "success")
    return redirect_after_post(url_for("ideas.show", idea_id=idea.id) + "#support")


@bp.route("/ideas/<int:idea_id>/support", methods=["POST"])
@login_required
def support(idea_id: int):
    idea = _load(idea_id)
    try:
        run_service(lambda: services.support(current_user, idea))
    except ServiceError as error:
        abort(error.status if error.status in (400, 403) else 400, description=str(error.message))
    return _after_support(idea, _("Cảm ơn bạn đã ủng hộ sáng kiến."))


@bp.route("/ideas/<int:idea_id>/support/withdraw", methods=["POST"])
@login_required
def withdraw_support(idea_id: int):
    idea = _load(idea_id)
    try:
        run_service(lambda: services.withdraw_support(current_user, idea))
    except ServiceError as error:
        abort(error.status if error.status in (400, 403) else 400, description=str(error.message))
    return _after_support(idea, _("Đã rút lại ủng hộ."))
