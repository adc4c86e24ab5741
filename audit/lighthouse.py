"""Lighthouse (npm, installed by `make audit` into .audit/node from audit/node/package.json and
its lock — never into the site's own package.json) on a phone (its default: mobile emulation
and simulated slow 4G), in Debian's Chromium.

Signed-in pages get the session cookie through `--extra-headers`. Lighthouse skips its
compression and caching audits on 127.0.0.1; `audit.weight` measures the bytes on the wire.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / ".audit" / "node"
CLI = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class Score:
    name: str
    url: str
    identity: str
    scores: dict[str, int | None] = field(default_factory=dict)
    failing: dict[str, list[str]] = field(default_factory=dict)  # category -> audits below 1
    seconds: float = 0.0
    failure: str = ""
    total_bytes: int | None = None
    requests: int | None = None
    benchmark_index: int | None = None  # Lighthouse's measure of this machine's speed (~1000+ on a quiet desktop)
    load_average: float | None = None


def available() -> str | None:
    """None when Lighthouse can run, else what is missing."""
    if not CLI.exists():
        return f"{CLI} is missing (make audit installs it)"
    if not Path(CHROME).exists():
        return f"{CHROME} is missing (apt-get install chromium)"
    return None


def run(name: str, url: str, identity: str, cookie_header: str, out_dir: Path) -> Score:
    score = Score(name, url, identity)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = out_dir / f"{name}.json"
    command = ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={report}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
               "--max-wait-for-load=60000"]
    if cookie_header:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie_header}))
    started = time.monotonic()
    score.load_average = os.getloadavg()[0]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CHROME_PATH": CHROME})
    score.seconds = time.monotonic() - started
    if result.returncode != 0 or not report.exists():
        score.failure = (result.stderr or result.stdout)[-1500:]
        return score
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        score.failure = data["runtimeError"].get("message", "runtime error")
    for category in CATEGORIES:
        entry = data["categories"].get(category, {})
        value = entry.get("score")
        score.scores[category] = None if value is None else round(value * 100)
        below = []
        for ref in entry.get("auditRefs", []):
            audit = data["audits"].get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                nodes = [item["node"].get("selector", "") for item in (audit.get("details") or {}).get("items", [])
                         if isinstance(item, dict) and isinstance(item.get("node"), dict)]
                where = f" on {len(nodes)} elements, e.g. {nodes[0]}" if nodes else ""
                below.append(f"{ref['id']} {audit['score']:.2f}{' (' + shown + ')' if shown else ''}{where}")
        if below:
            score.failing[category] = below
    score.benchmark_index = data.get("environment", {}).get("benchmarkIndex")
    weight = data["audits"].get("total-byte-weight", {})
    score.total_bytes = weight.get("numericValue")
    requests = data["audits"].get("network-requests", {}).get("details", {}).get("items")
    score.requests = len(requests) if requests is not None else None
    return score
