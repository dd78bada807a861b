"""Demo data: a believable year of 三会一课 for every branch (fictional)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from dangjian.api import Member, db, utcnow

from .models import ABSENT, APPROVED, DRAFT, FILED, PRESENT, RETURNED, Attendance, Handover, Meeting, PlanItem
from .periods import add_working_days, local_date, period_bounds, periods_in
from .services.meetings import recount
from .services.setup import branches, ensure_defaults, meeting_types

THEMES = {
    "general": ["学习贯彻党的二十届三中全会精神", "讨论接收预备党员", "半年工作总结与下半年安排", "年度党建工作述职"],
    "committee": ["研究本月党建工作安排", "讨论发展对象人选", "研究主题党日活动方案", "研究党员教育培训计划"],
    "group": ["审判团队学习会：新修订《民事诉讼法》", "交流办案中的群众工作方法", "学习《中国共产党纪律处分条例》"],
    "lesson": ["书记讲党课：以高质量党建促审判", "红旗渠精神与新时代司法担当", "坚持司法为民、公正司法"],
    "theme_day": ["红旗渠精神学习日：重走青年洞", "汤阴精忠报国教育基地参观", "走进社区开展普法宣传", "重温入党誓词"],
    "life": ["年度组织生活会：对照检查、批评与自我批评"],
    "appraisal": ["年度民主评议党员"],
}
PLACES = ["党建活动室", "第三会议室", "院史馆", "红旗渠纪念馆", "青年洞", "汤阴精忠报国教育基地"]
REASONS = ["外出开庭", "出差", "病假", "参加培训"]


def fill(court) -> None:
    ensure_defaults(court)
    rng = random.Random(court.slug)
    today = local_date(court, utcnow())
    types = meeting_types(court)
    for branch in branches(court):
        members = list(
            db.session.scalars(select(Member).where(Member.branch_id == branch.id, Member.left_on.is_(None)))
        )
        if not members:
            continue
        for meeting_type in types:
            _plans(court, branch, meeting_type, today.year)
            for key in periods_in(meeting_type.frequency, date(today.year - 1, 1, 1), today + timedelta(days=400)):
                start, end = period_bounds(meeting_type.frequency, key)
                if start > today or rng.random() < 0.12:
                    continue  # some periods honestly missed
                held_on = min(start + timedelta(days=rng.randint(3, max(3, (end - start).days - 2))), today)
                _meeting(court, branch, meeting_type, held_on, members, rng, today)
        db.session.add(
            Handover(
                court_id=court.id,
                branch_id=branch.id,
                handed_on=date(today.year - 1, 3, 12),
                post="组织委员",
                from_name=members[0].name,
                to_name=members[-1].name,
                items=f"{today.year - 2} 年三会一课记录本 2 册\n党员名册 1 份\n发展党员档案 3 份",
            )
        )
    db.session.flush()


def _plans(court, branch, meeting_type, year):
    themes = THEMES.get(meeting_type.code, [])
    if meeting_type.frequency == "quarter":
        for quarter in range(1, 5):
            db.session.add(
                PlanItem(
                    court_id=court.id,
                    branch_id=branch.id,
                    year=year,
                    quarter=quarter,
                    type_id=meeting_type.id,
                    theme=themes[(quarter - 1) % len(themes)],
                    lecturer="支部书记" if meeting_type.code == "lesson" else "",
                )
            )


def _meeting(court, branch, meeting_type, held_on, members, rng, today):
    themes = THEMES.get(meeting_type.code, ["支部活动"])
    deadline = add_working_days(held_on, 3)
    late = rng.random() < 0.15
    filed_on = deadline + timedelta(days=rng.randint(1, 6)) if late else held_on + timedelta(days=rng.randint(0, 2))
    recent = (today - held_on).days < 10
    if recent:
        status = DRAFT if rng.random() < 0.5 else FILED
    elif (today - held_on).days < 60:
        status = rng.choice([APPROVED] * 6 + [FILED] * 3 + [RETURNED])
    else:
        status = APPROVED
    meeting = Meeting(
        court_id=court.id,
        branch_id=branch.id,
        type_id=meeting_type.id,
        type=meeting_type,
        title=rng.choice(themes),
        held_on=held_on,
        start_time=rng.choice(["09:00", "14:30", "16:00"]),
        place=rng.choice(PLACES),
        duration_minutes=90 if meeting_type.code == "lesson" else 60,
        chair=members[0].name,
        recorder=members[min(1, len(members) - 1)].name,
        lecturer=members[0].name if meeting_type.code == "lesson" else "",
        agenda="一、集中学习\n二、交流发言\n三、研究部署下一步工作",
        minutes="会议由支部书记主持。与会党员结合审判执行工作谈认识、谈体会，大家一致认为……",
        resolutions="按计划推进本支部党建工作。" if meeting_type.code in ("general", "committee", "life") else "",
        status=status,
        late=late and status != DRAFT,
        deadline=deadline if status != DRAFT else None,
        filed_at=datetime.combine(min(filed_on, today), datetime.min.time()) + timedelta(hours=2)
        if status != DRAFT
        else None,
        review_note="请补充缺席人员的缺席原因。" if status == RETURNED else "",
    )
    for member in members:
        absent = rng.random() < 0.1
        meeting.attendance.append(
            Attendance(
                member_id=member.id,
                member=member,
                status=ABSENT if absent else PRESENT,
                reason=rng.choice(REASONS) if absent else "",
            )
        )
    recount(meeting)
    db.session.add(meeting)
