"""Answer pages: give, owe, correct, rate; the staff queue of owed answers."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..agencies.services import agency_ids_for
from ..core.forms import page_arg, run_or_abort, submit
from ..core.htmx import respond
from ..core.permissions import require
from ..core.uploads import file_response
from ..extensions import db
from . import bp, permissions, services
from .forms import AnswerForm, CorrectionForm, RatingForm
from .models import Answer


def _answer_or_404(answer_id: int):
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        abort(404)
    adapter, subject = services.load_subject_or_404(answer.subject_type, answer.subject_id)
    return answer, adapter, subject


@bp.route("/answers/<subject_type>/<int:subject_id>/new", methods=["GET", "POST"])
@login_required
def give(subject_type: str, subject_id: int):
    adapter, subject = services.load_subject_or_404(subject_type, subject_id)
    require(permissions.can_answer(current_user, subject_type, subject))
    form = AnswerForm()
    if request.method == "GET" and not form.signer_name.data:
        form.signer_name.data = current_user.display_name
    answer = submit(form, lambda: services.give_answer(current_user, subject_type, subject, request.form,
                                                         request.files.get("attachment")))
    if answer:
        return respond(redirect=adapter.url(subject), flash=_("Đã đăng câu trả lời chính thức."))
    return render_template("answers/form.html", form=form, subject=subject, adapter=adapter, answer=None,
                           owed=services.owed_for(subject_type, subject.id)), form.status


@bp.route("/answers/<subject_type>/<int:subject_id>/owe", methods=["POST"])
@login_required
def owe(subject_type: str, subject_id: int):
    adapter, subject = services.load_subject_or_404(subject_type, subject_id)
    require(permissions.can_answer(current_user, subject_type, subject))
    owed = run_or_abort(lambda: services.mark_owed(current_user, subject_type, subject))
    return respond(redirect=adapter.url(subject), flash=_("Đã đánh dấu cần trả lời; hạn trả lời: %(date)s.", date=owed.due_on.strftime("%d/%m/%Y")))


@bp.route("/answers/<int:answer_id>")
def show(answer_id: int):
    answer, adapter, subject = _answer_or_404(answer_id)
    return render_template("answers/show.html", answer=answer, adapter=adapter, subject=subject,
                           owed=services.owed_for(answer.subject_type, answer.subject_id))


@bp.route("/answers/<int:answer_id>/attachment/<path:filename>")
def attachment(answer_id: int, filename: str):
    answer, _adapter, _subject = _answer_or_404(answer_id)
    if answer.attachment is None:
        abort(404)
    return file_response(answer.attachment.kind, answer.attachment.filename, answer.attachment.data, public=True)


@bp.route("/answers/<int:answer_id>/correct", methods=["GET", "POST"])
@login_required
def correct(answer_id: int):
    answer, adapter, subject = _answer_or_404(answer_id)
    require(permissions.can_answer(current_user, answer.subject_type, subject))
    form = CorrectionForm(obj=answer) if request.method == "GET" else CorrectionForm()
    if submit(form, lambda: services.correct_answer(current_user, answer, subject, request.form)):
        return respond(redirect=adapter.url(subject), flash=_("Đã đính chính câu trả lời; nội dung trước đó vẫn được công khai."))
    return render_template("answers/form.html", form=form, subject=subject, adapter=adapter, answer=answer, owed=None), form.status


@bp.route("/answers/<int:answer_id>/rate", methods=["POST"])
@login_required
def rate(answer_id: int):
    answer, adapter, subject = _answer_or_404(answer_id)
    form = RatingForm()
    if submit(form, lambda: services.rate(current_user, answer, subject, form.value.data, form.comment.data)):
        return respond(redirect=adapter.url(subject), flash=_("Cảm ơn bạn đã đánh giá câu trả lời."))
    if form.all_errors and all(field is None for field, _message in form.all_errors):
        abort(403, description=form.all_errors[0][1])
    return render_template("answers/rate.html", form=form, answer=answer, adapter=adapter, subject=subject), form.status


@bp.route("/answers/owed")
@login_required
def owed():
    """Everything the viewer's agencies owe an answer to: comments, ideas, dialogue questions."""
    ids = agency_ids_for(current_user)
    if not ids:
        abort(403, description=_("Chỉ cán bộ của cơ quan xem danh sách cần trả lời."))
    rows, total, page, pages = services.owed_queue(ids, page_arg())
    return render_template("answers/owed.html", rows=rows, total=total, page=page, pages=pages)
