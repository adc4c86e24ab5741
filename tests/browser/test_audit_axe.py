"""axe-core, WCAG 2.1 A and AA with the experimental rules (label-content-name-mismatch and
the like), finds nothing on the demo site: every page kind once, as the first demo role that
sees it — the signed-out visitor's pages, each role's own desk and forms, the forms sent empty
(422) and the error pages — plus the home and open consultation pages as each signed-in role
sees them. The pages come from the crawl of tests/audit (audit/crawl.py); axe runs in Chromium
on the demo site served on a free port."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from audit import axe as axe_audit
from audit import site
from tests.audit.demo import demo_crawl
from tests.browser.conftest import _QuietHandler

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_crawl(tmp_path_factory)


@pytest.fixture(scope="module")
def demo_server(demo):
    server = make_server("127.0.0.1", 0, demo.app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="audit-demo-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def pages_for(demo, identity: str):
    return [v for v in axe_audit.representative(demo.visits) if v.identity == identity]


@pytest.mark.parametrize("identity", [i.name for i in site.IDENTITIES])
def test_axe_finds_no_violations(browser, demo, demo_server, identity):
    visits = pages_for(demo, identity)
    assert visits, f"no page to check as {identity}"
    violations, checked = axe_audit.run(browser, demo_server, visits, demo.cookies, demo.pages,
                                        languages={i.name: i.language for i in site.IDENTITIES})
    assert checked == len(visits)
    rules = sorted({v.rule for v in violations})
    assert not violations, (
        f"{len(violations)} axe violations ({', '.join(rules)}) on "
        f"{len({v.url for v in violations})} of {checked} pages seen as {identity}:\n"
        + "\n".join(v.describe() for v in violations)
    )
