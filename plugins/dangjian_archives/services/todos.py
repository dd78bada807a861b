"""What the archives module asks of a user now (待办), for the host's inbox
and this module's dashboard card — one computation, so the two never
disagree.

A branch secretary (``archives.record`` in branch scope) is asked to fix
records returned for correction, to file drafts, and to hold and record the
meetings due this period (or overdue from the last one, see reminders.py).
The court admin (``archives.review``) is asked to review filed records.
Each list costs a fixed number of statements whatever the number of
records: columns in one query per kind, no query per row.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import select

from dangjian.api import Organisation, Todo, branch_scope, db, module_settings, utcnow

from ..models import DRAFT, FILED, RETURNED, Meeting, MeetingType
from ..periods import add_working_days, local_date
from . import reminders

RETURNED_KIND, RETURNED_LABEL = "archives.returned", "退回待修改的会议记录"
DRAFT_KIND, DRAFT_LABEL = "archives.draft", "待报送的会议记录草稿"
DUE_KIND, DUE_LABEL = "archives.due", "应开未报的三会一课"
REVIEW_KIND, REVIEW_LABEL = "archives.review", "待审核的会议记录"


def todos(court, user, today: date | None = None) -> list[Todo]:
    """Every archives item awaiting ``user`` in ``court``."""
    today = today or local_date(court, utcnow())
    items: list[Todo] = []
    records = branch_scope(user, "archives.record", court)
    # A branch-scoped recorder is the branch secretary; the court admin
    # records too, but the branches' meetings are not theirs to hold.
    if records:
        items += _secretary_records(court, records, today)
        items += [_due_item(court, reminder) for reminder in reminders.reminders(court, today, records)]
    if branch_scope(user, "archives.review", court) is None:
        items += _awaiting_review(court)
    return items


def _rows(court, statuses, scope: set[int] | None):
    query = (
        select(
            Meeting.id,
            Meeting.title,
            Meeting.status,
            Meeting.held_on,
            Meeting.review_note,
            Meeting.late,
            Organisation.name.label("branch_name"),
            MeetingType.name.label("type_name"),
        )
        .join(Organisation, Organisation.id == Meeting.branch_id)
        .join(MeetingType, MeetingType.id == Meeting.type_id)
        .where(Meeting.court_id == court.id, Meeting.status.in_(statuses), Organisation.dissolved_at.is_(None))
    )
    if scope is not None:
        query = query.where(Meeting.branch_id.in_(scope or {-1}))
    return db.session.execute(query.order_by(Meeting.held_on, Meeting.id)).all()


def _secretary_records(court, scope: set[int], today: date) -> list[Todo]:
    filing_days = int(module_settings("archives", court).get("filing_days") or 3)
    items = []
    for row in _rows(court, (RETURNED, DRAFT), scope):
        what = f"{row.branch_name} · {row.held_on:%Y-%m-%d} {row.type_name}：{row.title}"
        if row.status == RETURNED:
            items.append(
                Todo(
                    RETURNED_KIND,
                    RETURNED_LABEL,
                    what,
                    _url("archives.meeting_edit", court, row.id),
                    detail=f"退回原因：{row.review_note}" if row.review_note else "",
                )
            )
        elif row.held_on <= today:  # a meeting ahead cannot be filed yet
            items.append(
                Todo(
                    DRAFT_KIND,
                    DRAFT_LABEL,
                    what,
                    _url("archives.meeting_detail", court, row.id),
                    due=add_working_days(row.held_on, filing_days),
                    detail="核对必备要素后报送",
                )
            )
    return items


def _due_item(court, reminder: reminders.Reminder) -> Todo:
    if reminder.overdue:
        title = f"{reminder.period}{reminder.type_name}未召开或未报送"
        detail = f"{reminder.branch_name}：已过期，开会后报送将记为补开补报"
    else:
        title = f"召开并报送{reminder.period}{reminder.type_name}"
        detail = reminder.branch_name
    url = url_for("archives.meeting_new", court_slug=court.slug, branch=reminder.branch_id, type=reminder.type_id)
    return Todo(DUE_KIND, DUE_LABEL, title, url, due=reminder.due, detail=detail)


def _awaiting_review(court) -> list[Todo]:
    return [
        Todo(
            REVIEW_KIND,
            REVIEW_LABEL,
            f"{row.branch_name} · {row.held_on:%Y-%m-%d} {row.type_name}：{row.title}",
            _url("archives.meeting_detail", court, row.id),
            detail="补开补报" if row.late else "",
        )
        for row in _rows(court, (FILED,), None)
    ]


def _url(endpoint: str, court, meeting_id: int) -> str:
    return url_for(endpoint, court_slug=court.slug, meeting_id=meeting_id)
