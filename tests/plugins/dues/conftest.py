"""Fixtures of the dues module's tests."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from dangjian.api import court_today
from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_dues.ledger import previous_month
from dangjian_dues.models import Payment, Rate
from dangjian_dues.money import monthly_dues
from tests.factories import make_user


@pytest.fixture
def dues(app, world):
    """The module switched on in both courts."""
    modules.set_enabled(world.zy, "dues", True)
    modules.set_enabled(world.wf, "dues", True)
    db.session.commit()
    return world


def enable(court, on=True):
    modules.set_enabled(court, "dues", on)
    db.session.commit()


def months_ago(court, count: int) -> tuple[int, int]:
    today = court_today(court)
    year, month = today.year, today.month
    for _ in range(count):
        year, month = previous_month(year, month)
    return year, month


def set_rate(member, pay_fen: int, year: int | None = None, retired=False, extra_fen=0) -> Rate:
    rate = Rate(
        court_id=member.court_id,
        member_id=member.id,
        year=year or court_today(member.court).year,
        pay_fen=pay_fen,
        retired=retired,
        monthly_fen=monthly_dues(pay_fen, retired),
        extra_fen=extra_fen,
    )
    db.session.add(rate)
    db.session.commit()
    return rate


def rates_back(member, pay_fen: int, months: int = 12) -> None:
    """Rates for every year touched by the last ``months`` months."""
    years = {months_ago(member.court, n)[0] for n in range(months + 1)}
    for year in sorted(years):
        set_rate(member, pay_fen, year)


def pay(member, year: int, month: int, amount_fen: int, paid_on: date | None = None) -> Payment:
    payment = Payment(
        court_id=member.court_id,
        branch_id=member.branch_id,
        member_id=member.id,
        year=year,
        month=month,
        amount_fen=amount_fen,
        paid_on=paid_on or date(year, month, 10),
        method="cash",
    )
    db.session.add(payment)
    db.session.commit()
    return payment


def pay_all_but(member, amount_fen: int, unpaid: int, back: int = 12) -> None:
    """Paid every month of the last ``back`` except the most recent ``unpaid`` ones (counted from last month)."""
    for n in range(unpaid + 1, back + 1):
        year, month = months_ago(member.court, n)
        pay(member, year, month, amount_fen)


def office_user(world):
    """An account for the office branch's member (made a dues officer in some tests)."""
    return make_user("zly", member=world.office_member)


def workbook(
    rows, header=("姓名", "支部", "所属年度", "所属月份", "金额（元）", "缴纳日期", "缴纳方式", "备注")
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
