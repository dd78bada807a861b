"""Benchmark: the assessment's league table, scorecard and live self-assessment sheet.

Builds a court of 10,000 members in 40 branches (bench/member_list.py),
switches every module on and loads each module's demo data for it (meetings,
check-ins, activities, honours, microsites: evidence from all modules), then
the assessment's own demo: the 9-aspect/43-item standard, business values and
last year's assessment, published. This year's assessment is opened too, so
its sheets are drafts whose evidence is computed live from the modules.

Prints, for each page, median and p95 wall time through the Flask test
client and SQL statements per request (which must not grow with the number
of branches; run with ``--branches 5`` to compare).  Figures only.

    .venv/bin/python bench/assessment.py
    .venv/bin/python bench/assessment.py --branches 5 --members 1000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/assessment.py
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "platform"))
_spec = importlib.util.spec_from_file_location("bench_member_list", HERE / "member_list.py")
member_list = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(member_list)

# Every module whose records become evidence (the assessment last: its demo reads theirs).
MODULES = ("archives", "study", "redculture", "showcase", "assessment")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--branches", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    return parser.parse_args()


def load_modules(court_id: int) -> dict:
    """Switch the modules on, load their demo data, open this year's assessment."""
    from sqlalchemy import select

    from dangjian.auth.models import User
    from dangjian.courts.models import Court
    from dangjian.db import db, writing
    from dangjian.modules import services as modules
    from dangjian.plugins import plugin_host
    from dangjian_assessment import cycle_services
    from dangjian_assessment.models import Assessment, BranchEntry

    with writing():
        court = db.session.get(Court, court_id)
        host = plugin_host()
        for name in MODULES:
            modules.set_enabled(court, name, True)
            host.collect("dangjian_demo_data", only={name}, court=court)
            db.session.commit()
        admin = db.session.scalar(select(User).where(User.username == "bench-admin"))
        year = date.today().year
        published = db.session.scalar(select(Assessment).where(Assessment.status == "published"))
        if published is None:
            sys.exit("The assessment's demo did not publish last year's assessment (no standard for it?).")
        current = cycle_services.open_assessment(
            court,
            {
                "title": f"{year}年度党支部考评",
                "period_start": date(year, 1, 1),
                "period_end": date(year, 12, 31),
                "self_due": None,
                "review_due": None,
                "notice_days": 5,
            },
            admin,
        )
        db.session.commit()
        entry = db.session.scalar(select(BranchEntry).where(BranchEntry.assessment_id == published.id))
        draft = db.session.scalar(select(BranchEntry).where(BranchEntry.assessment_id == current.id))
        items = len([i for a in published.standard.aspects for i in a.items])
        return {
            "published": published.id,
            "entry": entry.id,
            "current": current.id,
            "draft": draft.id,
            "items": items,
            "aspects": len(published.standard.aspects),
        }


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as folder:
        os.environ["DANGJIAN_INSTANCE_PATH"] = folder
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = member_list.bench_app(url)
        from dangjian.commands.output import display_width
        from dangjian.db import db

        started = time.perf_counter()
        with app.app_context():
            member_list.prepare_schema()
            made = member_list.populate(args.members, args.branches)
            from dangjian.modules.mounting import refresh_migration_status

            refresh_migration_status(app, force=True)  # the plugins' tables exist now
            ids = load_modules(made["court_id"])
            engine = db.engine
        built = time.perf_counter() - started
        client = app.test_client()
        member_list.sign_in(client)
        slug = made["slug"]
        base = f"/{slug}/assessment/cycles"
        pages = [
            ("league table (published)", f"{base}/{ids['published']}/results"),
            ("assessment page", f"{base}/{ids['published']}"),
            ("scorecard (published)", f"{base}/{ids['published']}/entries/{ids['entry']}"),
            ("sheet, live evidence (draft)", f"{base}/{ids['current']}/entries/{ids['draft']}/sheet"),
            ("branch history", f"/{slug}/assessment/branches/{made['branch_id']}/history"),
        ]
        for label, path in (
            ("heat map", f"{base}/{ids['published']}/heatmap"),
            ("scoring sheets .xlsx", f"{base}/{ids['published']}/export.xlsx"),
        ):
            if client.get(path).status_code == 200:  # where that part of the module is installed
                pages.append((label, path))
        database = "postgresql" if url.startswith("postgresql") else "sqlite"
        print(
            f"dangjian assessment benchmark · {database} · {args.members} members · {args.branches} branches · "
            f"{ids['aspects']} aspects / {ids['items']} items · data built in {built:.1f} s · "
            f"{args.repeat} requests per page"
        )
        print(f"{'page':<34}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'SQL/req':>9}{'KiB':>8}")
        for label, path in pages:
            figures = member_list.measure(client, engine, path, args.repeat)
            sql = f"{figures['sql']:.0f}" + ("+" if figures["sql_max"] > figures["sql"] else "")
            print(
                f"{label}{' ' * (34 - display_width(label))}{figures['status']:>7}{figures['median']:>11.1f}"
                f"{figures['p95']:>9.1f}{sql:>9}{figures['kb']:>8.0f}"
            )
        if args.database_url:
            with app.app_context():
                member_list.cleanup(made["court_id"])


if __name__ == "__main__":
    main()
