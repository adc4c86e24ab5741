"""Search in the site: what is found (public only), freshness after posting, hiding, the page
with and without htmx, the API, bad input, a missing index, failed writes retried, reindex,
on the Whoosh backend and (on PostgreSQL databases) the PostgreSQL backend."""
from __future__ import annotations

import gc
import multiprocessing
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from civic.comments import services as comment_services
from civic.comments.models import HIDDEN, Comment
from civic.consultations import services as consultation_services
from civic.search import service as search_service
from civic.core.changes import Change
from civic.search.whoosh_backend import WhooshBackend
from tests.conftest import count_queries, make_test_app, post_form
from tests.factories import make_consultation, make_user


@pytest.fixture(params=["whoosh", "postgres"])
def backend_name(request, app, database_url):
    if request.param == "postgres":
        assert database_url.startswith("postgresql")  # (tests/search/conftest.py leaves SQLite out)
        app.config["SEARCH_BACKEND"] = "postgres"
    search_service.reindex()
    yield request.param
    if request.param == "postgres":
        search_service.backend().rebuild([])
    search_service.close_backends()


def indexed():
    """Data made outside a request (factories) reaches the index as a request's would."""
    search_service.flush()


def found(client, q, **args):
    response = client.get("/search", query_string={"q": q, **args})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def urls(html):
    return re.findall(r'<a class="hit-title" href="([^"]+)"', html)


@pytest.fixture
def consultation(app):
    item = make_consultation(title="Cải cách hành chính trong đăng ký kinh doanh")
    indexed()
    return item


@pytest.fixture
def citizen(client, signed_in):
    user = make_user()
    signed_in(user)
    return user


def post_comment(client, consultation, body, htmx=False):
    response = post_form(client, f"/consultations/{consultation.id}/comments", {"body": body}, htmx=htmx)
    assert response.status_code in (200, 303), response.get_data(as_text=True)[:500]
    return response


def test_found_without_diacritics_with_highlights(client, backend_name, consultation):
    html = found(client, "cai cach hanh chinh")
    assert f"/consultations/{consultation.id}" in html
    assert "<mark>Cải</mark> <mark>cách</mark> <mark>hành</mark> <mark>chính</mark>" in html
    assert urls(html)[0] == f"/consultations/{consultation.id}-{consultation.slug}"   # every word, first
    assert f"/consultations/{consultation.id}" in found(client, "dang ky kinh doanh")
    # the draft's sections are found too, linked to their anchor
    html = found(client, "dich vu cong truc tuyen", kind="section")
    assert re.search(rf'/consultations/{consultation.id}-[^"#]*#section-\d+', html)


def test_a_comment_is_found_as_soon_as_the_request_that_saved_it_returns(client, backend_name, consultation, citizen, db):
    post_comment(client, consultation, "Đề nghị bổ sung chính sách nhà ở xã hội cho công nhân khu chế xuất.")
    comment = db.session.scalars(select(Comment)).one()
    assert f"/comments/{comment.id}" in urls(found(client, "nha o xa hoi cong nhan"))
    post_comment(client, consultation, "Cần thêm chỗ gửi xe đạp điện ở bệnh viện.", htmx=True)
    assert len(urls(found(client, "xe dap dien"))) == 1


def test_withdrawn_and_hidden_comments_leave_the_results_at_once(client, backend_name, consultation, citizen, db):
    post_comment(client, consultation, "Ý kiến về lệ phí trước bạ ô tô điện.")
    post_comment(client, consultation, "Ý kiến thứ hai về lệ phí trước bạ nhà đất.")
    first, second = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert len(urls(found(client, "le phi truoc ba"))) == 2
    response = post_form(client, f"/comments/{first.id}/withdraw")
    assert response.status_code == 303
    assert urls(found(client, "le phi truoc ba")) == [f"/comments/{second.id}"]
    comment = db.session.get(Comment, second.id)
    comment.status = HIDDEN  # what moderation does
    db.session.commit()
    indexed()
    assert urls(found(client, "le phi truoc ba")) == []


def test_drafts_are_never_found_until_published(client, backend_name, db):
    draft = make_consultation(status="draft", title="Quy hoạch khu đô thị ven sông Hàn")
    indexed()
    assert urls(found(client, "quy hoach ven song han")) == []
    search_service.reindex()
    assert urls(found(client, "quy hoach ven song han")) == []
    consultation_services.publish(draft)
    db.session.commit()
    indexed()
    assert urls(found(client, "quy hoach ven song han"))[0] == f"/consultations/{draft.id}-{draft.slug}"


def test_snippets_and_titles_never_carry_markup(client, backend_name, consultation, citizen):
    post_comment(client, consultation, '<script>alert("x")</script> <img src=x onerror=alert(1)> đường sắt đô thị')
    html = found(client, "duong sat do thi")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>đường</mark>" in html
    html = found(client, "Dự thảo")  # the factory's hostile title
    assert "<script>alert" not in html


def test_reindex_gives_what_incremental_updates_gave(client, backend_name, consultation, citizen):
    for body in ("Giảm thời gian cấp giấy phép xây dựng.", "Công khai tiến độ cấp giấy phép.", "Phí cấp phép cao."):
        post_comment(client, consultation, body)
    queries = ["cap giay phep", "giấy phép", "phi", "cai cach hanh chinh", "dieu 1"]
    before = {q: sorted(urls(found(client, q))) for q in queries}
    search_service.reindex()
    assert {q: sorted(urls(found(client, q))) for q in queries} == before
    assert len(before["cap giay phep"]) >= 2


def test_htmx_gets_the_results_fragment_and_a_plain_request_the_page(client, backend_name, consultation):
    htmx = client.get("/search?q=hanh+chinh", headers={"HX-Request": "true"})
    body = htmx.get_data(as_text=True)
    assert htmx.status_code == 200 and body.startswith('<div id="search-results"') and "<html" not in body
    assert "HX-Request" in htmx.headers.get("Vary", "")
    plain = client.get("/search?q=hanh+chinh")
    page = plain.get_data(as_text=True)
    assert "<html" in page and 'id="search-results"' in page and 'data-hx-push-url="true"' in page
    assert 'name="q"' in page and 'value="hanh chinh"' in page


def test_empty_query_and_nothing_found(client, backend_name, consultation):
    page = found(client, "")
    assert "cai cach hanh chinh" in page and "Không tìm thấy" not in page
    page = found(client, "khongcotukhoanaynhe")
    assert "Không tìm thấy kết quả" in page and "Thử từ khoá ngắn hơn" in page


@pytest.mark.parametrize("args,message", [
    ({"q": "hanh chinh", "page": "abc"}, None),
    ({"q": "hanh chinh", "page": "-3"}, None),
    ({"q": "hanh chinh", "page": "99999999999999999999"}, None),
    ({"q": "hanh chinh", "from": "31/02/2026"}, "Từ ngày không hợp lệ"),
    ({"q": "hanh chinh", "to": "2026-13-01"}, "Đến ngày không hợp lệ"),
    ({"q": "hanh chinh", "from": "2026-05-01", "to": "2026-01-01"}, "Ngày bắt đầu phải trước ngày kết thúc."),
    ({"q": "hanh chinh", "kind": "<evil>", "sort": "drop", "status": "x", "agency": "'; --", "topic": "\x00"}, None),
    ({"q": "hanh chinh " * 300}, "Từ khoá quá dài"),
    ({"q": "\x00\x01 hanh\x00 chinh 😀 \"unbalanced -"}, None),
    ({"q": "AND OR NOT * - \""}, None),
])
def test_bad_input_is_a_message_never_an_error(client, backend_name, consultation, args, message):
    response = client.get("/search", query_string=args)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if message:
        assert message in html
    api = client.get("/api/v1/search", query_string=args)
    assert api.status_code == 200 and isinstance(api.get_json()["items"], list)


def test_filters_on_the_page(client, backend_name, db, consultation, citizen):
    post_comment(client, consultation, "Thủ tục hành chính cần rút gọn.")
    phrase = '"hanh chinh"'
    assert len(urls(found(client, phrase))) == 2
    assert len(urls(found(client, phrase, kind="comment"))) == 1
    assert urls(found(client, phrase, kind="comment", agency="no-such-agency")) == []
    assert urls(found(client, phrase, status="open")) == [f"/consultations/{consultation.id}-{consultation.slug}"]
    assert urls(found(client, phrase, status="concluded")) == []
    assert urls(found(client, phrase, **{"from": "2000-01-01", "to": "2000-12-31"})) == []
    assert found(client, phrase, kind="comment").count('selected') >= 1


def test_pagination_keeps_the_query_and_filters(client, backend_name, db, consultation):
    user = make_user()
    for n in range(23):
        comment_services.post_comment(user, "consultation", consultation, f"Ý kiến số {n} về an toàn thực phẩm.")
    db.session.commit()
    indexed()
    first = found(client, "an toan thuc pham", kind="comment")
    assert "23 kết quả" in first and len(urls(first)) == 20
    assert "page=2" in first and "kind=comment" in first
    second = found(client, "an toan thuc pham", kind="comment", page=2)
    assert len(urls(second)) == 3 and not set(urls(first)) & set(urls(second))


def test_the_api_returns_the_same_results(client, backend_name, consultation, citizen):
    post_comment(client, consultation, "Hạ tầng giao thông <b>kém</b>.")
    data = client.get("/api/v1/search?q=ha+tang+giao+thong").get_json()
    assert data["total"] == 1 and data["query"] == "ha tang giao thong"
    item = data["items"][0]
    assert item["kind"] == "comment" and item["url"].endswith(urls(found(client, "ha tang giao thong"))[0])
    assert "<mark>Hạ</mark>" in item["snippet"] and "<b>" not in item["snippet"]


def test_a_search_page_runs_a_fixed_number_of_queries(client, backend_name, db, consultation):
    user = make_user()

    def queries_for_search():
        client.get("/search?q=an+toan")  # warm
        with count_queries() as counter:
            assert client.get("/search?q=an+toan").status_code == 200
        return counter.count

    comment_services.post_comment(user, "consultation", consultation, "An toàn giao thông.")
    db.session.commit()
    indexed()
    few = queries_for_search()
    for n in range(30):
        comment_services.post_comment(user, "consultation", consultation, f"An toàn lao động {n}.")
    db.session.commit()
    indexed()
    # PostgreSQL: the term statistics, the matches with their positions, the page's documents
    assert queries_for_search() == few <= 7


def test_a_missing_index_keeps_the_site_up_and_a_reindex_restores_it(client, app, consultation, runner):
    assert f"/consultations/{consultation.id}" in found(client, "cai cach")
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    response = client.get("/search?q=cai+cach")
    assert response.status_code == 503
    assert "Tìm kiếm tạm thời không hoạt động" in response.get_data(as_text=True)
    assert client.get("/api/v1/search?q=cai+cach").status_code == 503
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["search"] == "unavailable"
    assert client.get("/").status_code == 200
    assert client.get(f"/consultations/{consultation.id}").status_code == 200
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "indexed" in result.output
    assert f"/consultations/{consultation.id}" in found(client, "cai cach")
    assert client.get("/readyz").get_json()["checks"]["search"] == "ok"


# Whoosh leaves the unreadable table of contents for the garbage collector to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_broken_index_is_reported_not_an_error(client, app, consultation):
    directory = Path(app.config["SEARCH_INDEX_DIR"])
    for path in directory.iterdir():
        path.write_bytes(b"not an index")
    search_service.close_backends()
    assert client.get("/search?q=cai+cach").status_code == 503
    assert client.get("/readyz").status_code == 503
    search_service.reindex()  # a reindex replaces a broken index
    assert f"/consultations/{consultation.id}" in found(client, "cai cach")
    gc.collect()


def test_a_failed_index_write_is_queued_and_retried(client, app, db, consultation, citizen, monkeypatch):
    real_apply = WhooshBackend.apply
    calls = []

    def locked(self, changes):
        calls.append(changes)
        raise TimeoutError("index locked by another worker")

    monkeypatch.setattr(WhooshBackend, "apply", locked)
    response = post_comment(client, consultation, "Ý kiến về chợ truyền thống Bến Thành.")
    assert response.status_code == 303 and calls
    assert "comment" in {row.kind for row in db.session.scalars(select(Change))}
    assert urls(found(client, "cho truyen thong")) == []
    monkeypatch.setattr(WhooshBackend, "apply", real_apply)
    post_comment(client, consultation, "Ý kiến khác về vỉa hè.")
    assert len(urls(found(client, "cho truyen thong"))) == 1
    assert len(urls(found(client, "via he"))) == 1
    assert db.session.scalars(select(Change)).all() == []


def test_reindex_empties_the_retry_queue(app, db, consultation):
    db.session.add(Change(consumer="search", kind="consultation", row_id=consultation.id))
    db.session.commit()
    search_service.reindex()
    assert search_service.queued_count() == 0


def _write_from_another_process(database_url, instance, ids):
    application = make_test_app(database_url, Path(instance))
    with application.app_context():
        for comment_id in ids:
            assert search_service.update({("comment", comment_id)}), "an index write failed"


def test_several_processes_writing_at_once_lose_nothing(app, db, database_url, consultation):
    user = make_user()
    comments = [comment_services.post_comment(user, "consultation", consultation, f"Kiến nghị số {n} về cấp nước sạch.")
                for n in range(24)]
    db.session.commit()
    from flask import g
    g.pop("changes_committed", None)  # not indexed here: the other processes do it
    ids = [c.id for c in comments]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_from_another_process, args=(database_url, app.config["INSTANCE_DIR"], ids[k::4]))
               for k in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    search_service.close_backends()
    query = __import__("civic.search.query", fromlist=["parse"]).parse('"cap nuoc sach"')
    assert search_service.backend().count(query) == 24


def test_the_retry_command_writes_what_waits(app, db, consultation, runner, client):
    db.session.add(Change(consumer="search", kind="consultation", row_id=consultation.id))
    db.session.commit()
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    result = runner.invoke(args=["search", "retry"])
    assert result.exit_code != 0 and "still waiting" in result.output  # no index to write to
    search_service.backend().rebuild([])
    search_service.close_backends()
    result = runner.invoke(args=["search", "retry"])
    assert result.exit_code == 0 and "wrote 1" in result.output
    assert f"/consultations/{consultation.id}" in found(client, "cai cach")
    assert runner.invoke(args=["search", "retry"]).output.strip() == "nothing waiting"


def test_extending_a_consultation_does_not_reindex_its_comments_a_new_title_does(app, db, consultation):
    from datetime import timedelta

    from flask import g

    def written():   # what the commit wrote to the change stream for search (then forgotten)
        rows = {(row.kind, row.row_id) for row in db.session.scalars(select(Change).where(Change.consumer == "search"))}
        g.pop("changes_committed", None)
        db.session.execute(delete(Change))
        db.session.commit()
        return rows

    written()
    consultation.closes_on = consultation.closes_on + timedelta(days=5)
    db.session.commit()
    pending = written()
    assert ("consultation", consultation.id) in pending
    assert not any(kind.startswith("comments_of:") for kind, _ in pending)
    consultation.title = "Tên mới của dự thảo về chợ đêm"
    db.session.commit()
    assert ("comments_of:consultation", consultation.id) in written()


def test_an_index_built_by_an_earlier_version_asks_for_a_reindex(client, app, consultation):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    directory = Path(app.config["SEARCH_INDEX_DIR"])
    search_service.close_backends()
    shutil.rmtree(directory)
    directory.mkdir()
    whoosh_index.create_in(str(directory), Schema(id=ID(stored=True), text=TEXT()))   # an older schema
    assert client.get("/search?q=cai+cach").status_code == 503
    search_service.reindex()
    assert f"/consultations/{consultation.id}" in found(client, "cai cach")


def test_the_count_says_how_many_hold_every_word(client, backend_name, consultation, citizen):
    post_comment(client, consultation, "Đăng ký kinh doanh qua mạng còn chậm.")
    post_comment(client, consultation, "Hồ sơ kinh doanh hộ gia đình.")
    html = found(client, "dang ky kinh doanh qua mang")
    status = re.search(r'<p role="status">(.*?)</p>', html, re.S).group(1)
    total = int(re.match(r"(\d+) kết quả", status).group(1))
    every = int(re.search(r"\((\d+) chứa mọi từ, (\d+) chứa một số từ\)", status).group(1))
    assert every == 1 and total > every
    assert urls(html)[0].startswith("/comments/")           # the one holding every word, first
    api = client.get("/api/v1/search", query_string={"q": "dang ky kinh doanh qua mang"}).get_json()
    assert (api["total"], api["complete"]) == (total, every)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_mistyped_word_gets_a_suggestion_that_searches_it(client, backend_name, consultation, citizen, htmx):
    post_comment(client, consultation, "Cần hỗ trợ người cao tuổi khi nộp hồ sơ trực tuyến.")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/search", query_string={"q": "nguoi cao tuoij", "kind": "comment"}, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and ("<html" in html) != htmx
    assert "Có phải bạn muốn tìm:" in html
    link = re.search(r'<p class="suggestion">.*?<a href="([^"]+)"', html, re.S).group(1)
    assert "q=nguoi+cao+tuoi&amp;kind=comment" in link or "q=nguoi+cao+tuoi&kind=comment" in link
    assert "Có phải bạn muốn tìm" not in found(client, "nguoi cao tuoi")
    api = client.get("/api/v1/search", query_string={"q": "nguoi cao tuoij"}).get_json()
    assert api["suggestion"] == "nguoi cao tuoi"


def test_a_pasted_paragraph_is_searched_by_its_first_words_with_a_message(client, backend_name, consultation):
    paragraph = " ".join(["Đề nghị cơ quan soạn thảo xem xét lại quy định về thời hạn giải quyết hồ sơ"] * 15)
    html = found(client, paragraph[:190])
    assert "quá nhiều từ" in html and "chỉ 16 từ đầu được dùng" in html
    assert urls(html)                                           # and still finds what they mean


def _killed_after_commit(client, consultation, body, monkeypatch):
    """Post a comment in a worker that stops between its commit and the index write."""
    from flask import g

    from civic.core import changes

    class Killed(Exception):
        pass

    def killed():
        if g.pop("changes_committed", False):   # (the form's own GET commits nothing)
            raise Killed("worker killed between the commit and the index write")

    monkeypatch.setattr(changes, "flush", killed)
    with pytest.raises(Killed):
        post_form(client, f"/consultations/{consultation.id}/comments", {"body": body})
    monkeypatch.undo()


def test_a_worker_killed_after_its_commit_loses_nothing_the_next_write_applies_it(client, backend_name, db, consultation, citizen, monkeypatch):
    _killed_after_commit(client, consultation, "Đề nghị lắp đèn chiếu sáng hẻm 42.", monkeypatch)
    assert db.session.scalars(select(Comment)).one()            # committed...
    assert urls(found(client, "den chieu sang hem")) == []      # ...but not in the index
    ready = client.get("/readyz").get_json()
    assert ready["changes"]["waiting"] >= 1 and ready["changes"]["oldest_seconds"] >= 0
    post_comment(client, consultation, "Cần thêm thùng rác ở chợ.")   # the next request that writes
    assert len(urls(found(client, "den chieu sang hem"))) == 1
    assert len(urls(found(client, "thung rac"))) == 1
    assert client.get("/readyz").get_json()["changes"]["waiting"] == 0


def test_the_changes_apply_command_applies_what_a_killed_worker_left(client, backend_name, db, runner, consultation, citizen, monkeypatch):
    _killed_after_commit(client, consultation, "Đề nghị lắp đèn chiếu sáng hẻm 42.", monkeypatch)
    assert urls(found(client, "den chieu sang hem")) == []
    assert db.session.scalars(select(Comment)).one()
    result = runner.invoke(args=["changes", "apply"])
    assert result.exit_code == 0 and "nothing waiting" in result.output and "applied" in result.output
    assert len(urls(found(client, "den chieu sang hem"))) == 1
    assert runner.invoke(args=["changes", "apply"]).output.strip() == "nothing waiting"


def test_a_rolled_back_change_writes_nothing_to_the_stream(app, db, consultation):
    consultation.title = "Một tiêu đề không bao giờ được lưu"
    db.session.flush()
    assert db.session.scalars(select(Change)).all()            # written in the transaction...
    db.session.rollback()
    assert db.session.scalars(select(Change)).all() == []      # ...and gone with it
