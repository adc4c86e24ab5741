import io
import zipfile
from datetime import date, datetime, timezone

from sqlalchemy import select

from civic.consultations.models import Consultation
from civic.topics.models import Topic
from tests.conftest import post_multipart
from tests.factories import make_agency, make_consultation, make_staff


def docx(paragraphs) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def test_create_from_a_docx_upload(client, db, signed_in, clock):
    clock(datetime(2026, 11, 30, 3, tzinfo=timezone.utc))
    agency = make_agency()
    signed_in(make_staff(agency))
    data = {"agency_id": str(agency.id), "title": "Dự thảo từ tệp Word", "kind": "policy", "summary": "Tóm tắt.",
            "opens_on": "2026-12-01", "closes_on": "2026-12-31", "body": "",
            "body_file": (io.BytesIO(docx(["Điều 1. Phạm vi", "Nội dung điều một.", "Điều 2. Hiệu lực", "Nội dung điều hai."])), "du-thao.docx")}
    response = post_multipart(client, "/consultations/new", data)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    consultation = db.session.scalar(select(Consultation))
    assert [s.label for s in consultation.versions[0].sections] == ["Điều 1", "Điều 2"]
    bad = dict(data, body_file=(io.BytesIO(b"not a docx"), "x.docx"), title="Khác")
    refused = post_multipart(client, "/consultations/new", bad)
    assert refused.status_code == 422 and "Không đọc được tệp DOCX" in refused.get_data(as_text=True)
    assert len(db.session.scalars(select(Consultation)).all()) == 1


def test_list_filters_sorts_pagination_and_empty_state(client, db):
    city = make_agency(slug="tp")
    other = make_agency(slug="quan")
    topic = Topic(name="Giao thông", slug="giao-thong")
    db.session.add(topic)
    db.session.commit()
    plan = make_consultation(city, kind="plan", title="Kế hoạch giao thông")
    plan.topics = [topic]
    db.session.commit()
    make_consultation(other, status="closed", title="Dự thảo đã đóng")
    make_consultation(city, status="scheduled", title="Dự thảo sắp mở")
    make_consultation(city, status="draft", title="Bản nháp bí mật")
    for n in range(21):
        make_consultation(other, title=f"Dự thảo số {n:02d}")

    def titles(url):
        page = client.get(url)
        assert page.status_code == 200
        return page.get_data(as_text=True)

    everything = titles("/consultations")
    assert "24 dự thảo" in everything and "Bản nháp bí mật" not in everything and "Trang 1 / 2" in everything
    assert "Trang sau" in everything
    assert "Dự thảo đã đóng" in titles("/consultations?page=2")
    assert "Kế hoạch giao thông" in titles("/consultations?topic=giao-thong") and "1 dự thảo" in titles("/consultations?topic=giao-thong")
    assert "1 dự thảo" in titles("/consultations?agency=tp&status=open")
    closed = titles("/consultations?status=closed")
    assert "Dự thảo đã đóng" in closed and "1 dự thảo" in closed
    assert "Dự thảo sắp mở" in titles("/consultations?status=scheduled")
    assert "Kế hoạch giao thông" in titles("/consultations?kind=plan")
    empty = titles("/consultations?agency=khong-co")
    assert "Không có dự thảo nào khớp với bộ lọc" in empty and "Xem tất cả dự thảo" in empty
    weird = titles("/consultations?status=<script>&kind=x&sort=y&page=-5")
    assert "<script>" not in weird
    closing = titles("/consultations?agency=tp")
    assert closing.index("Kế hoạch giao thông") < closing.index("Dự thảo sắp mở")


def test_detail_shows_days_left_summary_and_sections(client, db, clock):
    clock(datetime(2026, 12, 1, 3, tzinfo=timezone.utc))
    consultation = make_consultation()
    consultation.closes_on = date(2026, 12, 10)
    db.session.commit()
    page = client.get(f"/consultations/{consultation.id}-sai-slug").get_data(as_text=True)
    assert "Đang lấy ý kiến" in page and "còn 10 ngày" in page and "10/12/2026" in page
    assert "Điều 1. Phạm vi điều chỉnh" in page and "Chương I. QUY ĐỊNH CHUNG" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert client.get("/consultations/999999").status_code == 404
    assert client.get(f"/consultations/{consultation.id}?section=abc").status_code == 400
    assert client.get(f"/consultations/{consultation.id}?section=999999").status_code == 404
