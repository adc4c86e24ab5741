"""The synthesis report: staff draft and publish it; everyone reads it, as a page, a CSV and
a printable document."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..consultations import permissions as consultation_permissions
from ..consultations import services as consultations
from ..consultations.outline import section_paths
from ..core.forms import Refusal, run_service
from ..core.htmx import redirect_after_post
from ..core.permissions import require
from ..core.services import ServiceError
from . import bp, services
from .models import OUTCOME_LABELS, OUTCOMES


def _consultation(consultation_id: int):
    consultation = consultations.load_for_page(consultation_id)
    if consultation is None:
        abort(404)
    require(consultation_permissions.can_view(current_user, consultation))
    return consultation


def _staff(consultation):
    require(consultation_permissions.can_manage(current_user, consultation))


@bp.route("/consultations/<int:consultation_id>/report")
def show(consultation_id: int):
    consultation = _consultation(consultation_id)
    report = services.report_for(consultation)
    staff = consultation_permissions.can_manage(current_user, consultation).allowed
    if report is None or not (report.is_published or staff):
        abort(404, description=_("Báo cáo tổng hợp của dự thảo này chưa được công bố."))
    totals, sections, _outcomes = services.build(consultation, report)
    return render_template("reports/show.html", consultation=consultation, report=report, totals=totals,
                           sections=sections, staff=staff, outcome_labels=OUTCOME_LABELS)


@bp.route("/consultations/<int:consultation_id>/report.csv")
def download(consultation_id: int):
    consultation = _consultation(consultation_id)
    report = services.report_for(consultation)
    if report is None or not report.is_published:
        abort(404, description=_("Báo cáo tổng hợp của dự thảo này chưa được công bố."))
    _totals, sections, outcomes = services.build(consultation, report)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The last column (added after the first six, which scripts may read by position) holds the
    # whole text of the section commented on.
    writer.writerow([_("Mã tiếp nhận"), _("Phần"), _("Người góp ý"), _("Nội dung ý kiến"), _("Kết quả"),
                     _("Nội dung tiếp thu, giải trình"), _("Nội dung phần được góp ý")])
    for bucket in sections:
        for group in bucket.groups:
            for comment in group.comments:
                outcome = outcomes.get(comment.id)
                writer.writerow([comment.receipt, bucket.label, comment.author.public_name, comment.body,
                                 outcome.label if outcome else "", outcome.reasoning if outcome else "", bucket.text])
    body = "\ufeff" + buffer.getvalue()  # a byte-order mark, so Excel reads Vietnamese correctly
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-{consultation.id}.csv"'
    return response


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
            flash(_("Đã lưu.") if count is True or count == 0 else _("Đã lưu kết quả cho %(n)s ý kiến.", n=count), "success")
            return redirect_after_post(url_for("reports.edit", consultation_id=consultation.id))
    elif services.report_for(consultation) is None and consultation.status not in ("closed", "concluded"):
        abort(400, description=_("Chỉ lập báo cáo tổng hợp khi đã hết thời gian lấy ý kiến."))
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
            flash(_("Đã công bố báo cáo tổng hợp; dự thảo đã kết thúc lấy ý kiến."), "success")
            return redirect_after_post(url_for("reports.show", consultation_id=consultation.id))
    report = services.report_for(consultation)
    left = [] if report is not None and report.is_published else services.missing(consultation, report)
    return render_template("reports/publish.html", consultation=consultation, report=report, left=left,
                           refused=refused), (422 if refused else 200)
