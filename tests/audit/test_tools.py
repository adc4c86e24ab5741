"""The audit's own parts, on small inputs: what the crawler reads from a page, what the page
weight counts, how LinkChecker's output is read, which pages axe is given."""
from __future__ import annotations

import gzip
import threading

import pytest
from flask import Flask, Response, request
from werkzeug.serving import make_server

from audit import axe, crawl, links, weight
from tests.browser.conftest import _QuietHandler

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta name="csrf-token" content="tok">
<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js" defer></script></head>
<body><a href="/ideas">Ý tưởng</a><a href="https://example.org/x">ngoài</a>
<form method="post" action="/ideas/new"><input type="hidden" name="next" value="/">
<input name="title"><textarea name="body"></textarea><button>Gửi</button></form>
<form method="post" action="/ideas/1/support"><input type="hidden" name="csrf_token" value="tok"><button>Ủng hộ</button></form>
<div data-hx-get="/notices/count" data-hx-trigger="load"></div>
<img src="/static/a.png" srcset="/static/a.png 1x, /static/a2.png 2x" alt=""></body></html>"""


def test_the_crawler_reads_links_forms_and_the_csrf_token():
    parsed = crawl._Links()
    parsed.feed(PAGE)
    assert parsed.links == ["/ideas", "https://example.org/x"]
    assert parsed.csrf == "tok"
    typed = [f for f in parsed.forms if f.typed]
    assert [(f.action, f.typed, f.hidden) for f in typed] == [("/ideas/new", ["title", "body"], [("next", "/")])]
    # a one-button form (nothing typed) is never sent empty: it would act
    assert [f.action for f in parsed.forms if not f.typed] == ["/ideas/1/support"]


@pytest.fixture
def tiny_site():
    app = Flask(__name__)
    css = b"body{background:url(/static/bg.svg)}" * 20

    def maybe_gzip(body: bytes, mimetype: str) -> Response:
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            return Response(gzip.compress(body), mimetype=mimetype, headers={"Content-Encoding": "gzip"})
        return Response(body, mimetype=mimetype)

    @app.get("/page")
    def page():
        return maybe_gzip(PAGE.encode(), "text/html")

    @app.get("/static/site.css")
    def stylesheet():
        return maybe_gzip(css, "text/css")

    @app.get("/static/<path:name>")
    def asset(name):
        return Response(b"x" * 100, mimetype="application/octet-stream")

    @app.get("/notices/count")
    def count():
        return "3"

    @app.get("/form")
    def form_page():
        return '<!DOCTYPE html><form id="comment-form" method="post" action="/c"><p id="note">x</p></form>'

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    server.server_close()


def test_the_page_weight_counts_compressed_bytes_and_every_asset(tiny_site):
    measured = weight.measure(tiny_site, "/page", "session=abc")
    urls = [t.url for t in measured.transfers]
    assert urls[0] == "/page"
    assert set(urls[1:]) == {"/static/site.css", "/static/app.js", "/notices/count", "/static/a.png",
                             "/static/a2.png", "/static/bg.svg", "/favicon.ico"}
    page = measured.transfers[0]
    assert page.encoding == "gzip" and page.body_bytes == len(gzip.compress(PAGE.encode()))
    assert page.body_bytes < len(PAGE.encode())
    favicon = next(t for t in measured.transfers if t.url == "/favicon.ico")
    assert favicon.status == 404  # asked for by every browser when the page names no icon
    assert measured.requests == 8 and not measured.ok
    assert measured.total == sum(t.header_bytes + t.body_bytes for t in measured.transfers)


CSV = """# created by LinkChecker
urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;dltime;size;checktime;cached;level;modified
/ideas/new;http://h/ideas;;200 OK;Redirected to `http://h/login?next=/ideas/new' status: 302 FOUND.;;True;http://h/login;75;3;Gửi;0;1;1;0;2;
/c/1#comment-4;http://h/comments/4/replies;;200 OK;Anchor `comment-4' (decoded: `comment-4') not found. Available anchors: `a', `b'.;;True;http://h/c/1;72;4;x;0;1;1;0;2;
/gone;http://h/;;404 NOT FOUND;;;False;http://h/gone;9;1;y;0;1;1;0;1;
# Stopped checking
"""


def test_linkchecker_output_is_read_as_errors_anchor_and_other_warnings():
    result = links.parse("citizen", CSV, "That's it. 475 links in 476 URLs checked. 2 warnings found. 1 error found.")
    assert result.checked == 476
    assert result.errors == ["/gone (on http://h/, line 9): 404 NOT FOUND"]
    assert result.anchor_warnings == ["/c/1#comment-4 (on http://h/comments/4/replies, line 72): "
                                      "Anchor `comment-4' (decoded: `comment-4') not found"]
    assert result.anchors == [("http://h/c/1", "comment-4")]
    assert len(result.other_warnings) == 1 and "Redirected" in result.other_warnings[0]


def test_axe_gets_one_page_per_kind():
    visits = [
        crawl.Visit("anonymous", "GET", "/ideas/1", "ideas.show", 200, file="a/1.html"),
        crawl.Visit("anonymous", "GET", "/ideas/2", "ideas.show", 200, file="a/2.html"),
        crawl.Visit("citizen", "GET", "/ideas/1", "ideas.show", 200, file="c/1.html"),
        crawl.Visit("citizen", "POST", "/ideas/new", "ideas.new", 422, file="c/2.html"),
        crawl.Visit("citizen", "GET", "/comments/1", "comments.permalink", 302, kind="redirect"),
    ]
    assert [v.file for v in axe.select(visits)] == ["a/1.html", "c/1.html", "c/2.html"]
    assert [v.file for v in axe.select(visits, per_identity=False)] == ["a/1.html", "c/2.html"]


def test_anchor_warnings_for_an_id_on_a_post_form_are_told_apart(tiny_site):
    result = links.LinkResult("citizen")
    result.anchor_warnings = ["/form#comment-form (on /, line 1): Anchor `comment-form' not found",
                              "/form#gone (on /, line 2): Anchor `gone' not found"]
    result.anchors = [(tiny_site + "/form", "comment-form"), (tiny_site + "/form", "gone")]
    links.explain_anchors(result, {"session": "abc"})
    assert result.on_post_forms == [result.anchor_warnings[0]]
