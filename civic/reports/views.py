"""The synthesis report: staff draft and publish it; everyone reads it, as a page, a CSV and
a printable document."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..consultations import permissions as consultation_permissions
from ..consultations import services as consultations
from ..consultations.outline import section_paths
from ..core.csvfile import csv_response
from ..core.forms import Refusal, run_service
from ..core.htmx import respond
from ..core.permissions import require
from ..core.services import ServiceError
from . import bp, exports, permissions, services
from .models import OUTCOME_LABELS, OUTCOMES


def _consultation(consultation_id: int):
    consultation = consultations.load_for_page(consultation_id)
    if consultation is None:
        abort(404)
    require(consultation_permissions.can_view(current_user, consultation))
    return consultation


def _staff(consultation):
    require(permissions.can_manage(current_user, consultation))


@bp.route("/consultations/<int:consultation_id>/report")
def show(consultation_id: int):
    consultation = _consultation(consultation_id)
    report = services.report_for(consultation)
    readable = permissions.can_view(current_user, consultation, report)
    if not readable:  # a draft is not said to exist
        abort(404, description=readable.reason)
    staff = permissions.can_manage(current_user, consultation).allowed
    totals, sections, _outcomes = services.build(consultation, report)
    return render_template("reports/show.html", consultation=consultation, report=report, totals=totals,
                           sections=sections, staff=staff, outcome_labels=OUTCOME_LABELS)


@bp.route("/consultations/<int:consultation_id>/report.csv")
def download(consultation_id: int):
    consultation = _consultation(consultation_id)
    report = services.report_for(consultation)
    downloadable = permissions.can_download(current_user, consultation, report)
    if not downloadable:
        abort(404, description=downloadable.reason)
    _totals, sections, outcomes = services.build(consultation, report)
    return csv_response(exports.report_csv(sections, outcomes), f"bao-cao-tong-hop-{consultation.id}.csv")


@bp.route("/consultations/<int:consultation_id>/report/edit", methods=["GET", "POST"])
@login_required
def edit(consultation_id: int):
    consultation = _consultation(consultation_id)
    _staff(consultation)
    refused = None
    action_name = request.form.get("action", "assign") if request.method == "POST" else None
    if request.method == "POST":
        def action():
            report = services.start(current_user, consultation)
            if action_name == "introduction":
                services.set_introduction(current_user, consultation, report, request.form.get("introduction"), request.form.get("reason"))
                return 0
            return services.assign(current_user, consultation, report, request.form.getlist("comments"),
                                   request.form.get("outcome", ""), request.form.get("reasoning"),
                                   request.form.get("changed_section_id") or None, request.form.get("reason"))
        try:
            count = run_service(action)
        except ServiceError as exc:
            refused = Refusal(exc)
        else:
            return respond(redirect=url_for("reports.edit", consultation_id=consultation.id), flash=_("Đã lưu.") if count is True or count == 0 else _("Đã lưu kết quả cho %(n)s ý kiến.", n=count))
    elif services.report_for(consultation) is None and not (writable := permissions.can_write(current_user, consultation)):
        abort(400, description=writable.reason)
    report = services.report_for(consultation)
    totals, sections, _outcomes = services.build(consultation, report)
    next_version = consultations.current_version(consultation)
    change_sections = list(next_version.sections) if next_version and next_version.number > 1 else []
    # A refused form comes back as it was sent: the ticks, the outcome and the text typed.
    posted = request.form if refused else None
    return render_template("reports/edit.html", consultation=consultation, report=report, totals=totals, sections=sections,
                           outcomes=OUTCOMES, outcome_labels=OUTCOME_LABELS, refused=refused, action_name=action_name,
                           posted=posted, change_sections=change_sections,
                           change_labels=section_paths(change_sections)), (422 if refused else 200)


@bp.route("/consultations/<int:consultation_id>/report/publish", methods=["GET", "POST"])
@login_required
def publish(consultation_id: int):
    consultation = _consultation(consultation_id)
    _staff(consultation)
    refused = None
    if request.method == "POST":
        try:
            run_service(lambda: services.publish(current_user, consultation, services.start(current_user, consultation),
                                                 request.form.get("confirm_noted") == "1"))
        except ServiceError as exc:
            refused = Refusal(exc)
        else:
            return respond(redirect=url_for("reports.show", consultation_id=consultation.id), flash=_("Đã công bố báo cáo tổng hợp; dự thảo đã kết thúc lấy ý kiến."))
    report = services.report_for(consultation)
    left = [] if report is not None and report.is_published else services.missing(consultation, report)
    return render_template("reports/publish.html", consultation=consultation, report=report, left=left,
                           refused=refused), (422 if refused else 200)
