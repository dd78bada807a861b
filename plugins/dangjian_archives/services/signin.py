"""QR sign-in (扫码签到) to a meeting record: a member marks themselves present."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dangjian.api import Member, audit, db

from ..models import DRAFT, PRESENT, RETURNED, Attendance, Meeting
from .meetings import NotPossible, recount

# What the signed code names: one salt and payload kind for meeting records.
KIND = "archives.meeting"


def open_for_signin(meeting: Meeting) -> bool:
    """Only a record that may still be edited takes sign-ins (a filed one is an archive)."""
    return meeting.status in (DRAFT, RETURNED)


def sign_in(court, meeting: Meeting, member: Member | None, user, now: datetime) -> bool:
    """Mark ``member`` present by their own scan; False when they already had.

    A repeat scan changes nothing, not even the time of the first one; a
    correction the secretary made by hand afterwards stays as it is."""
    if not open_for_signin(meeting):
        raise NotPossible("这条会议记录已经报送，不能再扫码签到；如有出入请联系支部书记。")
    if member is None or member.left_on is not None:
        raise NotPossible("您不是本院在册党员，不能签到。")
    if member.branch_id != meeting.branch_id:
        raise NotPossible(f"这是{meeting.branch.name}的会议，您不是本支部党员，不能签到。")
    row = next((r for r in meeting.attendance if r.member_id == member.id), None)
    if row is not None and row.signed_in_at is not None:
        return False
    if row is None:
        row = Attendance(member_id=member.id, member=member)
        meeting.attendance.append(row)
    row.status, row.reason, row.signed_in_at = PRESENT, "", now
    recount(meeting)
    db.session.flush()
    audit(
        "archives.signed_in",
        f"扫码签到：{member.name}（{meeting.title}）",
        target=meeting,
        court=court,
        user=user,
        detail={"member_id": member.id},
    )
    return True


def signed_in(meeting: Meeting) -> list[Attendance]:
    """Who signed in by scanning, in the order they came."""
    return list(
        db.session.scalars(
            select(Attendance)
            .options(selectinload(Attendance.member))
            .where(Attendance.meeting_id == meeting.id, Attendance.signed_in_at.is_not(None))
            .order_by(Attendance.signed_in_at, Attendance.id)
        )
    )
