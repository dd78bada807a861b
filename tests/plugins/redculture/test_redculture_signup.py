"""The yearly study day: sign-up until the deadline, attendance, summary."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from dangjian.db import db, utcnow
from dangjian_redculture import services
from dangjian_redculture.models import Activity, Participant

from .conftest import make_activity


def test_sign_up_closes_at_the_deadline(red):
    deadline = datetime(2025, 4, 20, 10, 0)
    day = make_activity(red.zy, "红旗渠精神学习日", kind="study_day", deadline=deadline)
    assert services.sign_up(day, red.juvenile_member, now=deadline) is True  # the last moment still counts
    with pytest.raises(services.SignupRefused, match="报名已截止"):
        services.sign_up(day, red.office_member, now=deadline + timedelta(seconds=1))
    with pytest.raises(services.SignupRefused):
        services.cancel_sign_up(day, red.juvenile_member, now=deadline + timedelta(minutes=1))


def test_sign_up_over_http_before_and_after_the_deadline(red, client, login_as):
    open_day = make_activity(
        red.zy,
        "学习日",
        kind="study_day",
        deadline=utcnow() + timedelta(days=3),
        held_on=(utcnow() + timedelta(days=10)).date(),
    )
    closed_day = make_activity(red.zy, "去年的学习日", kind="study_day", deadline=utcnow() - timedelta(minutes=1))
    login_as(red.member_user)
    assert "我要报名" in client.get(f"/zy/redculture/activities/{open_day.id}").get_data(as_text=True)
    client.post(f"/zy/redculture/activities/{open_day.id}/signup")
    client.post(f"/zy/redculture/activities/{open_day.id}/signup")  # a double submit stays one sign-up
    assert db.session.scalars(select(Participant).where(Participant.activity_id == open_day.id)).all()[0].signed_up_at
    assert len(db.session.scalars(select(Participant).where(Participant.activity_id == open_day.id)).all()) == 1
    page = client.post(f"/zy/redculture/activities/{closed_day.id}/signup", follow_redirects=True).get_data(
        as_text=True
    )
    assert "报名已截止" in page and "我要报名" not in page
    assert db.session.scalar(select(Participant).where(Participant.activity_id == closed_day.id)) is None
    client.post(f"/zy/redculture/activities/{open_day.id}/signup", data={"action": "cancel"})
    assert db.session.scalar(select(Participant).where(Participant.activity_id == open_day.id)) is None


def test_only_organising_branches_may_sign_up(red, client, login_as):
    visit = make_activity(
        red.zy,
        "办公室参观",
        branches=[red.office],
        deadline=utcnow() + timedelta(days=3),
        held_on=(utcnow() + timedelta(days=10)).date(),
    )
    login_as(red.member_user)
    page = client.post(f"/zy/redculture/activities/{visit.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "不接受您的报名" in page
    assert db.session.scalar(select(Participant)) is None


def test_admin_creates_study_day_with_deadline_in_court_time_and_marks_attendance(red, client, login_as):
    login_as(red.zy_admin)
    form = client.get("/zy/redculture/activities/new?kind=study_day").get_data(as_text=True)
    assert "红旗渠精神学习日" in form
    client.post(
        "/zy/redculture/activities/new",
        data={
            "kind": "study_day",
            "title": "2025年红旗渠精神学习日",
            "held_on": "2025-05-08",
            "base_id": 0,
            "place": "红旗渠纪念馆",
            "signup_deadline": "2025-04-30T18:00",
        },
    )
    day = db.session.scalar(select(Activity))
    assert day.signup_deadline == datetime(2025, 4, 30, 10, 0)  # 18:00 in Asia/Shanghai, stored as UTC
    db.session.add(
        Participant(
            activity_id=day.id,
            member_id=red.office_member.id,
            branch_id=red.office.id,
            signed_up_at=datetime(2025, 4, 1),
        )
    )
    db.session.commit()
    page = client.get(f"/zy/redculture/activities/{day.id}/attendance").get_data(as_text=True)
    assert "林晓彤" in page and "周立言" in page and "韩明远" not in page  # the whole court, no other court
    client.post(
        f"/zy/redculture/activities/{day.id}/attendance",
        data={"member_ids": [red.juvenile_member.id], "summary": "参观后分组交流。"},
    )
    rows = {p.member_id: p for p in db.session.scalars(select(Participant))}
    assert rows[red.juvenile_member.id].attended and rows[red.juvenile_member.id].signed_up_at is None
    assert not rows[red.office_member.id].attended and rows[red.office_member.id].signed_up_at  # absent, sign-up kept
    assert db.session.get(Activity, day.id).summary == "参观后分组交流。"
