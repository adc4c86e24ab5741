"""How consultations appear to the shared comments feature."""
from __future__ import annotations

from flask import url_for

from ..comments import subjects
from ..extensions import db
from . import permissions, search_source, services
from .models import Consultation


def _url(consultation: Consultation) -> str:
    return url_for("consultations.show", consultation_id=consultation.id, slug=consultation.slug)


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
    )
)
