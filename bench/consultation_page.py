"""Benchmark: the consultation page with 10,000 comments against a bare Flask endpoint.

Both are served side by side by gunicorn with the same worker count; a load generator on this
machine asks each in turn for a few seconds, several rounds, and the median requests per second
of each are compared. The product is held to: consultation page >= 1/4 of the bare endpoint.

    make bench            (or: .venv/bin/python bench/consultation_page.py --rounds 3)
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(database_url: str, comments: int) -> int:
    """A consultation with `comments` comments (and some votes); returns its id."""
    os.environ["CIVIC_ENV"] = "testing"
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert

    from civic import create_app
    from civic.comments.models import Comment
    from civic.config import testing_overrides
    from civic.core.timeutil import utcnow
    from civic.extensions import db
    from civic.votes.models import Vote
    from tests.factories import make_consultation, make_user

    app = create_app(testing_overrides(database_url, Path(tempfile.gettempdir())))
    with app.app_context():
        db.create_all()
        consultation = make_consultation(title="Dự thảo Quy định về dịch vụ công trực tuyến", body=None)
        authors = [make_user(), make_user("business"), make_user()]
        sections = [s.id for s in consultation.versions[0].sections]
        now = utcnow()
        batch = []
        for i in range(comments):
            batch.append({
                "subject_type": "consultation", "subject_id": consultation.id,
                "section_id": sections[i % len(sections)] if i % 4 else None, "depth": 0,
                "author_id": authors[i % len(authors)].id,
                "body": f"Ý kiến số {i}: đề nghị rút ngắn thời hạn giải quyết thủ tục hành chính, công khai tiến độ xử lý hồ sơ trên cổng dịch vụ công.",
                "receipt": f"GY-2026-{i + 1:06d}", "status": "published", "created_at": now, "updated_at": now,
            })
        db.session.execute(insert(Comment), batch)
        db.session.commit()
        ids = [c.id for c in db.session.query(Comment.id).order_by(Comment.id).limit(200)]
        db.session.execute(insert(Vote), [{"user_id": authors[j % 3].id, "subject_type": "comment", "subject_id": cid, "value": "up"} for j, cid in enumerate(ids)])
        db.session.commit()
        cid = consultation.id
        db.engine.dispose()
    return cid


def serve(app_spec: str, port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    # The servers' logs go to a file: an unread pipe would fill up and stall the workers.
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", app_spec],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sink,
        )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start: {log.read_text()[-2000:]}")


def load(port: int, path: str, seconds: float, clients: int) -> tuple[float, int]:
    """Requests per second over `seconds` with `clients` concurrent connections."""
    done = [0] * clients
    errors = [0] * clients
    stop = time.perf_counter() + seconds

    def worker(n: int) -> None:
        while time.perf_counter() < stop:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    done[n] += 1
                else:
                    errors[n] += 1
            except OSError:
                errors[n] += 1
            finally:
                connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started), sum(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.sqlite3"
        print(f"seeding a consultation with {args.comments:,} comments…", flush=True)
        consultation_id = seed(database_url, args.comments)
        env = dict(os.environ, CIVIC_ENV="production", SECRET_KEY="bench-only-secret", DATABASE_URL=database_url,
                   CIVIC_INSTANCE_DIR=tmp, SESSION_COOKIE_SECURE="0", PYTHONPATH=str(ROOT))
        env.pop("TEST_DATABASE_URL", None)
        app_port, bare_port, uncached_port = free_port(), free_port(), free_port()
        log = Path(tmp) / "servers.log"
        servers = [serve("civic:create_app()", app_port, args.workers, env, log),
                   serve("bench.bare:app", bare_port, args.workers, env, log),
                   serve("civic:create_app()", uncached_port, args.workers, dict(env, PAGE_CACHE="0"), log)]
        try:
            path = f"/consultations/{consultation_id}"
            load(app_port, path, 1.0, args.clients)  # warm up both
            load(bare_port, "/", 1.0, args.clients)
            load(uncached_port, path, 1.0, args.clients)
            page, bare, uncached = [], [], []
            for round_ in range(args.rounds):
                rps, errors = load(app_port, path, args.seconds, args.clients)
                page.append(rps)
                base, base_errors = load(bare_port, "/", args.seconds, args.clients)
                bare.append(base)
                slow, slow_errors = load(uncached_port, path, args.seconds, args.clients)
                uncached.append(slow)
                print(f"round {round_ + 1}: consultation page {rps:7.1f} req/s ({errors} errors) · bare Flask {base:7.1f} req/s "
                      f"({base_errors} errors) · page rendered every time {slow:6.1f} req/s ({slow_errors} errors)", flush=True)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    ratio = statistics.median(page) / statistics.median(bare)
    print(f"median: consultation page {statistics.median(page):.1f} req/s, bare Flask {statistics.median(bare):.1f} req/s")
    print(f"ratio consultation ÷ bare = {ratio:.2f} (target ≥ 0.25, gunicorn --workers {args.workers}, {args.clients} clients, {args.comments:,} comments)")
    print(f"rendered every time (signed-in visitors, PAGE_CACHE=0): {statistics.median(uncached):.1f} req/s, "
          f"ratio {statistics.median(uncached) / statistics.median(bare):.2f} (not held to the target)")
    return 0 if ratio >= 0.25 else 1


if __name__ == "__main__":
    sys.exit(main())
