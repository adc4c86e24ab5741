"""The public list of sessions, a session's page and its calendar file; staff pages to schedule a
session (or record one that took place) and to change its details."""
from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ...agencies.services import agency_ids_for, agency_options, tree
from ...topics.services import topic_options
from ...core.forms import choices, submit
from ...core.htmx import respond
from ...core.permissions import require
from ...core.timeutil import datetime_input
from ...extensions import db
from .. import bp, calendar, permissions
from ..forms import SessionForm
from ..models import DialogueSession
from ..services import sessions as session_services
from ._common import _load, _show


# --- public pages -------------------------------------------------------------------------------

@bp.route("/dialogues")
def index():
    filters = session_services.ListFilters.from_args(request.args)
    sessions, total, page, pages = session_services.public_list(filters)
    return render_template("dialogues/index.html", sessions=sessions, total=total, page=page, pages=pages,
                           filters=filters, topics=topic_options(), agencies=agency_options(),
                           can_schedule=permissions.can_schedule(current_user))


@bp.route("/dialogues/<int:session_id>")
def show(session_id: int):
    return _show(_load(session_id))


@bp.route("/dialogues/<int:session_id>/calendar.ics")
def ics(session_id: int):
    session = _load(session_id)
    return Response(calendar.ics(session), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="doi-thoai-{session.id}.ics"'})


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
    kind = session_services.PAST if request.args.get("kind") == session_services.PAST else session_services.UPCOMING
    form = _session_form(SessionForm(kind=kind))
    session = submit(form, lambda: session_services.schedule(current_user, request.form,
                                                             session_services.parse_officials(form.officials.data)))
    if session and session.recorded_after:
        return respond(redirect=url_for("dialogues.edit_minutes", session_id=session.id), flash=_("Đã ghi lại buổi đối thoại. Bây giờ hãy soạn và công bố biên bản."))
    if session:
        return respond(redirect=url_for("dialogues.show", session_id=session.id), flash=_("Đã lên lịch buổi đối thoại."))
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
    if submit(form, lambda: session_services.update_session(current_user, session, request.form,
                                                            session_services.parse_officials(form.officials.data))):
        return respond(redirect=url_for("dialogues.show", session_id=session.id), flash=_("Đã lưu thông tin buổi đối thoại."))
    return render_template("dialogues/form.html", form=form, dialogue=session), form.status
