"""What consultations are to the shared mechanisms: a consultation is commented on (by
section), voted on (agree / disagree) and found by search, and its page is kept in the
anonymous page cache; its sections are found by search and shown on its page; its versions,
attachments and closing extensions are parts of that page. Registered from create_app."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..comments.services import counts_by_section
from ..core import content
from ..extensions import db
from . import outline, permissions, search_source, services
from .models import Attachment, ClosingExtension, Consultation, ConsultationVersion, Section


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


def _consultation_of_section(section: Section) -> int | None:
    version = section.version or db.session.get(ConsultationVersion, section.version_id)
    return version.consultation_id if version is not None else None


def register_kinds() -> None:
    content.register(content.Kind(
        name=services.SUBJECT,
        label=_l("dự thảo"),
        model=Consultation,
        load=lambda consultation_id: db.session.get(Consultation, consultation_id),
        is_public=lambda consultation: consultation is not None and consultation.is_public,
        agency=lambda consultation: consultation.agency,
        url=_url,
        title=lambda consultation: consultation.title,
        page_cached=True,
        commentable=content.Commentable(
            can_comment=permissions.can_comment,
            can_vote_comments=permissions.can_vote,
            post_url=lambda consultation: url_for("consultations.post_comment", consultation_id=consultation.id),
            check_section=services.section_of,
            search_watch=search_source.COMMENT_WATCH,
            search_facets=search_source.comment_facets,
            page_counts=_page_counts,
        ),
        votable=content.Votable(values=services.CONSULTATION_VOTES, can_vote=permissions.can_vote),
        searchable=search_source.CONSULTATION,
    ))

    def section_consultation(section: Section):
        consultation_id = _consultation_of_section(section)
        return db.session.get(Consultation, consultation_id) if consultation_id else None

    content.register(content.Kind(
        name="section",
        label=_l("điều khoản dự thảo"),
        model=Section,
        load=lambda section_id: db.session.get(Section, section_id),
        is_public=lambda section: (section is not None and section.version is not None and section.version.is_published
                                   and section.version.consultation.is_public),
        agency=lambda section: section_consultation(section).agency,
        url=lambda section: _url(section_consultation(section)) + f"#{section.anchor}",
        title=lambda section: section.heading,
        shown_on=lambda section: (services.SUBJECT, consultation_id)
        if (consultation_id := _consultation_of_section(section)) else None,
        searchable=search_source.SECTION,
    ))
    for part in (ConsultationVersion, Attachment, ClosingExtension):
        content.register_part(part, lambda row: (services.SUBJECT, row.consultation_id))
