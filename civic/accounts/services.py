"""Account operations: registration, email confirmation, sign-in, password reset, profile,
deletion. Each adds its changes to the session; the view commits once."""
from __future__ import annotations

import hashlib
import secrets

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst

from ..core import audit, mail
from ..core.services import Problems, ServiceError
from ..core.text import clean_line
from ..core.timeutil import utcnow
from ..extensions import db
from .models import ADMIN, BUSINESS, CITIZEN, MODERATOR, ROLES, STAFF, User, new_session_salt
from .passwords import hash_password, needs_rehash, password_problem, verify_password

CONFIRM_SALT = "civic.confirm-email"
RESET_SALT = "civic.password-reset"
PRIVILEGED_ROLES = (STAFF, MODERATOR, ADMIN)


class TokenError(ServiceError):
    """A link that is expired, already used or not ours."""


def normalise_email(value: str | None) -> str:
    value = clean_line(value)
    if not value:
        raise ServiceError(_l("Vui lòng nhập địa chỉ email."), "email")
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ServiceError(_l("Địa chỉ email không hợp lệ."), "email") from exc
    return result.normalized.lower()


def normalise_tax_code(value: str | None) -> str:
    value = clean_line(value)
    if not value:
        raise ServiceError(_l("Vui lòng nhập mã số thuế của doanh nghiệp."), "tax_code")
    try:
        return mst.format(mst.validate(value))
    except StdnumValidationError as exc:
        raise ServiceError(
            _l("Mã số thuế không hợp lệ: cần 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số "
               "cho chi nhánh (ví dụ 0312345673 hoặc 0312345673-001), và số kiểm tra phải đúng."),
            "tax_code",
        ) from exc


def check_display_name(value: str | None) -> str:
    name = clean_line(value)
    if not name:
        raise ServiceError(_l("Vui lòng nhập tên hiển thị."), "display_name")
    if len(name) > 80:
        raise ServiceError(_l("Tên hiển thị dài tối đa 80 ký tự."), "display_name")
    return name


def check_organisation_name(value: str | None) -> str:
    name = clean_line(value)
    if not name:
        raise ServiceError(_l("Vui lòng nhập tên doanh nghiệp."), "organisation_name")
    if len(name) > 200:
        raise ServiceError(_l("Tên doanh nghiệp dài tối đa 200 ký tự."), "organisation_name")
    return name


def check_password(password: str | None, *, email: str = "", name: str = "", field="password") -> str:
    password = password or ""
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise ServiceError(problem, field)
    return password


def get_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


# --- signed links -------------------------------------------------------------------------

def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    """Changes whenever the password or session salt changes: a used reset link dies."""
    raw = f"{user.password_hash}|{user.session_salt}".encode()
    return hashlib.sha256(raw).hexdigest()[:20]


def make_confirm_token(user: User) -> str:
    return _serializer(CONFIRM_SALT).dumps({"uid": user.id, "email": user.email})


def make_reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"uid": user.id, "fp": _fingerprint(user)})


def _load(salt: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError(_l("Liên kết đã hết hạn. Vui lòng yêu cầu một liên kết mới."), status=400) from exc
    except BadSignature as exc:
        raise TokenError(_l("Liên kết không hợp lệ. Hãy kiểm tra lại địa chỉ trong email."), status=400) from exc
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        raise TokenError(_l("Liên kết không hợp lệ. Hãy kiểm tra lại địa chỉ trong email."), status=400)
    return data


def _send(user: User, kind: str, subject, template: str, **context) -> None:
    """Queue a mail in the locale the person is using now."""
    with force_locale(str(get_locale() or "vi")):
        body = render_template(template, user=user, **context)
        mail.queue(user.email, str(subject), body, kind)


# --- registration and confirmation ----------------------------------------------------------

def register(data: dict) -> User:
    problems = Problems()  # every problem of the form at once, not only the first
    email = problems.check(normalise_email, data.get("email"))
    account_type = data.get("account_type") or CITIZEN
    if account_type not in (CITIZEN, BUSINESS):
        problems.add(_l("Vui lòng chọn loại tài khoản: người dân hoặc doanh nghiệp."), "account_type")
    name = problems.check(check_display_name, data.get("display_name"))
    organisation = tax_code = None
    if account_type == BUSINESS:
        organisation = problems.check(check_organisation_name, data.get("organisation_name"))
        tax_code = problems.check(normalise_tax_code, data.get("tax_code"))
    password = problems.check(check_password, data.get("password"), email=email or "", name=name or "")
    if email is not None and get_by_email(email) is not None:
        problems.add(_l("Email này đã được dùng để đăng ký. Hãy đăng nhập hoặc đặt lại mật khẩu."), "email")
    problems.raise_if_any()
    user = User(
        email=email,
        password_hash=hash_password(password),
        display_name=name,
        role=account_type,
        organisation_name=organisation,
        tax_code=tax_code,
    )
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    link = url_for("accounts.confirm_email", token=make_confirm_token(user), _external=True)
    _send(user, "confirm-email", _l("Xác nhận địa chỉ email — Góp ý"), "accounts/mail/confirm.txt", link=link)


def confirm_email(token: str) -> User:
    data = _load(CONFIRM_SALT, token, current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    user = db.session.get(User, data["uid"])
    if user is None or user.is_deleted or user.email != data.get("email"):
        raise TokenError(_l("Liên kết không hợp lệ. Hãy kiểm tra lại địa chỉ trong email."), status=400)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


# --- signing in ---------------------------------------------------------------------------

def authenticate(email_value: str | None, password: str | None) -> User | None:
    """The account for these credentials, or None. Always spends one hash's time."""
    try:
        email = normalise_email(email_value)
    except ServiceError:
        email = ""
    user = get_by_email(email) if email else None
    if user is None or user.is_deleted:
        # Same work as a real check, so timing does not reveal which emails exist.
        verify_password(_dummy_hash(), password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    key = str(current_app.config["ARGON2_MEMORY_COST"])
    if key not in _DUMMY:
        _DUMMY[key] = hash_password(secrets.token_hex(8))
    return _DUMMY[key]


# --- password reset -------------------------------------------------------------------------

def request_password_reset(email_value: str | None) -> None:
    """Queue a reset link if the account exists; say nothing either way."""
    email = normalise_email(email_value)
    user = get_by_email(email)
    if user is None or user.is_deleted:
        return
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    _send(user, "password-reset", _l("Đặt lại mật khẩu — Góp ý"), "accounts/mail/reset.txt", link=link)


def user_for_reset_token(token: str) -> User:
    data = _load(RESET_SALT, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data["uid"])
    if user is None or user.is_deleted or data.get("fp") != _fingerprint(user):
        raise TokenError(
            _l("Liên kết này đã được dùng hoặc không còn hiệu lực. Vui lòng yêu cầu một liên kết mới."),
            status=400,
        )
    return user


def reset_password(token: str, new_password: str | None) -> User:
    user = user_for_reset_token(token)
    set_password(user, check_password(new_password, email=user.email, name=user.display_name))
    # Following the link proves the mailbox too.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_salt = new_session_salt()


def change_password(user: User, current: str | None, new: str | None) -> None:
    problems = Problems()
    if not verify_password(user.password_hash, current or ""):
        problems.add(_l("Mật khẩu hiện tại không đúng."), "current_password")
    password = problems.check(check_password, new, email=user.email, name=user.display_name, field="new_password")
    problems.raise_if_any()
    set_password(user, password)


# --- profile and deletion -----------------------------------------------------------------

def update_profile(user: User, data: dict) -> None:
    problems = Problems()
    name = problems.check(check_display_name, data.get("display_name"))
    if user.role == BUSINESS:
        organisation = problems.check(check_organisation_name, data.get("organisation_name"))
        tax_code = problems.check(normalise_tax_code, data.get("tax_code"))
    problems.raise_if_any()
    user.display_name = name
    if user.role == BUSINESS:
        if (organisation, tax_code) != (user.organisation_name, user.tax_code):
            user.organisation_verified_at = None
        user.organisation_name, user.tax_code = organisation, tax_code


def delete_account(user: User, password: str | None) -> None:
    """Anonymise the account: what it wrote stays, shown as "deleted account"."""
    if not verify_password(user.password_hash, password or ""):
        raise ServiceError(_l("Mật khẩu không đúng."), "password")
    if user.role in PRIVILEGED_ROLES:
        audit.record("account.delete", user, before={"role": user.role}, summary=user.email, actor=user)
    user.memberships.clear()
    db.session.execute(
        delete(mail.OutboxMessage).where(
            mail.OutboxMessage.to_address == user.email, mail.OutboxMessage.status == "pending"
        )
    )
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@deleted.invalid"
    user.display_name = ""
    user.organisation_name = None
    user.tax_code = None
    user.organisation_verified_at = None
    user.password_hash = "!"
    user.session_salt = new_session_salt()
    user.deleted_at = utcnow()


# --- administration -----------------------------------------------------------------------

def create_user(email_value: str, password: str, role: str, display_name: str = "") -> User:
    """Create a confirmed account of any role (the `users create` command and demo data)."""
    if role not in ROLES:
        raise ServiceError(_l("Vai trò không hợp lệ."), "role")
    email = normalise_email(email_value)
    if get_by_email(email) is not None:
        raise ServiceError(_l("Email này đã được dùng để đăng ký. Hãy đăng nhập hoặc đặt lại mật khẩu."), "email")
    # A name given is checked like the registration form's (never shortened); without one,
    # the address's local part (at most 64 characters) stands in.
    name = check_display_name(display_name) if clean_line(display_name) else email.split("@")[0]
    user = User(
        email=email,
        password_hash=hash_password(check_password(password, email=email, name=name)),
        display_name=name,
        role=role,
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def change_role(user: User, new_role: str) -> None:
    if new_role not in ROLES:
        raise ServiceError(_l("Vai trò không hợp lệ."), "role")
    if new_role == user.role:
        return
    if new_role == BUSINESS and not (user.organisation_name and user.tax_code):
        raise ServiceError(_l("Tài khoản doanh nghiệp cần tên doanh nghiệp và mã số thuế; người dùng tự đăng ký loại này."), "role")
    old = user.role
    user.role = new_role
    if new_role != STAFF:
        user.memberships.clear()
    audit.record("account.role", user, before={"role": old}, after={"role": new_role}, summary=user.email)


def set_organisation_verified(user: User, verified: bool) -> None:
    before = user.organisation_verified_at is not None
    user.organisation_verified_at = utcnow() if verified else None
    audit.record(
        "account.verify_organisation",
        user,
        before={"verified": before},
        after={"verified": verified},
        summary=f"{user.organisation_name} ({user.tax_code})",
    )
