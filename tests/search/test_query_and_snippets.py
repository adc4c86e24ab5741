"""The search language and the highlighted snippets, without any engine."""
import pytest

from civic.search.highlight import snippet
from civic.search.analysis import canonical_tones, concepts, tokens
from civic.search.query import MAX_TERMS, PAIR, PAIRS, PHRASE, TEXT, parse


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


def test_terms_are_folded_words_and_pairs_and_the_accented_ones_are_kept_for_ranking():
    query = parse("Nộp hồ sơ trễ")
    item = query.positive[0]
    assert item.terms() == [(TEXT, "nop"), (TEXT, "ho"), (TEXT, "so"), (TEXT, "tre"),
                            (PAIR, "nop ho"), (PAIR, "ho so"), (PAIR, "so tre")]
    assert query.words == ["nop", "ho", "so", "tre"] and query.required == []
    assert query.free_pairs == [(PAIR, "nop ho"), (PAIR, "ho so"), (PAIR, "so tre")]
    assert query.accented and query.exact_terms == ["hồ", "nộp", "sơ", "trễ"]
    # đăng ký kinh doanh is also ĐKKD: the concept is one more term
    assert (TEXT, "dkkd") in parse("Đăng ký kinh doanh").positive[0].terms()
    assert parse("dang ky").exact_terms == [] and not parse("dang ky").accented


def test_phrases_and_or_are_conditions_and_runs_are_evidence():
    query = parse('"thủ tục" đất -thuế')
    assert [clause[0].words for clause in query.required] == [("thủ", "tục")]
    assert [item.words for item in query.free] == [("đất",)]
    assert [clause for clause in parse("thuế OR phí").required][0][1].needed() == [(TEXT, "phi")]
    assert parse("hanh chinh OR phi").required[0][0].needed() == [(PAIR, "hanh chinh")]


@pytest.mark.parametrize("old,new", [("hoà", "hòa"), ("thuỷ", "thủy"), ("uý", "úy"), ("khoẻ", "khỏe"), ("uỷ", "ủy"),
                                     ("tòan", "toàn"), ("qúy", "quý"), ("ngoaì", "ngoài")])
def test_old_and_new_tone_placement_are_one_word(old, new):
    assert canonical_tones(old) == canonical_tones(new) == new
    assert tokens(f"Hoà bình, {old.upper()}") == ["hòa", "bình", new]
    assert parse(old).exact_terms == [new]


@pytest.mark.parametrize("word", ["café", "người", "thuở", "quyết", "hoàng", "giữ", "gì", "của", "2026", "abc", "ủy"])
def test_tone_placement_leaves_every_other_word_alone(word):
    assert canonical_tones(word) == word


def test_full_forms_of_abbreviations_are_their_concept():
    folded = [w for w in "uy ban nhan dan quan va thu tuc hanh chinh".split()]
    assert concepts(folded) == [(0, 4, "ubnd"), (6, 10, "tthc")]
    query = parse("Ủy ban nhân dân quận Hải Châu")
    assert query.words == ["ubnd", "quan", "hai", "chau"]
    assert (TEXT, "ubnd") in query.scoring_terms and (TEXT, "uy") in query.scoring_terms
    assert query.groups[0][0] == (TEXT, "ubnd")
    assert {"ubnd", "uy", "ban", "nhan", "dan"} <= query.highlight_words
    assert parse("UBND").highlight_phrases == (("uy", "ban", "nhan", "dan"),)
    html = str(snippet("Người dân gửi Ủy ban nhân dân; UBND trả lời.", {"ubnd"}, phrases=(("uy", "ban", "nhan", "dan"),)))
    assert html == "Người dân gửi <mark>Ủy</mark> <mark>ban</mark> <mark>nhân</mark> <mark>dân</mark>; <mark>UBND</mark> trả lời."
    assert parse('"thủ tục hành chính"').groups == []   # a quoted phrase is literal


def test_a_pasted_paragraph_keeps_its_first_words():
    query = parse(" ".join(f"từ{n}" for n in range(200)))
    assert sum(len(item.words) for item in query.positive) == MAX_TERMS and query.cut
    assert not parse("một hai ba").cut


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
