"""Public agency pages: the tree and each agency's own page."""
from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from ..extensions import db
from . import bp, services
from .models import Agency
from .panels import panels_for


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
    return render_template(
        "agencies/show.html",
        agency=agency,
        ancestors=services.ancestors(agency),
        children=children,
        panels=panels_for(agency),
    )
