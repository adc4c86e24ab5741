"""Bytes on the wire for one page and every asset it loads, as a browser asking for
compressed responses (`Accept-Encoding: br, gzip`) gets them.

The page is fetched twice: once compressed, to count what travels (status line, headers and
body as sent), once plain, to read which assets it loads — stylesheets, scripts, images,
icons, preloads, the `url()`s and `@import`s of its stylesheets, what htmx fetches on load —
and `/favicon.ico`, which a browser asks for when the page names no icon. Every asset is then
fetched compressed and counted the same way.
"""
from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

ENCODINGS = "br, gzip"
MAX_BYTES = 50 * 1024
MAX_REQUESTS = 6


@dataclass
class Transfer:
    url: str
    status: int
    encoding: str
    header_bytes: int
    body_bytes: int

    @property
    def total(self) -> int:
        return self.header_bytes + self.body_bytes


@dataclass
class Weight:
    url: str
    identity: str
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.transfers)

    @property
    def body_total(self) -> int:
        return sum(t.body_bytes for t in self.transfers)

    @property
    def requests(self) -> int:
        return len(self.transfers)

    @property
    def ok(self) -> bool:
        return self.total <= MAX_BYTES and self.requests <= MAX_REQUESTS and all(t.status < 400 for t in self.transfers)


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.has_icon = False

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and a.get("href"):
            if rel & {"icon", "shortcut", "apple-touch-icon"}:
                self.has_icon = True
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
                self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag in ("img", "source", "video", "audio", "input") and a.get("src"):
            if tag != "input" or a.get("type") == "image":
                self.urls.append(a["src"])
        if a.get("srcset"):
            self.urls.extend(part.strip().split(" ")[0] for part in a["srcset"].split(",") if part.strip())
        trigger = a.get("data-hx-trigger") or a.get("hx-trigger") or ""
        fetch = a.get("data-hx-get") or a.get("hx-get")
        if fetch and re.search(r"\b(load|revealed|intersect)\b", trigger):
            self.urls.append(fetch)


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def _fetch(base: str, path: str, cookie: str, *, compressed: bool) -> tuple[Transfer, bytes]:
    parts = urlsplit(urljoin(base + "/", path))
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Accept": "*/*", "User-Agent": "civic-audit"}
    if compressed:
        headers["Accept-Encoding"] = ENCODINGS
    else:
        headers["Accept-Encoding"] = "identity"
    if cookie:
        headers["Cookie"] = cookie
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", target, headers=headers)
    response = connection.getresponse()
    body = response.read()  # http.client does not decode: these are the bytes sent
    status_line = len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
    header_bytes = status_line + sum(len(f"{k}: {v}\r\n".encode("latin-1", "replace")) for k, v in response.getheaders()) + 2
    connection.close()
    return Transfer(target, response.status, response.getheader("Content-Encoding") or "", header_bytes, len(body)), body


def measure(base: str, path: str, cookie: str = "", identity: str = "") -> Weight:
    weight = Weight(path, identity)
    page, _ = _fetch(base, path, cookie, compressed=True)
    weight.transfers.append(page)
    _, plain = _fetch(base, path, cookie, compressed=False)
    parser = _Assets()
    parser.feed(plain.decode("utf-8", "replace"))
    queue = [urljoin(path, url) for url in parser.urls]
    if not parser.has_icon:
        queue.append("/favicon.ico")
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or (parts.netloc and parts.netloc != urlsplit(base).netloc):
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local in seen:
            continue
        seen.add(local)
        transfer, _ = _fetch(base, local, cookie, compressed=True)
        weight.transfers.append(transfer)
        if local.split("?")[0].endswith(".css") and transfer.status == 200:
            _, css = _fetch(base, local, cookie, compressed=False)
            for match in _CSS_URL.finditer(css.decode("utf-8", "replace")):
                queue.append(urljoin(local, match.group(1) or match.group(2)))
    return weight
