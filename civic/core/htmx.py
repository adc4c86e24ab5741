"""htmx conventions, done once for everyone.

- A plain form post that succeeds answers 303 See Other; an htmx one answers HX-Redirect.
- One partial serves both the full page and the htmx request (`render_page_or_partial`).
- Every HTML response sends `Vary: HX-Request`, since pages and fragments share URLs.
- An htmx request that needs a login gets `HX-Redirect` to the login page, with `next` set to
  the page the person was on, so they come back to it afterwards.
"""
from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit

from flask import Response, flash as _flash, make_response, redirect, render_template, request, url_for


def is_htmx() -> bool:
    return bool(getattr(request, "htmx", False))


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site is an acceptable place to return to."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    return target


def _same_site_path(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def current_page_path() -> str:
    """The page the person is on: for htmx the browser's URL, for a form post the page the
    form was on, otherwise this request's own URL."""
    if is_htmx():
        path = _same_site_path(request.htmx.current_url)
    elif request.method == "GET":
        path = request.full_path.rstrip("?")
    else:
        path = _same_site_path(request.referrer)
    return safe_next(path)


def redirect_after_post(location: str) -> Response:
    """Where a successful write sends the browser: 303 for forms, HX-Redirect for htmx."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=303)


def respond(*, redirect: str, flash: str | None = None, fragment: Callable[[], object] | None = None,
            category: str = "success") -> Response:
    """What a successful write answers, the same way everywhere: to htmx, the `fragment` (a
    callable returning the HTML, or a (HTML, status) pair) that replaces what the action changed;
    otherwise (or with no fragment) the message is flashed and the browser goes to `redirect`
    (303 for a form post, HX-Redirect for htmx)."""
    if fragment is not None and is_htmx():
        return make_response(fragment())
    if flash:
        _flash(flash, category)
    return redirect_after_post(redirect)


def login_redirect() -> Response:
    login_url = url_for("accounts.login", next=current_page_path())
    if is_htmx():
        response = make_response("", 401)
        response.headers["HX-Redirect"] = login_url
        return response
    return redirect(login_url, code=303 if request.method != "GET" else 302)


def render_page_or_partial(page: str, partial: str, status: int = 200, **context) -> Response:
    """The full page for a normal request, the partial alone for htmx (history restores get
    the full page, since htmx is configured not to send HX-Request for them)."""
    template = partial if is_htmx() else page
    return make_response(render_template(template, **context), status)


def add_vary(response: Response) -> Response:
    if response.mimetype == "text/html" or "HX-Redirect" in response.headers:
        response.vary.add("HX-Request")
    return response
