"""The free-topic check-in of a day: one row per member and day, to which
a second check-in that day is added (no request objects)."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import CursorResult, case, or_, select, update

from dangjian.api import Member, db

from .models import StudyCheckin
from .services import CheckinRefused, check_in

# A day's free check-in grows by additions; these keep it within reason.
DAY_MINUTES_CAP = 8 * 60
REFLECTION_MAX = 20000


def free_check_in(
    court,
    member: Member,
    *,
    topic: str,
    studied_on: date | None = None,
    minutes: int = 30,
    reflection: str = "",
    now: datetime | None = None,
) -> tuple[StudyCheckin, str]:
    """A free-topic check-in; a second one on the same day is added to that
    day's check-in instead of being dropped (the member wrote it for a
    reason).  Returns the day's check-in and "created", "added" or
    "unchanged" (a repeated submit of text the day already holds).

    The addition is one UPDATE guarded by "the text is not there yet", so a
    double submit or two concurrent requests add it once.
    """
    checkin, created = check_in(
        court, member, topic=topic, studied_on=studied_on, minutes=minutes, reflection=reflection, now=now
    )
    if created:
        return checkin, "created"
    topic, reflection = topic.strip()[:120], (reflection or "").strip()
    addition = f"【{topic}】{reflection}" if reflection else f"【{topic}】"
    already = (
        StudyCheckin.reflection.contains(reflection, autoescape=True)
        if reflection
        else or_(StudyCheckin.topic == topic, StudyCheckin.reflection.contains(addition, autoescape=True))
    )
    if len(checkin.reflection) + len(addition) + 2 > REFLECTION_MAX:
        raise CheckinRefused("这一天的学习心得已经很长了，不能再补充。", field="reflection")
    total = StudyCheckin.minutes + minutes
    result = db.session.execute(
        update(StudyCheckin)
        .where(StudyCheckin.id == checkin.id, ~already)
        .values(
            reflection=case(
                (StudyCheckin.reflection == "", addition), else_=StudyCheckin.reflection + "\n\n" + addition
            ),
            minutes=case((total > DAY_MINUTES_CAP, DAY_MINUTES_CAP), else_=total),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(checkin)
    return checkin, "added" if cast(CursorResult, result).rowcount else "unchanged"


def day_checkin(member: Member, day: date) -> StudyCheckin | None:
    """The member's free check-in of ``day``, if any."""
    return db.session.scalar(
        select(StudyCheckin).where(
            StudyCheckin.member_id == member.id, StudyCheckin.dedupe_key == f"d{day.isoformat()}"
        )
    )
