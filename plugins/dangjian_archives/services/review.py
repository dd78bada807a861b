"""Approving many filed records at once (批量审核).

Each record goes through ``meetings.approve`` — the same checks and the same
audit entry as approving one — so bulk approval can never pass a record the
single action would refuse.  Records are loaded in one query whatever the
selection's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import selectinload

from dangjian.api import db
from dangjian.api import utcnow as now_utc

from ..models import FILED, Attendance, Meeting
from . import meetings, notices

# A form carrying more ids than this is not from our page.
MAX_SELECTED = 500


@dataclass(frozen=True)
class Outcome:
    """What became of one chosen record; plain values, readable after the commit."""

    meeting_id: int
    title: str
    branch_name: str
    approved: bool
    reason: str = ""


def waiting(court, scope: set[int] | None, limit: int = MAX_SELECTED):
    """Filed records waiting for review, oldest filing first, with what
    the checklist needs (one query per relationship, not per record)."""
    query = (
        meetings.scoped_meetings(court, scope)
        .where(Meeting.status == FILED)
        .options(selectinload(Meeting.attendance).selectinload(Attendance.member), selectinload(Meeting.files))
    )
    return list(db.session.scalars(query.order_by(Meeting.filed_at, Meeting.id).limit(limit)))


def selected(court, scope: set[int] | None, ids) -> list[Meeting]:
    """The chosen records of this court (and scope), in the order chosen."""
    wanted = list(dict.fromkeys(ids))[:MAX_SELECTED]
    found = {
        m.id: m
        for m in db.session.scalars(meetings.scoped_meetings(court, scope).where(Meeting.id.in_(wanted or [-1])))
    }
    return [found[i] for i in wanted if i in found]


def approve_many(court, scope: set[int] | None, ids, user, now: datetime) -> list[Outcome]:
    """Approve each chosen record that may be approved; the caller commits."""
    wanted = list(dict.fromkeys(ids))[:MAX_SELECTED]
    found = {m.id: m for m in selected(court, scope, wanted)}
    outcomes, entries, done = [], [], []
    for meeting_id in wanted:
        meeting = found.get(meeting_id)
        if meeting is None:
            outcomes.append(Outcome(meeting_id, "", "", False, "记录不存在或不在您的审核范围内。"))
            continue
        try:
            entries.append(meetings.approve(court, meeting, user, now, tell=False))
            done.append(meeting)
        except meetings.NotPossible as error:
            outcomes.append(Outcome(meeting_id, meeting.title, meeting.branch.name, False, str(error)))
        else:
            outcomes.append(Outcome(meeting_id, meeting.title, meeting.branch.name, True))
    _insert_together(entries)
    _insert_together(notices.approved(court, done, user))
    return outcomes


def _insert_together(entries) -> None:
    """Write new rows of one table (the audit entries, the notifications)
    in one statement.

    The ORM inserts rows one by one where the database cannot return new
    ids in a known order (SQLite), so 100 approvals would mean 100 INSERTs;
    nothing reads these rows back, so they go in as one executemany
    without RETURNING.  Same rows, same columns as ``audit`` and ``notify``
    built them; a timestamp not set yet gets its column's default, now.
    """
    if not entries:
        return
    table = type(entries[0]).__table__
    columns = [column for column in table.columns if not column.primary_key]
    moment, rows = now_utc(), []
    for entry in entries:
        db.session.expunge(entry)
        row = {column.key: getattr(entry, column.key) for column in columns}
        for column in columns:
            if row[column.key] is None and column.default is not None and column.type.python_type is datetime:
                row[column.key] = moment
        rows.append(row)
    db.session.execute(table.insert(), rows)
