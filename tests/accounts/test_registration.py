import re

import pytest
from sqlalchemy import func, select

from civic.accounts.models import User
from civic.core.mail import OutboxMessage
from tests.conftest import post_form
from tests.factories import make_user

GOOD = {
    "account_type": "citizen",
    "display_name": "Nguyễn Văn Phúc",
    "email": "phuc@example.com",
    "password": "một cụm từ dài 2026",
}


def users(db):
    return db.session.scalar(select(func.count(User.id)))


def outbox(db):
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_register_citizen_signs_in_and_queues_a_confirmation(client, db):
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account")
    user = db.session.scalar(select(User).where(User.email == "phuc@example.com"))
    assert user.role == "citizen"
    assert user.email_confirmed_at is None
    assert user.password_hash.startswith("$argon2id$")
    [mail] = outbox(db)
    assert mail.kind == "confirm-email" and mail.to_address == "phuc@example.com"
    assert re.search(r"http://localhost/confirm/\S+", mail.body)
    page = client.get("/account").get_data(as_text=True)
    assert "Đăng ký thành công" in page
    assert "Chưa xác nhận" in page


def test_register_normalises_email_case_and_text_to_nfc(client, db):
    import unicodedata

    data = dict(GOOD, email="Phuc@Example.COM", display_name=unicodedata.normalize("NFD", "Trần Thị Ánh"))
    assert post_form(client, "/register", data).status_code == 303
    user = db.session.scalar(select(User))
    assert user.email == "phuc@example.com"
    assert user.display_name == unicodedata.normalize("NFC", "Trần Thị Ánh")


@pytest.mark.parametrize("tax_code, stored", [("0100233488", "0100233488"), ("0314409058-001", "0314409058-001"), ("0314409058001", "0314409058-001")])
def test_register_business_with_valid_tax_code(client, db, tax_code, stored):
    data = dict(GOOD, account_type="business", organisation_name="Công ty TNHH Bình Minh", tax_code=tax_code)
    assert post_form(client, "/register", data).status_code == 303
    user = db.session.scalar(select(User))
    assert (user.role, user.organisation_name, user.tax_code) == ("business", "Công ty TNHH Bình Minh", stored)
    assert user.public_name == "Công ty TNHH Bình Minh"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"account_type": "business", "organisation_name": "Công ty A", "tax_code": "0100233489"}, "tax_code", "Mã số thuế không hợp lệ"),
        ({"account_type": "business", "organisation_name": "Công ty A", "tax_code": "123"}, "tax_code", "Mã số thuế không hợp lệ"),
        ({"account_type": "business", "organisation_name": "Công ty A", "tax_code": ""}, "tax_code", "Vui lòng nhập mã số thuế"),
        ({"account_type": "business", "organisation_name": "", "tax_code": "0100233488"}, "organisation_name", "Vui lòng nhập tên doanh nghiệp"),
        ({"account_type": "admin"}, "account_type", "Vui lòng chọn loại tài khoản"),
        ({"password": "ngắn"}, "password", "Mật khẩu quá ngắn"),
        ({"password": "1234567890"}, "password", "quá dễ đoán"),
        ({"password": "aaaaaaaaaaaa"}, "password", "quá dễ đoán"),
        ({"password": "phuc-secret-2026"}, "password", "không được chứa địa chỉ email"),
        ({"password": "x" * 129 + "yz1"}, "password", "tối đa 128"),
        ({"email": "not-an-email"}, "email", "Địa chỉ email không hợp lệ"),
        ({"email": ""}, "email", "Vui lòng nhập địa chỉ email"),
        ({"display_name": "   "}, "display_name", "Vui lòng nhập tên hiển thị"),
        ({"display_name": "Ạ" * 81}, "display_name", "tối đa 80"),
    ],
)
def test_register_bad_input_gives_a_clear_message_and_stores_nothing(client, db, changes, field, message):
    response = post_form(client, "/register", dict(GOOD, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert 'class="error-summary"' in page
    assert users(db) == 0
    assert outbox(db) == []


def test_an_empty_registration_lists_every_problem_at_once_linked_to_its_field(client, db):
    """Not only the email error: the summary names every field to fix and links to it."""
    response = post_form(client, "/register", {"account_type": "business", "email": "", "password": "", "display_name": "",
                                                "organisation_name": "", "tax_code": "0312345678-999"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = page[page.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    for field in ("email", "display_name", "organisation_name", "tax_code", "password"):
        assert f'href="#{field}"' in summary, field
        assert f'id="{field}-error"' in page, field
    assert users(db) == 0 and outbox(db) == []


def test_register_duplicate_email_is_refused_case_insensitively(client, db):
    make_user(email="phuc@example.com")
    response = post_form(client, "/register", dict(GOOD, email="PHUC@example.com"))
    assert response.status_code == 422
    assert "Email này đã được dùng để đăng ký" in response.get_data(as_text=True)
    assert users(db) == 1
    assert outbox(db) == []


def test_register_with_htmx_returns_the_form_fragment_or_a_redirect(client, db):
    bad = post_form(client, "/register", dict(GOOD, password="ngắn"), htmx=True)
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert body.lstrip().startswith("<form") and "<html" not in body
    assert "HX-Request" in bad.headers["Vary"]
    good = post_form(client, "/register", GOOD, htmx=True)
    assert good.status_code == 204
    assert good.headers["HX-Redirect"].endswith("/account")


def test_register_without_csrf_token_is_refused_and_stores_nothing(client, db):
    response = client.post("/register", data=GOOD)
    assert response.status_code == 400
    assert "mã bảo vệ" in response.get_data(as_text=True)
    assert users(db) == 0


def test_register_page_while_signed_in_goes_home(client, signed_in):
    signed_in(make_user())
    assert client.get("/register").status_code == 302


def test_oversize_body_is_refused_with_413(client, db):
    response = post_form(client, "/register", dict(GOOD, display_name="Ạ" * (600 * 1024)))
    assert response.status_code == 413
    assert "vượt quá dung lượng" in response.get_data(as_text=True)
    assert users(db) == 0


def test_a_duplicate_that_slips_past_the_check_is_caught_by_the_database(client, db, monkeypatch):
    from civic.accounts import services

    make_user(email="phuc@example.com")
    monkeypatch.setattr(services, "get_by_email", lambda email: None)  # as if a twin request raced us
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 422
    assert "vừa được thay đổi bởi một yêu cầu khác" in response.get_data(as_text=True)
    assert users(db) == 1
    assert outbox(db) == []


def test_concurrent_registrations_with_one_email_make_one_account(app, db):
    import threading

    barrier = threading.Barrier(4)
    statuses = []

    def register():
        client = app.test_client()
        from tests.conftest import csrf_token

        token = csrf_token(client)
        barrier.wait()
        response = client.post("/register", data=dict(GOOD, csrf_token=token))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 422, 422, 422]
    assert users(db) == 1
    assert len(outbox(db)) == 1


def _chunked(client, url, body: bytes, content_type="application/x-www-form-urlencoded"):
    """A body sent as a server delivers a chunked one: no Content-Length, the input ends."""
    import io

    return client.post(url, input_stream=io.BytesIO(body), content_type=content_type,
                       environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""})


def test_a_chunked_body_over_the_limit_is_refused_not_cut(client, db):
    from urllib.parse import urlencode

    from tests.conftest import csrf_token

    form = dict(GOOD, csrf_token=csrf_token(client), display_name="Ạ" * (600 * 1024))
    response = _chunked(client, "/register", urlencode(form).encode())
    assert response.status_code == 413 and "vượt quá dung lượng" in response.get_data(as_text=True)
    assert users(db) == 0
    # a chunked body within the limit is read whole, as one with a Content-Length
    form = dict(GOOD, csrf_token=csrf_token(client))
    assert _chunked(client, "/register", urlencode(form).encode()).status_code == 303
    assert users(db) == 1
