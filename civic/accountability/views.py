"""Public pages: /accountability (every agency), /agencies/<slug>/accountability (one agency),
and /accountability.csv (the same rows as open data). Period: ?from=YYYY-MM-DD&to=YYYY-MM-DD."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from ..agencies import services as agency_services
from ..dialogues import services as dialogue_services
from . import bp, charts, services

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _period() -> tuple[services.Period, str | None]:
    period, valid = services.parse_period(request.args.get("from"), request.args.get("to"))
    if valid:
        return period, None
    return period, _(
        "Khoảng thời gian không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm (ví dụ 31/12/2026) và "
        "ngày bắt đầu không được sau ngày kết thúc. Dưới đây là số liệu cả năm %(year)s.",
        year=period.start.year,
    )


def _number(value) -> str:
    return "—" if value is None else format_decimal(value)


def _percent(value) -> str:
    return "—" if value is None else format_percent(value, "#,##0.#%")


def _page(template_rows, period, error, agency=None):
    agency_rows = [row for row in template_rows if not row.is_total]
    period_args = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    csv_args = dict(period_args)
    if agency is not None:
        csv_args["agency"] = agency.slug
    return render_template(
        "accountability/index.html",
        agency=agency,
        ancestors=agency_services.ancestors(agency) if agency is not None else [],
        agency_rows=agency_rows,
        total=next((row for row in template_rows if row.is_total), None),
        period=period,
        period_args=period_args,
        error=error,
        answers_chart=charts.answers_chart(agency_rows),
        satisfaction_chart=charts.satisfaction_chart(agency_rows),
        csv_url=url_for("accountability.export_csv", **csv_args),
        number=_number,
        percent=_percent,
        commitment_rows=dialogue_services.commitment_table(agency.id if agency is not None else None),
    )


@bp.route("/accountability")
def index():
    period, error = _period()
    return _page(services.figures(period.start, period.end), period, error)


@bp.route("/agencies/<slug>/accountability")
def agency(slug: str):
    found = agency_services.get_by_slug(slug)
    if found is None:
        abort(404)
    period, error = _period()
    figures = services.agency_figures(found.id, period.start, period.end)
    return _page([figures], period, error, agency=found)


def _cell(value) -> str | int:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_number(value) -> str:
    if value is None:
        return ""
    return str(value)


def _csv_percent(value) -> str:
    return "" if value is None else f"{value * 100:.1f}"


@bp.route("/accountability.csv")
def export_csv():
    period, error = _period()
    if error:
        abort(400, description=error)
    slug = request.args.get("agency", "").strip()
    if slug:
        found = agency_services.get_by_slug(slug)
        if found is None:
            abort(404)
        rows = [services.agency_figures(found.id, period.start, period.end)]
    else:
        rows = services.figures(period.start, period.end)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM: spreadsheet programs then read the file as UTF-8
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([
            CSV_TOTAL if row.is_total else _cell(row.name),
            "" if row.is_total else _cell(row.slug),
            period.start.isoformat(),
            period.end.isoformat(),
            row.consultations,
            row.comments,
            row.with_outcome,
            _csv_percent(row.outcome_share),
            row.owed,
            row.on_time,
            row.late,
            row.overdue,
            row.pending,
            _csv_number(row.median_days),
            row.rated,
            row.satisfied,
            _csv_percent(row.satisfaction_rate),
        ])
    name = f"cong-khai-ket-qua-{slug + '-' if slug else ''}{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        buffer.getvalue().encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
