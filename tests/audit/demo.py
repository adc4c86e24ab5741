"""The demo site of `make audit`, prepared and crawled once per test session.

Both the Nu test (tests/audit) and the axe test (tests/browser/test_audit_axe.py, beside the
browser fixtures) use it; whichever asks first builds it, the other gets the same object.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from audit import crawl, site
from tests.browser.conftest import _compile_catalogues

_BUILT: dict[str, "DemoCrawl"] = {}


@dataclass
class DemoCrawl:
    app: object
    pages: Path
    visits: list[crawl.Visit]
    cookies: dict[str, dict[str, str]]  # identity -> the cookies its browser would send

    def saved(self, identity: str | None = None) -> list[crawl.Visit]:
        return [v for v in self.visits if v.file and (identity is None or v.identity == identity)]


def demo_crawl(tmp_path_factory) -> DemoCrawl:
    if "demo" not in _BUILT:
        root = tmp_path_factory.mktemp("audit")
        app = site.make_app(
            root / "site",
            # Fast password hashing (the demo creates 16 accounts), the catalogues compiled
            # from the .po files as they are now, no page cache shared with other test apps.
            ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=8, ARGON2_PARALLELISM=1,
            BABEL_TRANSLATION_DIRECTORIES=str(_compile_catalogues(root / "translations")),
            PAGE_CACHE=False,
        )
        logging.getLogger("civic").setLevel(logging.WARNING)
        site.prepare(app, migrate=False)
        crawler = crawl.Crawler(app, root / "pages")
        visits = crawler.run()
        cookies: dict[str, dict[str, str]] = {}
        for identity in site.IDENTITIES:
            client = crawler.clients[identity.name]
            jar = {}
            for name in ("session", "lang"):
                cookie = client.get_cookie(name, domain="localhost")
                if cookie is not None:
                    jar[name] = cookie.value
            cookies[identity.name] = jar
        _BUILT["demo"] = DemoCrawl(app, root / "pages", visits, cookies)
    return _BUILT["demo"]
