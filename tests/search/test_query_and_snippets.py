"""The search language and the highlighted snippets, without any engine."""
import pytest

from civic.search.highlight import snippet
from civic.search.query import ALL, PAIRS, PHRASE, parse


def shape(text):
    query = parse(text)
    return ([[(item.words, item.mode) for item in clause] for clause in query.clauses],
            [(item.words, item.mode) for item in query.excluded])


def test_runs_phrases_exclusions_and_or():
    assert shape("cải cách hành chính") == ([[(("cải", "cách", "hành", "chính"), PAIRS)]], [])
    assert shape('"thủ tục" đất -"bán đất" -thuế') == (
        [[(("thủ", "tục"), PHRASE)], [(("đất",), PAIRS)]], [(("bán", "đất"), PHRASE), (("thuế",), PHRASE)])
    assert shape("thuế OR phí lệ phí") == ([[(("thuế",), PAIRS), (("phí", "lệ", "phí"), PAIRS)]], [])
    assert shape("or and") == ([[(("or", "and"), PAIRS)]], [])  # only capitals are operators


def test_terms_are_folded_pairs_and_the_accented_ones_are_kept_for_ranking():
    query = parse("Đăng ký kinh doanh")
    item = query.positive[0]
    assert item.terms() == ["dang ky", "ky kinh", "kinh doanh"]
    assert query.accented and query.exact_terms == ["ký", "đăng"]
    assert parse("dang ky").exact_terms == [] and not parse("dang ky").accented
    relaxed = query.relaxed()
    assert relaxed.positive[0].mode == ALL and relaxed.positive[0].terms() == ["dang", "ky", "kinh", "doanh"]
    assert parse('"dang ky"').relaxed() is None


@pytest.mark.parametrize("text", ['"unbalanced', "AND OR", "*", "a" * 2000, "😀", "x\x00y", '"', "-", "OR OR", "- -", "\\", "((("])
def test_anything_parses(text):
    query = parse(text)
    assert len(query.text) <= 200
    for item in query.positive + list(query.excluded):
        assert all(word.isalnum() for word in item.words)


def test_nothing_to_search_is_an_empty_query():
    for text in ("", "   ", "*", "AND OR", "-thuế", "😀😀", '"'):
        assert not parse(text)


def test_snippets_mark_folded_matches_and_escape_everything_else():
    html = snippet('Xin <b>góp ý</b> về "Đường" & cầu', {"duong", "gop", "y"})
    assert str(html) == 'Xin &lt;b&gt;<mark>góp</mark> <mark>ý</mark>&lt;/b&gt; về &#34;<mark>Đường</mark>&#34; &amp; cầu'


def test_long_text_is_cut_around_the_matches():
    text = "mở đầu " * 100 + "chợ Bến Thành cần sửa chữa" + " kết thúc" * 100
    html = str(snippet(text, {"ben", "thanh"}))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Bến</mark> <mark>Thành</mark>" in html and len(html) < 320
