import pytest

from tests.audit.demo import demo_crawl


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo site, crawled as every demo role (see audit/crawl.py)."""
    return demo_crawl(tmp_path_factory)
