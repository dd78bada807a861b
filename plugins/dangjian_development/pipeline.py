"""The branch's pipeline: candidates per stage, upcoming deadlines, overdue conversions.

One query for the candidates with their records (and steps), whatever their
number; everything else is computed from those rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dangjian.api import db

from . import rules, services
from .models import STAGE_ORDER, Candidate

SOON = timedelta(days=30)


@dataclass
class Due:
    candidate: Candidate
    deadline: rules.Deadline
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0


@dataclass
class Board:
    columns: dict[str, list[Candidate]] = field(default_factory=dict)
    upcoming: list[Due] = field(default_factory=list)
    overdue_conversions: list[Due] = field(default_factory=list)
    total: int = 0


def dues(candidates: list[Candidate], today: date, within: timedelta = SOON) -> list[Due]:
    found = []
    for candidate in candidates:
        for deadline in services.deadlines(candidate):
            days = (deadline.due - today).days
            if deadline.due <= today + within:
                found.append(Due(candidate, deadline, days))
    return sorted(found, key=lambda d: (d.deadline.due, d.candidate.name))


def board(court, scope: set[int] | None, today: date) -> Board:
    candidates = list(db.session.scalars(services.candidates_query(court, scope)))
    result = Board(columns={stage: [] for stage in STAGE_ORDER}, total=len(candidates))
    for candidate in candidates:
        result.columns.setdefault(candidate.stage, []).append(candidate)
    active = [c for c in candidates if c.stage != "full"]
    every = dues(active, today)
    result.overdue_conversions = [d for d in every if d.deadline.hard and d.overdue]
    result.upcoming = [d for d in every if not (d.deadline.hard and d.overdue)]
    return result
