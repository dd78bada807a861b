"""Collective sessions (集中学习) and monthly plans (月度学习计划)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dangjian.db import db
from dangjian_study import services
from dangjian_study.models import StudyPlan, StudySession

from .conftest import make_material


def test_secretary_records_a_session_that_counts_for_each_attendee(study, client, login_as):
    login_as(study.juvenile_secretary)
    form = client.get("/zy/study/sessions/new").get_data(as_text=True)
    assert "林晓彤" in form and "周立言" not in form  # the roster of their own branch only
    response = client.post(
        "/zy/study/sessions/new",
        data={"held_on": "2025-03-10", "topic": "集中学习党章", "hours": "2", "attendees": [study.juvenile_member.id]},
    )
    assert response.status_code == 302
    session = db.session.scalar(select(StudySession))
    assert session.branch_id == study.juvenile.id and session.minutes == 120
    minutes = services.member_minutes([study.juvenile_member.id], date(2025, 1, 1), date(2025, 12, 31))
    assert minutes == {study.juvenile_member.id: 120}


def test_attendees_must_come_from_the_roster(study, client, login_as):
    login_as(study.juvenile_secretary)
    response = client.post(
        "/zy/study/sessions/new",
        data={"held_on": "2025-03-10", "topic": "集中学习", "hours": "2", "attendees": [study.office_member.id]},
    )
    assert "只能勾选本支部名册中的党员" in response.get_data(as_text=True)
    response = client.post("/zy/study/sessions/new", data={"held_on": "2025-03-10", "topic": "集中学习", "hours": "2"})
    assert "请勾选参加学习的党员" in response.get_data(as_text=True)
    assert db.session.scalar(select(StudySession)) is None


def test_session_of_another_branch_is_not_found(study, client, login_as):
    session = StudySession(
        court_id=study.zy.id, branch_id=study.office.id, held_on=date(2025, 3, 1), topic="办公室学习", minutes=60
    )
    db.session.add(session)
    db.session.commit()
    login_as(study.juvenile_secretary)
    assert client.get(f"/zy/study/sessions/{session.id}").status_code == 404
    assert client.post(f"/zy/study/sessions/{session.id}/delete").status_code == 404
    assert "办公室学习" not in client.get("/zy/study/sessions").get_data(as_text=True)
    login_as(study.zy_admin)
    assert client.post(f"/zy/study/sessions/{session.id}/delete").status_code == 302
    assert db.session.scalar(select(StudySession)) is None


def test_monthly_plan_lists_materials_and_sessions(study, client, login_as):
    material = make_material(study.zy, "学习党章")
    db.session.add(
        StudySession(
            court_id=study.zy.id,
            branch_id=study.juvenile.id,
            held_on=date(2025, 3, 10),
            topic="三月集中学习",
            minutes=60,
        )
    )
    db.session.commit()
    login_as(study.juvenile_secretary)
    response = client.post(
        "/zy/study/plans/new",
        data={
            "branch_id": study.juvenile.id,
            "month": "2025-03",
            "note": "本月学习党章",
            "sessions_text": "3月10日 集中学习",
            "material_ids": [material.id],
        },
    )
    assert response.status_code == 302
    plan = db.session.scalar(select(StudyPlan))
    duplicate = client.post("/zy/study/plans/new", data={"branch_id": study.juvenile.id, "month": "2025-03"})
    assert "已经有学习计划" in duplicate.get_data(as_text=True)
    login_as(study.member_user)
    page = client.get(f"/zy/study/plans/{plan.id}").get_data(as_text=True)
    assert "学习党章" in page and "三月集中学习" in page and "3月10日 集中学习" in page
    assert "/edit" not in page  # members read the plan
    login_as(study.office_editor)
    assert client.get(f"/zy/study/plans/{plan.id}").status_code == 404


def test_bad_month_is_explained_beside_the_field(study, client, login_as):
    login_as(study.juvenile_secretary)
    response = client.post(
        "/zy/study/plans/new", data={"branch_id": study.juvenile.id, "month": "2025-13", "note": "保留的说明"}
    )
    page = response.get_data(as_text=True)
    assert "月份格式为 年-月" in page and "保留的说明" in page


def test_saving_a_plan_with_its_materials_still_ticked(study, client, login_as):
    kept, dropped, added = (make_material(study.zy, title) for title in ("学习党章", "学习准则", "学习条例"))
    login_as(study.juvenile_secretary)
    client.post(
        "/zy/study/plans/new",
        data={"branch_id": study.juvenile.id, "month": "2025-04", "material_ids": [kept.id, dropped.id]},
    )
    plan = db.session.scalar(select(StudyPlan))
    response = client.post(
        f"/zy/study/plans/{plan.id}/edit",
        data={
            "branch_id": study.juvenile.id,
            "month": "2025-04",
            "note": "改了说明",
            "material_ids": [kept.id, added.id],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert sorted(item.material_id for item in db.session.get(StudyPlan, plan.id).items) == sorted([kept.id, added.id])
