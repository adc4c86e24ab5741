"""Published synthesis reports as search documents: the introduction and the reasoning given
for each outcome."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..consultations.models import Consultation
from ..core.timeutil import to_local
from ..extensions import db
from ..core.content import Searchable
from ..search.documents import SearchDocument, Source, Trigger
from .models import CommentOutcome, SynthesisReport


def _documents(ids: list[int]) -> dict:
    rows = {r.id: r for r in db.session.scalars(
        select(SynthesisReport).where(SynthesisReport.id.in_(ids)).options(selectinload(SynthesisReport.outcomes)))}
    out = {}
    for report_id in ids:
        report = rows.get(report_id)
        key = f"report:{report_id}"
        out[key] = None
        if report is None or not report.is_published:
            continue
        consultation = db.session.get(Consultation, report.consultation_id)
        if consultation is None or not consultation.is_public:
            continue
        reasons = dict.fromkeys(o.reasoning.strip() for o in report.outcomes if o.reasoning.strip())
        out[key] = SearchDocument(
            id=key, kind="report", title=consultation.title, body="\n".join([report.introduction, *reasons]),
            url=url_for("reports.show", consultation_id=consultation.id), agency=consultation.agency.slug,
            topics=tuple(t.slug for t in consultation.topics), day=to_local(report.published_at).date(),
            opens=consultation.opens_on, closes=consultation.closes_on, concluded=consultation.concluded_at is not None,
        )
    return out


REPORT = Searchable(
    sources=(Source(kind="report", label=_l("Báo cáo tổng hợp"), documents=_documents,
                    all_ids=lambda: db.session.scalars(select(SynthesisReport.id).where(SynthesisReport.published_at.is_not(None))).all()),),
    triggers=(Trigger(SynthesisReport, ("published_at", "introduction", "revision"), lambda report: [("report", report.id)]),
              Trigger(CommentOutcome, ("outcome", "reasoning"), lambda outcome: [("report", outcome.report_id)])),
)
