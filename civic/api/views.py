from __future__ import annotations

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _

from ..comments import services as comment_services
from ..comments.models import PUBLISHED
from ..consultations import services
from ..consultations.models import Consultation
from ..extensions import csrf, db
from . import bp

csrf.exempt(bp)


def _consultation_json(consultation: Consultation, comment_count: int | None = None) -> dict:
    data = {
        "id": consultation.id,
        "title": consultation.title,
        "kind": consultation.kind,
        "status": consultation.status,
        "agency": {"slug": consultation.agency.slug, "name": consultation.agency.name},
        "topics": [t.name for t in consultation.topics],
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "announced_closes_on": consultation.announced_closes_on.isoformat() if consultation.announced_closes_on else None,
        "url": url_for("consultations.show", consultation_id=consultation.id, slug=consultation.slug, _external=True),
    }
    if comment_count is not None:
        data["comments"] = comment_count
    return data


def _public_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not consultation.is_public:
        abort(404)
    return consultation


@bp.route("/consultations")
def consultations():
    filters = services.ListFilters.from_args(request.args)
    rows, total, page, pages = services.public_list(filters)
    return jsonify(
        items=[_consultation_json(c, n) for c, n in rows], total=total, page=page, pages=pages,
        per_page=services.PER_PAGE,
    )


@bp.route("/consultations/<int:consultation_id>")
def consultation(consultation_id: int):
    consultation = _public_consultation(consultation_id)
    data = _consultation_json(consultation)
    data["summary"] = consultation.summary
    data["tally"] = services.tally(consultation)
    counts = comment_services.counts_by_section(services.SUBJECT, consultation.id)
    data["comments"] = sum(counts.values())
    version = services.current_version(consultation)
    data["version"] = version.number if version else None
    data["sections"] = [
        {"id": s.id, "label": s.label, "heading": s.heading, "body": s.body, "comments": counts.get(s.id, 0)}
        for s in (version.sections if version else [])
    ]
    return jsonify(data)


@bp.route("/consultations/<int:consultation_id>/comments")
def consultation_comments(consultation_id: int):
    consultation = _public_consultation(consultation_id)
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    result = comment_services.comment_page(None, services.SUBJECT, consultation.id, sort=request.args.get("sort", "oldest"), page=page)

    def item(view):
        c = view.comment
        visible = c.status == PUBLISHED
        return {
            "id": c.id, "receipt": c.receipt, "status": c.status, "section_id": c.section_id,
            "author": c.author.public_name if visible else None,
            "body": c.body if visible else None,
            "created_at": c.created_at.isoformat(), "replies": view.reply_count, "up": view.up, "down": view.down,
        }

    return jsonify(items=[item(v) for v in result.items], total=result.total, page=result.page, pages=result.pages,
                   per_page=comment_services.PER_PAGE)


@bp.route("/search")
def search():
    """The same results as /search, as JSON (snippets are escaped HTML with <mark> around
    matched words)."""
    from ..search import views as search_views

    found = search_views.run(request.args)
    if found.unavailable:
        return jsonify(error="search_unavailable", message=_("Tìm kiếm tạm thời không hoạt động. Vui lòng thử lại sau ít phút.")), 503
    results = found.results
    return jsonify(
        query=found.text, errors=found.errors, sort=found.sort, page=found.page, pages=found.pages,
        per_page=search_views.PER_PAGE, total=results.total if results else 0,
        items=[{
            "id": hit.id, "kind": hit.kind, "title": hit.title, "url": url_for("main.home", _external=True).rstrip("/") + hit.url,
            "day": hit.day.isoformat() if hit.day else None, "snippet": str(hit.snippet),
        } for hit in (results.hits if results else [])],
    )
