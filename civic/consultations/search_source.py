"""Consultations and the sections of their current version as search documents. Only
published consultations are found; sections of earlier versions leave the index when a
revision is published."""
from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..agencies.models import Agency
from ..core.content import Searchable
from ..search.documents import Facet, Life, SearchDocument, Source, Trigger
from . import outline, services
from ..topics.models import Topic
from .models import PUBLIC_STATUSES, STATUS_LABELS, Consultation, ConsultationVersion, Section, status_ranges

# What a consultation's own documents show or filter on.
WATCH = ("title", "summary", "published_at", "opens_on", "closes_on", "concluded_at", "agency_id", "topics", "kind")
# What its comments carry: not its dates, so extending or concluding a consultation with
# thousands of comments does not re-index them all (the status filter narrows consultations,
# their sections and reports).
COMMENT_WATCH = ("title", "agency_id", "topics")


def comment_facets(consultation: Consultation) -> dict:
    return {"agency": consultation.agency.slug, "topics": tuple(topic.slug for topic in consultation.topics)}


def facets(consultation: Consultation) -> dict:
    """The fields every document about this consultation carries (for the filters)."""
    return {
        "agency": consultation.agency.slug,
        "topics": tuple(topic.slug for topic in consultation.topics),
        "opens": consultation.opens_on,
        "closes": consultation.closes_on,
        "concluded": consultation.concluded_at is not None,
    }


def _consultations(ids: list[int]) -> dict:
    rows = db.session.scalars(
        select(Consultation).where(Consultation.id.in_(ids))
        .options(selectinload(Consultation.versions).selectinload(ConsultationVersion.sections))
    ).all()
    found = {c.id: c for c in rows}
    out: dict = {}
    for consultation_id in ids:
        consultation = found.get(consultation_id)
        out[f"consultation:{consultation_id}"] = None
        if consultation is None:
            continue
        current = services.current_version(consultation) if consultation.is_public else None
        for version in consultation.versions:  # sections of other versions leave the index
            for section in version.sections:
                out[f"section:{section.id}"] = None
        if current is None:
            continue
        page = url_for("consultations.show", consultation_id=consultation.id, slug=consultation.slug)
        common = facets(consultation)
        out[f"consultation:{consultation_id}"] = SearchDocument(
            id=f"consultation:{consultation_id}", kind="consultation", title=consultation.title,
            body=consultation.summary, url=page, day=consultation.opens_on, **common,
        )
        paths = outline.section_paths(current.sections)
        for section in current.sections:
            if not (section.heading or section.body).strip():
                continue
            # Titled by its path ("Phần II › Khoản 1"), with the title of a chapter or article;
            # the whole text of the section (a clause's heading is its first paragraph) is the
            # body, never cut.
            body = "\n\n".join(part for part in (section.heading, section.body) if part)
            out[f"section:{section.id}"] = SearchDocument(
                id=f"section:{section.id}", kind="section", title=outline.search_title(section, paths[section.id]),
                body=body, url=f"{page}#{section.anchor}", day=consultation.opens_on, **common,
            )
    return out


def _sections(ids: list[int]) -> dict:
    """A section is indexed through its consultation (its version may not be current)."""
    consultation_ids = db.session.scalars(
        select(ConsultationVersion.consultation_id).join(Section).where(Section.id.in_(ids)).distinct()
    ).all()
    out = {f"section:{section_id}": None for section_id in ids}
    out.update(_consultations(list(consultation_ids)))
    return out


SECTION = Searchable(
    sources=(Source(kind="section", label=_l("Điều khoản dự thảo"), documents=_sections, all_ids=lambda: ()),),  # the consultation source writes them
    triggers=(Trigger(Section, ("heading", "body", "label"), lambda s: [("section", s.id)] if s.id else []),),
)
def status_life(status: str, today: date) -> Life:
    """What a public status means, as ranges of the documents' dates: the consultation's own
    rule (`status_ranges`), so the search engines never know it."""
    ranges = status_ranges(today).get(status)
    return Life(**ranges) if ranges is not None else Life(nothing=True)


CONSULTATION = Searchable(
    sources=(Source(kind="consultation", label=_l("Dự thảo"), documents=_consultations,
                    all_ids=lambda: db.session.scalars(select(Consultation.id).where(Consultation.published_at.is_not(None))).all()),),
    triggers=(Trigger(Consultation, WATCH, lambda c: [("consultation", c.id)]),
              Trigger(ConsultationVersion, ("published_at",), lambda v: [("consultation", v.consultation_id)])),
    facets=(
        Facet("agency", _l("Cơ quan"), lambda: [
            (a.slug, a.name) for a in db.session.scalars(select(Agency).order_by(Agency.name))]),
        Facet("topic", _l("Lĩnh vực"), lambda: [
            (t.slug, t.name) for t in db.session.scalars(select(Topic).order_by(Topic.name))]),
        Facet("status", _l("Trạng thái dự thảo"), lambda: [(s, str(STATUS_LABELS[s])) for s in PUBLIC_STATUSES],
              life=status_life),
    ),
)
