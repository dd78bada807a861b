"""A second free check-in on the same day is added to that day's record, never dropped."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.db import db
from dangjian_study.models import StudyCheckin

from .conftest import REFLECTION, set_study_settings
from .test_study_checkin import _post_concurrently, count_checkins

SECOND = "下午又学习了《中国共产党纪律处分条例》，对照检查了自己在审判工作中的作风问题。"


def the_day():
    db.session.expire_all()
    return db.session.scalars(select(StudyCheckin)).one()


def test_second_check_in_the_same_day_is_added_with_its_hours(study, client, login_as):
    login_as(study.member_user)
    first = {"topic": "学习党史", "studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION}
    assert client.post("/zy/study/checkin", data=first).status_code == 302
    second = {"topic": "学习纪律处分条例", "studied_on": "2025-03-02", "hours": "1.5", "reflection": SECOND}
    page = client.post("/zy/study/checkin", data=second, follow_redirects=True).get_data(as_text=True)
    assert "本次内容已补充到 03月02日 的学习记录里" in page and "当天共 2.5 学时" in page
    row = the_day()
    assert count_checkins() == 1
    assert REFLECTION in row.reflection and "【学习纪律处分条例】" + SECOND in row.reflection
    assert row.minutes == 150 and row.topic == "学习党史"
    # Submitting the same addition again (a double click) adds nothing.
    again = client.post("/zy/study/checkin", data=second, follow_redirects=True).get_data(as_text=True)
    assert "已在当天的记录里" in again
    assert the_day().reflection.count(SECOND) == 1 and the_day().minutes == 150


def test_day_hours_stay_within_eight(study, client, login_as):
    login_as(study.member_user)
    for index in range(4):
        client.post(
            "/zy/study/checkin",
            data={
                "topic": f"第{index}次",
                "studied_on": "2025-03-02",
                "hours": "3",
                "reflection": f"{REFLECTION}（第{index}次）",
            },
        )
    row = the_day()
    assert row.minutes == 8 * 60 and row.reflection.count("【第") == 3


def test_an_addition_without_reflection_adds_the_topic_once(study, client, login_as):
    set_study_settings(study.zy, reflection_min_length=0)
    login_as(study.member_user)
    client.post("/zy/study/checkin", data={"topic": "学习党章", "studied_on": "2025-03-02", "hours": "1"})
    client.post("/zy/study/checkin", data={"topic": "学习党章", "studied_on": "2025-03-02", "hours": "1"})
    assert the_day().minutes == 60  # the same submit twice
    client.post("/zy/study/checkin", data={"topic": "学习准则", "studied_on": "2025-03-02", "hours": "1"})
    client.post("/zy/study/checkin", data={"topic": "学习准则", "studied_on": "2025-03-02", "hours": "1"})
    row = the_day()
    assert row.reflection == "【学习准则】" and row.minutes == 120


def test_too_short_addition_keeps_the_text_and_says_why(study, client, login_as):
    set_study_settings(study.zy, reflection_min_length=20)
    login_as(study.member_user)
    client.post(
        "/zy/study/checkin",
        data={"topic": "学习党史", "studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION},
    )
    response = client.post(
        "/zy/study/checkin",
        data={"topic": "再学", "studied_on": "2025-03-02", "hours": "1", "reflection": "又学了一点"},
    )
    page = response.get_data(as_text=True)
    assert "学习心得至少写 20 个字" in page and "又学了一点" in page
    assert the_day().reflection == REFLECTION


def test_twenty_concurrent_additions_add_once(study, app, client, login_as):
    login_as(study.member_user)
    client.post(
        "/zy/study/checkin",
        data={"topic": "学习党史", "studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION},
    )
    user_id = study.member_user.id
    db.session.remove()
    results, errors = _post_concurrently(
        app,
        user_id,
        "/zy/study/checkin",
        {"topic": "再学", "studied_on": "2025-03-02", "hours": "1", "reflection": SECOND},
    )
    assert not errors and results == [302] * 20
    row = the_day()
    assert row.reflection.count(SECOND) == 1 and row.minutes == 120


def test_the_form_says_the_day_is_already_checked_in(study, client, login_as):
    from dangjian_study import services

    today = services.court_today(study.zy).isoformat()
    login_as(study.member_user)
    assert "已经打过卡" not in client.get("/zy/study/checkin").get_data(as_text=True)
    client.post(
        "/zy/study/checkin", data={"topic": "学习党史", "studied_on": today, "hours": "1", "reflection": REFLECTION}
    )
    page = client.get("/zy/study/checkin").get_data(as_text=True)
    assert "已经打过卡（学习党史，1.0 学时）" in page and "会补充到这条记录里" in page
    assert "今日已打卡 · 补充" in client.get("/zy/study/").get_data(as_text=True)
