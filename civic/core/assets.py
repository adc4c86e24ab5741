"""Static files on the wire: content-hashed names, compressed once, cached for a year.

`url_for('static', filename='css/site.css')` gives `/static/css/site.3f2a9c1b.css`: the name
carries the first 8 hex digits of the file's SHA-256, so a changed file gets a new address and
the browser may keep each address for a year (`Cache-Control: public, max-age=31536000,
immutable`). The old, unhashed address still answers (revalidated on each use, with an ETag),
and so does a hashed address of an older version (the current file, revalidated).

Each text file is compressed once per process (brotli at its highest quality, gzip at level
9) and served in the encoding the client's `Accept-Encoding` prefers, with `Vary:
Accept-Encoding`. A file is read again when its size or modification time changes, so
`make run` shows an edited stylesheet at once under its new hash.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

DIGEST_CHARS = 8
IMMUTABLE = "public, max-age=31536000, immutable"
# Unhashed addresses (old links, /favicon.ico): usable for a day, then revalidated by ETag.
SHORT = "public, max-age=86400"
REVALIDATE = "public, no-cache"
ENCODINGS = ("br", "gzip")
COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".json", ".txt", ".map", ".ico", ".xml", ".html"}
# Larger files are sent from the disk as they are (the site's own static files are small).
MAX_IN_MEMORY = 2 * 1024 * 1024
ASSET_ENDPOINTS = frozenset({"static", "favicon"})

_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{%d})(?P<ext>\.[A-Za-z0-9]+)$" % DIGEST_CHARS)


def choose_encoding(available) -> str | None:
    """The encoding of `available` the client prefers (brotli first on a tie), or None."""
    if not available:
        return None
    return request.accept_encodings.best_match([e for e in ENCODINGS if e in available])


def compress(data: bytes, encoding: str, *, best: bool = False) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11 if best else 5)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)
    raise ValueError(encoding)


@dataclass
class Asset:
    name: str
    body: bytes
    digest: str
    mimetype: str
    stamp: tuple[int, int]
    compressible: bool
    _encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def hashed_name(self) -> str:
        stem, dot, ext = self.name.rpartition(".")
        if not dot or not stem or stem.endswith("/") or "/" in ext:
            return self.name  # no extension: served under its own name
        return f"{stem}.{self.digest}.{ext}"

    def encoded(self, encoding: str) -> bytes | None:
        """The body in `encoding` (computed on first use), or None when it would not be smaller."""
        if encoding not in self._encoded:
            data = compress(self.body, encoding, best=True)
            self._encoded[encoding] = data if len(data) < len(self.body) else b""
        return self._encoded[encoding] or None


class Assets:
    """The files under one static folder, read and hashed on first use and when they change."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._files: dict[str, Asset] = {}

    def warm(self) -> None:
        """Hash every file now (at start-up), so the first page does not read them."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*")):
            if path.is_file():
                self.get(path.relative_to(self.folder).as_posix())

    def get(self, name: str) -> Asset | None:
        path = safe_join(str(self.folder), name)
        if path is None:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_IN_MEMORY:
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        asset = self._files.get(name)
        if asset is not None and asset.stamp == stamp:
            return asset
        body = Path(path).read_bytes()
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        asset = Asset(
            name=name, body=body, digest=hashlib.sha256(body).hexdigest()[:DIGEST_CHARS],
            mimetype=mimetype, stamp=stamp, compressible=Path(name).suffix.lower() in COMPRESSIBLE,
        )
        with self._lock:
            self._files[name] = asset
        return asset

    def url_name(self, name: str) -> str:
        """The hashed name to link to (the name itself for a file that does not exist)."""
        asset = self.get(name)
        return asset.hashed_name if asset is not None else name

    def find(self, requested: str) -> tuple[Asset | None, bool]:
        """(the asset, whether the address is the current hashed one)."""
        match = _HASHED.match(requested)
        if match:
            asset = self.get(match["stem"] + match["ext"])
            if asset is not None:
                return asset, asset.digest == match["digest"]
        return self.get(requested), False


def respond(asset: Asset, *, cache_control: str) -> Response:
    """The asset in the client's preferred encoding, conditional on its ETag."""
    encoding = choose_encoding(ENCODINGS) if asset.compressible else None
    body = asset.encoded(encoding) if encoding else None
    if body is None:
        encoding, body = None, asset.body
    response = Response(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if asset.compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.digest + (f"-{encoding}" if encoding else ""))
    response.headers["Cache-Control"] = cache_control
    response = response.make_conditional(request)
    # make_conditional adds a Date header; the server sends its own (two would be invalid).
    response.headers.pop("Date", None)
    return response


class AssetSessionInterface(SecureCookieSessionInterface):
    """No session cookie and no `Vary: Cookie` on static files: a file cached for a year must
    not be fetched again because the visitor signed in (Flask-Login reads the session after
    every request, which would otherwise mark every response as varying by cookie)."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint in ASSET_ENDPOINTS:
            return None
        return super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Hashed names in `url_for('static', ...)`, the static view replaced, `/favicon.ico`."""
    assets = Assets(app.static_folder)
    assets.warm()
    app.extensions["civic_assets"] = assets
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = AssetSessionInterface()

    @app.url_defaults
    def _hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.url_name(values["filename"])

    def static(filename: str):
        asset, current = assets.find(filename)
        if asset is None:
            # Not one of ours in memory (missing, a folder, or large): Flask's usual answer.
            return send_from_directory(app.static_folder, filename)
        return respond(asset, cache_control=IMMUTABLE if current else REVALIDATE)

    app.view_functions["static"] = static

    @app.route("/favicon.ico", endpoint="favicon")
    def favicon():
        asset = assets.get("favicon.ico")
        if asset is None:
            abort(404)
        return respond(asset, cache_control=SHORT)
