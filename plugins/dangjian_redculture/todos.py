"""What the red-culture module puts in the inbox: sign-ups about to close
for members who may still join, and activities held without their
attendance recorded for those who organise them."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import exists, or_, select

from dangjian.api import Todo, branch_scope, can, db, utcnow

from . import services
from .models import Activity, ActivityBranch, Participant

# An activity older than this without attendance is an old record, not work
# still awaiting someone: it drops out of the inbox.
ATTENDANCE_WINDOW = timedelta(days=60)


def _open_signups(court, member, today) -> list[Todo]:
    """Sign-up still open, this member's branch may join, not signed up: one statement."""
    now = utcnow()
    organised_by = exists().where(ActivityBranch.activity_id == Activity.id)
    by_own_branch = exists().where(
        ActivityBranch.activity_id == Activity.id, ActivityBranch.branch_id == member.branch_id
    )
    joined = exists().where(Participant.activity_id == Activity.id, Participant.member_id == member.id)
    rows = db.session.execute(
        select(Activity.id, Activity.title, Activity.signup_deadline)
        .where(
            Activity.court_id == court.id,
            Activity.signup_deadline.isnot(None),
            Activity.signup_deadline >= now,
            Activity.held_on >= today,
            or_(~organised_by, by_own_branch),
            ~joined,
        )
        .order_by(Activity.signup_deadline)
    ).all()
    return [
        Todo(
            "redculture.signup",
            "红色教育活动报名",
            row.title,
            url_for("redculture.activity_detail", activity_id=row.id),
            due=services.to_local(court, row.signup_deadline).date(),
            detail=f"报名截止：{services.to_local(court, row.signup_deadline):%Y-%m-%d %H:%M}",
        )
        for row in rows
    ]


def _awaiting_attendance(court, user, today) -> list[Todo]:
    """Held, recent, no one marked present, organised by a branch in the user's scope: one statement."""
    scope = branch_scope(user, "redculture.organise", court)
    attended = exists().where(Participant.activity_id == Activity.id, Participant.attended.is_(True))
    query = select(Activity.id, Activity.title, Activity.held_on).where(
        Activity.court_id == court.id,
        Activity.held_on < today,
        Activity.held_on >= today - ATTENDANCE_WINDOW,
        ~attended,
    )
    if scope is not None:
        query = query.where(
            exists().where(ActivityBranch.activity_id == Activity.id, ActivityBranch.branch_id.in_(scope or [-1]))
        )
    rows = db.session.execute(query.order_by(Activity.held_on)).all()
    return [
        Todo(
            "redculture.attendance",
            "红色教育活动待登记参加人员",
            row.title,
            url_for("redculture.activity_attendance", activity_id=row.id),
            due=row.held_on,
            detail="活动已举行，请登记参加人员，学时和档案记录随之生成。",
        )
        for row in rows
    ]


def todos(court, user) -> list[Todo]:
    if not can("redculture.view", court):
        return []
    today = services.court_today(court)
    items = []
    member = services.member_of(user, court)
    if member is not None:
        items += _open_signups(court, member, today)
    if can("redculture.organise", court):
        items += _awaiting_attendance(court, user, today)
    return items
