"""split_sections and docx_to_text: Vietnamese draft documents into sections."""
from __future__ import annotations

import io
import random
import re
import unicodedata
import zipfile

import pytest

from civic.consultations.parsing import (
    MAX_DOCX_XML_BYTES,
    DocxError,
    SectionDraft,
    docx_to_text,
    split_sections,
)

DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

DỰ THẢO

NGHỊ ĐỊNH
Quy định về tiếp nhận, xử lý phản ánh, kiến nghị của người dân về thủ tục hành chính

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;
Theo đề nghị của Bộ trưởng Bộ Tư pháp;
Chính phủ ban hành Nghị định quy định về tiếp nhận, xử lý phản ánh, kiến nghị.

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức
về quy định hành chính và việc thực hiện thủ tục hành chính.
Điều này không áp dụng đối với khiếu nại, tố cáo theo quy định tại
Điều 5 của Luật Khiếu nại và các văn bản hướng dẫn thi hành.

Điều 2. Đối tượng áp dụng
1. Cơ quan hành chính nhà nước các cấp.
2. Cá nhân, tổ chức có phản ánh, kiến nghị.
3. Cơ quan, người có thẩm quyền khác có liên quan.

Điều 3. Giải thích từ ngữ
Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:
1. “Phản ánh” là việc cá nhân, tổ chức có ý kiến với cơ quan hành chính nhà nước về:
a) Những vướng mắc cụ thể trong thực hiện quy định hành chính;
b) Sự không hợp pháp, không hợp lý, không đồng bộ của quy định hành chính.
2. “Kiến nghị” là việc cá nhân, tổ chức đề xuất phương án xử lý.
Mục tiêu của việc giải thích từ ngữ là bảo đảm cách hiểu thống nhất.

CHƯƠNG II. TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ

Mục 1
HÌNH THỨC TIẾP NHẬN

Điều 4. Hình thức phản ánh, kiến nghị
1. Cá nhân, tổ chức gửi phản ánh, kiến nghị bằng một trong các hình thức sau:
a) Văn bản;
b) Cổng Dịch vụ công quốc gia;
c) Điện thoại.
2. Phản ánh, kiến nghị phải được thể hiện bằng tiếng Việt.

Điều 5. Nội dung phản ánh, kiến nghị
Phản ánh, kiến nghị phải có các nội dung sau đây:
1. Nội dung phản ánh, kiến nghị.
2. Tên, địa chỉ, số điện thoại của cá nhân, tổ chức.
Mục đích của quy định này là bảo đảm liên lạc được với người phản ánh.

MỤC 2
THỜI HẠN

Điều 6. Thời hạn xử lý
1. Thời hạn xử lý không quá 20 ngày làm việc kể từ ngày nhận.
2. Mức chi hỗ trợ cho mỗi hồ sơ là:
1.500.000 đồng đối với hồ sơ phức tạp;
1.5 triệu đồng là mức tối đa đối với hồ sơ khác.
3. Trường hợp phức tạp, thời hạn được gia hạn theo khoản 1 Điều này.

Chương III
TRÁCH NHIỆM CỦA CÁC CƠ QUAN

Điều 7. Trách nhiệm của Bộ Tư pháp
Bộ Tư pháp chủ trì theo dõi việc thi hành Nghị định này.

Điều 8. Trách nhiệm của Ủy ban nhân dân cấp tỉnh
1. Công khai kết quả xử lý phản ánh, kiến nghị.
2. Báo cáo định kỳ hằng năm.

Chương IV: XỬ LÝ VI PHẠM

Điều 9. Xử lý vi phạm
Người có hành vi vi phạm thì tùy theo tính chất, mức độ bị xử lý kỷ luật.

Chương V
ĐIỀU KHOẢN THI HÀNH

Điều 10. Sửa đổi Nghị định số 20/2008/NĐ-CP
1. Sửa đổi Điều 3 như sau:
“Điều 3. Nguyên tắc tiếp nhận
1. Bảo đảm công khai, minh bạch.
2. Bảo đảm khách quan.”
2. Bãi bỏ Điều 7.

Điều 11. Hiệu lực thi hành
Nghị định này có hiệu lực kể từ ngày 01 tháng 7 năm 2026.

Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT.
"""

DECREE_LABELS = [
    "Phần mở đầu",
    "Chương I",
    "Điều 1",
    "Điều 2",
    "Khoản 1 Điều 2",
    "Khoản 2 Điều 2",
    "Khoản 3 Điều 2",
    "Điều 3",
    "Khoản 1 Điều 3",
    "Khoản 2 Điều 3",
    "Chương II",
    "Mục 1",
    "Điều 4",
    "Khoản 1 Điều 4",
    "Khoản 2 Điều 4",
    "Điều 5",
    "Khoản 1 Điều 5",
    "Khoản 2 Điều 5",
    "Mục 2",
    "Điều 6",
    "Khoản 1 Điều 6",
    "Khoản 2 Điều 6",
    "Khoản 3 Điều 6",
    "Chương III",
    "Điều 7",
    "Điều 8",
    "Khoản 1 Điều 8",
    "Khoản 2 Điều 8",
    "Chương IV",
    "Điều 9",
    "Chương V",
    "Điều 10",
    "Khoản 1 Điều 10",
    "Khoản 2 Điều 10",
    "Điều 11",
]

PLAN = """KẾ HOẠCH
Triển khai thi hành Luật Ban hành văn bản quy phạm pháp luật

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Xác định cụ thể nội dung công việc;
b) Nâng cao nhận thức của cán bộ.
2. Yêu cầu
Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan.
1.1. Phân công rõ trách nhiệm.
II. NỘI DUNG
1. Tổ chức hội nghị quán triệt Luật.
2. Rà soát văn bản quy phạm pháp luật.
3. Bố trí 1.5 tỷ đồng kinh phí.
III. TỔ CHỨC THỰC HIỆN
Các bộ, ngành báo cáo kết quả trước ngày 15 tháng 12.
"""


def labels(sections: list[SectionDraft]) -> list[str]:
    return [s.label for s in sections]


def by_label(sections: list[SectionDraft], label: str) -> SectionDraft:
    (match,) = [s for s in sections if s.label == label]
    return match


WORD = re.compile(r"\w+")


def assert_words_kept(text: str, sections: list[SectionDraft]) -> None:
    """Every word of the input appears, in order, in heading + body of the sections."""
    source = WORD.findall(unicodedata.normalize("NFC", text))
    joined = WORD.findall("\n".join(f"{s.heading}\n{s.body}" for s in sections))
    it = iter(joined)
    missing = [word for word in source if not any(word == other for other in it)]
    assert missing == []


# --- a realistic decree ------------------------------------------------------------------


def test_decree_splits_into_expected_labels_in_order():
    sections = split_sections(DECREE)
    assert labels(sections) == DECREE_LABELS


def test_decree_kinds_and_levels():
    sections = split_sections(DECREE)
    expected_level = {"preamble": 0, "chapter": 1, "section": 2, "article": 3, "clause": 4}
    for section in sections:
        assert section.level == expected_level[section.kind]
        prefix = {"preamble": "Phần mở đầu", "chapter": "Chương ", "section": "Mục ",
                  "article": "Điều ", "clause": "Khoản "}[section.kind]
        assert section.label.startswith(prefix)
    kinds = [s.kind for s in sections]
    assert kinds.count("chapter") == 5
    assert kinds.count("section") == 2
    assert kinds.count("article") == 11
    assert kinds.count("clause") == 16


def test_decree_round_trip_keeps_every_word_in_order():
    assert_words_kept(DECREE, split_sections(DECREE))
    assert_words_kept(DECREE, split_sections(DECREE, split_clauses=False))


def test_preamble_holds_everything_before_the_first_chapter():
    preamble = split_sections(DECREE)[0]
    assert (preamble.kind, preamble.level, preamble.heading) == ("preamble", 0, "Phần mở đầu")
    assert preamble.body.startswith("CHÍNH PHỦ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert preamble.body.endswith("Chính phủ ban hành Nghị định quy định về tiếp nhận, xử lý phản ánh, kiến nghị.")
    assert "Chương" not in preamble.body


def test_chapter_headings_in_every_layout():
    sections = split_sections(DECREE)
    # Title on the next line: joined with ". ".
    assert by_label(sections, "Chương I").heading == "Chương I. QUY ĐỊNH CHUNG"
    assert by_label(sections, "Chương III").heading == "Chương III. TRÁCH NHIỆM CỦA CÁC CƠ QUAN"
    # Title on the same line: kept as written, label normalised.
    assert by_label(sections, "Chương II").heading == "CHƯƠNG II. TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ"
    assert by_label(sections, "Chương IV").heading == "Chương IV: XỬ LÝ VI PHẠM"
    # The title line is not repeated in the body.
    assert all(s.body == "" for s in sections if s.kind == "chapter")


def test_section_headings_with_title_on_next_line():
    sections = split_sections(DECREE)
    assert by_label(sections, "Mục 1").heading == "Mục 1. HÌNH THỨC TIẾP NHẬN"
    assert by_label(sections, "Mục 2").heading == "MỤC 2. THỜI HẠN"
    assert by_label(sections, "Mục 2").level == 2


def test_article_heading_and_body():
    sections = split_sections(DECREE)
    article = by_label(sections, "Điều 1")
    assert article.heading == "Điều 1. Phạm vi điều chỉnh"
    assert article.body == (
        "Nghị định này quy định việc tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức\n\n"
        "về quy định hành chính và việc thực hiện thủ tục hành chính.\n\n"
        "Điều này không áp dụng đối với khiếu nại, tố cáo theo quy định tại\n\n"
        "Điều 5 của Luật Khiếu nại và các văn bản hướng dẫn thi hành."
    )
    # An article whose text is all in clauses has an empty body; an intro stays in the body.
    assert by_label(sections, "Điều 2").body == ""
    assert by_label(sections, "Điều 3").body == "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:"


def test_clause_heading_is_its_first_line_and_points_stay_in_the_body():
    sections = split_sections(DECREE)
    clause = by_label(sections, "Khoản 1 Điều 4")
    assert (clause.kind, clause.level) == ("clause", 4)
    assert clause.heading == "1. Cá nhân, tổ chức gửi phản ánh, kiến nghị bằng một trong các hình thức sau:"
    assert clause.body == "a) Văn bản;\n\nb) Cổng Dịch vụ công quốc gia;\n\nc) Điện thoại."
    assert not any(s.heading.startswith(("a)", "b)", "c)")) for s in sections)
    assert by_label(sections, "Khoản 2 Điều 4").body == ""


def test_text_after_last_clause_stays_in_that_clause():
    sections = split_sections(DECREE)
    assert by_label(sections, "Khoản 2 Điều 3").body == (
        "Mục tiêu của việc giải thích từ ngữ là bảo đảm cách hiểu thống nhất."
    )
    assert by_label(sections, "Khoản 2 Điều 5").body == (
        "Mục đích của quy định này là bảo đảm liên lạc được với người phản ánh."
    )


def test_decimal_numbers_at_line_start_are_not_clauses():
    clause = by_label(split_sections(DECREE), "Khoản 2 Điều 6")
    assert clause.body == (
        "1.500.000 đồng đối với hồ sơ phức tạp;\n\n1.5 triệu đồng là mức tối đa đối với hồ sơ khác."
    )


def test_quoted_amendment_wording_is_not_split():
    sections = split_sections(DECREE)
    clause = by_label(sections, "Khoản 1 Điều 10")
    assert clause.heading == "1. Sửa đổi Điều 3 như sau:"
    assert clause.body == (
        "“Điều 3. Nguyên tắc tiếp nhận\n\n1. Bảo đảm công khai, minh bạch.\n\n2. Bảo đảm khách quan.”"
    )
    assert by_label(sections, "Khoản 2 Điều 10").heading == "2. Bãi bỏ Điều 7."


def test_quoted_heading_on_its_own_line_is_not_split():
    text = (
        "Điều 1. Sửa đổi, bổ sung một số điều\n"
        "1. Điều 4 được sửa đổi như sau:\n"
        "“\n"
        "Điều 4. Thời hạn\n"
        "Chương II\n"
        "1. Không quá 10 ngày.\n"
        "”\n"
        "2. Bãi bỏ Điều 9.\n"
    )
    sections = split_sections(text)
    assert labels(sections) == ["Điều 1", "Khoản 1 Điều 1", "Khoản 2 Điều 1"]
    assert by_label(sections, "Khoản 1 Điều 1").body == (
        "“\n\nĐiều 4. Thời hạn\n\nChương II\n\n1. Không quá 10 ngày.\n\n”"
    )


def test_an_unclosed_quote_does_not_hide_the_rest_of_the_document():
    text = "Điều 1. Thuật ngữ\n“Hồ sơ là tập hợp giấy tờ.\nĐiều 2. Hiệu lực\nCó hiệu lực ngay.\n"
    assert labels(split_sections(text)) == ["Điều 1", "Điều 2"]


def test_the_end_of_the_document_stays_in_the_last_article():
    article = by_label(split_sections(DECREE), "Điều 11")
    assert article.body == (
        "Nghị định này có hiệu lực kể từ ngày 01 tháng 7 năm 2026.\n\n"
        "Nơi nhận:\n\n- Ban Bí thư Trung ương Đảng;\n\n- Lưu: VT."
    )


def test_split_clauses_false_keeps_clauses_in_the_article_body():
    sections = split_sections(DECREE, split_clauses=False)
    assert [s.kind for s in sections].count("clause") == 0
    assert labels(sections) == [label for label in DECREE_LABELS if not label.startswith("Khoản")]
    assert by_label(sections, "Điều 2").body == (
        "1. Cơ quan hành chính nhà nước các cấp.\n\n"
        "2. Cá nhân, tổ chức có phản ánh, kiến nghị.\n\n"
        "3. Cơ quan, người có thẩm quyền khác có liên quan."
    )


# --- what is not a heading ---------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Điều này quy định về thời hạn.",
        "Điều kiện được hỗ trợ gồm:",
        "Điều 5 của Luật này được sửa đổi.",
        "Điều 5 Luật Đất đai quy định như sau.",
        "Điều 5, Điều 6 được bãi bỏ.",
        "theo Điều 5 Nghị định này.",
        "Mục tiêu của Nghị định là nâng cao chất lượng.",
        "MỤC TIÊU TỔNG QUÁT",
        "Mục đích của việc lấy ý kiến.",
        "Mục 2 của Chương này quy định.",
        "Chương trình hành động của Chính phủ.",
        "CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA",
        "Chương này áp dụng cho mọi cơ quan.",
        "Điều",
        "Chương",
        "IV",
        "I.",
        "A. PHẦN CHUNG",
        "Ivan. Tên người",
    ],
)
def test_lines_that_are_not_headings(line):
    text = f"Điều 1. Quy định chung\nNội dung mở đầu.\n{line}\nNội dung kết thúc."
    sections = split_sections(text)
    assert labels(sections) == ["Điều 1"]
    assert sections[0].body == f"Nội dung mở đầu.\n\n{line}\n\nNội dung kết thúc."


@pytest.mark.parametrize(
    ("line", "label", "kind"),
    [
        ("Điều 12. Phạm vi điều chỉnh", "Điều 12", "article"),
        ("Điều 12.", "Điều 12", "article"),
        ("Điều 12", "Điều 12", "article"),
        ("ĐIỀU 12: PHẠM VI", "Điều 12", "article"),
        ("điều 12. Phạm vi", "Điều 12", "article"),
        ("Điều 12 Phạm vi điều chỉnh", "Điều 12", "article"),
        ("Điều 12a. Điều được bổ sung", "Điều 12a", "article"),
        ("  Điều 12.  Phạm vi  ", "Điều 12", "article"),
        ("Chương IX", "Chương IX", "chapter"),
        ("CHƯƠNG 3. THI HÀNH", "Chương 3", "chapter"),
        ("Chương XII - ĐIỀU KHOẢN CUỐI", "Chương XII", "chapter"),
        ("Chương II QUY ĐỊNH CHUNG", "Chương II", "chapter"),
        ("Mục 3. THỦ TỤC", "Mục 3", "section"),
        ("MỤC 4", "Mục 4", "section"),
    ],
)
def test_heading_variants(line, label, kind):
    sections = split_sections(f"Lời mở đầu.\n{line}\nNội dung.")
    assert labels(sections) == ["Phần mở đầu", label]
    assert sections[1].kind == kind
    assert sections[1].heading == " ".join(line.split())


def test_chapter_title_on_next_line_in_mixed_case_and_two_lines():
    text = "Chương I\n\nQuy định chung\nĐiều 1. A\nChương II\nTỔ CHỨC THỰC HIỆN\nVÀ ĐIỀU KHOẢN THI HÀNH\nĐiều 2. B"
    sections = split_sections(text)
    assert [s.heading for s in sections] == [
        "Chương I. Quy định chung",
        "Điều 1. A",
        "Chương II. TỔ CHỨC THỰC HIỆN VÀ ĐIỀU KHOẢN THI HÀNH",
        "Điều 2. B",
    ]


def test_chapter_followed_directly_by_an_article_has_no_title():
    sections = split_sections("Chương I\nĐiều 1. Phạm vi\nNội dung.")
    assert [(s.label, s.heading, s.body) for s in sections] == [
        ("Chương I", "Chương I", ""),
        ("Điều 1", "Điều 1. Phạm vi", "Nội dung."),
    ]


def test_chapter_followed_by_a_sentence_keeps_it_in_the_body():
    sections = split_sections("Chương I\nChương này quy định những vấn đề chung.\nĐiều 1. A")
    assert sections[0].heading == "Chương I"
    assert sections[0].body == "Chương này quy định những vấn đề chung."


def test_numbered_lines_outside_an_article_are_not_clauses():
    text = (
        "Căn cứ:\n1. Luật Tổ chức Chính phủ;\n2. Luật Ban hành văn bản.\n"
        "Chương I\nQUY ĐỊNH CHUNG\n1. Ghi chú ở cấp chương.\n"
        "Điều 1. Phạm vi\n1. Khoản một.\n"
    )
    sections = split_sections(text)
    assert labels(sections) == ["Phần mở đầu", "Chương I", "Điều 1", "Khoản 1 Điều 1"]
    assert sections[0].body == "Căn cứ:\n\n1. Luật Tổ chức Chính phủ;\n\n2. Luật Ban hành văn bản."
    assert sections[1].body == "1. Ghi chú ở cấp chương."


def test_clause_numbers_must_increase_within_an_article():
    text = "Điều 1. A\n1. Một.\n2. Hai:\n1. Danh sách con một;\n2. Danh sách con hai.\n3. Ba.\nĐiều 2. B\n1. Một."
    sections = split_sections(text)
    assert labels(sections) == [
        "Điều 1", "Khoản 1 Điều 1", "Khoản 2 Điều 1", "Khoản 3 Điều 1", "Điều 2", "Khoản 1 Điều 2",
    ]
    assert by_label(sections, "Khoản 2 Điều 1").body == "1. Danh sách con một;\n\n2. Danh sách con hai."


def test_a_number_alone_on_its_line_opens_a_clause():
    sections = split_sections("Điều 1. A\n1.\nNội dung khoản một.\n2. Hai.")
    assert [(s.label, s.heading, s.body) for s in sections[1:]] == [
        ("Khoản 1 Điều 1", "1.", "Nội dung khoản một."),
        ("Khoản 2 Điều 1", "2. Hai.", ""),
    ]


# --- plans with Roman-numeral parts ------------------------------------------------------


def test_roman_numeral_plan():
    sections = split_sections(PLAN)
    assert [(s.kind, s.level, s.label) for s in sections] == [
        ("preamble", 0, "Phần mở đầu"),
        ("part", 1, "Phần I"),
        ("clause", 4, "Khoản 1"),
        ("clause", 4, "Khoản 2"),
        ("part", 1, "Phần II"),
        ("clause", 4, "Khoản 1"),
        ("clause", 4, "Khoản 2"),
        ("clause", 4, "Khoản 3"),
        ("part", 1, "Phần III"),
    ]
    assert sections[1].heading == "I. MỤC ĐÍCH, YÊU CẦU"
    assert sections[2].heading == "1. Mục đích"
    assert sections[2].body == "a) Xác định cụ thể nội dung công việc;\n\nb) Nâng cao nhận thức của cán bộ."
    assert sections[3].body == "Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan.\n\n1.1. Phân công rõ trách nhiệm."
    assert sections[7].heading == "3. Bố trí 1.5 tỷ đồng kinh phí."
    assert sections[8].body == "Các bộ, ngành báo cáo kết quả trước ngày 15 tháng 12."
    assert_words_kept(PLAN, sections)


def test_plan_without_clause_splitting():
    sections = split_sections(PLAN, split_clauses=False)
    assert labels(sections) == ["Phần mở đầu", "Phần I", "Phần II", "Phần III"]
    assert sections[2].body.startswith("1. Tổ chức hội nghị quán triệt Luật.\n\n2. Rà soát")


def test_roman_parts_alongside_articles_do_not_open_clauses():
    text = "Điều 1. Hiệu lực\n1. Từ ngày ký.\nPHỤ LỤC\nI. DANH MỤC\n1. Mẫu số 01.\n2. Mẫu số 02."
    sections = split_sections(text)
    assert labels(sections) == ["Điều 1", "Khoản 1 Điều 1", "Phần I"]
    assert sections[1].body == "PHỤ LỤC"
    assert sections[2].body == "1. Mẫu số 01.\n\n2. Mẫu số 02."


# --- edge cases --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n", "\x00\x07", None])
def test_empty_input_gives_no_sections(text):
    assert split_sections(text) == []


def test_text_without_headings_is_one_preamble():
    text = "Tờ trình về dự thảo.\n\n\n1. Sự cần thiết.\n2. Mục đích.\n"
    assert split_sections(text) == [
        SectionDraft(0, "preamble", "Phần mở đầu", "Phần mở đầu",
                     "Tờ trình về dự thảo.\n\n1. Sự cần thiết.\n\n2. Mục đích.")
    ]


def test_document_starting_with_a_heading_has_no_preamble():
    sections = split_sections("\n\nĐiều 1. Phạm vi\nNội dung.")
    assert labels(sections) == ["Điều 1"]


def test_nfd_input_gives_nfc_output():
    nfd = unicodedata.normalize("NFD", DECREE)
    assert nfd != DECREE
    sections = split_sections(nfd)
    assert labels(sections) == DECREE_LABELS
    for section in sections:
        for value in (section.label, section.heading, section.body):
            assert unicodedata.is_normalized("NFC", value)
    assert sections == split_sections(DECREE)


def test_windows_and_old_mac_newlines():
    assert split_sections(DECREE.replace("\n", "\r\n")) == split_sections(DECREE)
    assert split_sections(DECREE.replace("\n", "\r")) == split_sections(DECREE)


def test_blank_lines_and_spacing_are_normalised():
    text = "Điều 1.\tPhạm  vi\n\n\n\nDòng   một.\n   \nDòng hai.   \n"
    (article,) = split_sections(text)
    assert article.heading == "Điều 1. Phạm vi"
    assert article.body == "Dòng một.\n\nDòng hai."


def test_byte_order_mark_and_control_characters_do_not_hide_a_heading():
    (article,) = split_sections("\ufeffĐiều 1. Phạm\x00 vi\nNội\x0b dung.")
    assert (article.label, article.heading, article.body) == ("Điều 1", "Điều 1. Phạm vi", "Nội dung.")


def test_non_breaking_space_after_keyword():
    sections = split_sections("Mở đầu.\nĐiều\u00a07. Hiệu lực\nNội dung.")
    assert labels(sections) == ["Phần mở đầu", "Điều 7"]
    assert sections[1].heading == "Điều 7. Hiệu lực"


# --- .docx -------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def para(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r>{run}</w:r>" for run in runs) + "</w:p>"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


def document_xml(body: str, ns: str = W_NS) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{ns}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def make_docx(body: str | None = None, *, xml: str | bytes | None = None,
              name: str = "word/document.xml", extra: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr(name, xml if xml is not None else document_xml(body or ""))
        for extra_name, content in (extra or {}).items():
            zf.writestr(extra_name, content)
    return buffer.getvalue()


def test_docx_paragraphs_runs_tabs_and_breaks():
    body = (
        para(t("Điều 1. "), t("Phạm vi điều chỉnh"))
        + para(t("Cột một"), "<w:tab/>", t("cột hai"))
        + para(t("Dòng một"), "<w:br/>", t("dòng hai"))
        + "<w:p/>"
        + para(t("  giữ khoảng trắng  "))
    )
    assert docx_to_text(make_docx(body)) == (
        "Điều 1. Phạm vi điều chỉnh\nCột một\tcột hai\nDòng một\ndòng hai\n\n  giữ khoảng trắng  "
    )


def test_docx_tables_are_read_in_document_order():
    def cell(*paras):
        return "<w:tc>" + "".join(para(t(p)) for p in paras) + "</w:tc>"

    body = (
        para(t("Trước bảng"))
        + "<w:tbl><w:tr>" + cell("Ô 1", "Ô 1 dòng 2") + cell("Ô 2") + "</w:tr>"
        + "<w:tr>" + cell("Ô 3") + cell("Ô 4") + "</w:tr></w:tbl>"
        + para(t("Sau bảng"))
    )
    assert docx_to_text(make_docx(body)).split("\n") == [
        "Trước bảng", "Ô 1", "Ô 1 dòng 2", "Ô 2", "Ô 3", "Ô 4", "Sau bảng",
    ]


def test_docx_skips_deleted_revisions_and_field_codes_but_keeps_insertions():
    body = (
        "<w:p><w:del><w:r><w:delText>cũ </w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>mới </w:t></w:r></w:ins>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>văn bản</w:t></w:r></w:p>"
    )
    assert docx_to_text(make_docx(body)) == "mới văn bản"


def test_docx_escaped_characters_and_non_ascii():
    body = para(t("a &lt;script&gt; &amp; “trích dẫn” — Đ"))
    assert docx_to_text(make_docx(body)) == "a <script> & “trích dẫn” — Đ"


def test_docx_strict_namespace():
    body = para(t("Điều 1. Strict"))
    data = make_docx(xml=document_xml(body, "http://purl.oclc.org/ooxml/wordprocessingml/main"))
    assert docx_to_text(data) == "Điều 1. Strict"


def test_docx_other_namespaces_are_ignored():
    xml = (
        f'<w:document xmlns:w="{W_NS}" xmlns:x="urn:other"><w:body>'
        f'{para(t("thấy"))}<x:p><x:t>không thấy</x:t></x:p></w:body></w:document>'
    )
    assert docx_to_text(make_docx(xml=xml)) == "thấy"


def test_docx_main_part_named_in_relationships():
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document2.xml"/></Relationships>'
    )
    data = make_docx(para(t("Word Online")), name="word/document2.xml", extra={"_rels/.rels": rels})
    assert docx_to_text(data) == "Word Online"


def test_docx_to_sections():
    body = "".join(
        para(t(line))
        for line in ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi", "1. Khoản một:", "a) Điểm a."]
    )
    sections = split_sections(docx_to_text(make_docx(body)))
    assert [(s.label, s.heading, s.body) for s in sections] == [
        ("Chương I", "Chương I. QUY ĐỊNH CHUNG", ""),
        ("Điều 1", "Điều 1. Phạm vi", ""),
        ("Khoản 1 Điều 1", "1. Khoản một:", "a) Điểm a."),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip file at all",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an old binary .doc
        b"PK\x03\x04" + b"\x00" * 40,  # truncated zip
    ],
)
def test_non_docx_bytes_raise_value_error(data):
    with pytest.raises(ValueError):
        docx_to_text(data)


def test_zip_without_document_xml_raises():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    with pytest.raises(ValueError, match="document.xml"):
        docx_to_text(buffer.getvalue())


@pytest.mark.parametrize(
    "xml",
    [
        "<w:document",
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p></w:body></w:document>',
        b"\xff\xfe\x00garbage",
    ],
)
def test_malformed_document_xml_raises(xml):
    with pytest.raises(ValueError):
        docx_to_text(make_docx(xml=xml))


def test_document_type_declarations_are_refused():
    entities = "".join(f'<!ENTITY e{i} "&e{i - 1};&e{i - 1};">' for i in range(1, 30))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e0 "lol">{entities}'
        '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{para(t("&e29;&ext;"))}</w:body></w:document>'
    )
    with pytest.raises(ValueError, match="DTD"):
        docx_to_text(make_docx(xml=xml))


def test_zip_bomb_is_refused_before_inflating(monkeypatch):
    size = MAX_DOCX_XML_BYTES + 1024 * 1024
    xml = document_xml(para(t("x"))).replace("<w:body>", "<w:body>" + " " * size)
    data = make_docx(xml=xml)
    assert len(data) < 200_000  # compresses to almost nothing
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("word/document.xml").file_size > MAX_DOCX_XML_BYTES

    def no_inflating(*args, **kwargs):
        raise AssertionError("document.xml must not be opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_inflating)
    with pytest.raises(ValueError, match="too large"):
        docx_to_text(data)


def test_whitespace_between_elements_is_not_text():
    xml = document_xml(" " * 100_000 + para(t("ok")))
    assert docx_to_text(make_docx(xml=xml)) == "ok"


def test_lying_declared_size_is_caught_by_the_crc_check():
    data = bytearray(make_docx(para(t("Nội dung thật dài dài dài dài dài dài"))))
    # Shrink the declared uncompressed size of word/document.xml in the central directory:
    # zipfile then stops inflating at that size and the CRC check fails.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    name_at = data.find(b"word/document.xml", data.find(b"PK\x01\x02"))
    header = data.rfind(b"PK\x01\x02", 0, name_at)  # its central directory entry
    assert header > 0
    data[header + 24:header + 28] = (info.file_size // 2).to_bytes(4, "little")
    with pytest.raises(DocxError, match="damaged"):
        docx_to_text(bytes(data))


def test_corrupted_docx_only_ever_raises_docx_error():
    base = make_docx("".join(para(t(f"Điều {i}. Nội dung của điều {i}")) for i in range(1, 30)))
    assert docx_to_text(base).startswith("Điều 1. Nội dung")
    rng = random.Random(20240601)
    messages = set()
    for _ in range(600):
        data = bytearray(base)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        try:
            assert isinstance(docx_to_text(bytes(data)), str)
        except DocxError as exc:
            messages.add(str(exc))
    assert messages  # some corruptions were caught...
    for message in messages:  # ...each with one of our short messages, not zipfile's
        assert message.endswith(".") and len(message) < 80
        assert "seek" not in message and "codec" not in message


def test_docx_error_is_a_value_error():
    with pytest.raises(DocxError) as info:
        docx_to_text(b"not a zip")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "Not a Word (.docx) file, or the file is damaged."
