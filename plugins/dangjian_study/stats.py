"""Statistics: per member, branch and court, a monthly trend, points.

Every function runs a fixed number of grouped statements, whatever the
number of members, branches or check-ins.  Time online and logins are never
counted: only check-ins (what was studied) and sessions attended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, distinct, func, select, union

from dangjian.api import Court, Member, Organisation, db, is_enabled

from .models import StudyCheckin, StudySession, StudySessionAttendee
from .services import NAME, is_leader, settings


@dataclass
class Figures:
    members: int = 0
    participants: int = 0
    checkins: int = 0
    materials: int = 0
    minutes: int = 0
    sessions: int = 0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def rate(self) -> float:
        return round(self.participants * 100 / self.members, 1) if self.members else 0.0

    def add(self, other: Figures) -> None:
        for name in ("members", "participants", "checkins", "materials", "minutes", "sessions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    label: str
    figures: Figures = field(default_factory=Figures)
    key: int = 0
    extra: dict = field(default_factory=dict)


def _member_filter(scope, column=Member.branch_id):
    return [] if scope is None else [column.in_(scope or [-1])]


def _checkins(start, end):
    return [StudyCheckin.studied_on.between(start, end)]


def _attended(start, end):
    return (
        select(StudySessionAttendee.member_id, StudySession.minutes)
        .join(StudySession, StudySession.id == StudySessionAttendee.session_id)
        .where(StudySession.held_on.between(start, end))
        .subquery()
    )


def _participants(start, end):
    ids = union(
        select(StudyCheckin.member_id.label("member_id")).where(*_checkins(start, end)),
        select(StudySessionAttendee.member_id.label("member_id"))
        .join(StudySession, StudySession.id == StudySessionAttendee.session_id)
        .where(StudySession.held_on.between(start, end)),
    ).subquery()
    return ids


def grouped(group_column, where, start: date, end: date, session_group=None) -> dict[int, Figures]:
    """Figures grouped by a Member column (branch_id, court_id or id); five statements."""
    out: dict[int, Figures] = {}

    def get(key):
        return out.setdefault(key, Figures())

    active = [Member.left_on.is_(None), *where]
    for key, count in db.session.execute(
        select(group_column, func.count(Member.id)).where(*active).group_by(group_column)
    ):
        get(key).members = count
    for key, count, materials, minutes in db.session.execute(
        select(
            group_column,
            func.count(StudyCheckin.id),
            func.count(StudyCheckin.material_id),
            func.sum(StudyCheckin.minutes),
        )
        .join(Member, Member.id == StudyCheckin.member_id)
        .where(*active, *_checkins(start, end))
        .group_by(group_column)
    ):
        figures = get(key)
        figures.checkins, figures.materials, figures.minutes = count, materials, figures.minutes + int(minutes or 0)
    attended = _attended(start, end)
    for key, minutes in db.session.execute(
        select(group_column, func.sum(attended.c.minutes))
        .join(Member, Member.id == attended.c.member_id)
        .where(*active)
        .group_by(group_column)
    ):
        get(key).minutes += int(minutes or 0)
    ids = _participants(start, end)
    for key, count in db.session.execute(
        select(group_column, func.count(distinct(Member.id)))
        .join(ids, ids.c.member_id == Member.id)
        .where(*active)
        .group_by(group_column)
    ):
        get(key).participants = count
    if session_group is not None:
        column, session_where = session_group
        for key, count in db.session.execute(
            select(column, func.count(StudySession.id))
            .where(StudySession.held_on.between(start, end), *session_where)
            .group_by(column)
        ):
            get(key).sessions = count
    return out


def branch_rows(court: Court, scope, start: date, end: date, branches) -> tuple[list[Row], Figures]:
    figures = grouped(
        Member.branch_id,
        [Member.court_id == court.id, *_member_filter(scope)],
        start,
        end,
        (StudySession.branch_id, [StudySession.court_id == court.id, *_member_filter(scope, StudySession.branch_id)]),
    )
    rows = [Row(branch.name, figures.get(branch.id, Figures()), branch.id) for branch in branches]
    total = Figures()
    for value in figures.values():
        total.add(value)
    return rows, total


def member_rows(court: Court, members: list[Member], start: date, end: date) -> list[Row]:
    ids = [member.id for member in members] or [-1]
    figures = grouped(Member.id, [Member.id.in_(ids)], start, end)
    points = points_by_member(court, ids, start, end)
    rows = []
    for member in members:
        row = Row(
            member.name,
            figures.get(member.id, Figures()),
            member.id,
            {"branch": member.branch.name if member.branch else "", "leader": is_leader(member)},
        )
        if points is not None:
            row.extra["points"] = points.get(member.id, 0)
        rows.append(row)
    return rows


def court_rows(parent: Court, start: date, end: date) -> list[Row]:
    """The courts below ``parent`` where the module is on, in aggregate only."""
    courts = [court for court in parent.children if is_enabled(court, NAME)]
    if not courts:
        return []
    figures = grouped(
        Member.court_id,
        [Member.court_id.in_([c.id for c in courts])],
        start,
        end,
        (StudySession.court_id, [StudySession.court_id.in_([c.id for c in courts])]),
    )
    return [
        Row(court.display_name, figures.get(court.id, Figures()), court.id, {"slug": court.slug}) for court in courts
    ]


def monthly_trend(court: Court, scope, start: date, end: date) -> list[tuple[str, int, float]]:
    """(month label, check-ins, hours) per month of the period; grouped by day in SQL."""
    months: dict[tuple[int, int], list] = {}
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        months[(cursor.year, cursor.month)] = [0, 0]
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    where = [Member.court_id == court.id, Member.left_on.is_(None), *_member_filter(scope)]
    for day, count, minutes in db.session.execute(
        select(StudyCheckin.studied_on, func.count(StudyCheckin.id), func.sum(StudyCheckin.minutes))
        .join(Member, Member.id == StudyCheckin.member_id)
        .where(*where, *_checkins(start, end))
        .group_by(StudyCheckin.studied_on)
    ):
        bucket = months.get((day.year, day.month))
        if bucket is not None:
            bucket[0] += count
            bucket[1] += int(minutes or 0)
    for day, minutes in db.session.execute(
        select(StudySession.held_on, func.sum(StudySession.minutes))
        .join(StudySessionAttendee, StudySessionAttendee.session_id == StudySession.id)
        .join(Member, Member.id == StudySessionAttendee.member_id)
        .where(*where, StudySession.held_on.between(start, end))
        .group_by(StudySession.held_on)
    ):
        bucket = months.get((day.year, day.month))
        if bucket is not None:
            bucket[1] += int(minutes or 0)
    return [
        (f"{month}月" if len(months) <= 12 else f"{year % 100}/{month}", values[0], round(values[1] / 60, 1))
        for (year, month), values in months.items()
    ]


def points_enabled(court: Court) -> bool:
    return bool(settings(court)["points_enabled"])


def points_by_member(court: Court, member_ids, start: date, end: date) -> dict[int, int] | None:
    """Points per member under the court's rules, or None while points are off.

    Per day: check-ins × points per check-in + reflections × points per
    reflection, capped at the daily cap (0 = no cap).
    """
    values = settings(court)
    if not values["points_enabled"]:
        return None
    per_checkin, per_reflection, cap = (
        int(values[k] or 0) for k in ("points_per_checkin", "points_per_reflection", "points_daily_cap")
    )
    query = (
        select(
            StudyCheckin.member_id,
            StudyCheckin.studied_on,
            func.count(StudyCheckin.id),
            func.sum(case((StudyCheckin.reflection != "", 1), else_=0)),
        )
        .where(StudyCheckin.court_id == court.id, *_checkins(start, end))
        .group_by(StudyCheckin.member_id, StudyCheckin.studied_on)
    )
    if member_ids is not None:
        query = query.where(StudyCheckin.member_id.in_(list(member_ids) or [-1]))
    totals: dict[int, int] = {}
    for member_id, _day, count, reflections in db.session.execute(query):
        day_points = count * per_checkin + int(reflections or 0) * per_reflection
        totals[member_id] = totals.get(member_id, 0) + (min(day_points, cap) if cap > 0 else day_points)
    return totals


def ranking(court: Court, scope, start: date, end: date, limit: int = 50) -> list[tuple[Member, int]]:
    points = points_by_member(court, None, start, end) or {}
    ids = [member_id for member_id, value in sorted(points.items(), key=lambda item: -item[1]) if value > 0]
    members = {
        m.id: m
        for m in db.session.scalars(
            select(Member).where(Member.id.in_(ids or [-1]), Member.left_on.is_(None), *_member_filter(scope))
        )
    }
    return [(members[i], points[i]) for i in ids if i in members][:limit]


def scoped_members(court: Court, scope, branch_id: int | None = None):
    query = (
        select(Member)
        .join(Organisation, Organisation.id == Member.branch_id)
        .where(Member.court_id == court.id, Member.left_on.is_(None), *_member_filter(scope))
    )
    if branch_id:
        query = query.where(Member.branch_id == branch_id)
    return query.order_by(Organisation.position, Organisation.id, Member.name, Member.id)
