"""/accountability.csv: the figures of the accountability pages as open data."""
from __future__ import annotations

from ..core.csvfile import csv_bytes
from .services import AgencyFigures, Period

# The CSV's column names are the data's interface (scripts read them), so they stay the same
# whatever language the visitor reads the site in: Vietnamese, never translated.
CSV_HEADER = (
    "Cơ quan",
    "Mã cơ quan",
    "Từ ngày",
    "Đến ngày",
    "Số dự thảo lấy ý kiến",
    "Số ý kiến góp ý nhận được",
    "Số ý kiến đã có kết quả tiếp thu, giải trình",
    "Tỷ lệ ý kiến có kết quả (%)",
    "Số ý kiến cần trả lời",
    "Trả lời đúng hạn",
    "Trả lời trễ hạn",
    "Quá hạn trả lời",
    "Chưa đến hạn trả lời",
    "Thời gian trả lời trung vị (ngày làm việc)",
    "Số lượt đánh giá",
    "Số lượt hài lòng",
    "Tỷ lệ hài lòng (%)",
)
CSV_TOTAL = "Tổng cộng"


def _number(value) -> str:
    return "" if value is None else str(value)


def _percent(value) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def figures_csv(rows: list[AgencyFigures], period: Period) -> bytes:
    return csv_bytes(CSV_HEADER, ([
        CSV_TOTAL if row.is_total else row.name,
        "" if row.is_total else row.slug,
        period.start.isoformat(),
        period.end.isoformat(),
        row.consultations,
        row.comments,
        row.with_outcome,
        _percent(row.outcome_share),
        row.owed,
        row.on_time,
        row.late,
        row.overdue,
        row.pending,
        _number(row.median_days),
        row.rated,
        row.satisfied,
        _percent(row.satisfaction_rate),
    ] for row in rows))
