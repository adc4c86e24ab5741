"""What ideas are to the shared mechanisms: the idea's agency answers it and its comments;
its author rates the answer; people discuss it while it is being decided; search finds it.
Registered from create_app."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..core import content
from ..core.services import ServiceError
from ..extensions import db
from . import permissions, search_source
from .models import Idea


def _no_sections(idea, section_id):
    raise ServiceError(_l("Sáng kiến không chia thành các mục."), status=400)


def register_kinds() -> None:
    content.register(content.Kind(
        name="idea",
        label=_l("sáng kiến"),
        model=Idea,
        load=lambda idea_id: db.session.get(Idea, idea_id),
        is_public=lambda idea: idea is not None and idea.is_public,
        agency=lambda idea: idea.agency,
        url=lambda idea: url_for("ideas.show", idea_id=idea.id),
        title=lambda idea: idea.title,
        commentable=content.Commentable(
            can_comment=permissions.can_comment,
            can_vote_comments=permissions.can_comment,
            post_url=lambda idea: url_for("ideas.post_comment", idea_id=idea.id),
            check_section=_no_sections,
            search_watch=("title", "status", "agency_id", "topic_id"),
            search_facets=lambda idea: {"agency": idea.agency.slug if idea.agency else "", "topics": (idea.topic.slug,)},
        ),
        answerable=content.Answerable(
            author_id=lambda idea: idea.author_id,
            back_label=_l("Quay lại sáng kiến"),
            shown_where=_l("Câu trả lời được đăng công khai trên trang sáng kiến, với tên cơ quan và người ký."),
            quote=lambda idea: f"{idea.title}\n\n{idea.problem}\n\n{idea.solution}",
            excerpt=lambda idea: idea.title,
            search_watch=("status",),
        ),
        searchable=search_source.IDEA,
    ))
