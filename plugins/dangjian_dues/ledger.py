"""What is owed and what was paid: read-only sums over rates and payments.

A member owes dues for every month of a year that has a rate for them, from
the month they joined the party; the month now running is not yet overdue.
Unpaid months are counted backwards from last month while a month's
payments fall short of what it asked for: the "连续未交" figure the warnings
use.  Everything here takes ``today`` (the court's date), so the same sums
serve pages, to-dos and tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from dangjian.api import Member, db

from .models import Payment, Rate

LOOK_BACK_MONTHS = 24


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def owes_in(member: Member, year: int, month: int) -> bool:
    """Was ``member`` a party member (on this roll) in that month?"""
    joined = member.joined_party_on
    if joined is not None and (year, month) < (joined.year, joined.month):
        return False
    left = member.left_on
    return left is None or (year, month) <= (left.year, left.month)


@dataclass
class Ledger:
    """Rates and month sums of paid 分 for a set of members and years."""

    rates: dict[tuple[int, int], Rate] = field(default_factory=dict)  # (member, year)
    paid: dict[tuple[int, int, int], int] = field(default_factory=lambda: defaultdict(int))  # (member, year, month)

    def rate(self, member_id: int, year: int) -> Rate | None:
        return self.rates.get((member_id, year))

    def expected(self, member: Member, year: int, month: int) -> int:
        rate = self.rates.get((member.id, year))
        if rate is None or not owes_in(member, year, month):
            return 0
        return rate.expected_fen

    def paid_in(self, member_id: int, year: int, month: int) -> int:
        return self.paid.get((member_id, year, month), 0)

    def short(self, member: Member, year: int, month: int) -> bool:
        expected = self.expected(member, year, month)
        return expected > 0 and self.paid_in(member.id, year, month) < expected

    def unpaid_run(self, member: Member, today: date) -> int:
        """Months in a row, ending last month, for which the member paid less than asked."""
        year, month = previous_month(today.year, today.month)
        run = 0
        for _ in range(LOOK_BACK_MONTHS):
            if not self.short(member, year, month):
                break
            run += 1
            year, month = previous_month(year, month)
        return run

    def arrears(self, member: Member, today: date) -> int:
        """分 still owed for the months up to last month within the look-back."""
        year, month = previous_month(today.year, today.month)
        owed = 0
        for _ in range(LOOK_BACK_MONTHS):
            owed += max(0, self.expected(member, year, month) - self.paid_in(member.id, year, month))
            year, month = previous_month(year, month)
        return owed


def load(court, member_ids, years) -> Ledger:
    """Two statements, whatever the number of members."""
    ledger = Ledger()
    ids = list(member_ids) or [-1]
    years = sorted(set(years))
    for rate in db.session.scalars(
        select(Rate).where(Rate.court_id == court.id, Rate.member_id.in_(ids), Rate.year.in_(years))
    ):
        ledger.rates[(rate.member_id, rate.year)] = rate
    rows = db.session.execute(
        select(Payment.member_id, Payment.year, Payment.month, func.sum(Payment.amount_fen))
        .where(Payment.court_id == court.id, Payment.member_id.in_(ids), Payment.year.in_(years))
        .group_by(Payment.member_id, Payment.year, Payment.month)
    )
    for member_id, year, month, total in rows:
        ledger.paid[(member_id, year, month)] = int(total or 0)
    return ledger


def look_back_years(today: date) -> list[int]:
    return list(range(today.year - LOOK_BACK_MONTHS // 12 - 1, today.year + 1))


def roll(court, branch_ids=None) -> list[Member]:
    """Members on the court's roll now (of some branches)."""
    query = select(Member).where(Member.court_id == court.id, Member.left_on.is_(None))
    if branch_ids is not None:
        query = query.where(Member.branch_id.in_(list(branch_ids) or [-1]))
    return list(db.session.scalars(query.order_by(Member.branch_id, Member.name, Member.id)))


def behind(court, today: date, branch_ids=None, at_least: int = 1) -> list[tuple[Member, int, int]]:
    """(member, months unpaid in a row, 分 owed) of members at least ``at_least`` months behind."""
    members = roll(court, branch_ids)
    ledger = load(court, [m.id for m in members], look_back_years(today))
    found = []
    for member in members:
        run = ledger.unpaid_run(member, today)
        if run >= at_least:
            found.append((member, run, ledger.arrears(member, today)))
    return sorted(found, key=lambda item: (-item[1], item[0].name))


@dataclass
class Totals:
    expected: int = 0
    collected: int = 0

    def add(self, other: Totals) -> None:
        self.expected += other.expected
        self.collected += other.collected


def last_counted_month(year: int, today: date) -> int:
    """The months of ``year`` whose dues are due by now (0: none yet)."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


def branch_year(court, year: int, today: date, branch_ids) -> dict[int, dict[int, Totals]]:
    """branch → month → expected (members on the branch's roll now) and
    collected (payments recorded for the branch) for the months due by now."""
    members = roll(court, branch_ids)
    ledger = load(court, [m.id for m in members], [year])
    months = range(1, last_counted_month(year, today) + 1)
    table: dict[int, dict[int, Totals]] = {b: {m: Totals() for m in months} for b in branch_ids}
    for member in members:
        for month in months:
            table[member.branch_id][month].expected += ledger.expected(member, year, month)
    rows = db.session.execute(
        select(Payment.branch_id, Payment.month, func.sum(Payment.amount_fen))
        .where(Payment.court_id == court.id, Payment.year == year, Payment.branch_id.in_(list(branch_ids) or [-1]))
        .group_by(Payment.branch_id, Payment.month)
    )
    for branch_id, month, total in rows:
        if month in table.get(branch_id, {}):
            table[branch_id][month].collected += int(total or 0)
    return table
