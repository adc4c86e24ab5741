"""A session's minutes: the public page and its PDF scan; staff pages to write the minutes, the
questions raised in the room and their answers, to upload the scan and to publish."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ...answers import services as answers
from ...core.forms import choices, run_or_abort, submit
from ...core.htmx import respond
from ...core.permissions import require
from ...core.uploads import file_response
from ...extensions import db
from .. import bp, permissions
from ..forms import ChangeNoteForm, ItemForm, MinutesForm, ScanForm
from ..models import Commitment, DialogueQuestion, DialogueSession, MinutesItem
from ..services import commitments as commitment_services
from ..services import minutes as minutes_services
from ._common import _draft, _load, _short


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
        commitments=commitment_services.public_commitments(session_id=session.id) if record.is_published else
        db.session.scalars(select(Commitment).where(Commitment.session_id == session.id).order_by(Commitment.id)).all(),
        owed=answers.owed_by_subject(minutes_services.ITEM_SUBJECT, item_ids),
        written=answers.answers_by_subject(minutes_services.ITEM_SUBJECT, item_ids),
    )


@bp.route("/dialogues/<int:session_id>/minutes/scan/<path:filename>")
def scan(session_id: int, filename: str):
    session = _load(session_id)
    record = session.minutes
    if record is None or record.scan is None or not (record.is_published or permissions.can_manage(current_user, session)):
        abort(404)
    return file_response(record.scan.kind, record.scan.filename, record.scan.data, public=record.is_published)


@bp.route("/dialogues/<int:session_id>/minutes/edit", methods=["GET", "POST"])
@login_required
def edit_minutes(session_id: int):
    session, record = _draft(session_id)
    form = MinutesForm() if request.method == "POST" else MinutesForm(
        citizens=str(record.citizens), businesses=str(record.businesses), online=str(record.online),
        agenda=record.agenda, summary=record.summary)
    if submit(form, lambda: minutes_services.save_minutes(current_user, record, request.form, form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id), flash=_("Đã lưu biên bản."))
    return render_template(
        "dialogues/minutes_edit.html", dialogue=session, minutes=record, form=form, publish_form=ChangeNoteForm(),
        commitments=db.session.scalars(select(Commitment).where(Commitment.session_id == session.id)
                                       .order_by(Commitment.id)).all(),
    ), form.status


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
    if submit(form, lambda: minutes_services.add_item(current_user, record, request.form, form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id) + "#items", flash=_("Đã thêm câu hỏi vào biên bản."))
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
    if submit(form, lambda: minutes_services.update_item(current_user, item, request.form, form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id) + "#items", flash=_("Đã lưu câu hỏi trong biên bản."))
    return render_template("dialogues/item_form.html", dialogue=session, minutes=item.minutes, form=form, item=item), form.status


@bp.route("/dialogues/minutes/items/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete_item(item_id: int):
    item, session = _item(item_id)
    form = ChangeNoteForm()
    if submit(form, lambda: minutes_services.remove_item(current_user, item, form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id) + "#items", flash=_("Đã xoá câu hỏi khỏi biên bản."))
    return render_template("dialogues/item_delete.html", dialogue=session, item=item, form=form), form.status


@bp.route("/dialogues/<int:session_id>/minutes/scan", methods=["GET", "POST"])
@login_required
def upload_scan(session_id: int):
    session, record = _draft(session_id)
    form = ScanForm()
    if submit(form, lambda: minutes_services.attach_scan(current_user, record, request.files.get("scan"), form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id), flash=_("Đã tải lên bản scan biên bản."))
    return render_template("dialogues/scan_form.html", dialogue=session, minutes=record, form=form), form.status


@bp.route("/dialogues/<int:session_id>/minutes/publish", methods=["POST"])
@login_required
def publish_minutes(session_id: int):
    session, record = _draft(session_id)
    run_or_abort(lambda: minutes_services.publish_minutes(current_user, record))
    return respond(redirect=url_for("dialogues.minutes", session_id=session.id), flash=_("Đã công bố biên bản."))
