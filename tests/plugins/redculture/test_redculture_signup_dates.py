"""Sign-up never outlives the activity: the deadline form check and the server-side refusal."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dangjian.db import db, utcnow
from dangjian_redculture import services
from dangjian_redculture.models import Activity, Participant

from .conftest import make_activity


def study_day_form(**extra):
    data = {
        "kind": "study_day",
        "title": "红旗渠精神学习日",
        "held_on": "2027-05-08",
        "base_id": 0,
        "place": "红旗渠纪念馆",
        "signup_deadline": "2027-05-20T18:00",
    }
    data.update(extra)
    return data


def test_a_deadline_after_the_activity_is_refused_beside_the_field(red, client, login_as):
    login_as(red.zy_admin)
    response = client.post("/zy/redculture/activities/new", data=study_day_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "报名截止时间不能晚于活动日期（2027-05-08）" in page
    assert db.session.scalar(select(func.count(Activity.id))) == 0
    # The activity day itself is still a valid deadline.
    assert (
        client.post(
            "/zy/redculture/activities/new", data=study_day_form(signup_deadline="2027-05-08T08:00")
        ).status_code
        == 302
    )


def test_a_past_activity_offers_no_sign_up_even_with_a_late_deadline(red, client, login_as):
    # Saved before the form checked it: the deadline lies after the activity.
    past = make_activity(
        red.zy,
        "已经结束的学习日",
        kind="study_day",
        held_on=utcnow().date() - timedelta(days=2),
        deadline=utcnow() + timedelta(days=5),
    )
    login_as(red.member_user)
    page = client.get(f"/zy/redculture/activities/{past.id}").get_data(as_text=True)
    assert "我要报名" not in page and "活动已经结束" in page
    refused = client.post(f"/zy/redculture/activities/{past.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "活动已经结束，报名已截止" in refused
    assert db.session.scalar(select(func.count(Participant.id))) == 0
    listing = client.get("/zy/redculture/activities").get_data(as_text=True)
    assert "报名中" not in listing


def test_sign_up_closes_after_the_activity_day_in_court_time(red):
    held_on = date(2025, 5, 8)
    day = make_activity(red.zy, "学习日", kind="study_day", held_on=held_on, deadline=datetime(2025, 5, 20))
    # 23:30 on 8 May in Shanghai (15:30 UTC): the day itself still counts ...
    assert services.signup_open(day, now=datetime(2025, 5, 8, 15, 30))
    # ... 00:30 on 9 May in Shanghai (16:30 UTC on 8 May) does not.
    assert not services.signup_open(day, now=datetime(2025, 5, 8, 16, 30))
    with pytest.raises(services.SignupRefused, match="活动已经结束"):
        services.sign_up(day, red.juvenile_member, now=datetime(2025, 5, 8, 16, 30))
