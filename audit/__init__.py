"""The site audit: the demo site checked by the tools its users' IT teams trust.

`make audit` runs `python -m audit` (see `audit/__main__.py`): it prepares the demo site
(`audit.site`), saves every page kind as each demo role sees it (`audit.crawl`), serves the
demo site on a free port and runs the W3C Nu HTML Checker (`audit.nu`), LinkChecker
(`audit.links`), Lighthouse (`audit.lighthouse`), the page weight on the wire (`audit.weight`)
and axe-core (`audit.axe`), then prints a summary and exits non-zero when a number is off.

The tests in `tests/audit/` run the Nu checker and axe over the same crawl in CI.
"""
