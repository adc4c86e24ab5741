"""Receipts: numbers read however they are typed, the lookup form and its refusals, the
story of a comment on its receipt page (author and others), and the site search's shortcut."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from civic.comments.receipts import normalise
from tests.citizen import builders
from tests.conftest import count_queries, login
from tests.factories import HOSTILE, make_consultation, make_staff, make_user

# Monday 23 Nov 2026, 09:00 in Viet Nam: receipts are GY-2026-…
MONDAY = datetime(2026, 11, 23, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize("typed", [
    "GY-2026-000123", "gy-2026-000123", "gy 2026 000123", "GY 2026-000123", " 2026-000123 ", "2026000123",
    "GY2026000123", "gy.2026.000123", "GY–2026–000123", "ＧＹ-２０２６-０００１２３",
])
def test_a_receipt_number_is_read_however_it_is_typed(typed):
    assert normalise(typed) == "GY-2026-000123"


@pytest.mark.parametrize("typed", [
    "", "   ", "GY", "GY-2026", "GY-2026-00012", "2026-12", "AB-2026-000123", "GY-2026-000123-1x", "x" * 500,
    "<script>alert(1)</script>", "GY-2026-0001234567890", "GY-20a6-000123", None,
])
def test_what_cannot_be_a_receipt_number(typed):
    assert normalise(typed) is None


@pytest.fixture
def story(app, db, clock):
    """A comment by `author` on an open consultation of `agency` (whose staff is `staff`)."""
    clock(MONDAY)
    consultation = make_consultation()
    author = make_user()
    made = builders.comment(author, consultation, f"Ý kiến riêng của tôi. {HOSTILE}")
    staff = make_staff(consultation.agency)
    return consultation, author, made, staff


def text(html: str) -> str:
    """The page's text, without its tags (dates are inside <time> elements)."""
    return re.sub(r"<[^>]+>", "", html)


def page(client, url):
    response = client.get(url)
    return response, response.get_data(as_text=True)


def test_the_lookup_form_takes_any_spelling_to_the_receipt(story, client):
    _consultation, _author, made, _staff = story
    assert made.receipt == "GY-2026-000001"
    response, html = page(client, "/receipts")
    assert response.status_code == 200 and 'name="number"' in html and "Tra cứu mã tiếp nhận" in html
    for typed in ("gy 2026 000001", "2026-000001", "2026000001", "GY-2026-000001"):
        response = client.get("/receipts", query_string={"number": typed})
        assert response.status_code == 303 and response.headers["Location"] == "/receipts/GY-2026-000001", typed
    # The page itself answers any spelling too.
    response, html = page(client, "/receipts/gy 2026 000001")
    assert response.status_code == 200 and "Mã tiếp nhận GY-2026-000001" in html


@pytest.mark.parametrize("typed", ["abc", "GY-2026", "GY-2026-12", "x" * 500, "<script>alert(1)</script>",
                                   "GY-2026-000001/2", "Ð" * 61, "GY-2026-000001 OR 1=1"])
def test_the_lookup_form_refuses_a_malformed_number_clearly(story, client, typed):
    consultation, author, _made, _staff = story
    response, html = page(client, f"/receipts?number={typed}")
    assert response.status_code == 422
    assert "Mã tiếp nhận không đúng dạng" in html and 'href="#number"' in html  # the summary links to the field
    assert 'aria-invalid="true"' in html and "<script>alert" not in html
    assert consultation.title not in html and author.email not in html and "Ý kiến riêng" not in html


def test_the_lookup_form_says_when_a_number_does_not_exist(story, client):
    _consultation, author, made, _staff = story
    response, html = page(client, "/receipts?number=gy-2026-999999")
    assert response.status_code == 404
    assert "Không tìm thấy ý kiến nào với mã tiếp nhận GY-2026-999999" in html
    assert author.email not in html and "Ý kiến riêng của tôi" not in html
    response, html = page(client, "/receipts/GY-2026-999999")
    assert response.status_code == 404 and "Không tìm thấy ý kiến nào với mã tiếp nhận này." in html
    response, html = page(client, "/receipts/" + "x" * 500)
    assert response.status_code == 404 and "Mã tiếp nhận không đúng dạng" in html and 'value="' + "x" * 61 not in html


def _steps(html: str) -> list[str]:
    timeline = html[html.index('<ol class="timeline">'):]
    timeline = timeline[:timeline.index("</ol>")]
    return re.findall(r'class="step (?:step-waiting )?step-([a-z_]+)"', timeline)


def test_the_receipt_tells_the_whole_story_in_order(story, app, db, clock):
    consultation, author, made, staff = story
    owed = builders.owe(staff, made)                  # due 15/12/2026 (15 working days)
    clock(datetime(2026, 12, 16, 3, tzinfo=timezone.utc))  # a day late
    given = builders.answer(staff, made)
    builders.close(consultation)
    builders.publish_report(staff, consultation, {made: ("accepted", "Đã sửa khoản 2 Điều 1.")})
    builders.rate(author, given, made, "neutral")

    visitor = app.test_client()
    response, html = page(visitor, f"/receipts/{made.receipt}")
    assert response.status_code == 200
    assert _steps(html) == ["received", "owed", "answered", "outcome"]
    assert "hạn trả lời 15/12/2026" in text(html) and "trễ hạn" in html and f'href="/answers/{given.id}"' in html
    assert "Tiếp thu" in html and "Đã sửa khoản 2 Điều 1." in html and f'href="/consultations/{consultation.id}/report"' in html
    # Nothing private: not the text, not who wrote it, not how they rated the answer.
    assert "Ý kiến riêng của tôi" not in html
    assert author.display_name not in html and author.email not in html and "Bình thường" not in html
    assert "Đây là ý kiến của bạn" not in html and "<script>alert" not in html
    assert re.search(r'<time datetime="2026-11-23T09:00:00\+07:00">09:00 23/11/2026</time>', html)

    stranger = app.test_client()
    login(stranger, make_user())
    _response, other = page(stranger, f"/receipts/{made.receipt}")
    assert _steps(other) == ["received", "owed", "answered", "outcome"] and "Bình thường" not in other

    mine = app.test_client()
    login(mine, author)
    _response, html = page(mine, f"/receipts/{made.receipt}")
    assert _steps(html) == ["received", "owed", "answered", "outcome", "rated"]
    assert "Bạn đã đánh giá câu trả lời: Bình thường" in html and "Đây là ý kiến của bạn" in html
    assert "Ý kiến riêng của tôi." in html and "<script>alert" not in html  # their own text, to them alone
    assert owed.due_on.strftime("%d/%m/%Y") == "15/12/2026"


def test_the_receipt_says_plainly_what_is_still_awaited(story, app, db, clock):
    consultation, author, made, staff = story
    visitor = app.test_client()
    _response, html = page(visitor, f"/receipts/{made.receipt}")
    assert _steps(html) == ["received", "report_after_close"]
    closes = consultation.closes_on.strftime("%d/%m/%Y")
    assert f"Đang lấy ý kiến đến hết {closes}" in text(html)

    builders.owe(staff, made)
    _response, html = page(visitor, f"/receipts/{made.receipt}")
    assert _steps(html) == ["received", "owed", "answer_pending", "report_after_close"]
    assert "Đang chờ trả lời, hạn 15/12/2026." in text(html)

    clock(datetime(2026, 12, 16, 3, tzinfo=timezone.utc))
    consultation.agency.apology = "Sở thành thật xin lỗi vì trả lời chậm."
    db.session.commit()
    builders.close(consultation)
    _response, html = page(visitor, f"/receipts/{made.receipt}")
    assert _steps(html) == ["received", "owed", "answer_overdue", "report_pending"]
    assert "Quá hạn trả lời" in html and "Sở thành thật xin lỗi vì trả lời chậm." in html
    assert "Đang chờ cơ quan công bố báo cáo tổng hợp" in html

    given = builders.answer(staff, made)
    mine = app.test_client()
    login(mine, author)
    _response, html = page(mine, f"/receipts/{made.receipt}")
    assert _steps(html) == ["received", "owed", "answered", "report_pending", "rating"]
    assert "Chờ bạn đánh giá câu trả lời." in html and f'href="/comments/{made.id}"' in html
    _response, html = page(visitor, f"/receipts/{made.receipt}")
    assert "rating" not in _steps(html) and "Chờ bạn đánh giá" not in html
    assert given.id


def test_a_withdrawn_comment_and_a_draft_show_nothing_more(story, app, db, client):
    consultation, author, made, staff = story
    from civic.comments import services

    services.withdraw_comment(author, made)
    db.session.commit()
    _response, html = page(client, f"/receipts/{made.receipt}")
    assert _steps(html) == ["received", "withdrawn"] and "Tác giả đã rút lại" in html
    draft = make_consultation(status="draft")
    from civic.comments.models import Comment

    hidden_subject = Comment(subject_type="consultation", subject_id=draft.id, author_id=author.id, body="x", receipt="GY-2026-999998")
    db.session.add(hidden_subject)
    db.session.commit()
    _response, html = page(client, "/receipts/GY-2026-999998")
    assert _steps(html) == ["received"] and draft.title not in html and "Góp ý về" not in html


def test_the_receipt_page_runs_a_fixed_number_of_queries(story, app, db, clock):
    consultation, author, made, staff = story
    mine = app.test_client()
    login(mine, author)

    def queries():
        mine.get(f"/receipts/{made.receipt}")
        with count_queries() as counter:
            assert mine.get(f"/receipts/{made.receipt}").status_code == 200
        return counter.count

    bare = queries()
    builders.owe(staff, made)
    given = builders.answer(staff, made)
    builders.rate(author, given, made)
    builders.close(consultation)
    builders.publish_report(staff, consultation, {made: ("explained", "Quy định hiện hành đã đủ.")})
    # The answer's file and the author's rating are read once each when there is an answer.
    assert queries() <= bare + 2 <= 14


# --- the site search ---------------------------------------------------------------------------

def test_a_receipt_number_typed_into_the_search_goes_to_its_receipt(story, client):
    _consultation, _author, made, _staff = story
    for typed in ("GY-2026-000001", "gy 2026 000001", "2026000001"):
        response = client.get("/search", query_string={"q": typed})
        assert response.status_code == 303 and response.headers["Location"] == "/receipts/GY-2026-000001", typed
    # Typing in the search page (htmx): the browser is sent there too.
    live = client.get("/search?q=GY-2026-000001", headers={"HX-Request": "true"})
    assert live.headers["HX-Redirect"] == "/receipts/GY-2026-000001" and "HX-Request" in live.headers["Vary"]
    # A number with its prefix that matches nothing: the lookup form says so.
    unknown = client.get("/search?q=GY-2026-777777")
    assert unknown.status_code == 303 and unknown.headers["Location"] == "/receipts?number=GY-2026-777777"
    assert client.get(unknown.headers["Location"]).status_code == 404
    # Bare digits that match nothing, and ordinary words, are searched as text.
    assert client.get("/search?q=2026777777").status_code == 200
    assert client.get("/search?q=thời hạn").status_code == 200
    assert client.get("/search?q=GY-2026").status_code == 200
    assert client.get("/api/v1/search?q=GY-2026-000001").status_code == 200  # the API is never redirected


def test_receipt_dates_use_viet_nam_time(story, client, clock):
    _consultation, _author, made, _staff = story
    clock(MONDAY + timedelta(hours=20))  # 05:00 on Tuesday in Viet Nam
    _response, html = page(client, f"/receipts/{made.receipt}")
    assert "09:00 23/11/2026" in html and 'datetime="2026-11-23T09:00:00+07:00"' in html
