"""Commitments made in the room: staff pages to write them into the minutes, and a commitment's
public page, where staff of its agency record its progress."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...agencies.services import agency_options
from ...core.forms import choices, submit
from ...core.htmx import respond
from ...core.permissions import require
from ...core.timeutil import date_input
from ...extensions import db
from .. import bp, permissions
from ..forms import CommitmentForm, TrackForm
from ..models import COMMITMENT_LABELS, DONE, DROPPED, Commitment
from ..services import commitments as commitment_services
from ._common import _draft, _short


# --- written into the minutes (staff) -------------------------------------------------------------

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
    if submit(form, lambda: commitment_services.add_commitment(current_user, record, request.form, form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id) + "#commitments", flash=_("Đã thêm cam kết vào biên bản."))
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
    if submit(form, lambda: commitment_services.update_commitment_text(current_user, commitment, request.form,
                                                                       form.change_note.data)):
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id) + "#commitments", flash=_("Đã lưu cam kết."))
    return render_template("dialogues/commitment_form.html", dialogue=session, minutes=record, form=form,
                           commitment=commitment), form.status


# --- after the session: a commitment's page and its progress ----------------------------------------

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
        if submit(form, lambda: commitment_services.track(current_user, item, form.new_status.data or "", form.note.data,
                                                          form.on.data)):
            return respond(redirect=url_for("dialogues.commitment", commitment_id=item.id), flash=_("Đã cập nhật tiến độ cam kết."))
    return render_template("dialogues/commitment.html", commitment=item, form=form, can_track=can_track,
                           labels=COMMITMENT_LABELS), form.status
