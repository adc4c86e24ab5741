"""What goes over the wire: static files under content-hashed names, compressed once and cached
for a year (old names still answer); pages compressed by Accept-Encoding; cached anonymous pages
kept compressed; /favicon.ico; and the demo's open consultation page, signed in, with every
asset, in at most 50 KB and 6 requests."""
from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest
from flask import url_for

from civic.core import assets as assets_module
from tests.conftest import login, post_form
from tests.factories import make_consultation, make_user

STATIC = Path(__file__).resolve().parents[2] / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


def decode(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    assert encoding is None, encoding
    return body


def digest(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:8]


# --- static files ---------------------------------------------------------------------------

def test_url_for_static_gives_the_content_hashed_name(app):
    with app.test_request_context():
        assert url_for("static", filename="css/site.css") == f"/static/css/site.{digest('css/site.css')}.css"
        assert url_for("static", filename="vendor/htmx.min.js") == f"/static/vendor/htmx.min.{digest('vendor/htmx.min.js')}.js"
        assert url_for("static", filename="no-such-file.css") == "/static/no-such-file.css"


def test_pages_link_the_hashed_names(client):
    page = client.get("/").get_data(as_text=True)
    assert f'href="/static/css/site.{digest("css/site.css")}.css"' in page
    assert f'src="/static/js/site.{digest("js/site.js")}.js"' in page
    assert f'href="/static/favicon.{digest("favicon.svg")}.svg"' in page


@pytest.mark.parametrize("accept, encoding, unpack", [
    ("br, gzip", "br", brotli.decompress),
    ("gzip, deflate", "gzip", gzip.decompress),
    ("gzip;q=0.5, br;q=0.9", "br", brotli.decompress),
    ("", None, bytes),
    ("identity", None, bytes),
])
def test_hashed_static_file_is_compressed_as_asked_and_cached_for_a_year(client, accept, encoding, unpack):
    name = f"/static/css/site.{digest('css/site.css')}.css"
    response = client.get(name, headers={"Accept-Encoding": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert unpack(response.get_data()) == (STATIC / "css/site.css").read_bytes()
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.mimetype == "text/css"
    if encoding:
        assert len(response.get_data()) < (STATIC / "css/site.css").stat().st_size / 3


def test_static_file_answers_304_to_its_etag(client):
    name = f"/static/vendor/htmx.min.{digest('vendor/htmx.min.js')}.js"
    first = client.get(name, headers={"Accept-Encoding": "br"})
    again = client.get(name, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    # Another encoding is another representation: no false 304.
    other = client.get(name, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_old_unhashed_and_stale_hashed_names_still_answer_but_are_revalidated(client):
    plain = client.get("/static/js/site.js")
    assert plain.status_code == 200 and decode(plain) == (STATIC / "js/site.js").read_bytes()
    assert plain.headers["Cache-Control"] == "public, no-cache" and plain.headers["ETag"]
    stale = client.get("/static/js/site.00000000.js")
    assert stale.status_code == 200 and decode(stale) == (STATIC / "js/site.js").read_bytes()
    assert "immutable" not in stale.headers["Cache-Control"]


def test_static_files_carry_no_session_cookie_and_do_not_vary_by_cookie(client):
    login(client, make_user())
    response = client.get(f"/static/css/site.{digest('css/site.css')}.css")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/static/../civic/__init__.py", "/static/%2e%2e/pyproject.toml", "/static/css", "/static/nothing.js"])
def test_nothing_outside_or_missing_is_served(client, path):
    assert client.get(path).status_code == 404


def test_an_edited_file_gets_a_new_name(tmp_path):
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "a.css").write_text("p { color: red }")
    found = assets_module.Assets(folder)
    first = found.url_name("a.css")
    (folder / "a.css").write_text("p { color: blue; margin: 0 }")
    second = found.url_name("a.css")
    assert first != second and re.fullmatch(r"a\.[0-9a-f]{8}\.css", second)
    asset, current = found.find(second)
    assert current and asset.body == b"p { color: blue; margin: 0 }"
    assert found.find(first) == (asset, False)


def test_favicon_ico_is_an_icon_cached_for_a_day(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert response.headers["Cache-Control"] == "public, max-age=86400" and response.headers["ETag"]
    assert client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_one_date_header_at_most(client):
    """make_conditional adds a Date header; the server adds its own: two would be invalid."""
    response = client.get(f"/static/css/site.{digest('css/site.css')}.css")
    assert "Date" not in response.headers


# --- pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("", None)])
def test_pages_and_fragments_are_compressed_by_accept_encoding(client, db, accept, encoding):
    from civic.search import service as search_service

    make_consultation(title="Dự thảo quy định về cải cách hành chính")
    search_service.reindex()
    headers = {"Accept-Encoding": accept} if accept else {}
    page = client.get("/consultations", headers=headers)
    assert page.headers.get("Content-Encoding") == encoding
    assert decode(page).decode().startswith("<!doctype html>")
    vary = page.headers["Vary"]
    assert "Accept-Encoding" in vary and "HX-Request" in vary
    fragment = client.get("/search?q=cai+cach", headers={**headers, "HX-Request": "true"})
    assert fragment.headers.get("Content-Encoding") == encoding
    assert decode(fragment).decode().startswith('<div id="search-results"')
    assert "1 kết quả" in decode(fragment).decode()


def test_cached_anonymous_page_is_kept_and_served_compressed(client, db):
    from civic.core import pagecache

    consultation = make_consultation()
    path = f"/consultations/{consultation.id}"
    plain = client.get(path)
    assert plain.headers.get("Content-Encoding") is None
    assert len(pagecache._entries) == 1
    entry = next(iter(pagecache._entries.values()))
    first = client.get(path, headers={"Accept-Encoding": "br, gzip"})
    second = client.get(path, headers={"Accept-Encoding": "br, gzip"})
    gz = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
    assert gz.headers["Content-Encoding"] == "gzip"
    assert decode(first) == decode(second) == decode(gz) == plain.get_data()
    assert set(entry.bodies) == {None, "br", "gzip"}  # each encoding made once, then kept
    assert second.get_data() is not None and entry.bodies["br"] == second.get_data()
    assert "Accept-Encoding" in second.headers["Vary"]
    assert pagecache._size == sum(len(body) for body in entry.bodies.values())


def test_first_render_of_a_cached_page_is_already_compressed(client, db):
    consultation = make_consultation()
    response = client.get(f"/consultations/{consultation.id}", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert "<h1" in brotli.decompress(response.get_data()).decode()


def test_pages_have_no_etag_so_conditional_requests_never_serve_a_stale_form(client):
    """Each signed-in page carries the session's CSRF token: nothing answers 304 with an old copy."""
    login(client, make_user())
    headers = {"If-None-Match": "*", "If-Modified-Since": "Sun, 01 Jan 2090 00:00:00 GMT", "Accept-Encoding": "br"}
    response = client.get("/account", headers=headers)
    assert response.status_code == 200 and "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-cache, private"
    token = re.search(r'name="csrf-token" content="([^"]+)"', brotli.decompress(response.get_data()).decode()).group(1)
    # The token from the compressed page works for a form post.
    assert client.post("/preferences", data={"csrf_token": token, "text_size": "larger", "next": "/"}).status_code == 303
    assert post_form(client, "/preferences", {"text_size": "reset", "next": "/"}).status_code == 303


# --- the page weight the product is held to (PRODUCT.md: at most 50 KB with every asset) -----

ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/[^"]+)"')


def _wire_bytes(response) -> int:
    """The response as it leaves the application: status line, headers and body."""
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
    return len(head.encode("latin-1")) + len(response.get_data())


def test_open_consultation_page_signed_in_weighs_at_most_50_kb_in_6_requests(app, client, db, capsys):
    from sqlalchemy import func, select

    from civic.comments.models import Comment
    from civic.consultations.models import Consultation
    from civic.core.timeutil import local_today
    from civic.demo import seed_demo

    printed = []
    seed_demo(printed.append)
    password = re.search(r"nguoidan1@example\.com\s+(\S+)", "\n".join(printed)).group(1)
    today = local_today()
    # The open consultation with the most comments.
    consultation_id = db.session.execute(
        select(Consultation.id)
        .outerjoin(Comment, Comment.subject_id == Consultation.id)
        .where(Consultation.opens_on <= today, Consultation.closes_on >= today, Consultation.concluded_at.is_(None))
        .group_by(Consultation.id).order_by(func.count(Comment.id).desc())
    ).first()[0]
    client.post("/login", data={"email": "nguoidan1@example.com", "password": password,
                                "csrf_token": _login_token(client)})

    headers = {"Accept-Encoding": "br, gzip"}
    page = client.get(f"/consultations/{consultation_id}", headers=headers)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    html = brotli.decompress(page.get_data()).decode()
    assert "Đăng xuất" in html and 'name="csrf-token" content=""' not in html  # signed in
    assert html.count('class="comment"') + html.count('class="comment ') >= 10  # the real page
    requests = [(f"/consultations/{consultation_id}", _wire_bytes(page), len(page.get_data()))]
    for path in sorted(set(ASSET.findall(html))):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        requests.append((path, _wire_bytes(response), len(response.get_data())))
    total = sum(size for _, size, _ in requests)
    bodies = sum(body for _, _, body in requests)
    with capsys.disabled():
        print(f"\nopen consultation page, signed in, with every asset: {total / 1024:.1f} KB on the wire "
              f"({bodies / 1024:.1f} KB of bodies) in {len(requests)} requests")
        for path, size, body in requests:
            print(f"  {size:>7} B  {path}")
    assert len(requests) <= 6
    assert total <= 50 * 1024


def _login_token(client) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
