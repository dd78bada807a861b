"""Demo data of the business indicators: last year's and this year's
figures for every active branch, as if the court admin had imported them.
Deterministic (seeded by the court's slug) and idempotent: a value already
there is left alone."""

from __future__ import annotations

import random

from sqlalchemy import select

from dangjian.api import User, active_branches, court_today, db

from .business_keys import KEYS
from .models import BusinessValue

# (low, high) of each figure, roughly what a basic court's divisions report.
RANGES = {
    "business.closure_rate": (86.0, 99.0),
    "business.in_time_rate": (93.0, 100.0),
    "business.mediation_rate": (28.0, 62.0),
}


def add_demo_data(court) -> None:
    branches = active_branches(court)
    if not branches:
        return
    this_year = court_today(court).year
    years = (this_year - 1, this_year)
    have = {
        (year, branch_id, key)
        for year, branch_id, key in db.session.execute(
            select(BusinessValue.year, BusinessValue.branch_id, BusinessValue.key).where(
                BusinessValue.court_id == court.id, BusinessValue.year.in_(years)
            )
        )
    }
    admin = db.session.scalar(select(User).where(User.username == f"demo-{court.slug}-admin"))
    rng = random.Random(f"business-{court.slug}")
    for year in years:
        for branch in branches:
            for key in KEYS:
                low, high = RANGES.get(key, (80.0, 100.0))
                # Drawn even where the value exists, so the others stay the same on a second run.
                value = round(rng.uniform(low, high), 1)
                if year == this_year and key == "business.closure_rate":
                    value = round(value * 0.9, 1)  # the year is not over: fewer cases closed so far
                if (year, branch.id, key) in have:
                    continue
                db.session.add(
                    BusinessValue(
                        court_id=court.id,
                        year=year,
                        branch_id=branch.id,
                        key=key,
                        value=value,
                        imported_by_id=admin.id if admin is not None else None,
                    )
                )
    db.session.flush()
