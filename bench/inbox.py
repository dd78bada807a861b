"""Benchmark: the to-do inbox (/<court>/inbox/) and the top-bar badge.

Builds a court (members and branches as bench/member_list.py does), adds
accounts awaiting their first password change and unread notifications for
the court admin — few ("small") and many ("large") — and prints median/p95
times and SQL statements per request for the inbox page, and for an
ordinary page (the organisation tree) with the badge on a cache hit and on
a cache miss (every epoch bumped before each request).  Figures only;
nothing is asserted.

    .venv/bin/python bench/inbox.py                 # SQLite in a temporary folder
    .venv/bin/python bench/inbox.py --repeat 100
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "platform"))
_spec = importlib.util.spec_from_file_location("bench_member_list", HERE / "member_list.py")
member_list = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(member_list)

SIZES = {"small": (10, 10), "large": (1000, 1000)}  # (waiting accounts, notifications)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per variant")
    return parser.parse_args()


def add_data(court_id: int, accounts: int, notifications: int, offset: int) -> None:
    from sqlalchemy import insert, select

    from dangjian.auth.models import User
    from dangjian.db import db, utcnow, writing
    from dangjian.inbox.models import Notification

    with writing():
        admin_id = db.session.scalar(select(User.id).where(User.username == "bench-admin"))
        db.session.execute(
            insert(User),
            [
                {
                    "username": f"bench-wait-{offset + n}",
                    "display_name": f"待改密{n}",
                    "password_hash": "x",
                    "court_id": court_id,
                    "must_change_password": True,
                    "session_version": 1,
                    "failed_logins": 0,
                    "is_enabled": True,
                    "is_demo": False,
                    "created_at": utcnow(),
                }
                for n in range(accounts)
            ],
        )
        db.session.execute(
            insert(Notification),
            [
                {
                    "user_id": admin_id,
                    "court_id": court_id,
                    "kind": "bench.x",
                    "title": f"基准通知{n}",
                    "body": "",
                    "url": "",
                    "created_at": utcnow(),
                }
                for n in range(notifications)
            ],
        )
        db.session.commit()


def miss_measure(app, client, engine, url: str, repeat: int) -> dict:
    """Like member_list.measure, with every epoch bumped before each request."""
    from dangjian.inbox import cache

    class Bumping:
        def get(self, target):
            with app.app_context():
                cache.bump_all()
            return client.get(target)

    return member_list.measure(Bumping(), engine, url, repeat)


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as folder:
        os.environ["DANGJIAN_INSTANCE_PATH"] = folder
        app = member_list.bench_app(f"sqlite:///{folder}/bench.sqlite3")
        from dangjian.commands.output import display_width
        from dangjian.db import db

        with app.app_context():
            member_list.prepare_schema()
            made = member_list.populate(args.members, args.branches)
            engine = db.engine
        client = app.test_client()
        member_list.sign_in(client)
        slug = made["slug"]
        print(f"dangjian inbox benchmark · sqlite · {args.members} members · {args.repeat} requests per variant")
        print(f"{'variant':<34}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'SQL/req':>9}")
        added = (0, 0)
        for size, (accounts, notifications) in SIZES.items():
            with app.app_context():
                add_data(made["court_id"], accounts - added[0], notifications - added[1], added[0])
            added = (accounts, notifications)
            rows = [
                (
                    f"{size}: inbox page",
                    lambda url: member_list.measure(client, engine, url, args.repeat),
                    f"/{slug}/inbox/",
                ),
                (
                    f"{size}: page + badge (hit)",
                    lambda url: member_list.measure(client, engine, url, args.repeat),
                    f"/{slug}/manage/org/",
                ),
                (
                    f"{size}: page + badge (miss)",
                    lambda url: miss_measure(app, client, engine, url, args.repeat),
                    f"/{slug}/manage/org/",
                ),
                (
                    f"{size}: notifications page",
                    lambda url: member_list.measure(client, engine, url, args.repeat),
                    f"/{slug}/inbox/notifications/",
                ),
            ]
            for label, run, url in rows:
                figures = run(url)
                sql = f"{figures['sql']:.0f}" + ("+" if figures["sql_max"] > figures["sql"] else "")
                print(
                    f"{label}{' ' * (34 - display_width(label))}{figures['status']:>7}{figures['median']:>11.1f}"
                    f"{figures['p95']:>9.1f}{sql:>9}"
                )
        print(
            f"({accounts} accounts awaiting a first password change, {notifications} unread notifications in 'large')"
        )


if __name__ == "__main__":
    main()
