"""Public agency pages: the tree and each agency's own page."""
from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from ..extensions import db
from . import bp, services
from .models import Agency


@bp.route("/agencies")
def index():
    return render_template("agencies/index.html", tree=services.tree())


@bp.route("/agencies/<slug>")
def show(slug: str):
    agency = services.get_by_slug(slug)
    if agency is None:
        abort(404)
    children = db.session.scalars(
        select(Agency).where(Agency.parent_id == agency.id).order_by(Agency.name)
    ).all()
    from ..consultations.services import ListFilters, public_list
    from ..dialogues import services as dialogue_services

    rows, total, _page, _pages = public_list(ListFilters(agency=agency.slug, sort="newest"))
    return render_template(
        "agencies/show.html",
        agency=agency,
        ancestors=services.ancestors(agency),
        children=children,
        consultation_rows=rows[:10],
        consultation_total=total,
        dialogues=dialogue_services.sessions_of_agency(agency.id),
        commitments=dialogue_services.public_commitments(agency_id=agency.id, limit=20),
    )
