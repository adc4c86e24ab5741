"""Registering for a session and cancelling (the registration box of the session's page), and the
staff list of everyone registered."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.forms import page_arg, run_or_abort, run_service
from ...core.htmx import is_htmx
from ...core.permissions import require
from ...core.services import ServiceError
from .. import bp, permissions
from ..forms import RegistrationForm
from ..models import MODE_LABELS
from ..services import registrations as registration_services
from ._common import _boxes, _load, _registration_context, _show


@bp.route("/dialogues/<int:session_id>/register", methods=["POST"])
@login_required
def register(session_id: int):
    session = _load(session_id)
    form = RegistrationForm()
    before = registration_services.registration_of(current_user, session)
    already = before is not None and before.status != "cancelled"
    if not form.validate_on_submit():
        abort(400)
    try:
        registration = run_service(lambda: registration_services.register(current_user, session, form.mode.data or "",
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
    registration = registration_services.registration_of(current_user, session)
    if registration is None:
        abort(400, description=_("Bạn chưa đăng ký buổi đối thoại này."))
    if registration.status == "cancelled":
        # Repeat-safe: a second click, a resent form or a back-button visit finds it done.
        return _boxes(session, _("Đăng ký của bạn đã được huỷ."), registration=True)
    if request.method == "GET":
        require(permissions.can_cancel(current_user, registration, session))
        return render_template("dialogues/cancel.html", dialogue=session, registration=registration)
    run_or_abort(lambda: registration_services.cancel(current_user, registration))
    return _boxes(session, _("Đã huỷ đăng ký."), registration=True)


@bp.route("/dialogues/<int:session_id>/registrations")
@login_required
def registrations(session_id: int):
    session = _load(session_id)
    require(permissions.can_manage(current_user, session))
    rows, total, page, pages = registration_services.registrations(session, page_arg())
    return render_template("dialogues/registrations.html", dialogue=session, registrations=rows, total=total,
                           page=page, pages=pages, mode_labels=MODE_LABELS)
