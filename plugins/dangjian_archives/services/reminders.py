"""Reminders with grace, and the court admin's overdue list.

A reminder appears only in the last ``reminder_days`` of a period in which
the branch has not met yet, and says how many days remain; it nags nobody
at the start of a month.  Two SQL statements for any number of branches.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from dangjian.api import db, module_settings

from ..models import FILED, REPORTED, RETURNED, Meeting
from ..periods import current_word, period_bounds, period_key, period_name, previous_key, previous_word
from .setup import branches, meeting_types


@dataclass(frozen=True)
class Reminder:
    branch_id: int
    text: str
    days_left: int
    overdue: bool = False
    # For the to-do inbox: what to hold, in which period, by when.
    branch_name: str = ""
    type_id: int | None = None
    type_name: str = ""
    period: str = ""
    due: date | None = None


def _held(court, branch_ids, since: date) -> dict:
    rows = db.session.execute(
        select(Meeting.branch_id, Meeting.type_id, Meeting.held_on, Meeting.status).where(
            Meeting.court_id == court.id, Meeting.branch_id.in_(branch_ids or {-1}), Meeting.held_on >= since
        )
    ).all()
    held = defaultdict(list)
    for row in rows:
        held[(row.branch_id, row.type_id)].append(row)
    return held


def reminders(court, today: date, scope: set[int] | None = None) -> list[Reminder]:
    """Upcoming (within the grace window) and overdue meetings per branch."""
    grace = int(module_settings("archives", court).get("reminder_days") or 15)
    targets = branches(court, scope)
    types = [t for t in meeting_types(court) if t.frequency in ("month", "quarter", "year")]
    held = _held(court, [b.id for b in targets], date(today.year - 1, 1, 1))
    found = []
    for branch in targets:
        for meeting_type in types:
            meetings = held[(branch.id, meeting_type.id)]
            current = period_key(meeting_type.frequency, today)
            keys = {period_key(meeting_type.frequency, m.held_on) for m in meetings}
            period_end = period_bounds(meeting_type.frequency, current)[1]
            days_left = (period_end - today).days
            about: dict[str, Any] = dict(branch_name=branch.name, type_id=meeting_type.id, type_name=meeting_type.name)
            if current not in keys and days_left < grace:
                found.append(
                    Reminder(
                        branch.id,
                        f"{branch.name}：{current_word(meeting_type.frequency)}尚未召开"
                        f"{meeting_type.name}，还剩 {days_left + 1} 天",
                        days_left + 1,
                        **about,
                        period=period_name(meeting_type.frequency, current),
                        due=period_end,
                    )
                )
            previous = previous_key(meeting_type.frequency, current)
            reported = {period_key(meeting_type.frequency, m.held_on) for m in meetings if m.status in REPORTED}
            if previous not in reported and previous[0] >= today.year - 1:
                found.append(
                    Reminder(
                        branch.id,
                        f"{branch.name}：{previous_word(meeting_type.frequency)}未召开或未报送{meeting_type.name}",
                        0,
                        overdue=True,
                        **about,
                        period=period_name(meeting_type.frequency, previous),
                        due=period_bounds(meeting_type.frequency, previous)[1],
                    )
                )
    return sorted(found, key=lambda item: (not item.overdue, item.days_left))


def review_counts(court) -> dict:
    """How many records wait for the admin (filed) and for secretaries (returned)."""
    rows = db.session.execute(
        select(Meeting.status, func.count(Meeting.id))
        .where(Meeting.court_id == court.id, Meeting.status.in_((FILED, RETURNED)))
        .group_by(Meeting.status)
    ).all()
    return dict(rows)
