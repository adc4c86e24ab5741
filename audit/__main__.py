"""`python -m audit` (run by `make audit`): the demo site checked end to end.

1. prepare the demo site in .audit/run/site (migrations, `seed demo`, search index, known
   passwords) and a copy of it for the crawler;
2. crawl: save every page kind as each demo role sees it (.audit/run/pages);
3. the W3C Nu HTML Checker over the saved pages;
4. serve the demo site with gunicorn on a free port of 127.0.0.1;
5. Lighthouse (mobile) on six pages, alone on the machine so its timings are its own;
6. LinkChecker as a signed-out visitor, a citizen and a staff member (side by side), while the
   page weight and axe-core run;
7. a summary table, the details in .audit/run/report.txt and .audit/run/summary.json, and
   exit status 1 when a number is off its target.

Options: --skip nu,links,lighthouse,weight,axe (any of them); --out DIR.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from . import axe, crawl, lighthouse, links, nu, serve, site, weight

ROOT = Path(__file__).resolve().parent.parent
CHECKERS = ("nu", "links", "lighthouse", "weight", "axe")
LINK_IDENTITIES = ("anonymous", "citizen", "staff")
SIGNED_IN_PAGE = "citizen"


def _kb(n: int | float | None) -> str:
    return "-" if n is None else f"{n / 1024:.1f} KB"


class Report:
    def __init__(self, out: Path):
        self.out = out
        self.rows: list[tuple[str, str, str, str, bool]] = []  # checker, measured, target, time, ok
        self.details: list[str] = []
        self.data: dict = {}
        self.per_page: dict[tuple[str, str, str], Counter] = defaultdict(Counter)  # page -> checker -> count

    def row(self, checker: str, measured: str, target: str, seconds: float | None, ok: bool) -> None:
        self.rows.append((checker, measured, target, "-" if seconds is None else f"{seconds:.0f} s", ok))

    def section(self, title: str, lines: list[str]) -> None:
        self.details.append(f"\n== {title} ==")
        self.details.extend(lines or ["(nothing)"])

    def page_table(self, limit: int = 40) -> str:
        """Findings per page (identity, method, address), the most first."""
        if not self.per_page:
            return ""
        checkers = sorted({name for counts in self.per_page.values() for name in counts})
        rows = sorted(self.per_page.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        lines = ["findings per page: " + ", ".join(checkers) + " (identity method address)"]
        for (identity, method, url), counts in rows[:limit]:
            cells = " ".join(f"{counts.get(name, 0):4d}" for name in checkers)
            lines.append(f"{cells}  {identity} {method} {url[:100]}")
        if len(rows) > limit:
            lines.append(f"(and {len(rows) - limit} more pages: see report.txt)")
        return "\n".join(lines)

    def table(self) -> str:
        header = ("checker", "measured", "target", "time", "result")
        rows = [header] + [(c, m, t, s, "ok" if ok else "OFF") for c, m, t, s, ok in self.rows]
        widths = [min(max(len(r[i]) for r in rows), 90) for i in range(5)]
        lines = []
        for n, r in enumerate(rows):
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    @property
    def ok(self) -> bool:
        return all(row[4] for row in self.rows)


def _quiet_app_logs() -> None:
    logging.getLogger("civic").setLevel(logging.WARNING)


def prepare(out: Path) -> tuple[Path, Path, float]:
    started = time.monotonic()
    if out.exists():
        shutil.rmtree(out)
    site_dir, crawl_dir = out / "site", out / "crawl-site"
    app = site.make_app(site_dir)
    _quiet_app_logs()
    site.prepare(app, migrate=True)
    # The crawler sends empty forms (some act: a registration with its defaults); it works on a
    # copy, so the served site is the demo site as loaded.
    shutil.copytree(site_dir, crawl_dir)
    return site_dir, crawl_dir, time.monotonic() - started


def run_nu(report: Report, pages: Path, visits: list[crawl.Visit]) -> None:
    started = time.monotonic()
    try:
        messages = nu.check(pages, visits)
    except (nu.Unavailable, RuntimeError) as error:
        report.row("Nu HTML Checker", f"not run: {error}", "0 errors", None, False)
        return
    seconds = time.monotonic() - started
    errors = nu.errors(messages)
    warnings = [m for m in messages if m.type == "warning"]
    for m in errors:
        key = (m.visit.identity, m.visit.method, m.visit.url) if m.visit else ("?", "", m.file)
        report.per_page[key]["nu"] += 1
    saved = [v for v in visits if v.file]
    bad_pages = {m.file for m in errors}
    report.row("Nu HTML Checker", f"{len(errors)} errors in {len(bad_pages)} of {len(saved)} pages "
               f"({len(warnings)} warnings)", "0 errors", seconds, not errors)
    by_message = Counter(m.message for m in errors)
    lines = [f"{count:4d} × {message}" for message, count in by_message.most_common()]
    lines.append("")
    by_page: dict[str, list[nu.Message]] = defaultdict(list)
    for m in errors:
        by_page[m.file].append(m)
    for file, found in sorted(by_page.items()):
        v = found[0].visit
        lines.append(f"{len(found):3d}  {v.identity if v else '?'} {v.method if v else ''} {v.url if v else file}  ({file})")
        for m in found[:5]:
            lines.append(f"       line {m.line}: {m.message[:160]} [{m.extract.strip()[:80]}]")
    report.section("Nu HTML Checker: errors by message, then by page", lines)
    report.data["nu"] = {"pages": len(saved), "errors": len(errors), "pages_with_errors": len(bad_pages),
                         "warnings": len(warnings), "seconds": round(seconds, 1), "version": _nu_version(),
                         "by_message": dict(by_message)}


def _nu_version() -> str:
    try:
        return nu.version()
    except Exception:  # only a label in the summary
        return "?"


def run_lighthouse(report: Report, base: str, pages: list[tuple[str, str, str]], cookies: dict[str, dict[str, str]]) -> None:
    missing = lighthouse.available()
    if missing:
        report.row("Lighthouse", f"not run: {missing}", "100 × 4", None, False)
        return
    lines, data = [], []
    for name, identity, path in pages:
        score = lighthouse.run(name, base + path, identity, serve.cookie_header(cookies.get(identity, {})),
                               report.out / "lighthouse")
        ok = not score.failure and all(v == 100 for v in score.scores.values()) and len(score.scores) == 4
        shown = " ".join(f"{k[:4]} {'-' if v is None else v}" for k, v in score.scores.items())
        report.row(f"Lighthouse {name}", (shown or "no scores") + (f" ({score.failure[:60]})" if score.failure else ""),
                   "100 × 4", score.seconds, ok)
        lines.append(f"{name} [{identity}] {path}: {shown} — {_kb(score.total_bytes)}, {score.requests} requests; "
                     f"machine: benchmark index {score.benchmark_index}, load average {score.load_average:.1f}")
        for category, audits in score.failing.items():
            lines.append(f"    {category}: " + "; ".join(audits))
        if score.failure:
            lines.append(f"    failure: {score.failure}")
        data.append({"name": name, "identity": identity, "path": path, "scores": score.scores, "failing": score.failing,
                     "seconds": round(score.seconds, 1), "total_bytes": score.total_bytes, "requests": score.requests,
                     "benchmark_index": score.benchmark_index, "load_average": score.load_average})
    report.section("Lighthouse (mobile): scores and the audits below 1", lines)
    report.data["lighthouse"] = data


def run_weight(report: Report, base: str, path: str, cookies: dict[str, str]) -> None:
    started = time.monotonic()
    measured = weight.measure(base, path, serve.cookie_header(cookies), SIGNED_IN_PAGE)
    seconds = time.monotonic() - started
    report.row("Page weight", f"{_kb(measured.total)} in {measured.requests} requests "
               f"(bodies {_kb(measured.body_total)}), signed-in consultation page",
               f"≤ {_kb(weight.MAX_BYTES)}, ≤ {weight.MAX_REQUESTS}", seconds, measured.ok)
    lines = [f"{t.status} {t.url}: {t.total} bytes (headers {t.header_bytes}, body {t.body_bytes}, "
             f"encoding {t.encoding or 'none'})" for t in measured.transfers]
    report.section(f"Page weight: {path} as {SIGNED_IN_PAGE}, Accept-Encoding: {weight.ENCODINGS}", lines)
    report.data["weight"] = {"path": path, "bytes": measured.total, "body_bytes": measured.body_total,
                             "requests": measured.requests,
                             "transfers": [t.__dict__ for t in measured.transfers]}


def run_axe(report: Report, base: str, pages: Path, visits: list[crawl.Visit], cookies: dict[str, dict[str, str]],
            every_kind: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    chosen = axe.select(visits, per_identity=True) if every_kind else axe.representative(visits)
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = axe.launch(playwright)
        try:
            violations, checked = axe.run(browser, base, chosen, cookies, pages,
                                          languages={i.name: i.language for i in site.IDENTITIES})
        finally:
            browser.close()
    seconds = time.monotonic() - started
    by_rule = Counter(v.rule for v in violations)
    for v in violations:
        report.per_page[(v.identity, v.method, v.url)]["axe"] += 1
    pages_hit = {(v.identity, v.method, v.url) for v in violations}
    report.row("axe-core", f"{len(violations)} violations on {len(pages_hit)} of {checked} pages "
               f"({len(by_rule)} rules)", "0 violations", seconds, not violations)
    lines = [f"{count:4d} × {rule}" for rule, count in by_rule.most_common()]
    lines.append("")
    lines.extend(v.describe() for v in violations)
    report.section("axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, experimental): violations by rule, then by page", lines)
    report.data["axe"] = {"pages": checked, "violations": len(violations), "by_rule": dict(by_rule),
                          "seconds": round(seconds, 1)}


def finish_links(report: Report, running: list[links.Run]) -> None:
    data = []
    lines = []
    for run in running:
        result = run.result()
        links.explain_anchors(result, run.cookies)
        ok = not result.failure and not result.errors and not result.anchor_warnings
        hidden = f" ({len(result.on_post_forms)} on a POST form)" if result.on_post_forms else ""
        measured = (f"{result.identity}: {result.checked} URLs, {len(result.errors)} errors, "
                    f"{len(result.anchor_warnings)} anchor warnings{hidden}, {len(result.other_warnings)} other warnings")
        if result.failure:
            measured += f" ({result.failure[:60]})"
        report.row("LinkChecker", measured, "0 errors, 0 anchor", result.seconds, ok)
        for finding in result.errors + result.anchor_warnings:
            parent = re.search(r"\(on (?:https?://[^/\s]+)?(\S*), line", finding)
            report.per_page[(result.identity, "GET", (parent.group(1) if parent else "?").split("#")[0])]["links"] += 1
        lines.append(f"-- {result.identity}: {result.checked} URLs in {result.seconds:.0f} s; the same finding "
                     "on other numbers counted together:")
        lines.extend(f"  {n:4d} × {kind}: {pattern}" for kind, found in
                     (("error", result.errors), ("anchor", result.anchor_warnings), ("other", result.other_warnings))
                     for n, pattern in links.grouped(found))
        if result.on_post_forms:
            lines.append(f"  of the anchor warnings, {len(result.on_post_forms)} name an id that is there, on a "
                         "<form method=post>: LinkChecker 10.6 reads no attribute of a POST form, its id included; "
                         "an id on an element around the form satisfies it:")
            lines.extend(f"  {n:4d} × {pattern}" for n, pattern in links.grouped(result.on_post_forms))
        lines.append("   every one:")
        lines.extend(f"  error: {e}" for e in result.errors)
        lines.extend(f"  anchor: {w}" for w in result.anchor_warnings)
        lines.extend(f"  other: {w}" for w in result.other_warnings)
        data.append({"identity": result.identity, "urls": result.checked, "errors": len(result.errors),
                     "anchor_warnings": len(result.anchor_warnings), "anchors_on_post_forms": len(result.on_post_forms),
                     "other_warnings": len(result.other_warnings),
                     "seconds": round(result.seconds, 1)})
    report.section("LinkChecker (AnchorCheck on; /logout and other hosts ignored)", lines)
    report.data["links"] = data


def _stop_on_sigterm() -> None:
    """A stopped audit (Ctrl+C, SIGTERM) still stops the server and LinkChecker it started."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> int:
    _stop_on_sigterm()
    parser = argparse.ArgumentParser(prog="python -m audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".audit" / "run")
    parser.add_argument("--skip", default="", help="comma-separated: " + ",".join(CHECKERS))
    parser.add_argument("--axe-every-kind", action="store_true",
                        help="axe on every page kind as every identity (about 370 pages), not one of each kind "
                             "plus each signed-in role's home and consultation pages (about 130)")
    args = parser.parse_args(argv)
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    unknown = skip - set(CHECKERS)
    if unknown:
        parser.error(f"unknown checker(s): {', '.join(sorted(unknown))}")
    out: Path = args.out.resolve()
    report = Report(out)
    started = time.monotonic()

    print("preparing the demo site…", flush=True)
    site_dir, crawl_dir, seconds = prepare(out)
    report.row("Demo site", f"migrated, seeded, indexed in {site_dir.relative_to(ROOT) if site_dir.is_relative_to(ROOT) else site_dir}",
               "-", seconds, True)

    print("crawling every page kind as each role…", flush=True)
    t = time.monotonic()
    crawl_app = site.make_app(crawl_dir)
    _quiet_app_logs()
    pages = out / "pages"
    visits = crawl.crawl(crawl_app, pages)
    saved = [v for v in visits if v.file]
    server_errors = [v for v in visits if v.status >= 500]
    statuses = Counter(v.status for v in visits)
    report.row("Crawl", f"{len(saved)} pages saved, {len(visits)} requests as {len(site.IDENTITIES)} identities; "
               f"statuses {dict(sorted(statuses.items()))}", "no 5xx", time.monotonic() - t, not server_errors)
    report.section("Crawl: server errors and forms that did not answer 422 when sent empty",
                   [f"{v.identity} {v.method} {v.url}: {v.status} {v.note}" for v in visits
                    if v.status >= 500 or (v.kind == "form-error" and v.status != 422)])
    landmark = site.landmarks(crawl_app)

    if "nu" not in skip:
        print("W3C Nu HTML Checker…", flush=True)
        run_nu(report, pages, visits)

    need_server = {"links", "lighthouse", "weight", "axe"} - skip
    if need_server:
        print("serving the demo site…", flush=True)
        with serve.Server(site_dir, log=out / "server.log") as server:
            base = server.base
            cookies = {identity.name: serve.sign_in(base, identity) for identity in site.IDENTITIES}
            if "lighthouse" not in skip:
                print("Lighthouse…", flush=True)
                run_lighthouse(report, base, [
                    ("home", "anonymous", "/"),
                    ("consultation", "anonymous", landmark["open_consultation"]),
                    ("search", "anonymous", "/search?q=cai%20cach"),
                    ("ideas", "anonymous", "/ideas"),
                    ("accountability", "anonymous", "/accountability"),
                    ("consultation-signed-in", SIGNED_IN_PAGE, landmark["open_consultation"]),
                ], cookies)
            running = []
            if "links" not in skip:
                print("LinkChecker (3 identities, in the background)…", flush=True)
                try:
                    folder = out / "linkchecker"
                    folder.mkdir(parents=True, exist_ok=True)
                    folder.chmod(0o777)
                    running = [links.Run(base, name, cookies[name], folder) for name in LINK_IDENTITIES]
                except RuntimeError as error:
                    report.row("LinkChecker", f"not run: {error}", "0 errors, 0 anchor", None, False)
            if "weight" not in skip:
                print("page weight…", flush=True)
                run_weight(report, base, landmark["open_consultation"], cookies[SIGNED_IN_PAGE])
            if "axe" not in skip:
                print("axe-core…", flush=True)
                try:
                    run_axe(report, base, pages, visits, cookies, args.axe_every_kind)
                except Exception as error:  # a browser that cannot start is reported, not raised
                    report.row("axe-core", f"not run: {error}"[:120], "0 violations", None, False)
            if running:
                print("waiting for LinkChecker…", flush=True)
                try:
                    finish_links(report, running)
                finally:
                    for run in running:
                        if run.process.poll() is None:
                            run.process.terminate()

    total = time.monotonic() - started
    report.data["seconds"] = round(total, 1)
    report.data["rows"] = [dict(zip(("checker", "measured", "target", "time", "ok"), row)) for row in report.rows]
    (out / "summary.json").write_text(json.dumps(report.data, ensure_ascii=False, indent=1), encoding="utf-8")
    table = report.table()
    pages_table = report.page_table()
    (out / "report.txt").write_text(table + "\n\n" + report.page_table(limit=10_000) + "\n" + "\n".join(report.details) + "\n",
                                    encoding="utf-8")
    print()
    print(table)
    if pages_table:
        print()
        print(pages_table)
    print(f"\nwhole audit: {total / 60:.1f} min; details: {out / 'report.txt'}")
    print("all numbers on target" if report.ok else "some numbers are off their target (OFF above)")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
