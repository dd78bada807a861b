"""The statistics table (情况统计表): branch × period × meeting type.

A meeting type required monthly has one required meeting per month; a
report period counts the type's periods that END inside it (a quarterly
meeting is required in March, June, ...), so months add up to quarters and
quarters to the year.  A period is due once it has ended or has a meeting,
so the current month is never "missing" before it is over.  Three SQL
statements whatever the number of branches or courts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from dangjian.api import Court, Organisation, db, is_enabled

from .. import defaults
from ..models import REPORTED, Meeting, MeetingType
from ..periods import period_bounds, period_key, periods_in


@dataclass
class Cell:
    required: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    expected: int = 0
    present: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.present * 100 / self.expected, 1) if self.expected else None

    def add(self, other: Cell) -> None:
        for name in ("required", "on_time", "late", "missing", "expected", "present"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    court: Court
    branch: Organisation | None
    cells: dict = field(default_factory=lambda: defaultdict(Cell))

    @property
    def total(self) -> Cell:
        total = Cell()
        for cell in self.cells.values():
            total.add(cell)
        return total


@dataclass
class Table:
    year: int
    granularity: str
    index: int
    columns: list  # (code, name)
    rows: list  # branch rows, grouped by court
    court_rows: dict  # court id -> Row
    city: Row | None


def report_bounds(year: int, granularity: str, index: int) -> tuple[date, date]:
    return period_bounds(granularity, (year, index if granularity != "year" else 1))


def city_courts(court) -> list[Court]:
    """The court and the courts below it that use the archives module."""
    below = db.session.scalars(select(Court).where(Court.parent_id == court.id).order_by(Court.position, Court.id))
    return [court] + [child for child in below if is_enabled(child, "archives")]


def build(
    courts: list[Court], year: int, granularity: str, index: int, today: date, scope: set[int] | None = None
) -> Table:
    start, end = report_bounds(year, granularity, index)
    types, rows = _branch_rows(courts, start, end, today, scope)
    court_rows = {court.id: Row(court, None) for court in courts}
    for row in rows:
        for code, cell in row.cells.items():
            court_rows[row.court.id].cells[code].add(cell)
    city = None
    if len(courts) > 1:
        city = Row(courts[0], None)
        for court_row in court_rows.values():
            for code, cell in court_row.cells.items():
                city.cells[code].add(cell)
    return Table(year, granularity, index, _columns(types), rows, court_rows, city)


def branch_rows(court: Court, start: date, end: date, today: date, branch_ids) -> list[Row]:
    """The table's branch rows for any span of dates (the assessment asks
    for a year or a half-year): the same cells, counted the same way."""
    return _branch_rows([court], start, end, today, set(branch_ids))[1]


def _branch_rows(
    courts: list[Court], start: date, end: date, today: date, scope: set[int] | None
) -> tuple[list[MeetingType], list[Row]]:
    court_ids = [court.id for court in courts]
    branch_query = select(Organisation).where(
        Organisation.court_id.in_(court_ids), Organisation.kind == "branch", Organisation.dissolved_at.is_(None)
    )
    if scope is not None:
        branch_query = branch_query.where(Organisation.id.in_(scope or {-1}))
    branches = list(db.session.scalars(branch_query.order_by(Organisation.position, Organisation.id)))
    types = list(db.session.scalars(select(MeetingType).where(MeetingType.court_id.in_(court_ids))))
    held = db.session.execute(
        select(
            Meeting.branch_id,
            Meeting.type_id,
            Meeting.held_on,
            Meeting.late,
            Meeting.expected_count,
            Meeting.present_count,
        ).where(
            Meeting.court_id.in_(court_ids),
            Meeting.status.in_(REPORTED),
            # From New Year: a quarter or year ending in the span began there.
            Meeting.held_on >= date(start.year, 1, 1),
            Meeting.held_on <= end,
        )
    ).all()
    by_branch_type = defaultdict(list)
    for entry in held:
        by_branch_type[(entry.branch_id, entry.type_id)].append(entry)
    types_by_court = defaultdict(list)
    for meeting_type in types:
        types_by_court[meeting_type.court_id].append(meeting_type)
    courts_by_id = {court.id: court for court in courts}
    rows = []
    for branch in sorted(branches, key=lambda b: court_ids.index(b.court_id)):
        row = Row(courts_by_id[branch.court_id], branch)
        for meeting_type in types_by_court[branch.court_id]:
            row.cells[meeting_type.code] = _cell(
                meeting_type, by_branch_type[(branch.id, meeting_type.id)], start, end, today
            )
        rows.append(row)
    return types, rows


def _cell(meeting_type: MeetingType, meetings: list, start: date, end: date, today: date) -> Cell:
    cell = Cell()
    for row in meetings:
        if start <= row.held_on <= end:
            cell.expected += row.expected_count
            cell.present += row.present_count
    if meeting_type.frequency not in ("month", "quarter", "year"):
        return cell
    by_period = defaultdict(list)
    for row in meetings:
        by_period[period_key(meeting_type.frequency, row.held_on)].append(row)
    for key in periods_in(meeting_type.frequency, start, end):
        found = by_period.get(key, [])
        if not found and period_bounds(meeting_type.frequency, key)[1] >= today:
            continue  # not over yet and nothing held: not yet due
        cell.required += 1
        if any(not row.late for row in found):
            cell.on_time += 1
        elif found:
            cell.late += 1
        else:
            cell.missing += 1
    return cell


def _columns(types: list[MeetingType]) -> list[tuple[str, str]]:
    order = [code for code, _, _ in defaults.MEETING_TYPES]
    names: dict[str, str] = {}
    for meeting_type in sorted(types, key=lambda t: (t.court_id, t.position)):
        names.setdefault(meeting_type.code, meeting_type.name)
    return sorted(names.items(), key=lambda item: (order.index(item[0]) if item[0] in order else 99, item[0]))
