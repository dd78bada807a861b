"""Meeting records: prefill, attendance, checklist, filing and review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dangjian.api import Member, Refused, audit, db, module_settings

from .. import defaults
from ..models import (
    ABSENT,
    APPROVED,
    DRAFT,
    FILED,
    NONVOTING,
    PRESENT,
    RETURNED,
    Attendance,
    Meeting,
    MeetingType,
    PlanItem,
)
from ..periods import add_working_days, local_date
from . import notices, study_link

TEXT_FIELDS = (
    "title",
    "start_time",
    "place",
    "chair",
    "recorder",
    "lecturer",
    "nonvoting_others",
    "agenda",
    "minutes",
    "resolutions",
)


class NotPossible(Refused):
    """The action does not fit the record's state; the message is for the user."""


def roster(branch) -> list[Member]:
    """Current members of the branch, in a stable order."""
    return list(
        db.session.scalars(
            select(Member).where(Member.branch_id == branch.id, Member.left_on.is_(None)).order_by(Member.id)
        )
    )


def prefill(court, branch, plan_item: PlanItem | None, meeting_type: MeetingType | None) -> dict:
    """Values for a new record: its plan entry (type, theme, lecturer)."""
    values: dict[str, Any] = {"held_on": None, "title": "", "lecturer": ""}
    if plan_item is not None:
        values.update(type_id=plan_item.type_id, title=plan_item.theme, lecturer=plan_item.lecturer)
    elif meeting_type is not None:
        values["type_id"] = meeting_type.id
    return values


def save(meeting: Meeting, values: dict, attendance: dict[int, tuple[str, str]], members: list[Member]) -> Meeting:
    """Write the form's values and the attendance picked from the roster.

    ``attendance`` maps member id to (status, reason); members of the roster
    without an entry count as present (the common case, so the secretary
    only marks the exceptions).
    """
    for name in TEXT_FIELDS:
        if name in values:
            setattr(meeting, name, (values[name] or "").strip())
    meeting.held_on = values["held_on"]
    meeting.duration_minutes = values.get("duration_minutes", meeting.duration_minutes)
    meeting.type_id = values["type_id"]
    meeting.confirmed = [label for label in values.get("confirmed", []) if label]
    existing = {row.member_id: row for row in meeting.attendance}
    roster_ids = {member.id for member in members}
    for member in members:
        status, reason = attendance.get(member.id, (PRESENT, ""))
        status = status if status in (PRESENT, ABSENT, NONVOTING) else PRESENT
        row = existing.get(member.id)
        if row is None:
            row = Attendance(member_id=member.id, member=member)
            meeting.attendance.append(row)
        row.status, row.reason = status, (reason or "").strip()[:100] if status == ABSENT else ""
    for member_id, row in existing.items():
        if member_id not in roster_ids and member_id not in attendance:
            meeting.attendance.remove(row)
    recount(meeting)
    return meeting


def recount(meeting: Meeting) -> None:
    """应到/实到 from the attendance rows; voting counts for the quorum.

    列席 (attending without vote) are not expected; probationary members are
    expected but have no vote.
    """
    expected = [row for row in meeting.attendance if row.status != NONVOTING]
    meeting.expected_count = len(expected)
    meeting.present_count = sum(1 for row in expected if row.status == PRESENT)
    voting = [row for row in expected if row.member.status == "full"]
    meeting.voting_count = len(voting)
    meeting.voting_present = sum(1 for row in voting if row.status == PRESENT)


def below_quorum(meeting: Meeting) -> bool:
    """A general meeting needs more than half of the voting members present."""
    if meeting.type is None or meeting.type.code != defaults.GENERAL:
        return False
    return meeting.voting_present * 2 <= meeting.voting_count


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    done: bool
    custom: bool = False


def checklist(meeting: Meeting) -> list[Element]:
    """The type's required elements and whether the record has each."""
    roles = {item.role for item in meeting.files}
    present = {
        "title": bool(meeting.title),
        "held_on": bool(meeting.held_on and meeting.start_time),
        "place": bool(meeting.place),
        "chair": bool(meeting.chair),
        "recorder": bool(meeting.recorder),
        "lecturer": bool(meeting.lecturer),
        "attendance": bool(meeting.attendance) and meeting.expected_count > 0,
        "absence_reasons": all(row.reason for row in meeting.attendance if row.status == ABSENT),
        "agenda": bool(meeting.agenda),
        "minutes": bool(meeting.minutes),
        "resolutions": bool(meeting.resolutions),
        "signin_sheet": "signin" in roles,
        "minutes_file": "minutes" in roles,
        "photos": "photo" in roles,
    }
    items = [
        Element(key, defaults.ELEMENTS[key], present[key]) for key in meeting.type.elements if key in defaults.ELEMENTS
    ]
    confirmed = set(meeting.confirmed or [])
    items += [Element(label, label, label in confirmed, custom=True) for label in meeting.type.custom_elements]
    return items


def missing(meeting: Meeting) -> list[Element]:
    return [item for item in checklist(meeting) if not item.done]


def deadline_for(court, held_on: date) -> date:
    days = int(module_settings("archives", court).get("filing_days") or 3)
    return add_working_days(held_on, days)


def file(court, meeting: Meeting, user, now: datetime) -> None:
    """draft/returned → filed.  The first filing decides 补开补报: a record
    filed after the deadline stays marked late even when later returned and
    refiled, but a return does not make an on-time record late."""
    if meeting.status not in (DRAFT, RETURNED):
        raise NotPossible("只有草稿或被驳回的记录可以报送。")
    if meeting.held_on > local_date(court, now):
        raise NotPossible("会议日期在今天之后，开完会再报送。")
    if study_link.counts_as_study(meeting) and not meeting.duration_minutes:
        raise NotPossible("请先在记录中填写党课时长（出席的党员按此计入学习时长），再报送。")
    refile = meeting.status == RETURNED
    if not refile:
        meeting.deadline = deadline_for(court, meeting.held_on)
        meeting.late = local_date(court, now) > meeting.deadline
    meeting.status, meeting.filed_at = FILED, now
    study_link.record(court, meeting)
    label = "重新报送" if refile else ("报送（补开补报）" if meeting.late else "报送")
    audit(
        "archives.meeting_filed",
        f"{label}会议记录：{meeting.title}",
        target=meeting,
        court=court,
        user=user,
        detail={"late": meeting.late, "refile": refile},
    )


def approve(court, meeting: Meeting, user, now: datetime, tell: bool = True):
    """filed → approved; returns the audit entry (added to the session).
    ``tell=False``: the caller notifies the record's people itself (bulk
    approval does, for all records at once)."""
    if meeting.status != FILED:
        raise NotPossible("只有已报送的记录可以审核通过。")
    meeting.status, meeting.reviewed_at, meeting.review_note = APPROVED, now, ""
    if tell:
        notices.approved(court, [meeting], user)
    return audit(
        "archives.meeting_approved", f"审核通过会议记录：{meeting.title}", target=meeting, court=court, user=user
    )


def send_back(court, meeting: Meeting, user, now: datetime, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise NotPossible("请写明驳回原因，书记才知道要改什么。")
    if meeting.status not in (FILED, APPROVED):
        raise NotPossible("只有已报送或已审核的记录可以驳回。")
    meeting.status, meeting.reviewed_at, meeting.review_note = RETURNED, now, reason[:300]
    study_link.withdraw(court, meeting)
    notices.returned(court, meeting, user)
    audit(
        "archives.meeting_returned",
        f"驳回会议记录：{meeting.title}",
        target=meeting,
        court=court,
        user=user,
        detail={"reason": meeting.review_note},
    )


def scoped_meetings(court, scope: set[int] | None):
    """A select of the court's meetings within a branch scope."""
    query = select(Meeting).where(Meeting.court_id == court.id)
    if scope is not None:
        query = query.where(Meeting.branch_id.in_(scope or {-1}))
    return query.options(selectinload(Meeting.type), selectinload(Meeting.branch))


def load_for_detail(meeting_id: int):
    return (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.attendance).selectinload(Attendance.member),
            selectinload(Meeting.files),
        )
    )
