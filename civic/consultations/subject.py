"""How consultations appear to the shared comments feature."""
from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from ..comments import subjects
from ..comments.services import counts_by_section
from ..extensions import db
from . import outline, permissions, search_source, services
from .models import Consultation


def _url(consultation: Consultation) -> str:
    return url_for("consultations.show", consultation_id=consultation.id, slug=consultation.slug)


def _page_counts(consultation: Consultation, comment) -> str:
    """The header's comment total, the commented section's count and the table of contents'
    counts, after an htmx post."""
    counts = counts_by_section(services.SUBJECT, consultation.id)
    version = services.current_version(consultation)
    sections = list(version.sections) if version else []
    section = next((s for s in sections if s.id == comment.section_id), None)
    paths = outline.section_paths(sections)
    return render_template("consultations/_comment_counts.html", consultation=consultation, total=sum(counts.values()),
                           s=section, n=counts.get(comment.section_id, 0), section_labels=paths,
                           toc=outline.table_of_contents(sections, counts, paths),
                           decision=permissions.can_comment(current_user, consultation))


subjects.register(
    subjects.Subject(
        type=services.SUBJECT,
        load=lambda subject_id: db.session.get(Consultation, subject_id),
        is_public=lambda consultation: consultation is not None and consultation.is_public,
        can_comment=permissions.can_comment,
        can_vote_comments=permissions.can_vote,
        check_section=services.section_of,
        url=_url,
        post_url=lambda consultation: url_for("consultations.post_comment", consultation_id=consultation.id),
        title=lambda consultation: consultation.title,
        agency=lambda consultation: consultation.agency,
        touch=services.touch,
        model=Consultation,
        search_watch=search_source.COMMENT_WATCH,
        search_facets=search_source.comment_facets,
        page_counts=_page_counts,
    )
)
