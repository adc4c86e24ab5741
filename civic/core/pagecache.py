"""A small in-process cache of whole public pages for anonymous visitors.

A page is stored under a key its view derives from what the page shows (for a consultation:
its id and its generation, which the change stream bumps in the same transaction as any
change to a row shown on it — `core.changes.page_generation`), plus the URL, the language and display preferences, whether it is an htmx
fragment, and today's date (statuses and "days left" change at midnight). A changed page
gets a new key, so nothing stale is ever served; old entries age out of the LRU.

Only anonymous GETs without pending flash messages are cached: signed-in pages carry the
person's own votes, receipts and CSRF token. Anonymous pages carry no CSRF token (their only
form, the display preferences, is exempt: it changes nothing but cookies).

An entry keeps the page as rendered and, made on first demand, its brotli and gzip
encodings: a hit is sent in the encoding the client accepts without compressing it again."""
from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Response, current_app, request, session
from flask_login import current_user

from .assets import choose_encoding, compress
from .i18n import CONTRAST_COOKIE, LANGUAGE_COOKIE, TEXT_SIZE_COOKIE
from .timeutil import local_today

MAX_BYTES = 32 * 1024 * 1024

_lock = threading.Lock()
_entries: OrderedDict[tuple, "_Entry"] = OrderedDict()
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


class _Entry:
    __slots__ = ("status", "mimetype", "bodies", "dropped")

    def __init__(self, status: int, body: bytes, mimetype: str):
        self.status = status
        self.mimetype = mimetype
        self.bodies: dict[str | None, bytes] = {None: body}
        self.dropped = False

    @property
    def size(self) -> int:
        return sum(len(body) for body in self.bodies.values())


def _respond(entry: _Entry) -> Response:
    """The cached page in the encoding this request accepts (compressed once, then kept)."""
    global _size
    encoding = choose_encoding(("br", "gzip"))
    body = entry.bodies.get(encoding)
    if body is None:
        body = compress(entry.bodies[None], encoding) if encoding else entry.bodies[None]
        with _lock:
            if encoding not in entry.bodies:
                entry.bodies[encoding] = body
                if not entry.dropped:
                    _size += len(body)
                    _evict()
    response = Response(body, status=entry.status, mimetype=entry.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    return response


def _evict() -> None:
    """Drop the least recently used pages while over MAX_BYTES (the caller holds _lock)."""
    global _size
    while _size > MAX_BYTES and _entries:
        _, dropped = _entries.popitem(last=False)
        dropped.dropped = True
        _size -= dropped.size


def get(cache_key: tuple) -> Response | None:
    with _lock:
        entry = _entries.get(cache_key)
        if entry is None:
            return None
        _entries.move_to_end(cache_key)
    return _respond(entry)


def put(cache_key: tuple, response: Response) -> Response:
    """Keep a freshly rendered page; answer with it as a hit would (already encoded)."""
    global _size
    if response.status_code != 200 or response.direct_passthrough or "Set-Cookie" in response.headers:
        return response
    entry = _Entry(response.status_code, response.get_data(), response.mimetype)
    with _lock:
        old = _entries.pop(cache_key, None)
        if old is not None:
            old.dropped = True
            _size -= old.size
        _entries[cache_key] = entry
        _size += entry.size
        _evict()
    answer = _respond(entry)
    for name, value in response.headers.items():
        if name.lower() not in ("content-type", "content-length", "content-encoding", "vary"):
            answer.headers.add(name, value)
    return answer


def clear() -> None:
    global _size
    with _lock:
        _entries.clear()
        _size = 0
