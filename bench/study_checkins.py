"""Benchmark: concurrent study check-ins, and a member's study home (学习打卡).

Part 1 builds a court with 5,000 members (each with an account), switches the
study module on, and has every member check in a free-topic study for today
through ``POST /<court>/study/checkin`` from a pool of threads — each member
submits twice, as a double-tapped button would — then prints throughput,
errors (any answer other than the redirect, or an exception) and duplicates
(rows beyond one per member and day).  Part 2 gives one member 100 assigned
materials and 1,000 check-ins and times ``GET /<court>/study/`` (我的学习)
and the court admin's statistics page.  Figures only; nothing is asserted.

    .venv/bin/python bench/study_checkins.py                  # SQLite (WAL) in a temporary folder
    .venv/bin/python bench/study_checkins.py --members 2000 --threads 32
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/study_checkins.py

With DATABASE_URL the database must hold no courts yet (use a scratch
database); the benchmark migrates it and deletes what it created afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from member_list import bench_app, member_rows, prepare_schema, statement_counter

SLUG = "studybench"
REFLECTION = "学习党章后，我更加明确了党员的义务，今后要在每一件案件中践行司法为民的宗旨，把群众的小事当作大事来办。"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--branches", type=int, default=25)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--materials", type=int, default=100)
    parser.add_argument("--checkins", type=int, default=1_000, help="check-ins of the member whose home is timed")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests of each page")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    return parser.parse_args()


def populate(members: int, branches: int) -> dict:
    import random

    from sqlalchemy import insert, select

    from dangjian.access.models import RoleAssignment
    from dangjian.auth.models import User
    from dangjian.auth.passwords import hash_password
    from dangjian.courts.models import Court
    from dangjian.db import db, writing
    from dangjian.members.models import Member
    from dangjian.modules import services as modules
    from dangjian.org.models import Organisation

    with writing():
        court = Court(slug=SLUG, name="学习打卡基准法院", short_name="基准法院", level="intermediate")
        committee = Organisation(court=court, kind="committee", name="机关党委", slug="jgdw")
        orgs = [
            Organisation(court=court, parent=committee, kind="branch", name=f"第{i}党支部", slug=f"b{i}", position=i)
            for i in range(1, branches + 1)
        ]
        admin = User(username="study-bench-admin", display_name="基准管理员", password_hash=hash_password("x" * 16))
        db.session.add_all([court, committee, *orgs, admin])
        db.session.flush()
        db.session.add(RoleAssignment(user_id=admin.id, role="court_admin", court_id=court.id))
        rows = member_rows(court.id, [o.id for o in orgs], members, random.Random(11))
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(Member), rows[start : start + 2000])
        member_ids = list(db.session.scalars(select(Member.id).where(Member.court_id == court.id).order_by(Member.id)))
        password = hash_password("bench-member-passphrase")  # one hash for all: logins are not measured
        users = [
            {
                "username": f"sb{mid}",
                "display_name": f"党员{mid}",
                "password_hash": password,
                "member_id": mid,
                "court_id": court.id,
            }
            for mid in member_ids
        ]
        for start in range(0, len(users), 2000):
            db.session.execute(insert(User), users[start : start + 2000])
        modules.set_enabled(court, "study", True)
        db.session.commit()
        # Session tokens as Flask-Login stores them: "<id>:<session version>".
        user_ids = {
            member_id: f"{user_id}:{version}"
            for member_id, user_id, version in db.session.execute(
                select(User.member_id, User.id, User.session_version).where(
                    User.court_id == court.id, User.member_id.isnot(None)
                )
            )
        }
        return {
            "court_id": court.id,
            "admin_id": admin.id,
            "admin_token": admin.get_id(),
            "members": member_ids,
            "users": user_ids,
        }


def signed_in_client(app, user_token: str):
    from flask_login.utils import _create_identifier

    client = app.test_client()
    with app.test_request_context():
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.update({"_user_id": user_token, "_fresh": True, "_id": identifier, "auth_at": time.time()})
    return client


def concurrent_checkins(app, made: dict, threads: int) -> dict:
    """Every member submits the same check-in twice; threads share the work."""
    jobs = [user_id for user_id in made["users"].values() for _ in range(2)]
    jobs = jobs[0::2] + jobs[1::2]  # the second submit of each member comes later, from another thread
    lock, cursor = threading.Lock(), [0]
    statuses: dict[int, int] = {}
    errors: list[str] = []
    with app.app_context():
        today = today_in_court(made)
    data = {"topic": "学习党章", "hours": "1", "reflection": REFLECTION, "studied_on": today.isoformat()}

    def worker():
        while True:
            with lock:
                if cursor[0] >= len(jobs):
                    return
                user_id = jobs[cursor[0]]
                cursor[0] += 1
            try:
                with app.app_context():
                    response = signed_in_client(app, user_id).post(f"/{SLUG}/study/checkin", data=data)
                with lock:
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if response.status_code != 302:
                        errors.append(f"HTTP {response.status_code}")
            except Exception as error:  # counted, not raised: the run reports them
                with lock:
                    errors.append(repr(error)[:200])

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"requests": len(jobs), "elapsed": elapsed, "statuses": statuses, "errors": errors}


def today_in_court(made: dict) -> date:
    from dangjian.courts.models import Court
    from dangjian.db import db
    from dangjian_study.services import court_today

    return court_today(db.session.get(Court, made["court_id"]))


def count_rows(made: dict) -> tuple[int, int]:
    from sqlalchemy import distinct, func, select

    from dangjian.db import db
    from dangjian_study.models import StudyCheckin

    rows = db.session.scalar(select(func.count(StudyCheckin.id)).where(StudyCheckin.court_id == made["court_id"]))
    pairs = db.session.scalar(
        select(func.count(distinct(StudyCheckin.member_id))).where(StudyCheckin.court_id == made["court_id"])
    )
    return rows, pairs


def heavy_member(made: dict, materials: int, checkins: int) -> int:
    """One member with ``materials`` assigned materials and ``checkins`` check-ins."""
    from sqlalchemy import delete, insert

    from dangjian.db import db, writing
    from dangjian_study.models import StudyCheckin, StudyMaterial

    member_id = made["members"][0]
    today = today_in_court(made)
    with writing():
        db.session.execute(delete(StudyCheckin).where(StudyCheckin.member_id == member_id))
        db.session.execute(
            insert(StudyMaterial),
            [
                {
                    "court_id": made["court_id"],
                    "title": f"学习资料第{i}篇",
                    "kind": "article",
                    "body_html": "<p>正文</p>",
                    "link_url": "",
                    "scope": "court",
                    "minutes": 60,
                    "due_on": today + timedelta(days=i % 60),
                    "created_at": datetime.now(),
                }
                for i in range(materials)
            ],
        )
        ids = [
            m.id for m in db.session.scalars(db.select(StudyMaterial).where(StudyMaterial.court_id == made["court_id"]))
        ]
        done = ids[: min(len(ids) // 2, checkins)]
        rows = [
            {
                "court_id": made["court_id"],
                "member_id": member_id,
                "material_id": mid,
                "dedupe_key": f"m{mid}",
                "topic": "",
                "studied_on": today,
                "minutes": 60,
                "reflection": REFLECTION,
                "show_on_site": False,
                "created_at": datetime.now(),
            }
            for mid in done
        ]
        for offset in range(checkins - len(rows)):
            day = today - timedelta(days=offset)
            rows.append(
                {
                    "court_id": made["court_id"],
                    "member_id": member_id,
                    "material_id": None,
                    "dedupe_key": f"d{day.isoformat()}",
                    "topic": "自学",
                    "studied_on": day,
                    "minutes": 30,
                    "reflection": REFLECTION,
                    "show_on_site": False,
                    "created_at": datetime.now(),
                }
            )
        db.session.execute(insert(StudyCheckin), rows)
        db.session.commit()
    return made["users"][member_id]


def measure(client, engine, url: str, repeat: int) -> dict:
    for _ in range(2):
        client.get(url)
    times, statements = [], []
    for _ in range(repeat):
        with statement_counter(engine) as counts:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        statements.append(counts[0])
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
    return {
        "status": response.status_code,
        "median": statistics.median(times),
        "p95": p95,
        "sql": statistics.median(statements),
        "kb": len(response.data) / 1024,
    }


def cleanup(made: dict) -> None:
    from sqlalchemy import delete

    from dangjian.access.models import RoleAssignment
    from dangjian.audit.models import AuditEntry
    from dangjian.auth.models import User
    from dangjian.courts.models import Court
    from dangjian.db import db, writing
    from dangjian.members.models import Member
    from dangjian.modules.models import CourtModule
    from dangjian.org.models import Organisation
    from dangjian_study.models import StudyCheckin, StudyMaterial

    court_id = made["court_id"]
    with writing():
        db.session.execute(delete(StudyCheckin).where(StudyCheckin.court_id == court_id))
        db.session.execute(delete(StudyMaterial).where(StudyMaterial.court_id == court_id))
        db.session.execute(delete(AuditEntry).where(AuditEntry.court_id == court_id))
        db.session.execute(delete(CourtModule).where(CourtModule.court_id == court_id))
        db.session.execute(delete(RoleAssignment).where(RoleAssignment.court_id == court_id))
        db.session.execute(delete(User).where(User.court_id == court_id))
        db.session.execute(delete(User).where(User.id == made["admin_id"]))
        db.session.execute(delete(Member).where(Member.court_id == court_id))
        db.session.execute(delete(Organisation).where(Organisation.court_id == court_id, Organisation.kind == "branch"))
        db.session.execute(delete(Organisation).where(Organisation.court_id == court_id))
        db.session.execute(delete(Court).where(Court.id == court_id))
        db.session.commit()


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="dangjian-study-bench-") as folder:
        os.environ["DANGJIAN_INSTANCE_PATH"] = folder
        app = bench_app(args.database_url or f"sqlite:///{folder}/bench.sqlite3")
        app.config["WTF_CSRF_ENABLED"] = False  # each member would otherwise need a GET for the token first
        from sqlalchemy import text

        from dangjian.db import db

        with app.app_context():
            prepare_schema()
            from dangjian.modules.mounting import refresh_migration_status

            refresh_migration_status(app, force=True)  # the app was built before the study tables existed
            started = time.perf_counter()
            made = populate(args.members, args.branches)
            built = time.perf_counter() - started
            engine = db.engine
            backend = engine.url.get_backend_name()
            if backend == "sqlite":
                backend += " (" + db.session.execute(text("PRAGMA journal_mode")).scalar() + ")"
            db.session.rollback()
        print(f"dangjian study check-in benchmark · {backend} · {args.members} members (built in {built:.1f} s)")
        result = concurrent_checkins(app, made, args.threads)
        with app.app_context():
            rows, members_with_rows = count_rows(made)
        duplicates = rows - members_with_rows
        print(
            f"concurrent check-ins: {result['requests']} requests ({args.members} members × 2 submits) "
            f"from {args.threads} threads in {result['elapsed']:.1f} s"
        )
        print(
            f"  throughput      {result['requests'] / result['elapsed']:.0f} requests/s, "
            f"{rows / result['elapsed']:.0f} check-ins stored/s"
        )
        print("  answers         " + ", ".join(f"HTTP {k}: {v}" for k, v in sorted(result["statuses"].items())))
        print(
            f"  errors          {len(result['errors'])}"
            + (f" (first: {result['errors'][0]})" if result["errors"] else "")
        )
        print(
            f"  rows            {rows} for {members_with_rows} members · duplicates {duplicates}"
            f" · members without a row {args.members - members_with_rows}"
        )
        with app.app_context():
            user_id = heavy_member(made, args.materials, args.checkins)
            if engine.dialect.name == "postgresql":
                # Fresh bulk inserts have no planner statistics yet; autovacuum
                # would gather them on a running system.
                db.session.commit()
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(text("ANALYZE"))
        home = measure(signed_in_client(app, user_id), engine, f"/{SLUG}/study/", args.repeat)
        stats_page = measure(signed_in_client(app, made["admin_token"]), engine, f"/{SLUG}/study/stats", args.repeat)
        print(f"pages ({args.repeat} requests each, after two warm-ups)")
        print(f"  {'page':<46}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'SQL/req':>9}{'KiB':>7}")
        for label, figures in (
            (f"我的学习: {args.materials} materials, {args.checkins} check-ins", home),
            (f"学习统计 (court admin, {args.members} members)", stats_page),
        ):
            from dangjian.commands.output import display_width

            print(
                f"  {label}{' ' * (46 - display_width(label))}{figures['status']:>7}{figures['median']:>11.1f}"
                f"{figures['p95']:>9.1f}{figures['sql']:>9.0f}{figures['kb']:>7.0f}"
            )
        if args.database_url:
            with app.app_context():
                cleanup(made)
                db.engine.dispose()


if __name__ == "__main__":
    main()
