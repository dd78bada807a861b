"""What the module offers other modules (see hookspecs.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import url_for
from sqlalchemy import select

from dangjian.api import Member, audit, db, utcnow

from ..models import ABSENT, DRAFT, PRESENT, REPORTED, Attendance, Meeting
from ..periods import local_date
from . import stats
from .meetings import recount
from .setup import ensure_defaults, meeting_types, type_by_code


def meeting_url(court, meeting_id: int) -> str:
    return url_for("archives.meeting_detail", court_slug=court.slug, meeting_id=meeting_id)


def evidence(court, year: int, branch_ids) -> dict:
    scope = set(branch_ids) if branch_ids is not None else None
    table = stats.build([court], year, "year", 1, local_date(court, utcnow()), scope=scope)
    query = select(Meeting.id, Meeting.branch_id, Meeting.title, Meeting.held_on, Meeting.late, Meeting.type_id).where(
        Meeting.court_id == court.id,
        Meeting.status.in_(REPORTED),
        Meeting.held_on >= date(year, 1, 1),
        Meeting.held_on <= date(year, 12, 31),
    )
    if scope is not None:
        query = query.where(Meeting.branch_id.in_(scope or {-1}))
    codes = {t.id: t.code for t in meeting_types(court)}
    listed = defaultdict(list)
    held: defaultdict[int, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in db.session.execute(query.order_by(Meeting.held_on, Meeting.id)):
        code = codes.get(row.type_id, "")
        held[row.branch_id][code] += 1
        listed[row.branch_id].append(
            {
                "id": row.id,
                "type": code,
                "title": row.title,
                "held_on": row.held_on,
                "late": row.late,
                "url": meeting_url(court, row.id),
            }
        )
    names = dict(table.columns)
    branches = {}
    for row in table.rows:
        counts = {
            code: {
                "name": names.get(code, code),
                "required": cell.required,
                "on_time": cell.on_time,
                "late": cell.late,
                "missing": cell.missing,
                "held": held[row.branch.id][code],
            }
            for code, cell in row.cells.items()
        }
        branches[row.branch.id] = {"counts": counts, "meetings": listed[row.branch.id]}
    return {"source": "archives", "year": year, "branches": branches}


def record_meeting(court, branch, meeting: dict) -> dict:
    """Create or update a draft record offered by another module."""
    if branch.court_id != court.id or branch.kind != "branch":
        raise ValueError("branch is not a branch of this court")
    ensure_defaults(court)
    meeting_type = type_by_code(court, meeting["type"])
    if meeting_type is None:
        raise ValueError(f"unknown meeting type {meeting['type']!r}")
    source, key = meeting.get("source", "")[:40], str(meeting.get("source_key", ""))[:80]
    record = None
    if source and key:
        record = db.session.scalar(
            select(Meeting).where(Meeting.court_id == court.id, Meeting.source == source, Meeting.source_key == key)
        )
    created = record is None
    if record is None:
        record = Meeting(court_id=court.id, branch_id=branch.id, status=DRAFT, source=source, source_key=key)
        db.session.add(record)
    if record.status == DRAFT:
        record.type_id, record.title = meeting_type.id, meeting["title"][:200]
        record.type = meeting_type
        record.held_on = meeting["held_on"]
        record.place = (meeting.get("place") or record.place or "")[:100]
        record.minutes = meeting.get("minutes") or record.minutes or ""
        if meeting.get("attendee_ids") is not None:
            _attendance(record, branch, set(meeting["attendee_ids"]))
    db.session.flush()
    if created:
        audit(
            "archives.meeting_offered",
            f"{source or '其他模块'}登记会议记录草稿：{record.title}",
            target=record,
            court=court,
            detail={"source": source, "source_key": key},
        )
    return {"id": record.id, "url": meeting_url(court, record.id), "status": record.status, "created": created}


def _attendance(record: Meeting, branch, present_ids: set[int]) -> None:
    members = db.session.scalars(select(Member).where(Member.branch_id == branch.id, Member.left_on.is_(None)))
    existing = {row.member_id: row for row in record.attendance}
    for member in members:
        row = existing.get(member.id) or Attendance(member_id=member.id, member=member)
        if row not in record.attendance:
            record.attendance.append(row)
        row.status = PRESENT if member.id in present_ids else ABSENT
    recount(record)
