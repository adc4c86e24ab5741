"""/consultations/<id>/report.csv: every comment of a synthesis report with its outcome."""
from __future__ import annotations

from flask_babel import gettext as _

from ..core.csvfile import csv_bytes


def report_csv(sections, outcomes) -> bytes:
    """One row per comment, in the report's order. The last column (added after the first
    six, which scripts may read by position) holds the whole text of the section commented on."""
    header = [_("Mã tiếp nhận"), _("Phần"), _("Người góp ý"), _("Nội dung ý kiến"), _("Kết quả"),
              _("Nội dung tiếp thu, giải trình"), _("Nội dung phần được góp ý")]
    rows = []
    for bucket in sections:
        for group in bucket.groups:
            for comment in group.comments:
                outcome = outcomes.get(comment.id)
                rows.append([comment.receipt, bucket.label, comment.author.public_name, comment.body,
                             outcome.label if outcome else "", outcome.reasoning if outcome else "", bucket.text])
    return csv_bytes(header, rows)
