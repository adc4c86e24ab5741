"""What synthesis reports are to the shared mechanisms: a report is found by search once
published, and its outcomes are shown on the consultation's page (beside each comment);
its outcomes and revisions are parts of it. Registered from create_app."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..consultations.models import Consultation
from ..core import content
from ..extensions import db
from . import search_source
from .models import CommentOutcome, ReportRevision, SynthesisReport


def _consultation(report: SynthesisReport) -> Consultation | None:
    return db.session.get(Consultation, report.consultation_id)


def register_kinds() -> None:
    content.register(content.Kind(
        name="report",
        label=_l("báo cáo tổng hợp"),
        model=SynthesisReport,
        load=lambda report_id: db.session.get(SynthesisReport, report_id),
        is_public=lambda report: (report is not None and report.is_published
                                  and (consultation := _consultation(report)) is not None and consultation.is_public),
        agency=lambda report: _consultation(report).agency,
        url=lambda report: url_for("reports.show", consultation_id=report.consultation_id),
        title=lambda report: _consultation(report).title,
        shown_on=lambda report: ("consultation", report.consultation_id),
        searchable=search_source.REPORT,
    ))
    content.register_part(CommentOutcome, lambda outcome: ("report", outcome.report_id))
    content.register_part(ReportRevision, lambda revision: ("report", revision.report_id))
