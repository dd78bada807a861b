"""Participation statistics: per branch and year, per year, and the courts below.

A participation is an attended participant row; it counts for the branch the
member belonged to at the time, so a joint activity of two branches counts
for each branch its members came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select

from dangjian.api import Court, Member, db, is_enabled

from .models import Activity, ActivityBranch, Participant
from .services import branches


@dataclass
class Row:
    label: str
    organised: int = 0  # activities the branch organised
    participations: int = 0  # attended rows
    people: int = 0  # distinct members who took part
    members: int = 0  # current members
    branch_id: int | None = None  # None: a total or a court

    @property
    def rate(self) -> float:
        return round(self.people * 100 / self.members, 1) if self.members else 0.0


def _year(year: int):
    return Activity.held_on.between(date(year, 1, 1), date(year, 12, 31))


def branch_rows(court, year: int, scope: set[int] | None) -> tuple[list[Row], Row]:
    return branch_rows_between(court, date(year, 1, 1), date(year, 12, 31), scope)


def branch_rows_between(court, start: date, end: date, scope: set[int] | None) -> tuple[list[Row], Row]:
    """The statistics page's rows for any span of dates (the assessment asks
    for a year or a half-year); four statements."""
    shown = branches(court, scope)
    held = Activity.held_on.between(start, end)
    ids = [b.id for b in shown] or [-1]
    organised = dict(
        db.session.execute(
            select(ActivityBranch.branch_id, func.count(ActivityBranch.id))
            .join(Activity, Activity.id == ActivityBranch.activity_id)
            .where(Activity.court_id == court.id, held, ActivityBranch.branch_id.in_(ids))
            .group_by(ActivityBranch.branch_id)
        ).all()
    )
    taken = {
        row.branch_id: row
        for row in db.session.execute(
            select(
                Participant.branch_id,
                func.count(Participant.id).label("n"),
                func.count(distinct(Participant.member_id)).label("people"),
            )
            .join(Activity, Activity.id == Participant.activity_id)
            .where(
                Activity.court_id == court.id,
                held,
                Participant.attended.is_(True),
                Participant.branch_id.in_(ids),
            )
            .group_by(Participant.branch_id)
        )
    }
    members = dict(
        db.session.execute(
            select(Member.branch_id, func.count(Member.id))
            .where(Member.court_id == court.id, Member.left_on.is_(None), Member.branch_id.in_(ids))
            .group_by(Member.branch_id)
        ).all()
    )
    rows = []
    for branch in shown:
        got = taken.get(branch.id)
        rows.append(
            Row(
                branch.name,
                organised.get(branch.id, 0),
                got.n if got else 0,
                got.people if got else 0,
                members.get(branch.id, 0),
                branch.id,
            )
        )
    total = Row(
        "合计",
        sum(r.organised for r in rows),
        sum(r.participations for r in rows),
        sum(r.people for r in rows),
        sum(r.members for r in rows),
    )
    return rows, total


def court_total(court, year: int) -> Row:
    activities = db.session.scalar(select(func.count(Activity.id)).where(Activity.court_id == court.id, _year(year)))
    got = db.session.execute(
        select(func.count(Participant.id), func.count(distinct(Participant.member_id)))
        .join(Activity, Activity.id == Participant.activity_id)
        .where(Activity.court_id == court.id, _year(year), Participant.attended.is_(True))
    ).one()
    members = db.session.scalar(
        select(func.count(Member.id)).where(Member.court_id == court.id, Member.left_on.is_(None))
    )
    return Row(court.name, activities or 0, got[0] or 0, got[1] or 0, members or 0)


def yearly(court, last_year: int, years: int = 5, scope: set[int] | None = None) -> list[tuple[str, int]]:
    """Participations per year, oldest first (for the bar chart)."""
    first = last_year - years + 1
    query = (
        select(func.extract("year", Activity.held_on), func.count(Participant.id))
        .join(Activity, Activity.id == Participant.activity_id)
        .where(
            Activity.court_id == court.id,
            Participant.attended.is_(True),
            Activity.held_on.between(date(first, 1, 1), date(last_year, 12, 31)),
        )
    )
    if scope is not None:
        query = query.where(Participant.branch_id.in_(scope or [-1]))
    counts = {int(y): n for y, n in db.session.execute(query.group_by(func.extract("year", Activity.held_on)))}
    return [(f"{y}年", counts.get(y, 0)) for y in range(first, last_year + 1)]


def courts_below(court, year: int) -> list[Row]:
    """The intermediate court's view of the courts under it (module enabled there)."""
    children = db.session.scalars(select(Court).where(Court.parent_id == court.id).order_by(Court.id))
    return [court_total(child, year) for child in children if is_enabled(child, "redculture")]
