"""Email confirmation, sign-in and throttling, sign-out, password reset."""
import re

from sqlalchemy import select

from civic.accounts import services
from civic.accounts.models import User
from civic.core.mail import OutboxMessage
from tests.conftest import login, post_form
from tests.factories import PASSWORD, make_user


def last_mail(db, kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc())).first()


def link_path(mail):
    return re.search(r"http://localhost(/\S+)", mail.body).group(1)


def test_confirm_email_through_the_outbox_link(client, db):
    post_form(client, "/register", {"account_type": "citizen", "display_name": "Lan", "email": "lan@example.com", "password": "một cụm từ dài 2026"})
    response = client.get(link_path(last_mail(db, "confirm-email")))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "lan@example.com"))
    assert user.email_confirmed_at is not None
    assert "Đã xác nhận" in client.get("/account").get_data(as_text=True)


def test_confirm_link_that_is_forged_or_for_a_changed_email_is_refused(client, db):
    user = make_user(confirmed=False)
    response = client.get("/confirm/not-a-token")
    assert response.status_code == 400
    assert "Liên kết không hợp lệ" in response.get_data(as_text=True)
    token = services.make_confirm_token(user)
    user.email = "other@example.com"
    db.session.commit()
    assert client.get(f"/confirm/{token}").status_code == 400
    assert db.session.get(User, user.id).email_confirmed_at is None


def test_resend_confirmation(client, db, signed_in):
    user = make_user(confirmed=False)
    signed_in(user)
    response = post_form(client, "/confirm/resend")
    assert response.status_code == 303
    assert last_mail(db, "confirm-email").to_address == user.email


def test_login_and_logout(client, db):
    user = make_user()
    response = login(client, user)
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Đăng xuất" in page
    assert db.session.get(User, user.id).last_login_at is not None
    assert client.get("/logout").status_code == 200  # the confirmation page
    assert post_form(client, "/logout").status_code == 303
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_login_returns_to_next_but_never_off_site(client):
    user = make_user()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "next": "/agencies"})
    assert response.headers["Location"] == "/agencies"
    post_form(client, "/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "next": evil})
        assert response.headers["Location"] == "/", evil
        post_form(client, "/logout")


def test_wrong_password_is_a_clear_422(client):
    user = make_user()
    response = post_form(client, "/login", {"email": user.email, "password": "sai mật khẩu rồi"})
    assert response.status_code == 422
    assert "Email hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    response = post_form(client, "/login", {"email": "nobody@example.com", "password": "sai mật khẩu rồi"})
    assert response.status_code == 422


def test_remember_me_sets_a_long_lived_http_only_cookie(client):
    user = make_user()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    session_cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")][0]
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_login_is_throttled_per_account(client, app):
    user = make_user()
    for _ in range(5):
        assert post_form(client, "/login", {"email": user.email, "password": "sai mật khẩu rồi"}).status_code == 422
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "đăng nhập sai quá nhiều lần" in response.get_data(as_text=True)
    assert response.headers["Retry-After"]
    # Another account from the same address is not locked out by this one's failures.
    other = make_user()
    assert post_form(client, "/login", {"email": other.email, "password": PASSWORD}).status_code == 303


def test_successful_logins_do_not_count_towards_the_limit(client):
    user = make_user()
    for _ in range(7):
        assert post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 303
        post_form(client, "/logout")


def test_login_is_throttled_per_address(client, app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    for n in range(3):
        post_form(client, "/login", {"email": f"guess{n}@example.com", "password": "sai mật khẩu rồi"})
    response = post_form(client, "/login", {"email": "guess9@example.com", "password": "sai mật khẩu rồi"})
    assert response.status_code == 429
    htmx = post_form(client, "/login", {"email": "x@example.com", "password": "y"}, htmx=True)
    assert htmx.status_code == 429
    assert "<html" not in htmx.get_data(as_text=True)


def test_deleted_accounts_cannot_sign_in(client, db):
    user = make_user()
    services.delete_account(user, PASSWORD)
    db.session.commit()
    assert post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 422


def test_password_reset_by_a_single_use_link(client, db):
    user = make_user(confirmed=False)
    response = post_form(client, "/password/forgot", {"email": user.email.upper()})
    assert response.status_code == 200
    assert "Kiểm tra hộp thư" in response.get_data(as_text=True)
    path = link_path(last_mail(db, "password-reset"))
    assert client.get(path).status_code == 200
    weak = post_form(client, path, {"password": "123"})
    assert weak.status_code == 422 and "Mật khẩu quá ngắn" in weak.get_data(as_text=True)
    assert post_form(client, path, {"password": "mật khẩu mới rất dài"}).status_code == 303
    login(client, user, "mật khẩu mới rất dài")
    refreshed = db.session.get(User, user.id)
    assert refreshed.email_confirmed_at is not None
    post_form(client, "/logout")
    reused = client.get(path)
    assert reused.status_code == 400
    assert "đã được dùng hoặc không còn hiệu lực" in reused.get_data(as_text=True)
    assert post_form(client, path, {"password": "mật khẩu thứ ba dài"}).status_code == 400


def test_password_reset_link_expires(client, db, app):
    user = make_user()
    post_form(client, "/password/forgot", {"email": user.email})
    path = link_path(last_mail(db, "password-reset"))
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.get(path)
    assert response.status_code == 400
    assert "Liên kết đã hết hạn" in response.get_data(as_text=True)
    response = post_form(client, path, {"password": "mật khẩu mới rất dài"})
    assert response.status_code == 400
    assert db.session.get(User, user.id).password_hash == user.password_hash


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, db):
    response = post_form(client, "/password/forgot", {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "Kiểm tra hộp thư" in response.get_data(as_text=True)
    assert last_mail(db, "password-reset") is None
    bad = post_form(client, "/password/forgot", {"email": "not an email"})
    assert bad.status_code == 422


def test_changing_the_password_signs_out_other_devices(app, db):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    response = post_form(laptop, "/account/password", {"current_password": PASSWORD, "new_password": "một mật khẩu mới dài"})
    assert response.status_code == 303
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    wrong = post_form(laptop, "/account/password", {"current_password": "sai rồi", "new_password": "một mật khẩu khác dài"})
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng" in wrong.get_data(as_text=True)


def test_htmx_request_needing_login_gets_hx_redirect_back_to_the_page(client):
    response = client.get("/account", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/agencies?x=1"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/agencies?x%3D1"
    assert "HX-Request" in response.headers["Vary"]
    plain = client.get("/account")
    assert plain.status_code == 302 and plain.headers["Location"] == "/login?next=/account"


def test_login_with_htmx_swaps_the_form_or_redirects(client):
    user = make_user()
    bad = post_form(client, "/login", {"email": user.email, "password": "sai mật khẩu rồi"}, htmx=True)
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert body.lstrip().startswith("<form") and "Email hoặc mật khẩu không đúng" in body
    good = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "next": "/agencies"}, htmx=True)
    assert good.status_code == 204 and good.headers["HX-Redirect"] == "/agencies"
    assert "HX-Request" in good.headers["Vary"]
