"""Named permissions for the synthesis report of a consultation's outcomes: who writes it,
who publishes it, who reads it (a draft: its agency's staff; once published: everyone who may
see the consultation)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..consultations import permissions as consultation_permissions
from ..consultations.models import CLOSED, CONCLUDED
from ..core.permissions import Decision, allow, deny

NOT_PUBLISHED = _l("Báo cáo tổng hợp của dự thảo này chưa được công bố.")
STILL_OPEN = _l("Chỉ lập báo cáo tổng hợp khi đã hết thời gian lấy ý kiến.")
ALREADY_PUBLISHED = _l("Báo cáo đã được công bố.")


def can_manage(user, consultation) -> Decision:
    """The report is its consultation's agency's work: that agency's staff (and those above it)."""
    return consultation_permissions.can_manage(user, consultation)


def can_write(user, consultation) -> Decision:
    """Start the report, give comments their outcomes, write its introduction (and, once it is
    published, revise it with a public reason): the agency's staff, once commenting has ended."""
    decision = can_manage(user, consultation)
    if not decision:
        return decision
    if consultation.status not in (CLOSED, CONCLUDED):
        return deny(STILL_OPEN)
    return allow()


def can_publish(user, consultation, report) -> Decision:
    """Publish the report (which concludes the consultation): once, by the agency's staff."""
    decision = can_write(user, consultation)
    if not decision:
        return decision
    if report is not None and report.is_published:
        return deny(ALREADY_PUBLISHED)
    return allow()


def can_view(user, consultation, report) -> Decision:
    """Read the report's page: a published report, whoever may see the consultation; a draft,
    the agency's staff only."""
    decision = consultation_permissions.can_view(user, consultation)
    if not decision:
        return decision
    if report is not None and (report.is_published or can_manage(user, consultation)):
        return allow()
    return deny(NOT_PUBLISHED)


def can_download(user, consultation, report) -> Decision:
    """The CSV of outcomes: published reports only, for everyone (staff included: a draft is
    not handed out as a file)."""
    decision = consultation_permissions.can_view(user, consultation)
    if not decision:
        return decision
    if report is None or not report.is_published:
        return deny(NOT_PUBLISHED)
    return allow()
