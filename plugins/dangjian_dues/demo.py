"""Demo data for the intermediate court: rates by the brackets and some
months of payments, with a few members behind (one long enough to be a
serious matter)."""

from __future__ import annotations

import random
from datetime import date

from dangjian.api import court_today, db

from . import ledger
from .models import Payment, Rate
from .money import monthly_dues

PAYS = (2_860_00, 3_950_00, 4_800_00, 5_600_00, 6_820_00, 7_450_00, 8_900_00, 10_500_00, 12_300_00)
# At least this many months of payments, back to a January: every month of a year with a rate is paid or owed.
MONTHS_OF_PAYMENTS = 8


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    """Last month back to the January at least ``count`` months ago, newest first."""
    months: list[tuple[int, int]] = []
    year, month = ledger.previous_month(today.year, today.month)
    while len(months) < count or months[-1][1] != 1:
        months.append((year, month))
        year, month = ledger.previous_month(year, month)
    return months


def add_demo_data(court) -> None:
    if court.parent_id is not None:
        return  # the intermediate court only: the courts below keep their own books
    rng = random.Random(f"dues-{court.slug}")
    today = court_today(court)
    members = ledger.roll(court)
    months = _months_back(today, MONTHS_OF_PAYMENTS)
    years = {today.year} | {year for year, _ in months}
    for index, member in enumerate(members):
        pay, retired = rng.choice(PAYS), False
        if index % 11 == 10:
            pay, retired = rng.choice((3_200_00, 5_400_00)), True
        extra = 1000 if index % 13 == 5 else 0  # 自愿多交 10 元
        for year in years:
            db.session.add(
                Rate(
                    court_id=court.id,
                    member_id=member.id,
                    year=year,
                    pay_fen=pay,
                    retired=retired,
                    monthly_fen=monthly_dues(pay, retired),
                    extra_fen=extra,
                    note="退休党员，按退休费计算" if retired else ("本人申请自愿多交" if extra else ""),
                )
            )
        stopped = 7 if index == 3 else (4 if index % 15 == 4 else 0)  # months not paid, counted back from last month
        for back, (year, month) in enumerate(months):
            if back < stopped or not ledger.owes_in(member, year, month):
                continue
            day = min(28, rng.randint(3, 20))
            paid_on = date(year, month, day)
            if back == 0 and index % 5 == 2:
                paid_on = today  # paid late this month: a 补交 on the statement
            db.session.add(
                Payment(
                    court_id=court.id,
                    branch_id=member.branch_id,
                    member_id=member.id,
                    year=year,
                    month=month,
                    amount_fen=monthly_dues(pay, retired) + extra,
                    paid_on=paid_on,
                    method=rng.choice(("wechat", "transfer", "payroll", "cash")),
                )
            )
    db.session.flush()
