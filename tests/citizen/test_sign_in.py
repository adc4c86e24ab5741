"""Signing in says who you are signed in as: the flash names the account, and /login while
signed in says which account it is, with links to /me and to sign out (plain and htmx)."""
from __future__ import annotations

from tests.conftest import login, post_form
from tests.factories import PASSWORD, make_user


def test_the_flash_after_signing_in_names_the_account(client):
    user = make_user(display_name="Phạm Minh Đức")
    response = login(client, user)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Bạn đã đăng nhập với tài khoản Phạm Minh Đức ({user.email})." in page
    # Shown once.
    assert "Bạn đã đăng nhập với tài khoản" not in client.get("/").get_data(as_text=True)


def test_with_htmx_the_flash_waits_for_the_page_it_redirects_to(client):
    user = make_user(display_name="Võ Thị Hồng")
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "next": "/agencies"}, htmx=True)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/agencies"
    assert f"Bạn đã đăng nhập với tài khoản Võ Thị Hồng ({user.email})." in client.get("/agencies").get_data(as_text=True)


def test_a_business_is_named_by_its_organisation(client):
    user = make_user("business", organisation_name="Công ty TNHH Bình Minh")
    page = client.get(login(client, user).headers["Location"]).get_data(as_text=True)
    assert f"Bạn đã đăng nhập với tài khoản Công ty TNHH Bình Minh ({user.email})." in page


def test_the_login_page_while_signed_in_says_who_and_offers_me_and_sign_out(client, signed_in):
    user = make_user(display_name="Lê Văn Tám")
    signed_in(user)
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"Bạn đang đăng nhập với tài khoản Lê Văn Tám ({user.email})." in html
    assert 'href="/me"' in html and 'href="/logout"' in html
    assert 'name="password"' not in html and "Tiếp tục đến trang" not in html
    with_next = client.get("/login?next=/account").get_data(as_text=True)
    assert 'href="/account">Tiếp tục đến trang bạn đang xem' in with_next
    assert "Tiếp tục đến trang" not in client.get("/login?next=https://evil.example/").get_data(as_text=True)
    # A sign-in form left open in another tab: nothing changes, the page says who is signed in.
    other = make_user()
    stale = post_form(client, "/login", {"email": other.email, "password": PASSWORD})
    assert stale.status_code == 200 and f"({user.email})" in stale.get_data(as_text=True)
    assert f"({user.email})" in client.get("/me").get_data(as_text=True)
    # With htmx, the fragment that replaces the form.
    fragment = post_form(client, "/login", {"email": other.email, "password": PASSWORD}, htmx=True)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and body.lstrip().startswith('<div id="login-form"') and "<html" not in body
    assert "HX-Request" in fragment.headers["Vary"]
    assert f"Bạn đang đăng nhập với tài khoản Lê Văn Tám ({user.email})." in body
