"""How ideas appear to the shared answers feature: the idea's agency answers it; its author
rates the answer."""
from __future__ import annotations

from flask import url_for

from ..answers import subjects as answer_subjects
from ..extensions import db
from . import services
from .models import Idea


answer_subjects.register(
    answer_subjects.AnswerSubject(
        type="idea",
        load=lambda idea_id: db.session.get(Idea, idea_id),
        is_public=lambda idea: idea is not None and idea.is_public,
        agency=lambda idea: idea.agency,
        author_id=lambda idea: idea.author_id,
        url=lambda idea: url_for("ideas.show", idea_id=idea.id),
        touch=services.touch,
        title=lambda idea: idea.title,
        model=Idea,
        search_watch=("status",),
    )
)
