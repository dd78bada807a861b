"""Believable demo data: materials, a plan, sessions and check-ins (fictional)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from dangjian.api import Member, active_branches, court_today, db

from .models import (
    StudyCheckin,
    StudyMaterial,
    StudyMaterialBranch,
    StudyPlan,
    StudyPlanMaterial,
    StudySession,
    StudySessionAttendee,
)

ARTICLES = (
    (
        "学习《中国共产党章程》总纲",
        "<h3>学习要点</h3><p>重点学习党章总纲关于党的性质、宗旨和指导思想的论述，结合审判执行工作谈认识。</p>"
        "<ul><li>党的性质和宗旨</li><li>党的基本路线</li><li>党员的义务和权利</li></ul>",
        90,
        20,
    ),
    (
        "红旗渠精神专题学习",
        "<p>红旗渠精神：<strong>自力更生、艰苦创业、团结协作、无私奉献</strong>。请结合本庭工作，谈一谈如何把红旗渠精神落实到为群众办实事中。</p>",
        60,
        35,
    ),
    (
        "《中国共产党纪律处分条例》学习",
        "<p>逐章学习纪律处分条例，重点关注与审判执行工作密切相关的条款，做到知敬畏、存戒惧、守底线。</p>",
        120,
        None,
    ),
)
LINK = ("观看“人民法院这十年”专题片", "https://www.court.gov.cn/", 45)
TOPICS = (
    "学习习近平法治思想有关论述",
    "学习党史故事：太行山上的八路军",
    "学习最高法院典型案例",
    "阅读《红旗渠的故事》",
)
REFLECTIONS = (
    "通过学习党章，我更加清楚地认识到党员的义务不仅写在纸上，更要落实在每一个案件的办理中。今后要把群众的每一件小事当作大事来办。",
    "红旗渠是太行山上的人工天河，修渠人十年如一日的坚持让我深受触动。我们办案也要有这种钉钉子精神，不怕难、不推诿。",
    "这次学习让我认识到纪律是带电的高压线。作为法官助理，接待当事人时要做到公开透明，不给任何人留下可乘之机。",
    "少年审判工作既要依法裁判，也要把教育挽救放在心上。学习后我准备在社会调查报告中多听听学校和社区的意见。",
    "集中学习后大家交流了各自的办案体会，我觉得把党建和业务结合起来，关键是在每一次庭审中体现司法为民。",
)


def add_demo_data(court) -> None:
    rng = random.Random(f"study-{court.slug}")
    today = court_today(court)
    branches = active_branches(court)
    members = list(db.session.scalars(select(Member).where(Member.court_id == court.id, Member.left_on.is_(None))))
    if not branches or not members:
        return
    materials: list[StudyMaterial] = []
    for title, body, minutes, due_days in ARTICLES:
        materials.append(
            StudyMaterial(
                court_id=court.id,
                title=title,
                kind="article",
                body_html=body,
                scope="court",
                minutes=minutes,
                due_on=today + timedelta(days=due_days) if due_days else None,
                created_at=_at(today - timedelta(days=40 - len(materials) * 9)),
            )
        )
    title, url, minutes = LINK
    materials.append(
        StudyMaterial(
            court_id=court.id,
            title=title,
            kind="link",
            link_url=url,
            scope="court",
            minutes=minutes,
            body_html="<p>请在内网电脑上观看，完成后打卡并写下心得。</p>",
        )
    )
    branch_material = StudyMaterial(
        court_id=court.id,
        branch_id=branches[0].id,
        title=f"{branches[0].name}专题：学习审判业务规范",
        kind="article",
        scope="branches",
        minutes=60,
        due_on=today + timedelta(days=10),
        body_html="<p>本支部党员结合近期案件，学习相关审判业务规范。</p>",
        targets=[StudyMaterialBranch(branch_id=branches[0].id)],
    )
    materials.append(branch_material)
    db.session.add_all(materials)
    db.session.flush()
    by_branch: dict[int, list[Member]] = {}
    for member in members:
        by_branch.setdefault(member.branch_id, []).append(member)
    for branch in branches:
        _branch_demo(court, branch, by_branch.get(branch.id, []), materials, today, rng)


def _at(day):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 2, 0)


def _branch_demo(court, branch, roster, materials, today, rng) -> None:
    if not roster:
        return
    month_start = today.replace(day=1)
    plan = StudyPlan(
        court_id=court.id,
        branch_id=branch.id,
        month=today.strftime("%Y-%m"),
        note="本月以学习党章和红旗渠精神为重点，每名党员至少完成两份学习资料并撰写心得。",
        sessions_text=f"{today.month}月中旬 集中学习党章（支部书记领学）\n{today.month}月下旬 专题研讨：红旗渠精神与司法为民",
        items=[StudyPlanMaterial(material_id=m.id) for m in materials[:2]],
    )
    db.session.add(plan)
    # About one member in ten has not studied yet this year: a believable rate.
    idle = {m.id for m in roster if rng.random() < 0.1}
    for weeks_ago, topic in ((5, "集中学习《中国共产党章程》"), (1, "专题研讨：红旗渠精神与司法为民")):
        held = max(today - timedelta(weeks=weeks_ago), today.replace(month=1, day=1))
        attendees = [m for m in roster if rng.random() < 0.85 and m.id not in idle] or roster[:1]
        db.session.add(
            StudySession(
                court_id=court.id,
                branch_id=branch.id,
                held_on=held,
                topic=topic,
                minutes=120,
                attendees=[StudySessionAttendee(member_id=m.id) for m in attendees],
            )
        )
    shown = 0
    assigned = [m for m in materials if m.scope == "court" or any(t.branch_id == branch.id for t in m.targets)]
    for member in roster:
        if member.id in idle:
            continue
        for material in assigned:
            if rng.random() < 0.55:
                day = today - timedelta(days=rng.randint(0, 30))
                text = rng.choice(REFLECTIONS)
                db.session.add(
                    StudyCheckin(
                        court_id=court.id,
                        member_id=member.id,
                        material_id=material.id,
                        dedupe_key=f"m{material.id}",
                        topic=material.title,
                        studied_on=day,
                        minutes=material.minutes,
                        reflection=text,
                        show_on_site=shown < 2,
                    )
                )
                shown += 1
        for offset in rng.sample(range(1, 25), 2):
            day = today - timedelta(days=offset)
            if day >= month_start - timedelta(days=31):
                db.session.add(
                    StudyCheckin(
                        court_id=court.id,
                        member_id=member.id,
                        dedupe_key=f"d{day.isoformat()}",
                        topic=rng.choice(TOPICS),
                        studied_on=day,
                        minutes=30,
                        reflection=rng.choice(REFLECTIONS),
                    )
                )
