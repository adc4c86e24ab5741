"""A small in-process cache of whole public pages for anonymous visitors.

A page is stored under a key its view derives from what the page shows (for a consultation:
its id and its `activity` counter, which every visible change increments in the same
transaction), plus the URL, the language and display preferences, whether it is an htmx
fragment, and today's date (statuses and "days left" change at midnight). A changed page
gets a new key, so nothing stale is ever served; old entries age out of the LRU.

Only anonymous GETs without pending flash messages are cached: signed-in pages carry the
person's own votes, receipts and CSRF token. Anonymous pages carry no CSRF token (their only
form, the display preferences, is exempt: it changes nothing but cookies)."""
from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Response, current_app, request, session
from flask_login import current_user

from .i18n import CONTRAST_COOKIE, LANGUAGE_COOKIE, TEXT_SIZE_COOKIE
from .timeutil import local_today

MAX_BYTES = 32 * 1024 * 1024

_lock = threading.Lock()
_entries: OrderedDict[tuple, tuple[int, bytes, str]] = OrderedDict()
_size = 0


def applies() -> bool:
    return (
        current_app.config.get("PAGE_CACHE", True)
        and request.method == "GET"
        and not current_user.is_authenticated
        and not session.get("_flashes")
    )


def key(*parts) -> tuple:
    return (
        request.full_path,
        request.cookies.get(LANGUAGE_COOKIE, ""),
        request.cookies.get(TEXT_SIZE_COOKIE, ""),
        request.cookies.get(CONTRAST_COOKIE, ""),
        request.headers.get("HX-Request", ""),
        local_today().isoformat(),
        *parts,
    )


def get(cache_key: tuple) -> Response | None:
    with _lock:
        entry = _entries.get(cache_key)
        if entry is None:
            return None
        _entries.move_to_end(cache_key)
    status, body, mimetype = entry
    return Response(body, status=status, mimetype=mimetype)


def put(cache_key: tuple, response: Response) -> Response:
    global _size
    if response.status_code != 200 or response.direct_passthrough or "Set-Cookie" in response.headers:
        return response
    body = response.get_data()
    with _lock:
        old = _entries.pop(cache_key, None)
        if old is not None:
            _size -= len(old[1])
        _entries[cache_key] = (response.status_code, body, response.mimetype)
        _size += len(body)
        while _size > MAX_BYTES and _entries:
            _, (_, dropped, _) = _entries.popitem(last=False)
            _size -= len(dropped)
    return response


def clear() -> None:
    global _size
    with _lock:
        _entries.clear()
        _size = 0
