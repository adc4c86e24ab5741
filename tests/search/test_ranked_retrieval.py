"""Ranked retrieval measured and checked on both engines (Whoosh and PostgreSQL):

- the judged Vietnamese set (tests/data/search_judged/, TAXONOMY.md): nDCG@10 and recall@20
  against plain BM25 over the same folded syllables and pairs (rank-bm25), computed here;
- no query finds nothing while a document holds half of its words;
- old and new tone placement, abbreviations both ways, a mistyped syllable's suggestion."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from civic.search.documents import Filters, SearchDocument
from civic.search.postgres_backend import PostgresBackend
from civic.search.query import parse
from civic.search.analysis import fold_token, tokens
from civic.search.spelling import suggest
from civic.search.whoosh_backend import WhooshBackend
from tests.conftest import postgres_url, skip_or_fail
from tests.search import judged

FLOOR = 0.9   # the test fails below 0.9 × the baseline; the goal is at least the baseline


def _engine(name, tmp_path):
    if name == "whoosh":
        return WhooshBackend(str(tmp_path / "index")), None
    url = postgres_url()
    if url is None:
        skip_or_fail("TEST_DATABASE_URL is not set: the PostgreSQL search backend is not tested")
    sa_engine = create_engine(url)
    return PostgresBackend(sa_engine), sa_engine


@pytest.fixture(params=["whoosh", "postgres"])
def engine(request, tmp_path):
    backend, sa_engine = _engine(request.param, tmp_path)
    yield backend
    if sa_engine is not None:
        backend.rebuild([])
        sa_engine.dispose()
    else:
        backend.close()


@pytest.fixture(scope="module", params=["whoosh", "postgres"])
def judged_engine(request, tmp_path_factory):
    backend, sa_engine = _engine(request.param, tmp_path_factory.mktemp("judged"))
    docs, _ = judged.load()
    backend.rebuild([doc.search_document() for doc in docs])
    yield backend
    if sa_engine is not None:
        backend.rebuild([])
        sa_engine.dispose()
    else:
        backend.close()


def test_the_judged_set_is_what_the_issue_asks_for():
    docs, queries = judged.load()
    assert len(docs) >= 400 and len(queries) >= 50
    assert {doc.kind for doc in docs} == judged.KINDS
    assert all(1 <= len(q.text.split()) <= 8 and q.grades for q in queries)
    unaccented = [q for q in queries if q.text.isascii()]
    assert len(unaccented) >= len(queries) / 2
    assert len({doc.id for doc in docs}) == len(docs)


def test_ranking_is_at_least_as_good_as_bm25_on_the_judged_set(judged_engine):
    docs, queries = judged.load()
    baseline = judged.Baseline(docs)
    base_ndcg, base_recall, _ = judged.measure(baseline.top, queries)
    ndcg, recall, rows = judged.measure(lambda text, k: judged_engine.top(parse(text), k), queries)
    print(f"\n{judged_engine.name}: nDCG@10 {ndcg:.3f} (BM25 {base_ndcg:.3f}), recall@20 {recall:.3f} (BM25 {base_recall:.3f}) "
          f"over {len(docs)} documents and {len(queries)} queries")
    assert ndcg >= FLOOR * base_ndcg, rows
    assert recall >= FLOOR * base_recall, rows


def test_no_query_finds_nothing_while_a_document_holds_half_its_words(judged_engine):
    docs, queries = judged.load()
    words_of = {doc.id: {fold_token(w) for w in tokens(f"{doc.title}\n{doc.body}")} for doc in docs}
    for query in queries:
        words = {fold_token(w) for w in tokens(query.text)}
        if any(len(words & held) * 2 >= len(words) for held in words_of.values()):
            assert judged_engine.top(parse(query.text), 5), query.text


def test_the_issues_five_queries_find_what_they_mean(judged_engine):
    # With every word required these found none, or one, of the comments about them; ranked,
    # half or more of the first ten are (plain BM25 finds 7, 4, 8, 9 and 8 of ten).
    _, queries = judged.load()
    graded = {q.text: q.grades for q in queries}
    for text in ("đăng nhập VNeID bị lỗi", "mất kết nối khi nộp hồ sơ", "lo thong tin ca nhan",
                 "ban sao dien tu gia tri phap ly", "thời hạn kiểm tra hồ sơ"):
        top = judged_engine.top(parse(text), 10)
        assert sum(1 for doc in top if graded[text].get(doc, 0) > 0) >= 5, (text, top)


def doc(n, body, title=""):
    return SearchDocument(id=f"comment:{n}", kind="comment", title=title, body=body, url=f"/x/{n}")


def ids(engine, text):
    return [hit.id for hit in engine.search(parse(text), Filters(), limit=50).hits]


def test_old_and_new_tone_placement_are_one_word_also_for_exact_accents(engine):
    engine.rebuild([doc(1, "Hòa giải ở cơ sở và công trình thủy lợi"), doc(2, "Hoà giải tại phường, thuỷ lợi nội đồng"),
                    doc(3, "hoa giai co so, thuy loi"), doc(4, "Hoa hồng và thủy tinh")])
    for text in ("hoà giải", "hòa giải", "thuỷ lợi", "thủy lợi"):
        found = ids(engine, text)
        assert set(found[:2]) == {"comment:1", "comment:2"}, text     # exact accents, either placement
        assert "comment:3" in found                                   # unaccented: after them
    assert parse("khoẻ").exact_terms == parse("khỏe").exact_terms == ["khỏe"]


@pytest.mark.parametrize("typed,expected", [
    ("UBND", {"comment:1", "comment:2"}),
    ("ủy ban nhân dân", {"comment:1", "comment:2"}),
    ("uy ban nhan dan", {"comment:1", "comment:2"}),
    ("CCCD", {"comment:3", "comment:4"}),
    ("căn cước công dân", {"comment:3", "comment:4"}),
    ("TTHC", {"comment:5", "comment:6"}),
    ("thủ tục hành chính", {"comment:5", "comment:6"}),
    ("QSDĐ", {"comment:7", "comment:8"}),
    ("quyen su dung dat", {"comment:7", "comment:8"}),
])
def test_abbreviations_find_their_full_form_and_back(engine, typed, expected):
    engine.rebuild([
        doc(1, "UBND phường đã trả lời chậm."), doc(2, "Ủy ban nhân dân quận tiếp nhận đơn."),
        doc(3, "Mang theo CCCD gắn chip."), doc(4, "Thẻ căn cước công dân được dùng thay giấy tờ."),
        doc(5, "Rút gọn TTHC về đất đai."), doc(6, "Thủ tục hành chính còn rườm rà."),
        doc(7, "Cấp giấy chứng nhận QSDĐ lần đầu."), doc(8, "Quyền sử dụng đất của hộ gia đình."),
        doc(9, "Ban quản lý chợ và nhân viên dân phòng."),
    ])
    assert set(ids(engine, typed)[:2]) == expected


def test_a_mistyped_syllable_gets_a_suggestion_from_the_index(engine):
    engine.rebuild([doc(1, "Hỗ trợ người cao tuổi nộp hồ sơ"), doc(2, "Người cao tuổi cần được hướng dẫn"),
                    doc(3, "Đăng nhập VNeID bị lỗi")])
    assert suggest(parse("nguoi cao tuoij"), engine.frequencies) == "nguoi cao tuoi"
    assert suggest(parse("dang nhaap VNeID"), engine.frequencies) == "dang nhap VNeID"
    assert suggest(parse("người cao tuổi"), engine.frequencies) is None        # every word known
    assert suggest(parse("xyzqw"), engine.frequencies) is None                  # nothing near
    # and the mistyped query still ranks what its other words find
    assert set(ids(engine, "nguoi cao tuoij")[:2]) == {"comment:1", "comment:2"}


def test_common_syllables_alone_make_no_match_when_rarer_words_are_typed(engine):
    # "của" is in every document: a document holding only "của" is not a result of "phí của hồ sơ"
    common = [doc(n, f"Ý kiến số {n} của người dân về giao thông.") for n in range(1, 80)]
    engine.rebuild(common + [doc(100, "Lệ phí của hồ sơ trực tuyến"), doc(101, "Phí nộp hồ sơ")])
    result = engine.search(parse("phí của hồ sơ"), Filters(), limit=50)
    assert {hit.id for hit in result.hits} == {"comment:100", "comment:101"}
    assert (result.total, result.complete) == (2, 1)
    assert engine.count(parse("của")) == 80                       # alone, it finds what holds it


def test_a_long_query_searches_its_rarest_words(engine):
    engine.rebuild([doc(n, f"Người dân của phường {n} đề nghị về việc này.") for n in range(1, 30)]
                   + [doc(100, "Thời hạn giải quyết hồ sơ đất đai quá dài.")])
    text = "người dân của phường đề nghị về việc thời hạn giải quyết hồ sơ đất đai quá dài"
    query = parse(text)
    assert len(query.words) > 8
    found = engine.search(query, Filters(), limit=5)
    assert found.hits[0].id == "comment:100"
    assert found.total == 1        # the eight rarest words are all in comment:100 only


def test_a_concept_is_never_adjacent_to_the_text(engine):
    # the concept `ubnd` that the full form adds follows the text, but no pair or phrase runs into it
    engine.rebuild([doc(1, "Ủy ban nhân dân cấp giấy khai sinh và hộ tịch"), doc(2, "Hộ tịch UBND phường")])
    assert ids(engine, '"tich ubnd"') == ["comment:2"]
    assert ids(engine, '"ho tich ubnd"') == ["comment:2"]
    assert set(ids(engine, "ubnd")) == {"comment:1", "comment:2"}
