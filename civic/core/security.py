"""Security headers, request ids and request logging."""
from __future__ import annotations

import io
import logging
import re
import time
import uuid

from flask import Flask, g, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

log = logging.getLogger("civic.request")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record, so each line names its request."""

    def filter(self, record: logging.LogRecord) -> bool:
        from flask import has_request_context

        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(app: Flask) -> None:
    root = logging.getLogger("civic")
    if not any(isinstance(f, RequestIdFilter) for f in root.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
        root.addFilter(RequestIdFilter())
        root.propagate = False
    root.setLevel(logging.INFO if not app.testing else logging.WARNING)


class DropNul:
    """WSGI middleware: NUL characters are removed from the path and the query string before
    routing. They have no use in an address, and PostgreSQL refuses them in text (a lookup by
    `/agencies/%00` or `?topic=%00` would otherwise end in a driver error)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if "\x00" in path:
            environ["PATH_INFO"] = path.replace("\x00", "")
        query = environ.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            environ["QUERY_STRING"] = _NUL_ESCAPED.sub("", query).replace("\x00", "")
        return self.wsgi_app(environ, start_response)


_NUL_ESCAPED = re.compile("%00", re.IGNORECASE)


class ChunkedBodyLimit:
    """WSGI middleware: a body sent without Content-Length (`Transfer-Encoding: chunked`) is
    held to the same limits as any other. Werkzeug stops reading such a body at the limit and
    processes what it got (a 2 MB comment arrived as its first 1 MB); here it is read up to
    one byte past the limit and given a Content-Length, so a body over the limit is refused
    with 413 where the form is read, like one that declared its length."""

    def __init__(self, wsgi_app, config):
        self.wsgi_app = wsgi_app
        self.config = config

    def __call__(self, environ, start_response):
        if environ.get("wsgi.input_terminated") and not environ.get("CONTENT_LENGTH"):
            multipart = environ.get("CONTENT_TYPE", "").startswith("multipart/form-data")
            limit = self.config["MAX_CONTENT_LENGTH" if multipart else "MAX_TEXT_BODY_LENGTH"]
            body = environ["wsgi.input"].read(limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input_terminated"] = False
        return self.wsgi_app(environ, start_response)


def _drop_nul_from_form() -> None:
    """The same for submitted form fields (files are left as they are)."""
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        form = request.form
        if any("\x00" in value for value in form.values()):
            request.form = ImmutableMultiDict([(key, value.replace("\x00", "")) for key, value in form.items(multi=True)])


def init_app(app: Flask) -> None:
    configure_logging(app)
    app.wsgi_app = ChunkedBodyLimit(DropNul(app.wsgi_app), app.config)

    @app.before_request
    def _start():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex[:16]
        g.request_started = time.perf_counter()
        # Text forms are small; only multipart requests (file uploads) get the larger
        # MAX_CONTENT_LENGTH. Werkzeug answers 413 when a limit is passed.
        if request.mimetype != "multipart/form-data":
            request.max_content_length = app.config["MAX_TEXT_BODY_LENGTH"]
        _drop_nul_from_form()

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if "request_id" in g:
            headers["X-Request-ID"] = g.request_id
        if response.mimetype == "text/html" and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-cache, private"
        started = g.get("request_started")
        if started is not None and not request.path.startswith("/static/"):
            log.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response


class RowIdConverter(IntegerConverter):
    """`<int:...>` in routes: a non-negative integer that fits a 32-bit database column."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
