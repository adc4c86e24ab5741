"""Save every page kind of the demo site as each demo role sees it.

For each identity of `audit.site.IDENTITIES`, the crawler signs in through the login form (the
Flask test client: no server, no network) and follows links breadth-first from `/`, so every
menu of the role is walked. It keeps at most `per_kind` pages for each URL rule and set of
query parameters, which keeps the set at a few hundred pages while covering every page kind.
Then it adds the error pages (404, 403, 405, 400 for a missing CSRF token, 413, the expired-link
page) and, for every form with fields a person types into, the page that answers the form sent
empty (the 422 with its error summary). Forms are sent after every identity's walk, so what an
empty form might change shows in no page saved before it.

Each HTML page is written to `<out>/<identity>/<nnn>-<path>.html`; `<out>/pages.json` lists
every request made (identity, method, URL, endpoint, status, file), so a checker's finding in
a file is reported with the page it came from.
"""
from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from .site import IDENTITIES, PASSWORD, Identity

BASE = "http://localhost"

# Never followed: signing out ends the walk; static files, open data and downloads are not pages.
SKIP_PATH = re.compile(r"^/(logout|static/|api/|healthz|readyz)")
# Forms never sent empty: they act on one click (signing out, display preferences).
NEVER_POST = {"accounts.logout", "main.preferences"}
# Input types a person types or picks a value in: a form with one of them has a 422 page.
TYPED_INPUTS = {"text", "email", "password", "search", "url", "tel", "number", "date", "datetime-local", "file", "textarea"}
# The body a form may not exceed (MAX_TEXT_BODY_LENGTH is 1 MiB): for the 413 page.
OVERSIZED = 2 * 1024 * 1024


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)


@dataclass
class Visit:
    identity: str
    method: str
    url: str
    endpoint: str
    status: int
    content_type: str = ""
    file: str | None = None
    kind: str = "page"  # page | error | form-error | redirect | other
    note: str = ""


class _Links(HTMLParser):
    """The links and forms of a page, and its CSRF token."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.csrf: str | None = None
        self._form: Form | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "meta" and a.get("name") == "csrf-token":
            self.csrf = a.get("content")
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("action") or a.get("data-hx-post") or a.get("hx-post") or ""
            self._form = Form(method, action, a.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"}:
            kind = "textarea" if tag == "textarea" else (a.get("type") or ("select" if tag == "select" else "text")).lower()
            name = a.get("name")
            if not name:
                return
            if kind == "hidden":
                self._form.hidden.append((name, a.get("value", "")))
                if name == "csrf_token":
                    self.csrf = self.csrf or a.get("value")
            elif kind in TYPED_INPUTS:
                self._form.typed.append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _slug(path: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
    return (slug or "home")[:80]


class Crawler:
    def __init__(self, app, out: Path, *, identities: tuple[Identity, ...] = IDENTITIES,
                 max_pages_per_identity: int = 150):
        self.app = app
        self.out = Path(out)
        self.identities = identities
        self.max_pages = max_pages_per_identity
        self.visits: list[Visit] = []
        self.clients: dict[str, object] = {}
        self._forms: dict[str, dict[str, tuple[str, Form]]] = {}
        self._adapter = app.url_map.bind("localhost")

    # --- helpers ------------------------------------------------------------------------------

    def endpoint(self, path: str, method: str = "GET") -> str:
        try:
            endpoint, _ = self._adapter.match(path, method=method)
            return endpoint
        except RequestRedirect:
            return "redirect"
        except MethodNotAllowed:
            return "405"
        except NotFound:
            return "404"
        except HTTPException:
            return "error"

    def _save(self, identity: Identity, method: str, url: str, response, *, kind: str, note: str = "") -> Visit:
        path = urlsplit(url).path
        content_type = response.headers.get("Content-Type", "")
        visit = Visit(identity.name, method, url, self.endpoint(path, method), response.status_code,
                      content_type, kind=kind, note=note)
        if 300 <= response.status_code < 400:
            location = response.headers.get("Location", "")
            visit.note = f"{note}, to {location}" if note else location
            if kind != "form-error":  # an empty form that acted stays listed as one
                visit.kind = "redirect"
        elif content_type.startswith("text/html"):
            number = sum(1 for v in self.visits if v.identity == identity.name and v.file)
            name = f"{identity.name}/{number:03d}-{method.lower()}-{_slug(path)}.html"
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.get_data())
            visit.file = name
        else:
            visit.kind = "other"
        self.visits.append(visit)
        return visit

    def client_for(self, identity: Identity):
        client = self.clients.get(identity.name)
        if client is not None:
            return client
        client = self.app.test_client()
        if identity.language != "vi":
            client.set_cookie("lang", identity.language, domain="localhost")
        if identity.signed_in:
            page = client.get("/login")
            links = _Links()
            links.feed(page.get_data(as_text=True))
            response = client.post("/login", data={
                "email": identity.email, "password": PASSWORD, "csrf_token": links.csrf or "", "next": "/",
            })
            if response.status_code not in (302, 303):
                raise RuntimeError(f"{identity.email} could not sign in: HTTP {response.status_code}")
        self.clients[identity.name] = client
        return client

    def csrf(self, identity: Identity) -> str:
        client = self.client_for(identity)
        page = client.get("/login" if not identity.signed_in else "/privacy")
        links = _Links()
        links.feed(page.get_data(as_text=True))
        return links.csrf or ""

    # --- the walk ------------------------------------------------------------------------------

    def walk(self, identity: Identity, seeds: list[str]) -> None:
        client = self.client_for(identity)
        limit = identity.per_kind
        kinds: dict[tuple, int] = {}
        seen: set[str] = set()
        queue = deque(seeds)
        pages = 0
        forms = self._forms.setdefault(identity.name, {})
        while queue and pages < self.max_pages:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            parts = urlsplit(url)
            if SKIP_PATH.match(parts.path):
                continue
            endpoint = self.endpoint(parts.path)
            kind = (endpoint, tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})))
            if kinds.get(kind, 0) >= limit:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            response = client.get(url)
            visit = self._save(identity, "GET", url, response, kind="page" if response.status_code < 400 else "error")
            if visit.kind == "redirect":
                location = urlsplit(urljoin(BASE + url, visit.note))
                if location.netloc in ("", "localhost"):
                    queue.append(location.path + (f"?{location.query}" if location.query else ""))
                continue
            if not visit.file:
                continue
            pages += 1
            links = _Links()
            links.feed(response.get_data(as_text=True))
            for href in links.links:
                target = urlsplit(urljoin(BASE + url, href))
                if target.scheme not in ("http", "") or target.netloc not in ("localhost", ""):
                    continue
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            for form in links.forms:
                if form.method != "post" or not form.typed:
                    continue
                action = urlsplit(urljoin(BASE + url, form.action or url))
                form_endpoint = self.endpoint(action.path, "POST")
                if form_endpoint in NEVER_POST or form_endpoint in ("404", "405"):
                    continue
                forms.setdefault(form_endpoint, (action.path + (f"?{action.query}" if action.query else ""), form))

    def send_empty_forms(self, identity: Identity) -> None:
        """Each form with typed fields, sent as a person who filled in nothing would."""
        client = self.client_for(identity)
        token = self.csrf(identity)
        for endpoint, (url, form) in sorted(self._forms.get(identity.name, {}).items()):
            data = {name: value for name, value in form.hidden}
            data["csrf_token"] = token
            for name in form.typed:
                data.setdefault(name, "")
            if form.enctype == "multipart/form-data":
                data = {name: value for name, value in data.items()}
                response = client.post(url, data=data, content_type="multipart/form-data")
            else:
                response = client.post(url, data=data)
            note = "" if response.status_code == 422 else f"an empty form answered {response.status_code}"
            self._save(identity, "POST", url, response, kind="form-error", note=note)

    def error_pages(self, identity: Identity) -> None:
        """The error pages, and two pages no link leads to: the sign-out confirmation and the
        "link sent" page of a password reset."""
        client = self.client_for(identity)
        requests = [("GET", "/trang-khong-ton-tai", None), ("GET", "/consultations/999999", None)]
        if identity.signed_in:
            requests.append(("GET", "/admin", None))  # 403 for every role but admin
            requests.append(("GET", "/logout", None))  # asks to confirm; the POST signs out
        else:
            token = self.csrf(identity)
            requests += [
                ("POST", "/password/forgot", {"csrf_token": token, "email": "nguoidan2@example.com"}),  # "sent"
                ("POST", "/", {"csrf_token": token}),  # 405
                ("POST", "/login", {"email": "a@example.com", "password": "x"}),  # 400: no CSRF token
                ("POST", "/login", {"csrf_token": token, "email": "x" * OVERSIZED}),  # 413
                ("GET", "/password/reset/lien-ket-sai", None),
                ("GET", "/confirm/lien-ket-sai", None),
            ]
        for method, url, data in requests:
            response = client.get(url) if method == "GET" else client.post(url, data=data)
            self._save(identity, method, url, response, kind="error" if response.status_code >= 400 else "page")

    def token_pages(self) -> list[str]:
        """The password-reset form behind a valid emailed link."""
        from civic.accounts import services as accounts
        from civic.extensions import db

        with self.app.app_context():
            user = accounts.get_by_email("nguoidan2@example.com")
            urls = [f"/password/reset/{accounts.make_reset_token(user)}"] if user else []
            db.session.remove()
        return urls

    def run(self) -> list[Visit]:
        self.out.mkdir(parents=True, exist_ok=True)
        seeds = ["/", "/search?q=cai+cach", "/search?q=%C4%91%C4%83ng+k%C3%BD&kind=comment", "/search?q=zzzz-khong-co"]
        for identity in self.identities:
            extra = self.token_pages() if identity.name == "anonymous" else []
            self.walk(identity, list(identity.start) + seeds + extra)
            self.error_pages(identity)
        for identity in self.identities:
            self.send_empty_forms(identity)
        (self.out / "pages.json").write_text(
            json.dumps([asdict(v) for v in self.visits], ensure_ascii=False, indent=1), encoding="utf-8")
        return self.visits


def load_visits(out: Path) -> list[Visit]:
    return [Visit(**row) for row in json.loads((Path(out) / "pages.json").read_text(encoding="utf-8"))]


def crawl(app, out: Path, **options) -> list[Visit]:
    return Crawler(app, out, **options).run()
