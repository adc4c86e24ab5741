"""The site's shell: headers, error pages, language and display preferences, health."""
import json
import re

import pytest
from flask import abort

from tests.conftest import make_test_app, post_form


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "HX-Request" in response.headers["Vary"]
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-ID"])


def test_pages_have_no_inline_scripts_or_handlers(client):
    for url in ("/", "/login", "/register", "/agencies", "/privacy"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\son[a-z]+=", page), url
        assert "style=" not in page, url


def test_signed_in_pages_carry_the_csrf_token_for_htmx(client, signed_in):
    from tests.factories import make_user

    signed_in(make_user())
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', client.get("/").get_data(as_text=True))


def test_htmx_configuration(client):
    page = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'", page).group(1))
    assert config["selfRequestsOnly"] is True
    assert config["allowScriptTags"] is False
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["historyRestoreAsHxRequest"] is False
    assert {"code": "422", "swap": True} in config["responseHandling"]
    # Under its content-hashed name (core.assets), after the config it reads at load time.
    assert re.search(r'<script src="/static/vendor/htmx\.min\.[0-9a-f]{8}\.js" defer></script>', page)
    assert page.index('name="htmx-config"') < page.index("htmx.min.")


def test_base_layout_landmarks_and_skip_link(client):
    page = client.get("/").get_data(as_text=True)
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page and "<nav" in page
    assert '<html lang="vi"' in page


def test_request_id_is_taken_from_the_proxy_when_well_formed(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    assert client.get("/healthz", headers={"X-Request-ID": "<bad>"}).headers["X-Request-ID"] != "<bad>"


def test_request_log_names_the_request(client, caplog):
    import logging

    logging.getLogger("civic").setLevel(logging.INFO)
    civic_logger = logging.getLogger("civic")
    civic_logger.addHandler(caplog.handler)
    try:
        response = client.get("/agencies", headers={"X-Request-ID": "req-42"})
    finally:
        civic_logger.removeHandler(caplog.handler)
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "civic.request"]
    assert record.request_id == "req-42" and "GET /agencies 200" in record.getMessage()


@pytest.mark.parametrize(
    "method, url, code, vi, en",
    [
        ("get", "/khong-co-trang-nay", 404, "Không tìm thấy trang", "Page not found"),
        ("post", "/agencies", 405, "Thao tác không được hỗ trợ", None),
        ("get", "/admin/audit", 403, "Không có quyền truy cập", None),
    ],
)
def test_error_pages_in_the_persons_language(client, signed_in, method, url, code, vi, en):
    from tests.factories import make_user

    if code == 403:
        signed_in(make_user())
    response = getattr(client, method)(url)
    assert response.status_code == code
    assert vi in response.get_data(as_text=True)
    if en:
        client.set_cookie("lang", "en")
        english = getattr(client, method)(url)
        assert english.status_code == code
        assert en in english.get_data(as_text=True)
        assert '<html lang="en"' in english.get_data(as_text=True)


def test_error_fragments_for_htmx(client):
    response = client.get("/khong-co", headers={"HX-Request": "true"})
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "<html" not in body and "data-error-message" in body


def test_missing_csrf_token_is_a_clear_400(client, signed_in):
    from tests.factories import make_user

    signed_in(make_user())
    response = client.post("/logout")
    assert response.status_code == 400
    assert "mã bảo vệ" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 200  # still signed in


def test_csrf_token_in_the_htmx_header_is_accepted(client, signed_in):
    from tests.conftest import csrf_token
    from tests.factories import make_user

    signed_in(make_user())
    token = csrf_token(client)
    response = client.post("/logout", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/"


def test_anonymous_pages_carry_no_csrf_token_and_set_no_cookie(client):
    response = client.get("/agencies")
    assert '<meta name="csrf-token" content="">' in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_500_page_is_translated_and_logged(tmp_path, database_url, caplog):
    app = make_test_app(database_url, tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    with app.app_context():
        client = app.test_client()
        response = client.get("/boom")
        assert response.status_code == 500
        assert "Lỗi hệ thống" in response.get_data(as_text=True)
        from civic.extensions import db

        db.engine.dispose()


def test_abort_reason_is_shown(app, database_url, tmp_path):
    app = make_test_app(database_url, tmp_path)  # its own, to add a route before any request

    @app.route("/denied")
    def denied():
        abort(403, description="Lý do cụ thể")

    assert "Lý do cụ thể" in app.test_client().get("/denied").get_data(as_text=True)


def test_language_switch_is_remembered(client):
    response = post_form(client, "/preferences", {"language": "en", "next": "/agencies"})
    assert response.status_code == 303 and response.headers["Location"] == "/agencies"
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=en")]
    assert cookie and "HttpOnly" in cookie[0] and "Max-Age=" in cookie[0]
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in page and "Sign in" in page and "Đăng nhập" not in page
    post_form(client, "/preferences", {"language": "vi"})
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)


def test_text_size_and_contrast_are_remembered(client):
    post_form(client, "/preferences", {"text_size": "larger"})
    post_form(client, "/preferences", {"text_size": "larger"})
    post_form(client, "/preferences", {"text_size": "larger"})  # capped at the largest
    page = client.get("/").get_data(as_text=True)
    assert 'class="text-larger"' in page
    assert re.search(r'value="larger"\s+disabled', page)
    post_form(client, "/preferences", {"text_size": "reset"})
    post_form(client, "/preferences", {"text_size": "smaller"})
    assert 'class="text-small"' in client.get("/").get_data(as_text=True)
    post_form(client, "/preferences", {"contrast": "high"})
    assert 'text-small contrast-high' in client.get("/").get_data(as_text=True)
    post_form(client, "/preferences", {"contrast": "normal"})
    assert "contrast-high" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("language", "fr"), ("text_size", "huge"), ("contrast", "neon")])
def test_bad_preferences_are_refused(client, field, value):
    assert post_form(client, "/preferences", {field: value}).status_code == 400


def test_forged_preference_cookies_fall_back_to_defaults(client):
    client.set_cookie("text_size", "<script>")
    client.set_cookie("lang", "xx")
    page = client.get("/").get_data(as_text=True)
    assert 'class="text-normal"' in page and '<html lang="vi"' in page


def test_preferences_never_redirect_off_site(client):
    response = post_form(client, "/preferences", {"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_health_endpoints(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"]["database"] == "ok"


def test_readyz_reports_a_database_that_does_not_answer(tmp_path):
    app = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1", tmp_path)
    with app.app_context():
        response = app.test_client().get("/readyz")
        from civic.extensions import db

        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
    assert response.get_json()["checks"]["database"] == "unavailable"


def test_ids_too_large_for_the_database_are_not_found(client):
    for path in ("/ideas/", "/dialogues/", "/consultations/", "/comments/", "/answers/", "/api/v1/ideas/",
                 "/api/v1/consultations/", "/dialogues/commitments/"):
        assert client.get(f"{path}99999999999999999999").status_code == 404, path
        assert client.get(f"{path}2147483648").status_code == 404, path


def test_nul_characters_never_reach_the_application(client, db):
    """PostgreSQL refuses NUL in text: the path, the query string and form fields lose them."""
    from tests.factories import make_agency

    agency = make_agency()
    assert client.get(f"/agencies/{agency.slug}%00").status_code == 200
    assert client.get("/agencies/%00").status_code == 404
    for url in ("/ideas?topic=%00&agency=a%00b", "/dialogues?agency=%00", "/consultations?topic=x%00", "/receipts/GY%00-1",
                "/api/v1/ideas?agency=%00", "/accountability.csv?agency=%00"):
        assert client.get(url).status_code < 500, url
    assert 'value="abcd"' in client.get("/search?q=ab%00cd").get_data(as_text=True)
    login = client.post("/login", data={"email": "a\x00@example.com", "password": "x\x00y"})
    assert login.status_code < 500
