"""Benchmark: a branch microsite's home page beside a bare Flask endpoint.

Builds one court with a branch site (200 published posts, honours, an
album), then serves both through the same WSGI server settings (werkzeug's
threaded server on a free port, one keep-alive-less HTTP client) and prints
requests per second, p50 and p99 for:

- the bare endpoint (a view returning a short string, same app),
- the microsite home as an anonymous visitor (page cache on),
- the microsite home with the page cache off (every request renders),

and the ratio of each to the bare endpoint.  Figures only.

    .venv/bin/python bench/microsite.py                 # SQLite in a temporary folder
    .venv/bin/python bench/microsite.py --requests 2000 --posts 500
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="timed requests per endpoint")
    parser.add_argument("--posts", type=int, default=200)
    return parser.parse_args()


def build_app(folder: str):
    os.environ["DANGJIAN_INSTANCE_PATH"] = folder
    from dangjian.access import PUBLIC, requires
    from dangjian.app import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
        }
    )

    @requires(PUBLIC)
    def bare():
        return "ok"

    app.add_url_rule("/_bench/bare", "bench_bare", bare)
    return app


def populate(app, posts: int) -> str:
    from datetime import date, timedelta

    from dangjian.courts.models import Court
    from dangjian.db import db
    from dangjian.org.models import Organisation
    from dangjian.sites import content, revisions
    from dangjian.sites.models import Honour, NewsPost

    with app.app_context():
        db.create_all()
        court = Court(slug="bench", name="基准测试法院", short_name="基准法院", level="intermediate")
        branch = Organisation(court=court, kind="branch", name="基准党支部", slug="jz")
        db.session.add_all([court, branch])
        db.session.flush()
        site = content.ensure_site(branch)
        site.brand_name, site.slogan = "基准品牌", "测一测有多快"
        site.meaning = "<p>" + "品牌内涵。" * 40 + "</p>"
        for n in range(posts):
            post = NewsPost(site_id=site.id, publish_date=date(2024, 1, 1) + timedelta(days=n))
            db.session.add(post)
            db.session.flush()
            revisions.save_revision(post, title=f"新闻 {n}", summary="摘要" * 20, body="<p>正文</p>" * 20)
            post.live_revision_id, post.status = post.latest_revision_id, "published"
        for n in range(8):
            db.session.add(Honour(site_id=site.id, title=f"荣誉 {n}", published=True))
        db.session.commit()
    return "/bench/s/jz/"


def measure(port: int, path: str, count: int) -> dict:
    def one() -> float:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        return time.perf_counter() - started

    for _ in range(20):
        one()
    started = time.perf_counter()
    times = [one() for _ in range(count)]
    total = time.perf_counter() - started
    ordered = sorted(times)
    return {
        "rps": count / total,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def main() -> None:
    args = parse_args()
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as folder:
        app = build_app(folder)
        site_path = populate(app, args.posts)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.server_port
        try:
            rows = [("bare Flask endpoint", measure(port, "/_bench/bare", args.requests))]
            rows.append(("microsite home (anonymous, cached)", measure(port, site_path, args.requests)))
            app.config["SITES_CACHE_ENABLED"] = False
            rows.append(("microsite home (cache off)", measure(port, site_path, max(args.requests // 4, 50))))
        finally:
            server.shutdown()
    bare = rows[0][1]["rps"]
    print(f"werkzeug threaded server, {args.posts} posts, {args.requests} requests per endpoint (one client)")
    print(f"{'endpoint':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8}")
    for name, row in rows:
        print(f"{name:40} {row['rps']:9.1f} {row['p50']:8.2f} {row['p99']:8.2f} {row['rps'] / bare:8.2f}")


if __name__ == "__main__":
    main()
