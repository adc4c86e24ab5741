"""Home, display preferences, static pages and the health endpoints."""
from __future__ import annotations

import logging

from flask import abort, current_app, jsonify, render_template, request, url_for
from flask_babel import format_percent
from flask_login import current_user
from sqlalchemy import text

from ..accountability import services as accountability
from ..agencies.services import tree
from ..consultations import services as consultations
from ..core.htmx import redirect_after_post, safe_next
from ..core.i18n import (
    CONTRAST_COOKIE,
    LANGUAGE_COOKIE,
    PREFERENCE_MAX_AGE,
    TEXT_SIZE_COOKIE,
    step_text_size,
)
from ..core.timeutil import local_today
from ..dialogues import services as dialogues
from ..extensions import csrf, db
from ..ideas import services as ideas
from ..ideas.models import PUBLISHED as IDEA_GATHERING
from ..me import services as me
from . import bp

log = logging.getLogger("civic.health")


HOME_ITEMS = 5       # open consultations shown on the home page
HOME_IDEAS = 3       # ideas nearest their threshold
HOME_SESSIONS = 3    # next dialogue sessions


@bp.route("/")
def home():
    """What is happening: open consultations (closing soonest first), ideas near their support
    threshold, the next dialogue sessions and this year's headline figures — each from the
    service its own list page uses, in a fixed number of queries."""
    open_rows, open_total, _page, _pages = consultations.public_list(consultations.ListFilters(status="open"))
    near, _total, _page, _pages = ideas.public_list(ideas.ListFilters(status=IDEA_GATHERING, sort="closest"))
    sessions, sessions_total, _page, _pages = dialogues.public_list(dialogues.ListFilters(when="upcoming"))
    waiting = 0
    if current_user.is_authenticated:
        waiting = me.waiting_count(current_user)
    return render_template(
        "main/home.html",
        agencies=[(agency, depth) for agency, depth in tree() if depth <= 1],
        open_rows=open_rows[:HOME_ITEMS], open_total=open_total,
        # "closest" puts the ideas still gathering supports first; those past the threshold wait for an answer
        near_ideas=[idea for idea in near if idea.reached_on is None and idea.threshold][:HOME_IDEAS],
        sessions=sessions[:HOME_SESSIONS], sessions_total=sessions_total,
        figures=accountability.year_totals(), year=local_today().year,
        percent=lambda share: format_percent(share, "#,##0.#%"),
        waiting_to_rate=waiting,
    )


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")


def _set_cookie(response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=PREFERENCE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


@bp.route("/preferences", methods=["POST"])
@csrf.exempt
def preferences():
    """Language, text size and contrast, remembered in cookies; the page is rendered with them.
    Exempt from CSRF: it changes only these display cookies, and pages served to anonymous
    visitors from the page cache carry no token."""
    back = safe_next(request.form.get("next"), url_for("main.home"))
    response = redirect_after_post(back)
    language = request.form.get("language")
    if language is not None:
        if language not in current_app.config["LANGUAGES"]:
            abort(400)
        _set_cookie(response, LANGUAGE_COOKIE, language)
    text_size = request.form.get("text_size")
    if text_size is not None:
        if text_size not in {"smaller", "reset", "larger"}:
            abort(400)
        _set_cookie(response, TEXT_SIZE_COOKIE, step_text_size(request.cookies.get(TEXT_SIZE_COOKIE, "normal"), text_size))
    contrast = request.form.get("contrast")
    if contrast is not None:
        if contrast not in {"high", "normal"}:
            abort(400)
        _set_cookie(response, CONTRAST_COOKIE, contrast)
    return response


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; say which
        log.warning("readiness: database not answering: %s", exc)
        db.session.rollback()
        checks["database"] = "unavailable"
    from ..search import service as search_service

    checks["search"] = "ok" if search_service.available() else "unavailable"
    waiting = None
    if checks["database"] == "ok":
        # the change stream: how many changes wait to be applied (a worker stopped between its
        # commit and the index write, or the index could not be written), and the oldest's age
        from ..core import changes
        from ..core.timeutil import utcnow

        count, oldest = changes.waiting()
        waiting = {"waiting": count, "oldest_seconds": round((utcnow() - oldest).total_seconds()) if oldest else 0}
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks, changes=waiting), (200 if ready else 503)
