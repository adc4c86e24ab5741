"""axe-core (WCAG 2.1 A and AA, experimental rules included) over the crawled pages, in
Debian's Chromium through Playwright.

A page the crawler fetched with GET is opened for real, with the identity's cookies; a page
that answered a POST (a form shown with its errors, the 405 and 413 pages) cannot be fetched
again, so its saved HTML is served at its own address (`page.route`) and its styles and scripts
load from the site as usual. Either way axe sees the page after its scripts ran.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .crawl import Visit
from .site import ANONYMOUS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
def _axe_script() -> Path:
    """axe-core as the axe-playwright-python package (a dev dependency) ships it."""
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


AXE_SCRIPT = _axe_script()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "experimental"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


@dataclass
class Violation:
    identity: str
    method: str
    url: str
    file: str | None
    rule: str
    impact: str
    help: str
    nodes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        where = "; ".join(self.nodes[:3]) + (f" (+{len(self.nodes) - 3} more)" if len(self.nodes) > 3 else "")
        return f"[{self.identity}] {self.method} {self.url}: {self.rule} ({self.impact}) {self.help} — {where}"


def select(visits: list[Visit], *, per_identity: bool = True) -> list[Visit]:
    """One saved page per page kind — URL rule, method and status — for each identity (or,
    with per_identity=False, for the first identity that showed that kind)."""
    chosen: dict[tuple, Visit] = {}
    for visit in visits:
        if not visit.file:
            continue
        key = (visit.endpoint, visit.method, visit.status) + ((visit.identity,) if per_identity else ())
        chosen.setdefault(key, visit)
    return list(chosen.values())


SIGNED_IN_VIEWS = {"main.home", "consultations.show"}


def representative(visits: list[Visit]) -> list[Visit]:
    """Every page kind once, as the first identity that showed it (the signed-out visitor's
    pages, then each role's own desk and forms, the forms sent empty, the error pages), plus
    the home and consultation pages as every other identity sees them (its menus, its forms,
    its language)."""
    chosen = select(visits, per_identity=False)
    seen = {(v.identity, v.endpoint, v.method, v.status) for v in chosen}
    for visit in visits:
        key = (visit.identity, visit.endpoint, visit.method, visit.status)
        if (visit.file and visit.identity != ANONYMOUS.name and visit.endpoint in SIGNED_IN_VIEWS
                and visit.method == "GET" and visit.status == 200 and key not in seen):
            chosen.append(visit)
            seen.add(key)
    return chosen


def _serve_saved(path: Path, status: int):
    body = path.read_bytes()

    def fulfill(route):
        route.fulfill(status=status, body=body, content_type="text/html; charset=utf-8")

    return fulfill


def run(browser, base: str, visits: list[Visit], cookies: dict[str, dict[str, str]], pages_dir: Path,
        *, languages: dict[str, str] | None = None) -> tuple[list[Violation], int]:
    """Check each visit; returns the violations and how many pages were checked."""
    violations: list[Violation] = []
    checked = 0
    by_identity: dict[str, list[Visit]] = {}
    for visit in visits:
        by_identity.setdefault(visit.identity, []).append(visit)
    for identity, group in by_identity.items():
        language = (languages or {}).get(identity, "vi")
        context = browser.new_context(base_url=base, locale="en-GB" if language == "en" else "vi-VN")
        context.set_default_timeout(15_000)
        context.add_init_script(path=str(AXE_SCRIPT))
        jar = cookies.get(identity, {})
        if jar:
            context.add_cookies([{"name": name, "value": value, "url": base} for name, value in jar.items()])
        page = context.new_page()
        try:
            for visit in group:
                address = base + visit.url
                if visit.method == "GET":
                    page.goto(address, wait_until="load")
                else:
                    page.route(address, _serve_saved(Path(pages_dir) / visit.file, visit.status))
                    page.goto(address, wait_until="load")
                    page.unroute(address)
                results = page.evaluate("options => axe.run(document, options)", OPTIONS)
                checked += 1
                for rule in results.get("violations", []):
                    violations.append(Violation(
                        identity, visit.method, visit.url, visit.file, rule["id"], rule.get("impact") or "",
                        rule.get("help", ""),
                        [" ".join(node.get("target", [])) if isinstance(node.get("target"), list) else str(node.get("target"))
                         for node in rule.get("nodes", [])],
                    ))
        finally:
            context.close()
    return violations, checked


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def timed_run(*args, **kwargs):
    started = time.monotonic()
    result = run(*args, **kwargs)
    return result, time.monotonic() - started
