"""Benchmark: the member roll (/<court>/manage/members/) of a large court.

Builds a court with 10,000 members in about 40 branches (bulk inserts), signs
a court admin in through the real login form, requests the roll and a few
filtered or paged variants many times, and prints the median and 95th
percentile times and the SQL statements per request.  Figures only; nothing
is asserted.

    .venv/bin/python bench/member_list.py                      # SQLite in a temporary folder
    .venv/bin/python bench/member_list.py --repeat 100 --members 20000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/member_list.py

With DATABASE_URL the database must hold no courts yet (use a scratch
database); the benchmark migrates it and deletes what it created afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))  # run from a checkout

PASSWORD = "bench-court-admin-passphrase"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--branches", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per variant")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    return parser.parse_args()


def bench_app(database_url: str):
    from dangjian.app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-" + os.urandom(24).hex(),
            "RATELIMIT_ENABLED": False,
            # Cheap hashing: the login is set-up here, not what is measured.
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "ARGON2_PARALLELISM": 1,
        }
    )


def prepare_schema() -> None:
    import flask_migrate
    from sqlalchemy import func, inspect, select

    from dangjian.courts.models import Court
    from dangjian.db import db

    if "court" in inspect(db.engine).get_table_names() and db.session.scalar(select(func.count(Court.id))):
        db.session.rollback()
        sys.exit("The database already holds courts; point DATABASE_URL at an empty scratch database.")
    db.session.rollback()
    flask_migrate.upgrade(revision="heads")


def member_rows(court_id: int, branch_ids: list[int], count: int, rng: random.Random) -> list[dict]:
    from dangjian.demo.names import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
    from dangjian.members.models import EDUCATIONS

    today = date.today()
    rows = []
    for index in range(count):
        sex = rng.choice(("male", "female"))
        pool = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
        joined = today - timedelta(days=rng.randint(400, 12000))
        probationary = index % 40 == 0
        rows.append(
            {
                "court_id": court_id,
                "branch_id": branch_ids[index % len(branch_ids)],
                "name": rng.choice(SURNAMES) + "".join(rng.choice(pool) for _ in range(rng.randint(1, 2))),
                "sex": sex,
                "ethnicity": "汉族" if rng.random() < 0.95 else "回族",
                "education": rng.choice(EDUCATIONS[:4]),
                "joined_party_on": today - timedelta(days=100) if probationary else joined,
                "full_member_on": None if probationary else joined + timedelta(days=365),
                "status": "probationary" if probationary else "full",
                "birth_date": joined - timedelta(days=rng.randint(20 * 365, 35 * 365)),
                "department": f"第{index % len(branch_ids) + 1}庭",
                "phone": f"1380000{index % 10000:04d}",
            }
        )
    return rows


def populate(members: int, branches: int) -> dict:
    from sqlalchemy import insert

    from dangjian.access.models import RoleAssignment
    from dangjian.auth.models import User
    from dangjian.auth.passwords import hash_password
    from dangjian.courts.models import Court
    from dangjian.db import db, writing
    from dangjian.members.models import Member
    from dangjian.org.models import Organisation

    rng = random.Random(7)
    with writing():
        court = Court(slug="bench", name="基准测试法院", short_name="基准法院", level="intermediate")
        committee = Organisation(court=court, kind="committee", name="机关党委", slug="jgdw")
        orgs = [
            Organisation(
                court=court,
                parent=committee,
                kind="branch",
                name=f"第{i}党支部",
                slug=f"b{i}",
                department=f"第{i}庭",
                department_kind="tribunal",
                position=i,
            )
            for i in range(1, branches + 1)
        ]
        admin = User(username="bench-admin", display_name="基准测试管理员", password_hash=hash_password(PASSWORD))
        db.session.add_all([court, committee, *orgs, admin])
        db.session.flush()
        admin.court_id = court.id
        db.session.add(RoleAssignment(user_id=admin.id, role="court_admin", court_id=court.id))
        branch_ids = [org.id for org in orgs]
        rows = member_rows(court.id, branch_ids, members, rng)
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(Member), rows[start : start + 2000])
        db.session.commit()
    return {"court_id": court.id, "slug": "bench", "branch_id": branch_ids[len(branch_ids) // 2]}


def sign_in(client) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"username": "bench-admin", "password": PASSWORD, "csrf_token": token.group(1) if token else ""}
    response = client.post("/auth/login", data=data)
    if response.status_code != 302:
        sys.exit(f"Login failed with HTTP {response.status_code}; is the login view in place?")


@contextmanager
def statement_counter(engine):
    from sqlalchemy import event

    counts = [0]

    def count(*_args):
        counts[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", count)


def measure(client, engine, url: str, repeat: int) -> dict:
    for _ in range(2):  # warm caches (templates, statement cache)
        client.get(url)
    times, statements, status, size = [], [], 0, 0
    for _ in range(repeat):
        with statement_counter(engine) as counts:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        statements.append(counts[0])
        status, size = response.status_code, len(response.data)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
    return {
        "median": statistics.median(times),
        "p95": p95,
        "min": min(times),
        "sql": statistics.median(statements),
        "sql_max": max(statements),
        "status": status,
        "kb": size / 1024,
    }


def cleanup(court_id: int) -> None:
    from sqlalchemy import delete

    from dangjian.audit.models import AuditEntry
    from dangjian.auth.models import User
    from dangjian.courts.models import Court
    from dangjian.db import db, writing
    from dangjian.members.models import Member
    from dangjian.org.models import Organisation

    with writing():
        db.session.execute(delete(AuditEntry).where(AuditEntry.username == "bench-admin"))
        db.session.execute(delete(Member).where(Member.court_id == court_id))
        db.session.execute(delete(User).where(User.username == "bench-admin"))
        db.session.execute(delete(Organisation).where(Organisation.court_id == court_id, Organisation.kind == "branch"))
        db.session.execute(delete(Organisation).where(Organisation.court_id == court_id))
        db.session.execute(delete(Court).where(Court.id == court_id))
        db.session.commit()


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as folder:
        os.environ["DANGJIAN_INSTANCE_PATH"] = folder
        external = bool(args.database_url)
        app = bench_app(args.database_url or f"sqlite:///{folder}/bench.sqlite3")
        from dangjian.commands.output import display_width
        from dangjian.db import db

        with app.app_context():
            prepare_schema()
            started = time.perf_counter()
            made = populate(args.members, args.branches)
            built = time.perf_counter() - started
            engine = db.engine
            backend = engine.url.get_backend_name()
        base = f"/{made['slug']}/manage/members/"
        variants = [
            ("roll, page 1", base),
            ("roll, page 50", base + "?page=50"),
            ("one branch", base + f"?branch={made['branch_id']}"),
            ("name search 王", base + "?q=王"),
            ("status+sex+education", base + "?status=full&sex=female&education=大学本科"),
        ]
        client = app.test_client()
        sign_in(client)
        print(
            f"dangjian member-list benchmark · {backend} · {args.members} members in {args.branches} branches "
            f"(built in {built:.1f} s) · {args.repeat} requests per variant"
        )
        print(f"{'variant':<24}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'min ms':>9}{'SQL/req':>9}{'KiB':>8}")
        for label, url in variants:
            figures = measure(client, engine, url, args.repeat)
            sql = f"{figures['sql']:.0f}" + ("+" if figures["sql_max"] > figures["sql"] else "")
            print(
                f"{label}{' ' * (24 - display_width(label))}{figures['status']:>7}{figures['median']:>11.1f}{figures['p95']:>9.1f}"
                f"{figures['min']:>9.1f}{sql:>9}{figures['kb']:>8.0f}"
            )
        if external:
            with app.app_context():
                cleanup(made["court_id"])
                db.engine.dispose()


if __name__ == "__main__":
    main()
