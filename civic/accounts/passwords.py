"""Password hashing (Argon2id, memory-hard) and the strength rule."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 128
# The most common passwords and the patterns people reach for on a Vietnamese site.
COMMON = frozenset(
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "1234567890a", "qwertyuiop",
        "qwerty1234", "password12", "password123", "matkhau123", "matkhau1234", "abc1234567",
        "iloveyou12", "1111111111", "0000000000", "1234512345", "asdfghjkl1", "anhyeuem123",
        "hanoi12345", "saigon1234", "vietnam123", "vietnam1234", "admin12345", "letmein123",
        "welcome123", "123123123a", "a123456789", "abcd123456", "zxcvbnm123", "passw0rd12",
    }
)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return False


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a password is too weak, or None when it will do."""
    if len(password) < MIN_LENGTH:
        return str(_l("Mật khẩu quá ngắn: cần ít nhất %(n)s ký tự.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Mật khẩu dài tối đa %(n)s ký tự.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 3:
        return str(_l("Mật khẩu quá dễ đoán. Hãy chọn một cụm từ riêng của bạn."))
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return str(_l("Mật khẩu không được chứa địa chỉ email của bạn."))
    if len(name) >= 4 and name.lower().replace(" ", "") in lowered.replace(" ", ""):
        return str(_l("Mật khẩu không được chứa tên hiển thị của bạn."))
    return None
