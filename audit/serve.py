"""The demo site served over HTTP on a free port of 127.0.0.1, and signing in to it.

`Server(instance)` starts gunicorn (the production server) on the prepared instance and stops
it on exit; `sign_in(base, identity)` signs in through the login form, as a browser does, and
returns the cookies the checkers then send (LinkChecker's cookie file, Lighthouse's extra
headers, the page-weight requests, Playwright's context).
"""
from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .crawl import _Links
from .site import PASSWORD, Identity, environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, instance: Path, *, port: int | None = None, log: Path | None = None):
        self.instance = Path(instance)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = {**os.environ, **environment(self.instance)}
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            # Sync workers close each connection after its response: LinkChecker reuses
            # connections, and a keep-alive connection the server closes while idle would
            # fail its next request ("Remote end closed connection").
            [str(gunicorn), "--workers", "3", "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "120", "--graceful-timeout", "5", "--access-logfile", "-", "civic:create_app()"],
            env=env, stdout=out, stderr=out, cwd=Path(__file__).resolve().parent.parent,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the demo site stopped at start-up (see {self.log})")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("the demo site did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, identity: Identity) -> dict[str, str]:
    """The cookies of a browser that signed in as `identity` (none for a signed-out visitor,
    but the language cookie of the English one)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    cookies: dict[str, str] = {}
    if identity.language != "vi":
        cookies["lang"] = identity.language
    if not identity.signed_in:
        return cookies
    with opener.open(base + "/login", timeout=30) as response:
        links = _Links()
        links.feed(response.read().decode("utf-8"))
    body = urllib.parse.urlencode({
        "email": identity.email, "password": PASSWORD, "csrf_token": links.csrf or "", "next": "/",
    }).encode()
    request = urllib.request.Request(base + "/login", data=body, headers={"Referer": base + "/login"})
    try:
        opener.open(request, timeout=30)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    if status not in (302, 303):
        raise RuntimeError(f"{identity.email} could not sign in to {base}: HTTP {status}")
    cookies.update({cookie.name: cookie.value for cookie in jar})
    return cookies


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
