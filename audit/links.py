"""LinkChecker over the whole served site, with its AnchorCheck plugin, as one identity.

Every link of every page reachable from `/` is followed (`-r -1`), only on this site (other
hosts and `/logout` are ignored). LinkChecker drops root privileges to `nobody`, so its
configuration, cookie file and output live in a world-readable, world-writable folder.
Results: errors (a link that fails), anchor warnings (`#name` missing from the target page)
and other warnings (redirects: reported, not counted against the site).
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

# LinkChecker waits between requests to one host (10 per second at most, about a third of that
# on average); three identities run side by side, so the whole site takes a few minutes.
TIMEOUT_S = 1800


@dataclass
class LinkResult:
    identity: str
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    anchor_warnings: list[str] = field(default_factory=list)
    other_warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failure: str = ""
    # (address of the target without its #fragment, the anchor) for each anchor warning
    anchors: list[tuple[str, str]] = field(default_factory=list)
    # anchor warnings whose id is there after all, on a <form method="post">: LinkChecker
    # 10.6 collects no attribute of such a form, its id included (htmlutil/linkparse.py)
    on_post_forms: list[str] = field(default_factory=list)


def executable() -> str:
    found = Path(sys.executable).with_name("linkchecker")
    if found.exists():
        return str(found)
    path = shutil.which("linkchecker")
    if not path:
        raise RuntimeError("linkchecker is not installed (pip install -e '.[audit]')")
    return path


def _config(base: str) -> str:
    port = base.rsplit(":", 1)[1]
    return "\n".join([
        "[checking]",
        "threads=4",
        "[filtering]",
        "ignore=",
        rf"  ^(?!http://127\.0\.0\.1:{port}(/|$))",
        "  /logout",
        "[AnchorCheck]",
        "",
    ])


def _cookie_file(cookies: dict[str, str]) -> str:
    return "Host: 127.0.0.1\nPath: /\n" + "".join(f"Set-cookie: {name}={value}\n" for name, value in cookies.items())


class Run:
    """One LinkChecker process, started now and read when `result()` is called."""

    def __init__(self, base: str, identity: str, cookies: dict[str, str], folder: Path):
        self.identity = identity
        self.cookies = cookies
        self.folder = Path(folder) / identity
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o777)
        config = self.folder / "linkcheckerrc"
        config.write_text(_config(base))
        self.output = self.folder / "links.csv"
        self.log = self.folder / "linkchecker.log"
        command = [executable(), "--config", str(config), "--recursion-level", "-1", "--no-status",
                   "--file-output", f"csv/utf-8/{self.output}"]
        if cookies:
            cookie_file = self.folder / "cookies.txt"
            cookie_file.write_text(_cookie_file(cookies))
            command += ["--cookiefile", str(cookie_file)]
        for path in self.folder.iterdir():
            os.chmod(path, 0o666)
        command.append(base + "/")
        self.started = time.monotonic()
        self.ended: float | None = None
        self.log_handle = open(self.log, "wb")
        self.process = subprocess.Popen(command, stdout=self.log_handle, stderr=subprocess.STDOUT)
        # The audit goes on while LinkChecker runs; this notes when it ended, for its time.
        threading.Thread(target=self._note_end, daemon=True).start()

    def _note_end(self) -> None:
        self.process.wait()
        self.ended = time.monotonic()

    def result(self) -> LinkResult:
        result = LinkResult(self.identity)
        try:
            self.process.wait(timeout=max(1, TIMEOUT_S - (time.monotonic() - self.started)))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            result.failure = f"stopped after {TIMEOUT_S} s"
        finally:
            self.log_handle.close()
        result.seconds = (self.ended or time.monotonic()) - self.started
        if not self.output.exists():
            result.failure = result.failure or f"no output (exit {self.process.returncode}); see {self.log}"
            return result
        return parse(self.identity, self.output.read_text(encoding="utf-8"),
                     self.log.read_text(encoding="utf-8", errors="replace"), result)


def parse(identity: str, csv_text: str, log_text: str, result: LinkResult | None = None) -> LinkResult:
    """LinkChecker's CSV output (only the links with an error or a warning; a cell may hold
    several lines) and the count of URLs from its closing line."""
    result = result or LinkResult(identity)
    summary = re.search(r"(\d+) links? in (\d+) URLs? checked", log_text)
    result.checked = int(summary.group(2)) if summary else 0
    text = "\n".join(line for line in csv_text.splitlines() if not line.startswith("#"))
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        where = f"{row['urlname']} (on {row['parentname'] or '-'}, line {row['line'] or '-'})"
        if row["valid"] == "False":
            result.errors.append(f"{where}: {row['result']}")
        for warning in filter(None, (row.get("warningstring") or "").split("\n")):
            if warning.startswith("Anchor `"):
                result.anchor_warnings.append(f"{where}: {warning.split('. Available anchors')[0]}")
                target = urljoin(row["parentname"] or row["url"], row["urlname"])
                result.anchors.append((target.split("#")[0], warning.split("`", 2)[1].split("'")[0]))
            else:
                result.other_warnings.append(f"{where}: {warning}")
    return result


def grouped(lines: list[str]) -> list[tuple[int, str]]:
    """Findings that differ only in their numbers (comment 4, comment 7…), counted together."""
    counts: dict[str, int] = {}
    for line in lines:
        pattern = re.sub(r"http://127\.0\.0\.1:\d+", "", line)
        pattern = re.sub(r", line \d+\)", ")", pattern)
        pattern = re.sub(r"/(\d+)-[a-z0-9-]+", "/N-slug", pattern)
        pattern = re.sub(r"\d+", "N", pattern)
        counts[pattern] = counts.get(pattern, 0) + 1
    return sorted(((n, p) for p, n in counts.items()), key=lambda item: (-item[0], item[1]))


_POST_FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def explain_anchors(result: LinkResult, cookies: dict[str, str]) -> None:
    """Fetch each page an anchor warning is about (as the same identity) and note the anchors
    that exist on a POST form, where LinkChecker cannot see them."""
    import urllib.request

    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    pages: dict[str, str] = {}
    for (target, anchor), line in zip(result.anchors, result.anchor_warnings):
        if target not in pages:
            request = urllib.request.Request(target, headers={"Cookie": header} if header else {})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    pages[target] = response.read().decode("utf-8", "replace")
            except OSError:
                pages[target] = ""
        for tag in _POST_FORM.findall(pages[target]):
            if re.search(rf'\bid="{re.escape(anchor)}"', tag) and re.search(r'\bmethod="post"', tag, re.IGNORECASE):
                result.on_post_forms.append(line)
                break
