"""Public pages: /accountability (every agency), /agencies/<slug>/accountability (one agency),
and /accountability.csv (the same rows as open data). Period: ?from=YYYY-MM-DD&to=YYYY-MM-DD."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from ..agencies import services as agency_services
from ..core.csvfile import csv_response
from ..dialogues import services as dialogue_services
from . import bp, charts, exports, services



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
    name = f"cong-khai-ket-qua-{slug + '-' if slug else ''}{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return csv_response(exports.figures_csv(rows, period), name)
