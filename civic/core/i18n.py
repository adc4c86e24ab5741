"""Language and display preferences, remembered in cookies (no inline script needed)."""
from __future__ import annotations

from flask import current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"
TEXT_SIZE_COOKIE = "text_size"
CONTRAST_COOKIE = "contrast"
# "A-", "A", "A+" step through these; index 1 is the normal size.
TEXT_SIZES = ("small", "normal", "large", "larger")
PREFERENCE_MAX_AGE = 60 * 60 * 24 * 365


def select_locale() -> str:
    """The language cookie when set; otherwise (and outside requests) Vietnamese."""
    choice = request.cookies.get(LANGUAGE_COOKIE, "") if has_request_context() else ""
    if choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def display_preferences() -> dict:
    size = request.cookies.get(TEXT_SIZE_COOKIE, "normal")
    if size not in TEXT_SIZES:
        size = "normal"
    return {
        "text_size": size,
        "high_contrast": request.cookies.get(CONTRAST_COOKIE) == "high",
        "can_shrink": TEXT_SIZES.index(size) > 0,
        "can_grow": TEXT_SIZES.index(size) < len(TEXT_SIZES) - 1,
    }


def step_text_size(current: str, action: str) -> str:
    index = TEXT_SIZES.index(current) if current in TEXT_SIZES else 1
    if action == "smaller":
        index = max(0, index - 1)
    elif action == "larger":
        index = min(len(TEXT_SIZES) - 1, index + 1)
    else:
        index = 1
    return TEXT_SIZES[index]
