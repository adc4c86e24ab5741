"""What the dialogue pages share: loading a session, the session's page with its registration
and questions boxes, the answer after an action on those boxes, and the draft minutes for staff."""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user

from ...core.forms import run_or_abort
from ...core.htmx import respond
from ...core.permissions import require
from ...extensions import db
from .. import permissions
from ..forms import QuestionForm, RegistrationForm
from ..models import STATUS_LABELS, DialogueSession
from ..services import commitments as commitment_services
from ..services import minutes as minutes_services
from ..services import questions as question_services
from ..services import registrations as registration_services


def _load(session_id: int) -> DialogueSession:
    session = db.session.get(DialogueSession, session_id)
    if session is None:
        abort(404)
    return session


_NOT_LOOKED_UP = object()


def _registration_context(session: DialogueSession, form: RegistrationForm | None = None,
                          registration=_NOT_LOOKED_UP) -> dict:
    if registration is _NOT_LOOKED_UP:
        registration = registration_services.registration_of(current_user, session)
    return {
        "dialogue": session,
        "registration": registration if registration is not None and registration.status != "cancelled" else None,
        "position": registration_services.waiting_position(registration) if registration is not None else None,
        "register_decision": permissions.can_register(current_user, session),
        "registration_form": form or RegistrationForm(formdata=None),
    }


def _questions_context(session: DialogueSession, form: QuestionForm | None = None,
                       registration=_NOT_LOOKED_UP) -> dict:
    if registration is _NOT_LOOKED_UP:
        registration = registration_services.registration_of(current_user, session)
    return {
        "dialogue": session,
        "questions": question_services.question_list(current_user, session),
        "ask_decision": permissions.can_ask(current_user, session, registration),
        "vote_decision": permissions.can_vote_question(current_user, session),
        "manage": bool(permissions.can_manage(current_user, session)),
        "question_form": form or QuestionForm(formdata=None),
    }


def _show(session: DialogueSession, registration_form: RegistrationForm | None = None):
    """The session's page (with the registration form's problems when it was refused)."""
    minutes = session.minutes if session.minutes is not None and session.minutes.is_published else None
    registration = registration_services.registration_of(current_user, session)
    context = {**_registration_context(session, registration_form, registration=registration),
               **_questions_context(session, registration=registration)}
    return render_template(
        "dialogues/show.html", minutes=minutes, status_labels=STATUS_LABELS,
        can_edit=bool(permissions.can_edit(current_user, session)),
        commitments=commitment_services.public_commitments(session_id=session.id) if minutes else [], **context,
    )


def _boxes(session: DialogueSession, message: str, *, registration: bool = False):
    """After an action: with htmx the boxes it changed (the registration box, and the questions
    box, which depends on being registered), else back to the page with the message."""
    anchor = "registration" if registration else "questions"

    def fragment() -> str:
        html = ""
        if registration:
            html += render_template("dialogues/_registration.html", message=message, **_registration_context(session))
        if session.questions_allowed:
            html += render_template("dialogues/_questions.html", oob=registration, message=None if registration else message,
                                    **_questions_context(session))
        return html

    return respond(redirect=url_for("dialogues.show", session_id=session.id) + "#" + anchor, flash=message, fragment=fragment)


def _draft(session_id: int):
    """The session and its minutes for a staff page (started on first visit)."""
    session = _load(session_id)
    require(permissions.can_manage(current_user, session))
    record = run_or_abort(lambda: minutes_services.start_minutes(current_user, session))
    return session, record


def _short(text: str, most: int = 80) -> str:
    """A question's opening words as a choice's label, with an ellipsis when it goes on."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rstrip() + "…"
