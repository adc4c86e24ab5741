"""The public accountability figures (công khai kết quả): every figure equals the rows behind
it on a built scenario, for the period asked; bad periods fall back to the current year with a
message; the CSV round-trips Vietnamese; the page's query count does not grow with agencies or
comments; the SVG charts escape hostile agency names and carry text alternatives."""
from __future__ import annotations

import csv
import io
import itertools
import re
import statistics
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

import pytest

from civic.accountability import services
from civic.accountability.exports import CSV_HEADER
from civic.answers.models import Answer, OwedAnswer, Rating
from civic.comments.models import Comment
from civic.consultations.models import Consultation
from civic.core.timeutil import LOCAL_TZ
from civic.core.workdays import working_days_between
from civic.reports.models import CommentOutcome, SynthesisReport
from tests.conftest import count_queries
from tests.factories import HOSTILE, make_agency, make_user

SVG_NS = "{http://www.w3.org/2000/svg}"
_seq = itertools.count(1)


def vn(year, month, day, hour=10, minute=0) -> datetime:
    """A moment given in Viet Nam's time, as the aware datetime the models store."""
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def consultation(db, agency, opens_on: date, *, published=True) -> Consultation:
    row = Consultation(
        agency_id=agency.id, title=f"Dự thảo {next(_seq)} {HOSTILE}"[:300], kind="regulation",
        opens_on=opens_on, closes_on=opens_on + timedelta(days=29),
        published_at=vn(opens_on.year, opens_on.month, opens_on.day, 8) if published else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def comment(db, on: Consultation, author, created_at: datetime, status="published") -> Comment:
    row = Comment(
        subject_type="consultation", subject_id=on.id, author_id=author.id, body=f"Ý kiến {HOSTILE}",
        receipt=f"GY-T-{next(_seq):07d}", status=status, created_at=created_at, updated_at=created_at,
    )
    db.session.add(row)
    db.session.flush()
    return row


def owed(db, agency, triggered_on: date, due_on: date, answered_on: date | None = None) -> OwedAnswer:
    row = OwedAnswer(
        subject_type="comment", subject_id=next(_seq), agency_id=agency.id, reason="marked",
        triggered_on=triggered_on, due_on=due_on, answered_on=answered_on,
    )
    db.session.add(row)
    db.session.flush()
    return row


def answer(db, agency, created_at: datetime) -> Answer:
    row = Answer(
        subject_type="comment", subject_id=next(_seq), agency_id=agency.id, body=f"Trả lời {HOSTILE}",
        signer_name="Trần Quốc Huy", signer_title="Trưởng phòng", created_at=created_at, updated_at=created_at,
    )
    db.session.add(row)
    db.session.flush()
    return row


def rate(db, given: Answer, user, value: str) -> None:
    db.session.add(Rating(answer_id=given.id, user_id=user.id, value=value))
    db.session.flush()


def outcome(db, report: SynthesisReport, on: Comment, value="accepted") -> None:
    db.session.add(CommentOutcome(report_id=report.id, comment_id=on.id, outcome=value, reasoning="Tiếp thu."))
    db.session.flush()


def report(db, of: Consultation, *, published=True) -> SynthesisReport:
    row = SynthesisReport(consultation_id=of.id, published_at=vn(2026, 5, 1) if published else None,
                          revision=1 if published else 0)
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def scenario(app, db, clock):
    """Two agencies with hostile names, on a frozen clock: Monday 15 June 2026, 10:00 in Viet Nam.

    Agency A: consultations held in 2026: c1 (1 Jan) and c4 (1 May); c2 (Nov 2025) and a draft
    do not count. Comments received in 2026 on c1/c4: 3 published + 1 withdrawn + 1 at 00:30 on
    1 Jan in Viet Nam (still 31 Dec in UTC) on c1, 1 on c4 = 6; a hidden one, one from 2025 and
    one on c2 do not count. Outcomes: 2 of c1's in a published report; c4's in a draft report
    does not count. Owed in 2026: on time, late, overdue, pending (one from 2025 does not count).
    Ratings on its 2026 answer: 2 satisfied of 3 (a 2025 answer's rating does not count).

    Agency B: one consultation (2 Feb) with 2 comments; three owed answers answered on time in
    2, 2 and 6 working days; one neutral rating. Agency C has nothing; D only a draft."""
    clock(vn(2026, 6, 15))
    a, b = make_agency(), make_agency()
    c, d = make_agency(), make_agency()
    people = [make_user() for _ in range(3)]

    c1 = consultation(db, a, date(2026, 1, 1))
    c2 = consultation(db, a, date(2025, 11, 3))
    c4 = consultation(db, a, date(2026, 5, 4))
    consultation(db, a, date(2026, 4, 1), published=False)
    consultation(db, d, date(2026, 4, 1), published=False)
    c1_comments = [comment(db, c1, people[i], vn(2026, 1, 5 + i)) for i in range(3)]
    comment(db, c1, people[0], vn(2026, 1, 6), status="withdrawn")
    comment(db, c1, people[1], vn(2026, 1, 1, 0, 30))  # 31 Dec 2025 17:30 UTC
    comment(db, c1, people[2], vn(2026, 1, 7), status="hidden")
    comment(db, c1, people[2], vn(2025, 12, 31, 23, 30))
    c2_comment = comment(db, c2, people[0], vn(2026, 1, 5))
    c4_comment = comment(db, c4, people[1], vn(2026, 5, 5))
    published_report = report(db, c1)
    outcome(db, published_report, c1_comments[0])
    outcome(db, published_report, c1_comments[1], "explained")
    outcome(db, report(db, c2), c2_comment)
    outcome(db, report(db, c4, published=False), c4_comment)

    owed(db, a, date(2026, 3, 2), date(2026, 3, 23), date(2026, 3, 9))  # on time: 5 working days
    owed(db, a, date(2026, 4, 1), date(2026, 4, 22), date(2026, 4, 29))  # late
    owed(db, a, date(2026, 5, 4), date(2026, 5, 25))  # overdue on 15 June
    owed(db, a, date(2026, 6, 10), date(2026, 7, 1))  # pending
    owed(db, a, date(2025, 12, 1), date(2025, 12, 22), date(2025, 12, 3))  # 2025
    given = answer(db, a, vn(2026, 3, 9))
    for person, value in zip(people, ["satisfied", "satisfied", "dissatisfied"]):
        rate(db, given, person, value)
    rate(db, answer(db, a, vn(2025, 12, 3)), people[0], "satisfied")

    b1 = consultation(db, b, date(2026, 2, 2))
    comment(db, b1, people[0], vn(2026, 2, 3))
    comment(db, b1, people[1], vn(2026, 2, 4))
    owed(db, b, date(2026, 3, 2), date(2026, 3, 23), date(2026, 3, 4))
    owed(db, b, date(2026, 3, 3), date(2026, 3, 24), date(2026, 3, 5))
    owed(db, b, date(2026, 3, 2), date(2026, 3, 23), date(2026, 3, 10))
    rate(db, answer(db, b, vn(2026, 3, 4)), people[0], "neutral")
    db.session.commit()
    return {"a": a, "b": b, "c": c, "d": d}


def by_agency(rows):
    return {row.agency_id: row for row in rows if not row.is_total}


def test_figures_equal_the_rows(scenario):
    a, b = scenario["a"], scenario["b"]
    rows = services.figures(date(2026, 1, 1), date(2026, 12, 31))
    assert [row.is_total for row in rows] == [False, False, True]
    figures = by_agency(rows)
    assert set(figures) == {a.id, b.id}  # C has nothing, D only a draft

    late_days = working_days_between(date(2026, 4, 1), date(2026, 4, 29))
    fa = figures[a.id]
    assert (fa.name, fa.slug) == (a.name, a.slug)
    assert (fa.consultations, fa.comments, fa.with_outcome) == (2, 6, 2)
    assert (fa.owed, fa.on_time, fa.late, fa.overdue, fa.pending) == (4, 1, 1, 1, 1)
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 5
    assert fa.median_days == statistics.median([5, late_days])
    assert (fa.rated, fa.satisfied) == (3, 2) and fa.satisfaction_rate == pytest.approx(2 / 3)
    assert fa.outcome_share == pytest.approx(2 / 6)

    fb = figures[b.id]
    assert (fb.consultations, fb.comments, fb.with_outcome, fb.outcome_share) == (1, 2, 0, 0)
    assert (fb.owed, fb.on_time, fb.late, fb.overdue, fb.pending) == (3, 3, 0, 0, 0)
    assert fb.median_days == 2
    assert (fb.rated, fb.satisfied, fb.satisfaction_rate) == (1, 0, 0)

    total = rows[-1]
    assert (total.agency_id, total.consultations, total.comments, total.with_outcome) == (None, 3, 8, 2)
    assert (total.owed, total.on_time, total.late, total.overdue, total.pending) == (7, 4, 1, 1, 1)
    assert total.median_days == statistics.median([5, late_days, 2, 2, 6])
    assert (total.rated, total.satisfied) == (4, 2)

    one = services.agency_figures(a.id, date(2026, 1, 1), date(2026, 12, 31))
    assert (one.consultations, one.comments, one.owed, one.median_days, one.rated) == (2, 6, 4, fa.median_days, 3)
    quiet = services.agency_figures(scenario["c"].id, date(2026, 1, 1), date(2026, 12, 31))
    assert quiet is not None and not quiet.has_figures and quiet.median_days is None
    assert quiet.satisfaction_rate is None and quiet.outcome_share is None
    assert services.agency_figures(999999, None, None) is None


def test_the_period_filter_counts_local_days(scenario):
    a, b = scenario["a"], scenario["b"]
    january = by_agency(services.figures(date(2026, 1, 1), date(2026, 1, 31)))
    assert (january[a.id].consultations, january[a.id].comments, january[a.id].owed) == (1, 5, 0)
    assert (january[b.id].consultations, january[b.id].comments, january[b.id].owed) == (0, 0, 0)
    # 00:30 on 1 January in Viet Nam is still 31 December in UTC: it belongs to 1 January.
    first_day = by_agency(services.figures(date(2026, 1, 1), date(2026, 1, 1)))
    assert (first_day[a.id].consultations, first_day[a.id].comments) == (1, 1)
    march = by_agency(services.figures(date(2026, 3, 1), date(2026, 3, 31)))
    assert (march[a.id].owed, march[a.id].on_time, march[a.id].median_days, march[a.id].rated) == (1, 1, 5, 3)
    assert (march[b.id].owed, march[b.id].median_days, march[b.id].rated) == (3, 2, 1)
    everything = by_agency(services.figures(None, None))
    assert (everything[a.id].consultations, everything[a.id].owed, everything[a.id].rated) == (3, 5, 4)
    # c2's comment from January 2026 counts once c2 (opened in 2025) is in the period.
    assert everything[a.id].comments == 8 and everything[a.id].with_outcome == 3


def test_parse_period():
    today = date(2026, 6, 15)
    year = services.Period(date(2026, 1, 1), date(2026, 12, 31))
    assert services.parse_period(None, None, today) == (year, True)
    assert services.parse_period("2025-03-01", "2025-03-31", today) == (services.Period(date(2025, 3, 1), date(2025, 3, 31)), True)
    assert services.parse_period("01/03/2025", "31/03/2025", today)[0] == services.Period(date(2025, 3, 1), date(2025, 3, 31))
    assert services.parse_period("", "2025-06-30", today) == (services.Period(date(2025, 1, 1), date(2025, 6, 30)), True)
    assert services.parse_period("2026-02-01", "", today) == (services.Period(date(2026, 2, 1), date(2026, 12, 31)), True)
    for raw_from, raw_to in [("abc", ""), ("2026-02-30", "2026-03-01"), ("2026-05-01", "2026-04-01"),
                             ("1/2/3/4", ""), ("", "99999-01-01"), ("<script>", "{{ 7*7 }}"),
                             ("0001-01-01", "2026-01-01"), ("2026-01-01", "3000-01-01")]:
        assert services.parse_period(raw_from, raw_to, today) == (year, False), (raw_from, raw_to)


def test_page_shows_the_figures_table_and_charts(scenario, client):
    a, b = scenario["a"], scenario["b"]
    response = client.get("/accountability")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Công khai kết quả" in page and "01/01/2026" in page and "31/12/2026" in page
    assert "Tổng cộng" in page and "Trả lời đúng hạn" in page and "Tỷ lệ hài lòng" in page
    assert "66,7%" in page  # A: 2 of 3 satisfied, written the Vietnamese way
    assert '<th scope="row">' in page and f'/agencies/{a.slug}/accountability?from=2026-01-01' in page
    assert "/accountability.csv?from=2026-01-01&amp;to=2026-12-31" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    svgs = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', page, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        tree = ET.fromstring(svg)  # well-formed: every hostile character escaped
        assert tree.get("role") == "img"
        title, desc = tree.find(f"{SVG_NS}title"), tree.find(f"{SVG_NS}desc")
        assert title.text and desc.text and tree.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert a.name in desc.text and b.name in desc.text  # the full names, unescaped once parsed
        assert not [el for el in tree.iter() if el.tag.split("}")[-1] in ("script", "img", "foreignObject")]
        assert all(el.get(attr) is None for el in tree.iter() for attr in ("onerror", "onload"))
    answers_svg, satisfaction_svg = (ET.fromstring(svg) for svg in svgs)
    texts = [el.text for el in answers_svg.iter(f"{SVG_NS}text")]
    assert "Đúng hạn 1 · Trễ hạn 1 · Quá hạn 1" in texts and "Đúng hạn 3 · Trễ hạn 0 · Quá hạn 0" in texts
    assert {"Đúng hạn", "Trễ hạn", "Quá hạn"} <= set(texts)  # the legend in words, not colour alone
    texts = [el.text for el in satisfaction_svg.iter(f"{SVG_NS}text")]
    assert "66,7% hài lòng (2/3 lượt đánh giá)" in texts and "0% hài lòng (0/1 lượt đánh giá)" in texts
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page
    client.set_cookie("lang", "en")
    english = client.get("/accountability")
    assert english.status_code == 200 and "66.7%" in english.get_data(as_text=True)


def test_agency_page_reuses_the_figures(scenario, client):
    a = scenario["a"]
    page = client.get(f"/agencies/{a.slug}/accountability?from=2026-01-01&to=2026-01-31").get_data(as_text=True)
    assert "01/01/2026" in page and "31/01/2026" in page and "Tổng cộng" not in page
    assert page.count('<th scope="row">') == 1 and "<script>alert" not in page
    assert f"/accountability.csv?from=2026-01-01&amp;to=2026-01-31&amp;agency={a.slug}" in page
    assert client.get("/agencies/khong-co/accountability").status_code == 404
    quiet = client.get(f"/agencies/{scenario['c'].slug}/accountability").get_data(as_text=True)
    assert "Không có số liệu trong khoảng thời gian này" in quiet


def test_bad_period_shows_a_message_and_the_current_year(scenario, client):
    for query in ["from=abc&to=2026-03-01", "from=2026-05-01&to=2026-04-01", "from=2026-02-30", "from=0001-01-01"]:
        response = client.get(f"/accountability?{query}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Khoảng thời gian không hợp lệ" in page and 'role="alert"' in page
        assert 'value="01/01/2026"' in page and 'value="31/12/2026"' in page
        assert "Số liệu từ ngày 01/01/2026 đến ngày 31/12/2026" in page
    typed = client.get("/accountability?from=01/03/2026&to=31/03/2026").get_data(as_text=True)
    assert "Khoảng thời gian không hợp lệ" not in typed and 'value="01/03/2026"' in typed
    assert client.get("/accountability.csv?from=abc").status_code == 400


def test_empty_state(app, db, client, clock):
    clock(vn(2026, 6, 15))
    make_agency()
    page = client.get("/accountability").get_data(as_text=True)
    assert "Chưa có số liệu" in page and "<svg" not in page and "<table" not in page
    body = client.get("/accountability.csv").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body))) == [list(CSV_HEADER)]


def test_csv_has_bom_vietnamese_header_and_every_row(scenario, client):
    a, b = scenario["a"], scenario["b"]
    response = client.get("/accountability.csv?from=2026-01-01&to=2026-12-31")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == list(CSV_HEADER) and rows[0][0] == "Cơ quan"
    assert "Thời gian trả lời trung vị (ngày làm việc)" in rows[0] and "Tỷ lệ hài lòng (%)" in rows[0]
    records = {row[1]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert set(records) == {a.slug, b.slug, ""}
    ra = records[a.slug]
    assert ra["Cơ quan"] == a.name  # hostile Vietnamese name, byte for byte
    assert (ra["Từ ngày"], ra["Đến ngày"]) == ("2026-01-01", "2026-12-31")
    assert (ra["Số dự thảo lấy ý kiến"], ra["Số ý kiến góp ý nhận được"], ra["Số ý kiến đã có kết quả tiếp thu, giải trình"]) == ("2", "6", "2")
    assert (ra["Trả lời đúng hạn"], ra["Trả lời trễ hạn"], ra["Quá hạn trả lời"], ra["Chưa đến hạn trả lời"]) == ("1", "1", "1", "1")
    assert (ra["Tỷ lệ hài lòng (%)"], ra["Tỷ lệ ý kiến có kết quả (%)"]) == ("66.7", "33.3")
    assert records[b.slug]["Thời gian trả lời trung vị (ngày làm việc)"] == "2"
    total = records[""]
    assert total["Cơ quan"] == "Tổng cộng" and total["Số ý kiến cần trả lời"] == "7"
    one = client.get(f"/accountability.csv?agency={b.slug}").data.decode("utf-8-sig")
    assert [row[1] for row in csv.reader(io.StringIO(one))] == ["Mã cơ quan", b.slug]
    assert client.get("/accountability.csv?agency=khong-co").status_code == 404


def test_csv_defuses_spreadsheet_formulas(app, db, client, clock):
    clock(vn(2026, 6, 15))
    agency = make_agency("=HYPERLINK(\"http://x\")")
    consultation(db, agency, date(2026, 2, 2))
    db.session.commit()
    rows = list(csv.reader(io.StringIO(client.get("/accountability.csv").data.decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"


def _busy_agency(db, people, opens_on: date, comments: int):
    agency = make_agency()
    for k in range(2):
        held = consultation(db, agency, opens_on + timedelta(days=k))
        made = [comment(db, held, people[n % len(people)], vn(2026, 3, 2 + n % 20)) for n in range(comments)]
        outcome(db, report(db, held), made[0])
    owed(db, agency, date(2026, 3, 2), date(2026, 3, 23), date(2026, 3, 9))
    owed(db, agency, date(2026, 3, 3), date(2026, 3, 24), date(2026, 4, 9))
    owed(db, agency, date(2026, 4, 1), date(2026, 4, 22))
    given = answer(db, agency, vn(2026, 3, 9))
    rate(db, given, people[0], "satisfied")
    rate(db, given, people[1], "neutral")
    db.session.commit()
    return agency


def test_query_count_does_not_grow_with_agencies_or_comments(app, db, client, clock):
    clock(vn(2026, 6, 15))
    people = [make_user() for _ in range(3)]
    for _ in range(2):
        _busy_agency(db, people, date(2026, 3, 2), comments=2)
    client.get("/accountability")  # warm up: nothing counted that a first request does once
    with count_queries() as few:
        assert client.get("/accountability").status_code == 200
    with count_queries() as few_csv:
        client.get("/accountability.csv")
    for _ in range(10):
        _busy_agency(db, people, date(2026, 3, 2), comments=25)
    with count_queries() as many:
        page = client.get("/accountability").get_data(as_text=True)
    with count_queries() as many_csv:
        client.get("/accountability.csv")
    assert page.count('<th scope="row">') == 13  # 12 agencies and the total
    assert many.count == few.count <= 10, many.statements
    assert many_csv.count == few_csv.count <= 10

