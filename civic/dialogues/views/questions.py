"""Questions sent before a session (the questions box of the session's page): asking, voting,
and for staff selecting a question for the room and merging duplicates."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.text import as_id
from ...core.forms import run_or_abort, submit
from ...core.htmx import is_htmx, respond
from ...core.permissions import require
from ...core.services import ServiceError
from ...extensions import db
from .. import bp, permissions
from ..forms import MergeQuestionForm, QuestionForm
from ..models import DialogueQuestion, DialogueSession
from ..services import questions as question_services
from ._common import _boxes, _load, _questions_context


@bp.route("/dialogues/<int:session_id>/questions", methods=["POST"])
@login_required
def ask(session_id: int):
    session = _load(session_id)
    form = QuestionForm()
    question = submit(form, lambda: question_services.ask(current_user, session, form.body.data, form.anonymous.data))
    if question:
        return _boxes(session, _("Đã gửi câu hỏi. Cảm ơn bạn."))
    if not form.all_errors:
        abort(400)
    if is_htmx():
        return render_template("dialogues/_questions.html", **_questions_context(session, form)), form.status
    return render_template("dialogues/ask.html", dialogue=session, form=form), form.status


def _question(question_id: int) -> tuple[DialogueQuestion, DialogueSession]:
    question = db.session.get(DialogueQuestion, question_id)
    if question is None:
        abort(404)
    return question, _load(question.session_id)


@bp.route("/dialogues/questions/<int:question_id>/vote", methods=["POST"])
@login_required
def vote(question_id: int):
    question, session = _question(question_id)
    run_or_abort(lambda: question_services.vote_question(current_user, question, session))
    return _boxes(session, _("Đã bình chọn câu hỏi."))


@bp.route("/dialogues/questions/<int:question_id>/vote/withdraw", methods=["POST"])
@login_required
def unvote(question_id: int):
    question, session = _question(question_id)
    run_or_abort(lambda: question_services.unvote_question(current_user, question, session))
    return _boxes(session, _("Đã bỏ bình chọn."))


@bp.route("/dialogues/questions/<int:question_id>/select", methods=["POST"])
@login_required
def select_question(question_id: int):
    question, session = _question(question_id)
    selected = request.form.get("selected") == "1"
    run_or_abort(lambda: question_services.select_question(current_user, question, session, selected))
    return _boxes(session, _("Đã chọn câu hỏi để trả lời tại buổi đối thoại.") if selected
                           else _("Đã bỏ chọn câu hỏi."))


@bp.route("/dialogues/questions/<int:question_id>/merge", methods=["GET", "POST"])
@login_required
def merge_question(question_id: int):
    question, session = _question(question_id)
    require(permissions.can_manage(current_user, session))
    form = MergeQuestionForm()

    def action():
        raw = (form.target.data or "").strip().lstrip("#")
        target = db.session.get(DialogueQuestion, as_id(raw)) if as_id(raw) else None
        if target is None:
            raise ServiceError(_("Không có câu hỏi nào mang số này."), "target")
        return question_services.merge_question(current_user, question, target, session)

    if submit(form, action):
        return respond(redirect=url_for("dialogues.show", session_id=session.id) + "#questions", flash=_("Đã gộp câu hỏi; các lượt bình chọn đã được chuyển sang."))
    return render_template("dialogues/merge_question.html", dialogue=session, question=question, form=form), form.status
