"""Sections are named by their path wherever they are named (the comment form's picker, the
comment meta line, the report editor and page, search results): a plan's three "Khoản 1" are
"Phần I › Khoản 1", "Phần II › Khoản 1", "Phần III › Khoản 1". A long draft has a table of
contents with comment counts and "back to contents" links, in no extra query."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import insert

from civic.comments.models import Comment
from civic.consultations.models import Consultation
from civic.consultations.outline import section_paths, table_of_contents
from civic.core.timeutil import local_today, utcnow
from civic.search import service as search_service
from tests.conftest import count_queries, login, post_form
from tests.factories import make_consultation, make_staff, make_user

PLAN = """KẾ HOẠCH
Cải cách hành chính năm 2027

I. MỤC TIÊU
1. Giảm thời gian giải quyết thủ tục hành chính.
2. Tăng tỷ lệ hồ sơ trực tuyến.
II. NHIỆM VỤ
1. Rà soát thủ tục hành chính.
2. Số hoá hồ sơ.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì.
"""

LAW = """Căn cứ Luật Tổ chức chính quyền địa phương;
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc tiếp nhận hồ sơ.
Điều 2. Đối tượng áp dụng
1. Cơ quan nhà nước.
2. Người dân và doanh nghiệp.
Chương II
THỦ TỤC
Mục 1
TIẾP NHẬN
Điều 3. Tiếp nhận hồ sơ
1. Hồ sơ được tiếp nhận trực tuyến.
Mục 2
TRẢ KẾT QUẢ
Điều 4. Trả kết quả
Kết quả được trả trực tuyến.
Chương III
ĐIỀU KHOẢN THI HÀNH
Điều 5. Hiệu lực
Quy định này có hiệu lực từ ngày ký.
"""


@dataclass
class S:
    """A section as the outline functions read it."""
    id: int
    kind: str
    level: int
    label: str
    heading: str = ""
    body: str = ""

    @property
    def anchor(self) -> str:
        return f"section-{self.id}"


def sections_of(text: str) -> list[S]:
    from civic.consultations.parsing import split_sections

    return [S(i, d.kind, d.level, d.label, d.heading, d.body) for i, d in enumerate(split_sections(text), start=1)]


def test_paths_tell_a_plans_clauses_apart():
    paths = list(section_paths(sections_of(PLAN)).values())
    assert paths == [
        "Phần mở đầu", "Phần I", "Phần I › Khoản 1", "Phần I › Khoản 2",
        "Phần II", "Phần II › Khoản 1", "Phần II › Khoản 2", "Phần III", "Phần III › Khoản 1",
    ]
    assert len(set(paths)) == len(paths)


def test_paths_of_a_regulation_follow_legal_citation():
    paths = section_paths(sections_of(LAW))
    assert list(paths.values()) == [
        "Phần mở đầu", "Chương I", "Điều 1", "Điều 2", "Khoản 1 Điều 2", "Khoản 2 Điều 2",
        "Chương II", "Chương II › Mục 1", "Điều 3", "Khoản 1 Điều 3", "Chương II › Mục 2", "Điều 4",
        "Chương III", "Điều 5",
    ]


def test_paths_stay_unique_when_a_document_repeats_a_number():
    sections = [S(1, "article", 3, "Điều 5"), S(2, "article", 3, "Điều 5"), S(3, "article", 3, "Điều 5"),
                S(4, "article", 3, "", "Điều không số: một tiêu đề rất dài " + "x" * 100)]
    paths = section_paths(sections)
    assert list(paths.values())[:3] == ["Điều 5", "Điều 5 (2)", "Điều 5 (3)"]
    assert paths[4].endswith("…") and len(paths[4]) <= 81  # no label: the start of its heading, marked


def test_table_of_contents_counts_each_part_with_what_is_below_it():
    sections = sections_of(LAW)
    by_label = {s.label: s for s in sections}
    counts = {by_label["Khoản 1 Điều 2"].id: 2, by_label["Điều 2"].id: 1, by_label["Điều 4"].id: 5,
              by_label["Phần mở đầu"].id: 7}
    toc = table_of_contents(sections, counts)
    assert toc and toc.count == 10  # 3 chapters, 2 sections (mục), 5 articles
    flat = {e.path: (e.comments, [c.path for c in e.children]) for e in _walk(toc.entries)}
    assert flat["Chương I"] == (3, ["Điều 1", "Điều 2"])
    assert flat["Điều 2"] == (3, [])
    assert flat["Chương II"] == (5, ["Chương II › Mục 1", "Chương II › Mục 2"])
    assert flat["Chương II › Mục 2"] == (5, ["Điều 4"])
    assert [e.title for e in toc.entries] == ["Chương I. QUY ĐỊNH CHUNG", "Chương II. THỦ TỤC", "Chương III. ĐIỀU KHOẢN THI HÀNH"]
    # "Back to contents" after each article (after its last clause), never between a chapter
    # heading and its first article.
    back = {s.label for s in sections if s.id in toc.back_after}
    assert back == {"Điều 1", "Khoản 2 Điều 2", "Khoản 1 Điều 3", "Điều 4", "Điều 5"}


def test_a_short_draft_has_no_table_of_contents():
    sections = sections_of("Điều 1. Phạm vi\nNội dung.\nĐiều 2. Hiệu lực\nNội dung.")
    toc = table_of_contents(sections, {})
    assert not toc and toc.back_after == frozenset()


def _walk(entries):
    for entry in entries:
        yield entry
        yield from _walk(entry.children)


# --- on the pages -------------------------------------------------------------------------------

def options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_section_picker_and_comment_meta_line_name_the_part(app, db, client, signed_in):
    consultation = make_consultation(kind="plan", body=PLAN)
    signed_in(make_user())
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    picker = options(page, "section_id")
    assert picker[0] == "Toàn bộ dự thảo"
    assert "Phần II › Khoản 1" in picker and "Phần III › Khoản 1" in picker
    assert len(set(picker)) == len(picker)  # never three identical "Khoản 1"
    section = next(s for s in consultation.versions[0].sections
                   if section_paths(consultation.versions[0].sections)[s.id] == "Phần II › Khoản 1")
    posted = post_form(client, f"/consultations/{consultation.id}/comments", {"body": "Cần làm rõ phạm vi rà soát.", "section_id": str(section.id)})
    assert posted.status_code == 303
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert re.search(r'<span class="meta">· Phần II › Khoản 1</span>', page)
    assert "Đang xem ý kiến về: Phần II › Khoản 1." in client.get(
        f"/consultations/{consultation.id}?section={section.id}").get_data(as_text=True)
    # The htmx answer (the new comment in place) names it the same way.
    fragment = post_form(client, f"/consultations/{consultation.id}/comments",
                         {"body": "Thêm một ý kiến nữa về rà soát.", "section_id": str(section.id)}, htmx=True)
    assert fragment.status_code == 200
    assert '<span class="meta">· Phần II › Khoản 1</span>' in fragment.get_data(as_text=True)
    # The API gives each section's path beside its label.
    api = client.get(f"/api/v1/consultations/{consultation.id}").get_json()
    assert [s["path"] for s in api["sections"]][4:6] == ["Phần II", "Phần II › Khoản 1"]
    # Search results are titled by the path too.
    search_service.flush()  # what the factory made outside a request reaches the index
    found = client.get("/search", query_string={"q": "rà soát thủ tục hành chính"}).get_data(as_text=True)
    titles = [unescape(re.sub(r"</?mark>", "", t)) for t in re.findall(r'class="hit-title"[^>]*>(.*?)</a>', found)]
    assert "Phần II › Khoản 1" in titles, titles


def test_the_report_names_sections_by_their_path(app, db, client):
    consultation = make_consultation(kind="plan", body=PLAN)
    sections = consultation.versions[0].sections
    paths = section_paths(sections)
    citizen = make_user()
    now = utcnow()
    for n, path in enumerate(("Phần I › Khoản 1", "Phần II › Khoản 1", "Phần III › Khoản 1")):
        section_id = next(s.id for s in sections if paths[s.id] == path)
        db.session.execute(insert(Comment), [{
            "subject_type": "consultation", "subject_id": consultation.id, "section_id": section_id, "depth": 0,
            "author_id": citizen.id, "body": f"Ý kiến {n} về khoản một.", "receipt": f"T-{n}", "status": "published",
            "created_at": now, "updated_at": now}])
    closed = db.session.get(Consultation, consultation.id)
    closed.opens_on, closed.closes_on = local_today() - timedelta(days=40), local_today() - timedelta(days=1)
    db.session.commit()
    login(client, make_staff(consultation.agency))
    editor = client.get(f"/consultations/{consultation.id}/report/edit").get_data(as_text=True)
    legends = [unescape(x) for x in re.findall(r"<legend>([^<(]*) \(\d+\)</legend>", editor)]
    assert legends == ["Phần I › Khoản 1", "Phần II › Khoản 1", "Phần III › Khoản 1"]
    totals = [unescape(x) for x in re.findall(r"<tr><td>([^<]*)</td><td>1</td></tr>", editor)]
    assert totals == legends


def test_a_long_draft_has_a_table_of_contents_with_counts_and_back_links(app, db, client):
    consultation = make_consultation(body=LAW)
    version = consultation.versions[0]
    by_label = {s.label: s for s in version.sections}
    citizen = make_user()
    now = utcnow()
    db.session.execute(insert(Comment), [{
        "subject_type": "consultation", "subject_id": consultation.id, "section_id": by_label[label].id, "depth": 0,
        "author_id": citizen.id, "body": f"Ý kiến {n}.", "receipt": f"T-{n}", "status": "published",
        "created_at": now, "updated_at": now} for n, label in enumerate(["Điều 2", "Khoản 1 Điều 2", "Khoản 1 Điều 2", "Điều 5"])])
    db.session.commit()
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    nav = re.search(r'<nav id="toc" class="toc" aria-labelledby="toc-title">(.*?)</nav>', page, re.S)
    assert nav, "no table of contents"
    assert '<h3 id="toc-title">Mục lục</h3>' in nav.group(1)
    links = re.findall(r'<li><a href="#(section-\d+)">([^<]*)</a> <span class="toc-count">([^<]*)</span>', nav.group(1))
    assert [(unescape(title), count) for _, title, count in links] == [
        ("Chương I. QUY ĐỊNH CHUNG", "3 ý kiến"), ("Điều 1. Phạm vi điều chỉnh", "0 ý kiến"),
        ("Điều 2. Đối tượng áp dụng", "3 ý kiến"), ("Chương II. THỦ TỤC", "0 ý kiến"),
        ("Mục 1. TIẾP NHẬN", "0 ý kiến"), ("Điều 3. Tiếp nhận hồ sơ", "0 ý kiến"), ("Mục 2. TRẢ KẾT QUẢ", "0 ý kiến"),
        ("Điều 4. Trả kết quả", "0 ý kiến"), ("Chương III. ĐIỀU KHOẢN THI HÀNH", "1 ý kiến"), ("Điều 5. Hiệu lực", "1 ý kiến"),
    ]
    for anchor, _title, _count in links:
        assert f'id="{anchor}"' in page
    assert page.count('<a class="section-link" href="#toc">Về mục lục</a>') == 5
    # The per-section links are real links (with the section named for screen readers).
    assert '<a class="section-link" href="/consultations/' in page
    assert "2 ý kiến<span class=\"visually-hidden\"> — Khoản 1 Điều 2</span></a>" in page


def test_a_short_draft_shows_no_contents(app, db, client):
    consultation = make_consultation(body="Điều 1. Phạm vi\nNội dung.\nĐiều 2. Hiệu lực\nNội dung.")
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert 'id="toc"' not in page and "Về mục lục" not in page


@pytest.mark.parametrize("articles", [3, 120])
def test_the_contents_add_no_query(app, db, client, signed_in, articles):
    """The page's queries do not grow with the number of sections listed in the contents."""
    def draft(n):
        return "Chương I\nQUY ĐỊNH\n" + "".join(f"Điều {i}. Điều số {i}\n1. Khoản một.\n2. Khoản hai.\n" for i in range(1, n + 1))

    small = make_consultation(body=draft(3))
    large = make_consultation(body=draft(articles))
    signed_in(make_user())
    client.get(f"/consultations/{small.id}")
    with count_queries() as few:
        assert client.get(f"/consultations/{small.id}").status_code == 200
    with count_queries() as many:
        page = client.get(f"/consultations/{large.id}")
        assert page.status_code == 200
    assert many.count == few.count, (few.count, many.count)
    assert page.get_data(as_text=True).count("toc-count") == articles + 1
