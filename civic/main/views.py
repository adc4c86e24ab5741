"""Home, display preferences, static pages and the health endpoints."""
from __future__ import annotations

import logging

from flask import abort, current_app, jsonify, render_template, request, url_for
from sqlalchemy import text

from ..agencies.services import tree
from ..core.htmx import redirect_after_post, safe_next
from ..core.i18n import (
    CONTRAST_COOKIE,
    LANGUAGE_COOKIE,
    PREFERENCE_MAX_AGE,
    TEXT_SIZE_COOKIE,
    step_text_size,
)
from ..extensions import csrf, db
from . import bp

log = logging.getLogger("civic.health")


@bp.route("/")
def home():
    from ..consultations.services import ListFilters, public_list

    top = [(agency, depth) for agency, depth in tree() if depth <= 1]
    rows, total, _page, _pages = public_list(ListFilters(status="open"))
    return render_template("main/home.html", agencies=top, open_rows=rows[:5], open_total=total)


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
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), (200 if ready else 503)
