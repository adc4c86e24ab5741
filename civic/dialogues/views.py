"""Dialogue pages: the public list and a session's page (registration, questions, minutes,
commitments), the calendar file; staff pages to schedule and edit a session, see who
registered, handle questions, write and publish the minutes, and track commitments."""
from __future__ import annotations

from flask import Response, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..agencies.services import agency_ids_for, agency_options, tree
from ..answers import services as answers
from ..topics.services import topic_options
from ..core.text import as_id
from ..core.forms import choices, page_arg, run_or_abort, run_service, submit
from ..core.htmx import is_htmx, redirect_after_post
from ..core.permissions import require
from ..core.services import ServiceError
from ..core.timeutil import date_input, datetime_input
from ..core.uploads import file_response
from ..extensions import db
from . import bp, calendar, permissions, services
from . import subject as _subject  # noqa: F401  (registers minutes items with answers)
from .forms import (
    ChangeNoteForm, CommitmentForm, ItemForm, MergeQuestionForm, MinutesForm, QuestionForm, RegistrationForm,
    ScanForm, SessionForm, TrackForm,
)
from .models import (
    COMMITMENT_LABELS, DONE, DROPPED, MODE_LABELS, STATUS_LABELS, Commitment, DialogueQuestion, DialogueSession,
    MinutesItem,
)


def _load(session_id: int) -> DialogueSession:
    session = db.session.get(DialogueSession, session_id)
    if session is None:
        abort(404)
    return session


# --- public pages -------------------------------------------------------------------------------

@bp.route("/dialogues")
def index():
    filters = services.ListFilters.from_args(request.args)
    sessions, total, page, pages = services.public_list(filters)
    return render_template("dialogues/index.html", sessions=sessions, total=total, page=page, pages=pages,
                           filters=filters, topics=topic_options(), agencies=agency_options(),
                           can_schedule=permissions.can_schedule(current_user))


_NOT_LOOKED_UP = object()


def _registration_context(session: DialogueSession, form: RegistrationForm | None = None,
                          registration=_NOT_LOOKED_UP) -> dict:
    if registration is _NOT_LOOKED_UP:
        registration = services.registration_of(current_user, session)
    return {
        "dialogue": session,
        "registration": registration if registration is not None and registration.status != "cancelled" else None,
        "position": services.waiting_position(registration) if registration is not None else None,
        "register_decision": permissions.can_register(current_user, session),
        "registration_form": form or RegistrationForm(formdata=None),
    }


def _questions_context(session: DialogueSession, form: QuestionForm | None = None,
                       registration=_NOT_LOOKED_UP) -> dict:
    if registration is _NOT_LOOKED_UP:
        registration = services.registration_of(current_user, session)
    return {
        "dialogue": session,
        "questions": services.question_list(current_user, session),
        "ask_decision": permissions.can_ask(current_user, session, registration),
        "vote_decision": permissions.can_vote_question(current_user, session),
        "manage": bool(permissions.can_manage(current_user, session)),
        "question_form": form or QuestionForm(formdata=None),
    }


@bp.route("/dialogues/<int:session_id>")
def show(session_id: int):
    return _show(_load(session_id))


def _show(session: DialogueSession, registration_form: RegistrationForm | None = None):
    """The session's page (with the registration form's problems when it was refused)."""
    minutes = session.minutes if session.minutes is not None and session.minutes.is_published else None
    registration = services.registration_of(current_user, session)
    context = {**_registration_context(session, registration_form, registration=registration),
               **_questions_context(session, registration=registration)}
    return render_template(
        "dialogues/show.html", minutes=minutes, status_labels=STATUS_LABELS,
        can_edit=bool(permissions.can_edit(current_user, session)),
        commitments=services.public_commitments(session_id=session.id) if minutes else [], **context,
    )


@bp.route("/dialogues/<int:session_id>/calendar.ics")
def ics(session_id: int):
    session = _load(session_id)
    return Response(calendar.ics(session), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="doi-thoai-{session.id}.ics"'})


def _boxes(session: DialogueSession, message: str, *, registration: bool = False):
    """After an action: with htmx the boxes it changed (the registration box, and the questions
    box, which depends on being registered), else back to the page with the message."""
    if not is_htmx():
        flash(message, "success")
        anchor = "registration" if registration else "questions"
        return redirect_after_post(url_for("dialogues.show", session_id=session.id) + "#" + anchor)
    html = ""
    if registration:
        html += render_template("dialogues/_registration.html", message=message, **_registration_context(session))
    if session.questions_allowed:
        html += render_template("dialogues/_questions.html", oob=registration, message=None if registration else message,
                                **_questions_context(session))
    return html


@bp.route("/dialogues/<int:session_id>/register", methods=["POST"])
@login_required
def register(session_id: int):
    session = _load(session_id)
    form = RegistrationForm()
    before = services.registration_of(current_user, session)
    already = before is not None and before.status != "cancelled"
    if not form.validate_on_submit():
        abort(400)
    try:
        registration = run_service(lambda: services.register(current_user, session, form.mode.data or "",
                                                             form.organisation.data))
    except ServiceError as error:
        if not error.field:
            abort(error.status if error.status in (400, 403) else 400, description=str(error.message))
        form.add_error(error)  # every problem of the form, on its field
        if is_htmx():
            return render_template("dialogues/_registration.html", **_registration_context(session, form)), 422
        return _show(session, registration_form=form), 422
    if already:
        message = _("Bạn đã đăng ký buổi đối thoại này rồi.")
    elif registration.status == "confirmed":
        message = _("Đã đăng ký. Thư xác nhận kèm tệp lịch đã được gửi tới email của bạn.")
    else:
        message = _("Buổi đối thoại đã đủ chỗ: bạn ở danh sách chờ và sẽ nhận thư khi có chỗ.")
    return _boxes(session, message, registration=True)


@bp.route("/dialogues/<int:session_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(session_id: int):
    """Cancelling asks first (a freed seat goes to the waiting list at once)."""
    session = _load(session_id)
    registration = services.registration_of(current_user, session)
    if registration is None or registration.status == "cancelled":
        abort(400, description=_("Bạn chưa đăng ký buổi đối thoại này."))
    if request.method == "GET":
        require(permissions.can_cancel(current_user, registration, session))
        return render_template("dialogues/cancel.html", dialogue=session, registration=registration)
    run_or_abort(lambda: services.cancel(current_user, registration))
    return _boxes(session, _("Đã huỷ đăng ký."), registration=True)


@bp.route("/dialogues/<int:session_id>/questions", methods=["POST"])
@login_required
def ask(session_id: int):
    session = _load(session_id)
    form = QuestionForm()
    question = submit(form, lambda: services.ask(current_user, session, form.body.data, form.anonymous.data))
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
    run_or_abort(lambda: services.vote_question(current_user, question, session))
    return _boxes(session, _("Đã bình chọn câu hỏi."))


@bp.route("/dialogues/questions/<int:question_id>/vote/withdraw", methods=["POST"])
@login_required
def unvote(question_id: int):
    question, session = _question(question_id)
    run_or_abort(lambda: services.unvote_question(current_user, question, session))
    return _boxes(session, _("Đã bỏ bình chọn."))


@bp.route("/dialogues/questions/<int:question_id>/select", methods=["POST"])
@login_required
def select_question(question_id: int):
    question, session = _question(question_id)
    selected = request.form.get("selected") == "1"
    run_or_abort(lambda: services.select_question(current_user, question, session, selected))
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
        return services.merge_question(current_user, question, target, session)

    if submit(form, action):
        flash(_("Đã gộp câu hỏi; các lượt bình chọn đã được chuyển sang."), "success")
        return redirect_after_post(url_for("dialogues.show", session_id=session.id) + "#questions")
    return render_template("dialogues/merge_question.html", dialogue=session, question=question, form=form), form.status


# --- staff: scheduling ------------------------------------------------------------------------

@bp.route("/dialogues/manage")
@login_required
def manage():
    require(permissions.can_schedule(current_user))
    ids = agency_ids_for(current_user)
    sessions = db.session.scalars(select(DialogueSession).where(DialogueSession.agency_id.in_(ids))
                                  .order_by(DialogueSession.starts_at.desc()).limit(200)).unique().all()
    return render_template("dialogues/manage.html", sessions=sessions)


def _session_form(form: SessionForm) -> SessionForm:
    ids = agency_ids_for(current_user)
    agencies = [(str(a.id), "\u2003" * d + a.name) for a, d in tree() if a.id in ids]
    # a required select starts with an empty option; staff of one agency find it chosen
    form.agency_id.choices = choices([("", _("— Chọn cơ quan tổ chức —"))] + agencies)
    if len(agencies) == 1 and not form.is_submitted():
        form.agency_id.data = agencies[0][0]
    form.topic.choices = choices([("", _("— Chọn lĩnh vực —"))] + list(topic_options()))
    return form


@bp.route("/dialogues/new", methods=["GET", "POST"])
@login_required
def new():
    """Schedule a session people register for, or record one that already took place
    (`?kind=past` preselects it); a recorded session goes straight on to its minutes."""
    require(permissions.can_schedule(current_user))
    form = _session_form(SessionForm(kind=services.PAST if request.args.get("kind") == services.PAST else services.UPCOMING))
    session = submit(form, lambda: services.schedule(current_user, request.form,
                                                     services.parse_officials(form.officials.data)))
    if session and session.recorded_after:
        flash(_("Đã ghi lại buổi đối thoại. Bây giờ hãy soạn và công bố biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id))
    if session:
        flash(_("Đã lên lịch buổi đối thoại."), "success")
        return redirect_after_post(url_for("dialogues.show", session_id=session.id))
    return render_template("dialogues/form.html", form=form, dialogue=None), form.status


@bp.route("/dialogues/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit(session_id: int):
    session = _load(session_id)
    require(permissions.can_manage(current_user, session))
    editable = permissions.can_edit(current_user, session)
    if not editable:
        abort(400, description=editable.reason)
    form = SessionForm() if request.method == "POST" else SessionForm(
        agency_id=str(session.agency_id), title=session.title, topic=session.topic.slug,
        description=session.description, starts_at=datetime_input(session.starts_at), ends_at=datetime_input(session.ends_at),
        place=session.place, online_url=session.online_url,
        capacity=str(session.capacity) if session.capacity is not None else "",
        registration_opens_at=datetime_input(session.registration_opens_at),
        registration_closes_at=datetime_input(session.registration_closes_at), questions_allowed=session.questions_allowed,
        officials="\n".join(f"{o.name}, {o.title}" for o in session.officials))
    _session_form(form)
    if submit(form, lambda: services.update_session(current_user, session, request.form,
                                                    services.parse_officials(form.officials.data))):
        flash(_("Đã lưu thông tin buổi đối thoại."), "success")
        return redirect_after_post(url_for("dialogues.show", session_id=session.id))
    return render_template("dialogues/form.html", form=form, dialogue=session), form.status


@bp.route("/dialogues/<int:session_id>/registrations")
@login_required
def registrations(session_id: int):
    session = _load(session_id)
    require(permissions.can_manage(current_user, session))
    rows, total, page, pages = services.registrations(session, page_arg())
    return render_template("dialogues/registrations.html", dialogue=session, registrations=rows, total=total,
                           page=page, pages=pages, mode_labels=MODE_LABELS)


# --- minutes ----------------------------------------------------------------------------------

@bp.route("/dialogues/<int:session_id>/minutes")
def minutes(session_id: int):
    session = _load(session_id)
    record = session.minutes
    manage = bool(permissions.can_manage(current_user, session))
    if record is None or (not record.is_published and not manage):
        abort(404)
    item_ids = [i.id for i in record.items]
    return render_template(
        "dialogues/minutes.html", dialogue=session, minutes=record, manage=manage,
        commitments=services.public_commitments(session_id=session.id) if record.is_published else
        db.session.scalars(select(Commitment).where(Commitment.session_id == session.id).order_by(Commitment.id)).all(),
        owed=answers.owed_by_subject(services.ITEM_SUBJECT, item_ids),
        written=answers.answers_by_subject(services.ITEM_SUBJECT, item_ids),
    )


@bp.route("/dialogues/<int:session_id>/minutes/scan/<path:filename>")
def scan(session_id: int, filename: str):
    session = _load(session_id)
    record = session.minutes
    if record is None or record.scan is None or not (record.is_published or permissions.can_manage(current_user, session)):
        abort(404)
    return file_response(record.scan.kind, record.scan.filename, record.scan.data)


def _draft(session_id: int):
    """The session and its minutes for a staff page (started on first visit)."""
    session = _load(session_id)
    require(permissions.can_manage(current_user, session))
    record = run_or_abort(lambda: services.start_minutes(current_user, session))
    return session, record


@bp.route("/dialogues/<int:session_id>/minutes/edit", methods=["GET", "POST"])
@login_required
def edit_minutes(session_id: int):
    session, record = _draft(session_id)
    form = MinutesForm() if request.method == "POST" else MinutesForm(
        citizens=str(record.citizens), businesses=str(record.businesses), online=str(record.online),
        agenda=record.agenda, summary=record.summary)
    if submit(form, lambda: services.save_minutes(current_user, record, request.form, form.change_note.data)):
        flash(_("Đã lưu biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id))
    return render_template(
        "dialogues/minutes_edit.html", dialogue=session, minutes=record, form=form, publish_form=ChangeNoteForm(),
        commitments=db.session.scalars(select(Commitment).where(Commitment.session_id == session.id)
                                       .order_by(Commitment.id)).all(),
    ), form.status


def _short(text: str, most: int = 80) -> str:
    """A question's opening words as a choice's label, with an ellipsis when it goes on."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rstrip() + "…"


def _item_form(form: ItemForm, session: DialogueSession) -> ItemForm:
    questions = db.session.scalars(select(DialogueQuestion).where(DialogueQuestion.session_id == session.id,
                                                                  DialogueQuestion.merged_into_id.is_(None))
                                   .order_by(DialogueQuestion.id)).all()
    form.question_id.choices = choices([("", _("— Câu hỏi tại buổi đối thoại —"))] +
                                       [(str(q.id), f"#{q.id}: {_short(q.body)}") for q in questions])
    return form


@bp.route("/dialogues/<int:session_id>/minutes/items/new", methods=["GET", "POST"])
@login_required
def add_item(session_id: int):
    session, record = _draft(session_id)
    form = _item_form(ItemForm(), session)
    if submit(form, lambda: services.add_item(current_user, record, request.form, form.change_note.data)):
        flash(_("Đã thêm câu hỏi vào biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id) + "#items")
    return render_template("dialogues/item_form.html", dialogue=session, minutes=record, form=form, item=None), form.status


def _item(item_id: int) -> tuple[MinutesItem, DialogueSession]:
    item = db.session.get(MinutesItem, item_id)
    if item is None:
        abort(404)
    session = item.minutes.session
    require(permissions.can_manage(current_user, session))
    return item, session


@bp.route("/dialogues/minutes/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(item_id: int):
    item, session = _item(item_id)
    form = ItemForm() if request.method == "POST" else ItemForm(
        question_id=str(item.question_id or ""), asked_by=item.asked_by, question=item.question,
        answered_by_name=item.answered_by_name, answered_by_title=item.answered_by_title, answer=item.answer,
        follow_up=item.follow_up)
    _item_form(form, session)
    if submit(form, lambda: services.update_item(current_user, item, request.form, form.change_note.data)):
        flash(_("Đã lưu câu hỏi trong biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id) + "#items")
    return render_template("dialogues/item_form.html", dialogue=session, minutes=item.minutes, form=form, item=item), form.status


@bp.route("/dialogues/minutes/items/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete_item(item_id: int):
    item, session = _item(item_id)
    form = ChangeNoteForm()
    if submit(form, lambda: services.remove_item(current_user, item, form.change_note.data)):
        flash(_("Đã xoá câu hỏi khỏi biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id) + "#items")
    return render_template("dialogues/item_delete.html", dialogue=session, item=item, form=form), form.status


def _commitment_form(form: CommitmentForm, record) -> CommitmentForm:
    form.owner.choices = choices([("", _("— Chọn cơ quan —"))] + list(agency_options()))
    form.item_id.choices = choices([("", _("— Không gắn với câu hỏi nào —"))] +
                                   [(str(i.id), f"{n}. {_short(i.question)}") for n, i in enumerate(record.items, 1)])
    return form


@bp.route("/dialogues/<int:session_id>/minutes/commitments/new", methods=["GET", "POST"])
@login_required
def add_commitment(session_id: int):
    session, record = _draft(session_id)
    form = _commitment_form(CommitmentForm(owner=session.agency.slug), record)
    if submit(form, lambda: services.add_commitment(current_user, record, request.form, form.change_note.data)):
        flash(_("Đã thêm cam kết vào biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id) + "#commitments")
    return render_template("dialogues/commitment_form.html", dialogue=session, minutes=record, form=form,
                           commitment=None), form.status


@bp.route("/dialogues/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_commitment(commitment_id: int):
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None:
        abort(404)
    session = commitment.session
    require(permissions.can_manage(current_user, session))
    record = session.minutes
    form = CommitmentForm() if request.method == "POST" else CommitmentForm(
        description=commitment.description, owner=commitment.owner.slug, due_on=date_input(commitment.due_on),
        item_id=str(commitment.item_id or ""))
    _commitment_form(form, record)
    if submit(form, lambda: services.update_commitment_text(current_user, commitment, request.form, form.change_note.data)):
        flash(_("Đã lưu cam kết."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id) + "#commitments")
    return render_template("dialogues/commitment_form.html", dialogue=session, minutes=record, form=form,
                           commitment=commitment), form.status


@bp.route("/dialogues/<int:session_id>/minutes/scan", methods=["GET", "POST"])
@login_required
def upload_scan(session_id: int):
    session, record = _draft(session_id)
    form = ScanForm()
    if submit(form, lambda: services.attach_scan(current_user, record, request.files.get("scan"), form.change_note.data)):
        flash(_("Đã tải lên bản scan biên bản."), "success")
        return redirect_after_post(url_for("dialogues.edit_minutes", session_id=session.id))
    return render_template("dialogues/scan_form.html", dialogue=session, minutes=record, form=form), form.status


@bp.route("/dialogues/<int:session_id>/minutes/publish", methods=["POST"])
@login_required
def publish_minutes(session_id: int):
    session, record = _draft(session_id)
    run_or_abort(lambda: services.publish_minutes(current_user, record))
    flash(_("Đã công bố biên bản."), "success")
    return redirect_after_post(url_for("dialogues.minutes", session_id=session.id))


# --- commitments --------------------------------------------------------------------------------

@bp.route("/dialogues/commitments/<int:commitment_id>", methods=["GET", "POST"])
def commitment(commitment_id: int):
    """A commitment's page: its progress notes; staff of its agency add one (moving it on)."""
    item = db.session.get(Commitment, commitment_id)
    if item is None or item.session.minutes is None or not item.session.minutes.is_published:
        abort(404)
    can_track = bool(permissions.can_track(current_user, item)) and item.status not in (DONE, DROPPED)
    form = TrackForm(new_status=item.status)
    if request.method == "POST":
        if not current_user.is_authenticated:
            abort(403)
        require(permissions.can_track(current_user, item))
        if submit(form, lambda: services.track(current_user, item, form.new_status.data or "", form.note.data, form.on.data)):
            flash(_("Đã cập nhật tiến độ cam kết."), "success")
            return redirect_after_post(url_for("dialogues.commitment", commitment_id=item.id))
    return render_template("dialogues/commitment.html", commitment=item, form=form, can_track=can_track,
                           labels=COMMITMENT_LABELS), form.status
