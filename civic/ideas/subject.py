"""How ideas appear to the shared answers and comments features: the idea's agency answers it
and its comments; its author rates the answer; people discuss it while it is being decided."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..answers import subjects as answer_subjects
from ..comments import subjects as comment_subjects
from ..core.services import ServiceError
from ..extensions import db
from . import permissions
from .models import Idea


answer_subjects.register(
    answer_subjects.AnswerSubject(
        type="idea",
        load=lambda idea_id: db.session.get(Idea, idea_id),
        is_public=lambda idea: idea is not None and idea.is_public,
        agency=lambda idea: idea.agency,
        author_id=lambda idea: idea.author_id,
        url=lambda idea: url_for("ideas.show", idea_id=idea.id),
        title=lambda idea: idea.title,
        model=Idea,
        search_watch=("status",),
        quote=lambda idea: f"{idea.title}\n\n{idea.problem}\n\n{idea.solution}",
        back_label=_l("Quay lại sáng kiến"),
        shown_where=_l("Câu trả lời được đăng công khai trên trang sáng kiến, với tên cơ quan và người ký."),
        kind_label=_l("sáng kiến"),
        excerpt=lambda idea: idea.title,
    )
)


def _no_sections(idea, section_id):
    raise ServiceError(_l("Sáng kiến không chia thành các mục."), status=400)


comment_subjects.register(
    comment_subjects.Subject(
        type="idea",
        load=lambda idea_id: db.session.get(Idea, idea_id),
        is_public=lambda idea: idea is not None and idea.is_public,
        can_comment=permissions.can_comment,
        can_vote_comments=permissions.can_comment,
        check_section=_no_sections,
        url=lambda idea: url_for("ideas.show", idea_id=idea.id),
        post_url=lambda idea: url_for("ideas.post_comment", idea_id=idea.id),
        title=lambda idea: idea.title,
        agency=lambda idea: idea.agency,
        model=Idea,
        search_watch=("title", "status", "agency_id", "topic_id"),
        search_facets=lambda idea: {"agency": idea.agency.slug if idea.agency else "", "topics": (idea.topic.slug,)},
    )
)
