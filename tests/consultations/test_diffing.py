"""diff_lines, inline_diff_html, side_by_side and changed."""
from __future__ import annotations

import html
import re
import time
import unicodedata
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from civic.consultations.diffing import (
    DiffRow,
    changed,
    diff_lines,
    inline_diff_html,
    side_by_side,
)

OLD = """Điều 5. Thời hạn giải quyết
1. Thời hạn giải quyết là 15 ngày làm việc.
2. Cơ quan tiếp nhận hồ sơ có trách nhiệm thông báo.
3. Trường hợp phức tạp được gia hạn một lần.
4. Bãi bỏ quy định về lệ phí."""

NEW = """Điều 5. Thời hạn giải quyết
1. Thời hạn giải quyết là 10 ngày làm việc kể từ ngày nhận đủ hồ sơ.
2. Cơ quan tiếp nhận hồ sơ có trách nhiệm thông báo.
3. Trường hợp phức tạp được gia hạn một lần.
5. Kết quả được trả qua Cổng Dịch vụ công quốc gia.
6. Nghị định này có hiệu lực từ ngày ký."""

SCRIPT_OLD = 'Nội dung <script>alert("cũ")</script> & "trích dẫn"\nDòng chung'
SCRIPT_NEW = "Nội dung <script>alert('mới')</script> <img src=x onerror=alert(1)>\nDòng chung"


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):  # pragma: no cover - would be a failure
        self.tags.append(("!--", []))

    def handle_decl(self, decl):  # pragma: no cover - would be a failure
        self.tags.append(("!", []))


def parse(markup: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(str(markup))
    collector.close()
    return collector


def tag_names(markup: str) -> set[str]:
    return {tag for tag, _ in parse(markup).tags}


def assert_only_tags(markup: str, allowed: set[str]) -> None:
    collector = parse(markup)
    assert {tag for tag, _ in collector.tags} <= allowed
    assert all(attrs == [] for _, attrs in collector.tags)
    # Every "<" that is not one of our tags was escaped.
    leftovers = re.sub(r"</?(?:p|ins|del)>", "", str(markup))
    assert "<" not in leftovers and ">" not in leftovers


def words(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text)


def side_text(markup: str, drop: str) -> str:
    """The text of one side of an inline diff: drop <ins> (old side) or <del> (new side)."""
    kept = re.sub(rf"<{drop}>.*?</{drop}>", " ", str(markup), flags=re.DOTALL)
    return html.unescape(re.sub(r"</?(?:p|ins|del)>", " ", kept))


# --- diff_lines --------------------------------------------------------------------------


def test_diff_lines_rows_and_numbers():
    rows = diff_lines(OLD, NEW)
    assert [(r.kind, r.old_no, r.new_no) for r in rows] == [
        ("equal", 1, 1),
        ("replace", 2, 2),
        ("equal", 3, 3),
        ("equal", 4, 4),
        ("delete", 5, None),  # nothing in common with new line 5: not paired
        ("insert", None, 5),
        ("insert", None, 6),
    ]
    assert rows[1] == DiffRow(
        "replace",
        "1. Thời hạn giải quyết là 15 ngày làm việc.",
        "1. Thời hạn giải quyết là 10 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
        2,
        2,
    )
    assert rows[4] == DiffRow("delete", "4. Bãi bỏ quy định về lệ phí.", None, 5, None)
    assert rows[6] == DiffRow("insert", None, "6. Nghị định này có hiệu lực từ ngày ký.", None, 6)


def test_diff_lines_pure_insert_and_delete():
    rows = diff_lines("a\nb\nc", "a\nc\nd")
    assert rows == [
        DiffRow("equal", "a", "a", 1, 1),
        DiffRow("delete", "b", None, 2, None),
        DiffRow("equal", "c", "c", 3, 2),
        DiffRow("insert", None, "d", None, 3),
    ]


def test_replaced_block_pairs_lines_and_pads_the_shorter_side():
    rows = diff_lines("đầu\ncũ một\ncuối", "đầu\nmới một\nmới hai\nmới ba\ncuối")
    assert rows == [
        DiffRow("equal", "đầu", "đầu", 1, 1),
        DiffRow("replace", "cũ một", "mới một", 2, 2),
        DiffRow("insert", None, "mới hai", None, 3),
        DiffRow("insert", None, "mới ba", None, 4),
        DiffRow("equal", "cuối", "cuối", 3, 5),
    ]
    rows = diff_lines("Điều 1. A\nb c\nd e", "Điều 1. B")
    assert rows == [
        DiffRow("replace", "Điều 1. A", "Điều 1. B", 1, 1),
        DiffRow("delete", "b c", None, 2, None),
        DiffRow("delete", "d e", None, 3, None),
    ]


def test_replaced_lines_are_paired_by_similarity_not_position():
    old = "Khoản 1 quy định thời hạn 15 ngày.\nKhoản 2 quy định lệ phí."
    new = (
        "Khoản mới hoàn toàn khác.\n"
        "Khoản 1 quy định thời hạn 10 ngày.\n"
        "Khoản 2 quy định lệ phí và phí.\n"
        "Thêm một dòng cuối."
    )
    rows = diff_lines(old, new)
    assert [(r.kind, r.old_no, r.new_no) for r in rows] == [
        ("insert", None, 1),
        ("replace", 1, 2),
        ("replace", 2, 3),
        ("insert", None, 4),
    ]


def test_lines_with_nothing_in_common_are_not_paired():
    assert [(r.kind, r.old, r.new) for r in diff_lines("một hai ba", "bốn năm sáu")] == [
        ("delete", "một hai ba", None),
        ("insert", None, "bốn năm sáu"),
    ]


def test_large_replaced_blocks_are_paired_in_order():
    old = "\n".join(f"cũ {i}" for i in range(30))
    new = "\n".join(f"mới {i} x" for i in range(25))
    rows = diff_lines(old, new)
    assert [r.kind for r in rows] == ["replace"] * 25 + ["delete"] * 5
    assert [(r.old_no, r.new_no) for r in rows[:2]] == [(1, 1), (2, 2)]


def test_every_line_appears_once_in_order():
    rows = diff_lines(OLD, NEW)
    assert [r.old for r in rows if r.old is not None] == OLD.split("\n")
    assert [r.new for r in rows if r.new is not None] == NEW.split("\n")
    assert [r.old_no for r in rows if r.old_no] == list(range(1, 6))
    assert [r.new_no for r in rows if r.new_no] == list(range(1, 7))


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        ("", "", []),
        (None, None, []),
        ("", "một\nhai", ["insert", "insert"]),
        ("một\nhai", "", ["delete", "delete"]),
        ("giống", "giống", ["equal"]),
    ],
)
def test_diff_lines_edge_cases(old, new, kinds):
    assert [r.kind for r in diff_lines(old, new)] == kinds


def test_diff_lines_ignores_encoding_differences():
    nfd = unicodedata.normalize("NFD", OLD).replace("\n", "\r\n")
    rows = diff_lines(OLD, nfd)
    assert {r.kind for r in rows} == {"equal"}
    assert all(unicodedata.is_normalized("NFC", r.new) for r in rows)


def test_autojunk_is_off_for_long_repetitive_texts():
    # With autojunk, a line repeated in over 1% of a 200+ line text is "junk": inserting one
    # line before 150 identical points would show all of them as replaced.
    head = [f"Dòng {i}" for i in range(100)]
    points = ["a) Nội dung;"] * 150
    old = "\n".join(head + points)
    new = "\n".join(head + ["Dòng thêm"] + points)
    rows = diff_lines(old, new)
    assert [r.kind for r in rows].count("equal") == 250
    assert [(r.kind, r.old, r.new, r.new_no) for r in rows if r.kind != "equal"] == [
        ("insert", None, "Dòng thêm", 101)
    ]


def test_blank_lines_ride_along_with_their_paragraphs():
    paragraphs = [f"Đoạn {i} nói về nội dung số {i}." for i in range(1, 6)]
    old = "\n\n".join(paragraphs)
    new = "\n\n".join(paragraphs[:2] + ["Đoạn 3 nói về nội dung mới."] + paragraphs[3:])
    rows = diff_lines(old, new)
    assert len(rows) == 9
    assert [(r.kind, r.old_no, r.new_no) for r in rows if r.kind != "equal"] == [("replace", 5, 5)]
    assert [r.old for r in rows if r.old_no and not r.old] == ["", "", "", ""]

    # One text with blank lines between paragraphs, the other without.
    rows = diff_lines("a\n\nb\n\nc", "a\nb\nc")
    assert [(r.kind, r.old, r.new) for r in rows] == [
        ("equal", "a", "a"),
        ("delete", "", None),
        ("equal", "b", "b"),
        ("delete", "", None),
        ("equal", "c", "c"),
    ]


def test_long_documents_and_pathological_input_stay_fast():
    tokens = [f"từ{i % 997}" for i in range(60_000)]
    paragraphs = [" ".join(tokens[k:k + 20]) + "." for k in range(0, len(tokens), 20)]  # 3000
    old = "\n\n".join(paragraphs)
    changed_paragraphs = list(paragraphs)
    for k in range(0, 3000, 100):
        changed_paragraphs[k] = changed_paragraphs[k].replace("từ", "chữ", 1)
    new = "\n\n".join(changed_paragraphs)
    # A long paragraph of a few frequent words, against itself reversed: SequenceMatcher
    # alone needs most of a minute for a third of it.
    vocabulary = ["và", "của", "các", "cơ", "quan", "quy", "định", "này", "theo", "đ", ",", "."]
    repetitive = " ".join(vocabulary[(i * 7) % 12] if i % 3 else vocabulary[i % 12] for i in range(12_000))
    reversed_paragraph = " ".join(reversed(repetitive.split()))
    started = time.perf_counter()
    rows = diff_lines(old, new)
    inline = inline_diff_html(old, new)
    cells = side_by_side(old, new)
    huge = inline_diff_html(repetitive, reversed_paragraph)
    huge_cells = side_by_side(repetitive, reversed_paragraph)
    assert time.perf_counter() - started < 20  # under a second; minutes without the guards
    assert [r.kind for r in rows].count("replace") == 30
    assert len(cells) == len(rows) == 5999
    assert str(inline).count("<del>") == str(inline).count("<ins>") == 30
    assert words(side_text(huge, "ins")) == words(repetitive)
    assert words(side_text(huge, "del")) == words(reversed_paragraph)
    ((old_cell, new_cell, kind),) = huge_cells
    assert kind == "replace"
    assert words(html.unescape(re.sub(r"</?del>", "", str(old_cell)))) == words(repetitive)
    assert words(html.unescape(re.sub(r"</?ins>", "", str(new_cell)))) == words(reversed_paragraph)


# --- inline_diff_html --------------------------------------------------------------------


def test_inline_diff_marks_words():
    result = inline_diff_html("Thời hạn là 15 ngày làm việc.", "Thời hạn là 10 ngày làm việc kể từ ngày nhận.")
    assert isinstance(result, Markup)
    assert result == Markup(
        "<p>Thời hạn là <del>15 </del><ins>10 </ins>ngày làm việc <ins>kể từ ngày nhận</ins>.</p>"
    )


def test_inline_diff_of_equal_texts_has_no_marks():
    result = inline_diff_html(OLD, OLD)
    assert tag_names(result) == {"p"}
    assert str(result).count("<p>") == 5
    assert result.startswith(Markup("<p>Điều 5. Thời hạn giải quyết</p>"))


def test_inline_diff_paragraphs():
    result = inline_diff_html(OLD, NEW)
    assert str(result).count("<p>") == str(result).count("</p>") == 7
    assert str(result).split("</p>")[:-1] == [
        "<p>Điều 5. Thời hạn giải quyết",
        "<p>1. Thời hạn giải quyết là <del>15 </del><ins>10 </ins>ngày làm việc <ins>kể từ ngày nhận đủ hồ sơ</ins>.",
        "<p>2. Cơ quan tiếp nhận hồ sơ có trách nhiệm thông báo.",
        "<p>3. Trường hợp phức tạp được gia hạn một lần.",
        "<p><del>4. Bãi bỏ quy định về lệ phí.</del>",
        "<p><ins>5. Kết quả được trả qua Cổng Dịch vụ công quốc gia.</ins>",
        "<p><ins>6. Nghị định này có hiệu lực từ ngày ký.</ins>",
    ]


def test_inline_diff_pairs_paragraphs_by_similarity():
    result = inline_diff_html(
        "Điều 1. Phạm vi áp dụng của nghị định",
        "Một đoạn mới hoàn toàn.\nĐiều 1. Phạm vi áp dụng của nghị định này",
    )
    assert result == Markup(
        "<p><ins>Một đoạn mới hoàn toàn.</ins></p><p>Điều 1. Phạm vi áp dụng của nghị định <ins>này</ins></p>"
    )


def test_inline_diff_whole_paragraph_added_and_removed():
    assert inline_diff_html("Một.\n\nHai.", "Một.") == Markup("<p>Một.</p><p><del>Hai.</del></p>")
    assert inline_diff_html("", "Mới.\nThêm.") == Markup("<p><ins>Mới.</ins></p><p><ins>Thêm.</ins></p>")
    assert inline_diff_html("", "") == Markup("")
    assert inline_diff_html(None, None) == Markup("")


def test_inline_diff_blank_lines_and_spacing_are_not_changes():
    assert inline_diff_html("a b\n\n\nc", "a   b\nc\n") == Markup("<p>a b</p><p>c</p>")


def test_inline_diff_escapes_script_in_both_texts():
    result = inline_diff_html(SCRIPT_OLD, SCRIPT_NEW)
    assert "<script" not in result and "<img" not in result
    assert "&lt;script&gt;" in result or "&lt;<" in result
    assert_only_tags(result, {"p", "ins", "del"})
    assert words(side_text(result, "ins")) == words(SCRIPT_OLD)
    assert words(side_text(result, "del")) == words(SCRIPT_NEW)


def test_inline_diff_treats_markup_input_as_text():
    result = inline_diff_html(Markup("<b>đậm</b>"), "<b>đậm</b> thêm")
    assert result == Markup("<p>&lt;b&gt;đậm&lt;/b&gt; <ins>thêm</ins></p>")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (OLD, NEW),
        (NEW, OLD),
        ("", NEW),
        (OLD, ""),
        ("Mức phạt 1.500.000 đồng.", "Mức phạt 2.000.000 đồng."),
        ("a < b && c > d", "a <= b || c >= d"),
        ("Số 12/2024/NĐ-CP", "Số 13/2025/NĐ-CP ngày 01/01"),
        ("x\ny\nz", "z\ny\nx"),
    ],
)
def test_inline_diff_sides_rebuild_both_texts(old, new):
    result = inline_diff_html(old, new)
    assert_only_tags(result, {"p", "ins", "del"})
    assert words(side_text(result, "ins")) == words(old)
    assert words(side_text(result, "del")) == words(new)
    assert "<ins></ins>" not in result and "<del></del>" not in result and "<p></p>" not in result


def test_inline_diff_whole_numbers_change_as_one_word():
    result = inline_diff_html("Mức phạt 1.500.000 đồng.", "Mức phạt 2.000.000 đồng.")
    assert result == Markup("<p>Mức phạt <del>1.500.000 </del><ins>2.000.000 </ins>đồng.</p>")


def test_inline_diff_of_nfd_text_is_unchanged():
    assert "<ins>" not in inline_diff_html(OLD, unicodedata.normalize("NFD", OLD))


# --- side_by_side ------------------------------------------------------------------------


def test_side_by_side_cells():
    cells = side_by_side(OLD, NEW)
    assert [kind for _, _, kind in cells] == [r.kind for r in diff_lines(OLD, NEW)]
    assert all(isinstance(o, Markup) and isinstance(n, Markup) for o, n, _ in cells)
    assert cells[0] == (Markup("Điều 5. Thời hạn giải quyết"), Markup("Điều 5. Thời hạn giải quyết"), "equal")
    old_cell, new_cell, kind = cells[1]
    assert kind == "replace"
    assert old_cell == Markup("1. Thời hạn giải quyết là <del>15 </del>ngày làm việc.")
    assert new_cell == Markup(
        "1. Thời hạn giải quyết là <ins>10 </ins>ngày làm việc <ins>kể từ ngày nhận đủ hồ sơ</ins>."
    )
    assert cells[4] == (Markup("<del>4. Bãi bỏ quy định về lệ phí.</del>"), Markup(""), "delete")
    assert cells[6] == (Markup(""), Markup("<ins>6. Nghị định này có hiệu lực từ ngày ký.</ins>"), "insert")


def test_side_by_side_delete_row_and_blank_lines():
    cells = side_by_side("a\nb\n\nc", "a\nc")
    assert cells == [
        (Markup("a"), Markup("a"), "equal"),
        (Markup("<del>b</del>"), Markup(""), "delete"),
        (Markup(""), Markup(""), "delete"),
        (Markup("c"), Markup("c"), "equal"),
    ]


def test_side_by_side_escapes_script_in_both_texts():
    cells = side_by_side(SCRIPT_OLD, SCRIPT_NEW)
    assert [kind for _, _, kind in cells] == ["replace", "equal"]
    for old_cell, new_cell, _ in cells:
        assert "<script" not in old_cell and "<script" not in new_cell and "<img" not in new_cell
        assert_only_tags(old_cell, {"del"})
        assert_only_tags(new_cell, {"ins"})
    old_cell, new_cell, _ = cells[0]
    assert words(html.unescape(re.sub(r"</?del>", "", str(old_cell)))) == words(SCRIPT_OLD.split("\n")[0])
    assert words(html.unescape(re.sub(r"</?ins>", "", str(new_cell)))) == words(SCRIPT_NEW.split("\n")[0])


def test_side_by_side_escapes_whole_inserted_and_deleted_lines():
    cells = side_by_side("<b>cũ</b>", "")
    assert cells == [(Markup("<del>&lt;b&gt;cũ&lt;/b&gt;</del>"), Markup(""), "delete")]
    cells = side_by_side("", '<a href="javascript:x">mới</a>')
    assert cells == [(Markup(""), Markup("<ins>&lt;a href=&#34;javascript:x&#34;&gt;mới&lt;/a&gt;</ins>"), "insert")]


def test_side_by_side_empty():
    assert side_by_side("", "") == []


# --- changed -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (OLD, OLD, False),
        (OLD, NEW, True),
        (OLD, unicodedata.normalize("NFD", OLD), False),
        (OLD, OLD.replace("\n", "\r\n"), False),
        (OLD, "  " + OLD + "\n\n", False),
        (OLD, OLD + "\x00", False),
        ("", None, False),
        ("a", "a.", True),
        ("Điều 1", "Điều 2", True),
        ("a b", "a  b", True),
    ],
)
def test_changed(old, new, expected):
    assert changed(old, new) is expected
