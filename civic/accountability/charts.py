"""Server-rendered SVG bar charts of the accountability figures: no JavaScript, no chart
library. This module lays the bars out (positions, widths, the words and numbers on them);
`templates/accountability/_chart_bars.html` writes the SVG, escaping every text through
Jinja's autoescape (agency names are user-controlled text).

Each chart is an image with a text alternative (`role="img"`, `<title>`, `<desc>` naming every
figure), writes its numbers in words beside the bars, and tells segments apart by pattern as
well as by colour; the same figures are in the table beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal, format_percent, gettext

from .services import AgencyFigures

WIDTH = 400
MARGIN = 8
PLOT = WIDTH - 2 * MARGIN
LEGEND_HEIGHT = 36
ROW_HEIGHT = 76
LABEL_CHARS = 44  # agency names are cut to fit one line; the table has them whole

# Colours against white (#ffffff), WCAG contrast ratio: all above 4.5:1, so the bars pass the
# 3:1 non-text rule and the same colours would pass for text. High contrast (site.css) darkens.
ON_TIME_COLOUR = "#1d6b2f"  # 6.6:1
LATE_COLOUR = "#7a4b00"  # 7.6:1
OVERDUE_COLOUR = "#a3161b"  # 7.9:1
SATISFIED_COLOUR = "#0b4f9c"  # 8.0:1
TRACK_COLOUR = "#e4e8ec"
TEXT_COLOUR = "#1b1f24"


@dataclass
class Segment:
    x: float
    width: float
    css: str
    fill: str  # a colour, or url(#pattern) for the hatched kinds
    stroke: str  # the solid colour: a crisp edge around a hatched segment


@dataclass
class Row:
    label: str
    caption: str
    top: int
    segments: list[Segment] = field(default_factory=list)
    track: bool = False


@dataclass
class LegendItem:
    x: int
    label: str
    css: str
    fill: str
    stroke: str


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    css: str
    rows: list[Row]
    legend: list[LegendItem]
    width: int = WIDTH
    margin: int = MARGIN
    plot: int = PLOT
    row_height: int = ROW_HEIGHT
    top: int = 0

    @property
    def height(self) -> int:
        return self.top + len(self.rows) * ROW_HEIGHT + 8

    @property
    def colours(self) -> dict[str, str]:
        return {"late": LATE_COLOUR, "overdue": OVERDUE_COLOUR, "track": TRACK_COLOUR, "text": TEXT_COLOUR}

    @property
    def pattern_ids(self) -> dict[str, str]:
        return {"late": f"{self.id}-late", "overdue": f"{self.id}-overdue"}


def _number(value: int | float) -> str:
    return format_decimal(value)


def _percent(value: float) -> str:
    return format_percent(value, "#,##0.#%")


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _agencies(rows: list[AgencyFigures]) -> list[AgencyFigures]:
    return [row for row in rows if not row.is_total]


def answers_chart(rows: list[AgencyFigures], chart_id: str = "chart-answers") -> Chart:
    """One stacked horizontal bar per agency: answered on time, late, overdue now (owed
    answers of the period), on a scale shared by every agency."""
    agencies = _agencies(rows)
    scale_max = max((row.on_time + row.late + row.overdue for row in agencies), default=0) or 1
    chart = Chart(
        id=chart_id,
        title=gettext("Trả lời đúng hạn, trễ hạn và quá hạn theo cơ quan"),
        desc="",
        css="chart-answers",
        rows=[],
        legend=[],
        top=LEGEND_HEIGHT,
    )
    kinds = [
        ("on_time", gettext("Đúng hạn"), "bar-on-time", ON_TIME_COLOUR, ON_TIME_COLOUR),
        ("late", gettext("Trễ hạn"), "bar-late", f"url(#{chart.pattern_ids['late']})", LATE_COLOUR),
        ("overdue", gettext("Quá hạn"), "bar-overdue", f"url(#{chart.pattern_ids['overdue']})", OVERDUE_COLOUR),
    ]
    x = MARGIN
    for _kind, label, css, fill, stroke in kinds:
        chart.legend.append(LegendItem(x, label, css, fill, stroke))
        x += 24 + 9 * len(label) + 20
    details = []
    for index, row in enumerate(agencies):
        counts = {"on_time": row.on_time, "late": row.late, "overdue": row.overdue}
        caption = gettext(
            "Đúng hạn %(on_time)s · Trễ hạn %(late)s · Quá hạn %(overdue)s",
            on_time=_number(row.on_time), late=_number(row.late), overdue=_number(row.overdue),
        )
        item = Row(label=_short(row.name), caption=caption, top=LEGEND_HEIGHT + index * ROW_HEIGHT)
        x = float(MARGIN)
        for kind, _label, css, fill, stroke in kinds:
            if counts[kind]:
                width = max(PLOT * counts[kind] / scale_max, 3.0)
                item.segments.append(Segment(round(x, 1), round(width, 1), css, fill, stroke))
                x += width
        chart.rows.append(item)
        details.append(
            gettext(
                "%(name)s: đúng hạn %(on_time)s, trễ hạn %(late)s, quá hạn %(overdue)s.",
                name=row.name, on_time=_number(row.on_time), late=_number(row.late), overdue=_number(row.overdue),
            )
        )
    chart.desc = " ".join(
        [gettext("Mỗi cơ quan một thanh ngang, chia theo số ý kiến cần trả lời đã được trả lời đúng hạn, "
                 "trả lời trễ hạn và đang quá hạn trả lời; số liệu đầy đủ ở bảng."), *details]
    )
    return chart


def satisfaction_chart(rows: list[AgencyFigures], chart_id: str = "chart-satisfaction") -> Chart:
    """One horizontal bar per agency: the share of ratings that were "satisfied", out of 100%."""
    agencies = _agencies(rows)
    chart = Chart(
        id=chart_id,
        title=gettext("Tỷ lệ hài lòng theo cơ quan"),
        desc="",
        css="chart-satisfaction",
        rows=[],
        legend=[],
        top=0,
    )
    details = []
    for index, row in enumerate(agencies):
        rate = row.satisfaction_rate
        if rate is None:
            caption = gettext("Chưa có đánh giá")
            detail = gettext("%(name)s: chưa có đánh giá.", name=row.name)
        else:
            caption = gettext(
                "%(rate)s hài lòng (%(satisfied)s/%(rated)s lượt đánh giá)",
                rate=_percent(rate), satisfied=_number(row.satisfied), rated=_number(row.rated),
            )
            detail = gettext(
                "%(name)s: %(rate)s hài lòng (%(satisfied)s/%(rated)s lượt đánh giá).",
                name=row.name, rate=_percent(rate), satisfied=_number(row.satisfied), rated=_number(row.rated),
            )
        item = Row(label=_short(row.name), caption=caption, top=index * ROW_HEIGHT, track=True)
        if rate:
            item.segments.append(Segment(float(MARGIN), round(max(PLOT * rate, 3.0), 1), "bar-satisfied", SATISFIED_COLOUR, SATISFIED_COLOUR))
        chart.rows.append(item)
        details.append(detail)
    chart.desc = " ".join(
        [gettext("Mỗi cơ quan một thanh ngang: độ dài thanh là tỷ lệ lượt đánh giá hài lòng trên tổng số lượt "
                 "đánh giá câu trả lời của cơ quan; số liệu đầy đủ ở bảng."), *details]
    )
    return chart
