import unicodedata

import pytest

from civic.core.sanitize import clean_html
from civic.core.text import clean_line, clean_text, fold, slugify


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<img src=x onerror=alert(1)>', "onerror"),
        ('<p style="color:red">x</p>', "style"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "avascript"),
        ('<div hx-get="/admin" hx-trigger="load">x</div>', "hx-"),
        ('<p data-hx-post="/logout">x</p>', "data-hx"),
        ("<script>alert(1)</script>", "<script"),
        ("<iframe src='//evil'></iframe>", "iframe"),
        ('<svg><use href="data:x"/></svg>', "svg"),
        ('<form action="/x"><input name=a></form>', "<form"),
    ],
)
def test_sanitiser_never_admits_dangerous_markup(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_sanitiser_keeps_document_structure_and_safe_links():
    html = clean_html(
        '<h2>Điều 1</h2><p>Phạm vi <strong>điều chỉnh</strong></p>'
        '<ol start="2"><li>Khoản 2</li></ol><a href="https://hcmcpv.org.vn">nguồn</a>'
    )
    assert "<h2>Điều 1</h2>" in html
    assert "<strong>điều chỉnh</strong>" in html
    assert '<ol start="2">' in html
    assert 'href="https://hcmcpv.org.vn"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_sanitiser_handles_empty_input():
    assert clean_html(None) == ""
    assert clean_html("") == ""


def test_clean_text_normalises_to_nfc_and_strips_controls():
    decomposed = unicodedata.normalize("NFD", "Cải cách hành chính")
    assert decomposed != "Cải cách hành chính"
    assert clean_text(f"  {decomposed}\x00\x07\r\n ") == "Cải cách hành chính"
    assert clean_text("dòng 1\r\ndòng 2\rdòng 3") == "dòng 1\ndòng 2\ndòng 3"
    assert clean_text(None) == ""


def test_clean_line_collapses_whitespace():
    assert clean_line(" Sở \n Nội   vụ\t") == "Sở Nội vụ"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Cải cách hành chính", "cai cach hanh chinh"),
        ("đăng ký", "dang ky"),
        ("ĐẮK LẮK", "dak lak"),
        ("Hà Nội", "ha noi"),
        ("Thủ Đức", "thu duc"),
    ],
)
def test_fold_removes_diacritics_including_d_with_stroke(text, folded):
    assert fold(text) == folded


def test_slugify():
    assert slugify("UBND quận Bình Tân") == "ubnd-quan-binh-tan"
    assert slugify("Sở Nội vụ TP.HCM") == "so-noi-vu-tp-hcm"
    assert slugify("<script>") == "script"
    assert slugify("!!!") == ""
    assert len(slugify("Điều " * 50)) <= 80


def test_as_id_takes_only_plain_digits():
    from civic.core.text import as_id

    assert [as_id(v) for v in ("12", " 7 ", 3, "0", "999999999")] == [12, 7, 3, 0, 999_999_999]
    for bad in ("", None, "-1", "1.5", "²", "٣", "1e3", "12a", "9" * 10, "99999999999999999999", "\x00"):
        assert as_id(bad) is None, bad


def test_page_number_clamps_long_numbers_and_ignores_the_rest():
    from civic.core.text import page_number

    assert [page_number(v) for v in ("3", " 12 ", "0", "007", "100001", "99999999999999999999")] == [3, 12, 1, 7, 100_000, 100_000]
    assert [page_number(v) for v in (None, "", "-2", "1.5", "abc", "²", "٣")] == [1] * 7
