"""A held meeting cannot be dated after today in the court's time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from dangjian.db import db

from .test_meetings import record_form


def count_meetings():
    from dangjian_archives.models import Meeting

    return db.session.scalar(select(func.count(Meeting.id)))


def test_a_meeting_in_the_future_is_refused_with_a_message(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    # 9999 is already outside every form's date bounds (dangjian.forms), with its own message.
    for held_on, message in (("2030-01-01", "召开日期不能晚于今天"), ("9999-12-31", "日期超出范围")):
        data = dict(record_form(world.juvenile, "general", date.today(), minutes="记下的内容"), held_on=held_on)
        response = client.post("/zy/archives/meetings/new", data=data)
        assert response.status_code == 200
        assert message in response.text and "记下的内容" in response.text  # nothing typed is lost
    assert count_meetings() == 0


def test_today_in_the_court_counts_not_the_server_day(archives, client, login_as, monkeypatch):
    """At 23:30 UTC it is already tomorrow in Asia/Shanghai: that date is accepted, the day after is not."""
    import dangjian_archives.blueprint as blueprint

    monkeypatch.setattr(blueprint, "utcnow", lambda: datetime(2026, 3, 1, 23, 30))
    world = archives
    login_as(world.juvenile_secretary)
    ok = client.post("/zy/archives/meetings/new", data=record_form(world.juvenile, "general", date(2026, 3, 2)))
    assert ok.status_code == 302
    refused = client.post("/zy/archives/meetings/new", data=record_form(world.juvenile, "general", date(2026, 3, 3)))
    assert refused.status_code == 200 and "召开日期不能晚于今天（2026-03-02）" in refused.text
    assert count_meetings() == 1


def test_editing_a_draft_into_the_future_is_refused(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    client.post("/zy/archives/meetings/new", data=record_form(world.juvenile, "general", date.today()))
    from dangjian_archives.models import Meeting

    meeting = db.session.scalars(select(Meeting)).one()
    future = date.today() + timedelta(days=400)
    response = client.post(
        f"/zy/archives/meetings/{meeting.id}/edit", data=record_form(world.juvenile, "general", future)
    )
    assert "召开日期不能晚于今天" in response.text
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).held_on == date.today()


def test_a_plan_for_a_future_meeting_stays_possible(archives, client, login_as):
    from dangjian_archives.models import PlanItem

    world = archives
    login_as(world.juvenile_secretary)
    from .conftest import meeting_type

    response = client.post(
        "/zy/archives/plans/add",
        data={
            "branch_id": str(world.juvenile.id),
            "year": str(date.today().year + 1),
            "quarter": "1",
            "month": "",
            "type_id": str(meeting_type(world.zy, "lesson").id),
            "theme": "明年的党课",
            "lecturer": "林晓彤",
        },
    )
    assert response.status_code in (200, 302)
    assert db.session.scalar(select(func.count(PlanItem.id))) == 1
