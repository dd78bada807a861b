"""Record once: a 党课 filed in the archives counts as study hours for those
present, through the study module's hook; either module works alone."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from dangjian.db import db
from dangjian.modules import services as modules

from .conftest import meeting_type, roster

HELD = date.today() - timedelta(days=2)


def lesson_form(world, members, **extra):
    absent, nonvoting = members
    data = {
        "branch_id": str(world.juvenile.id),
        "type_id": str(meeting_type(world.zy, "lesson").id),
        "title": "红旗渠精神专题党课",
        "held_on": HELD.isoformat(),
        "start_time": "15:00",
        "hours": "1.5",
        "place": "院史馆",
        "chair": "林晓彤",
        "recorder": "林晓彤",
        "lecturer": "林晓彤",
        "minutes": "第一部分……",
        f"att-{absent.id}": "absent",
        f"reason-{absent.id}": "外出开庭",
        f"att-{nonvoting.id}": "nonvoting",
    }
    data.update(extra)
    return data


def sessions():
    from dangjian_study.models import StudySession

    db.session.expire_all()
    return db.session.scalars(select(StudySession)).all()


def hours_of(member):
    from dangjian_study import services

    return services.member_minutes([member.id], date(HELD.year, 1, 1), date(HELD.year, 12, 31)).get(member.id, 0)


def latest():
    from dangjian_archives.models import Meeting

    db.session.expire_all()
    return db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()


def both_on(world, study=True):
    for court in (world.zy, world.wf):
        modules.set_enabled(court, "archives", True)
        modules.set_enabled(court, "study", study)
    db.session.commit()


def test_filed_lesson_credits_those_present_and_refiling_updates_the_same_session(world, client, login_as):
    both_on(world)
    members = roster(world.juvenile, 2)
    db.session.commit()
    login_as(world.juvenile_secretary)
    client.post("/zy/archives/meetings/new", data=lesson_form(world, members))
    meeting = latest()
    assert meeting.duration_minutes == 90
    assert sessions() == []  # a draft does not count
    assert "报送后计入出席、列席党员的学习时长" in client.get(f"/zy/archives/meetings/{meeting.id}/").text
    client.post(f"/zy/archives/meetings/{meeting.id}/file")
    [session] = sessions()
    assert (session.source, session.source_key, session.minutes, session.topic) == (
        "archives",
        f"meeting-{meeting.id}",
        90,
        "红旗渠精神专题党课",
    )
    # Present and 列席 count; the absent member does not.
    assert {a.member_id for a in session.attendees} == {world.juvenile_member.id, members[1].id}
    assert hours_of(world.juvenile_member) == 90 and hours_of(members[0]) == 0
    assert f"/zy/archives/meetings/{meeting.id}/" in session.source_url

    login_as(world.zy_admin)  # returned for correction: the hours are withdrawn
    client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": "缺席人员请补签"})
    assert sessions() == [] and hours_of(world.juvenile_member) == 0

    login_as(world.juvenile_secretary)  # corrected and refiled: one session with the new figures
    client.post(
        f"/zy/archives/meetings/{meeting.id}/edit",
        data=lesson_form(world, members, hours="2", **{f"att-{members[0].id}": "present"}),
    )
    client.post(f"/zy/archives/meetings/{meeting.id}/file")
    [session] = sessions()
    assert session.minutes == 120 and len(session.attendees) == 3
    login_as(world.zy_admin)
    client.post(f"/zy/archives/meetings/{meeting.id}/approve")
    assert latest().status == "approved" and len(sessions()) == 1 and hours_of(members[0]) == 120
    page = client.get(f"/zy/study/sessions/{sessions()[0].id}").get_data(as_text=True)
    assert "由党建档案的会议记录登记" in page and "删除记录" not in page
    client.post(f"/zy/study/sessions/{sessions()[0].id}/delete")
    assert len(sessions()) == 1  # the archives record is the original


def test_the_hook_is_idempotent_by_source_key(world, app):
    both_on(world)
    with app.test_request_context():
        answers = [
            modules.court_hooks(
                world.zy,
                "dangjian_study_record_session",
                session={
                    "source": "archives",
                    "source_key": "meeting-7",
                    "branch": world.juvenile,
                    "held_on": HELD,
                    "topic": "党课",
                    "minutes": 60,
                    "attendee_ids": [world.juvenile_member.id, world.wf_member.id],
                },
            )
            for _ in range(3)
        ]
        db.session.commit()
    assert [a[0]["created"] for a in answers] == [True, False, False]
    [session] = sessions()
    assert [a.member_id for a in session.attendees] == [world.juvenile_member.id]  # another court's member is ignored
    with app.test_request_context():
        assert modules.court_hooks(
            world.zy, "dangjian_study_withdraw_session", source="archives", source_key="meeting-7"
        ) == [{"withdrawn": True}]
        assert modules.court_hooks(
            world.zy, "dangjian_study_withdraw_session", source="archives", source_key="meeting-7"
        ) == [{"withdrawn": False}]
        db.session.commit()
    assert sessions() == []


def test_a_lesson_needs_its_duration(world, client, login_as):
    both_on(world)
    members = roster(world.juvenile, 2)
    db.session.commit()
    login_as(world.juvenile_secretary)
    response = client.post("/zy/archives/meetings/new", data=lesson_form(world, members, hours=""))
    assert response.status_code == 200 and "党课请填写时长" in response.text
    for bad in ("NaN", "-1", "99", "一小时"):
        response = client.post("/zy/archives/meetings/new", data=lesson_form(world, members, hours=bad))
        assert response.status_code == 200 and "invalid-feedback" in response.text, bad
    assert latest() is None
    # Other meetings do not need it.
    other = lesson_form(world, members, hours="", type_id=str(meeting_type(world.zy, "committee").id))
    assert client.post("/zy/archives/meetings/new", data=other).status_code == 302


def test_archives_alone_where_study_is_switched_off(world, client, login_as):
    both_on(world, study=False)
    members = roster(world.juvenile, 2)
    db.session.commit()
    login_as(world.juvenile_secretary)
    client.post("/zy/archives/meetings/new", data=lesson_form(world, members))
    response = client.post(f"/zy/archives/meetings/{latest().id}/file", follow_redirects=True)
    assert "已报送" in response.text and latest().status == "filed"
    assert sessions() == [] and "学习时长" not in response.text
    # Switched on later, nothing is back-filled until the record is filed again.
    modules.set_enabled(world.zy, "study", True)
    db.session.commit()
    assert sessions() == []


def test_study_alone_records_its_own_sessions(world, client, login_as):
    modules.set_enabled(world.zy, "study", True)
    db.session.commit()
    login_as(world.juvenile_secretary)
    response = client.post(
        f"/zy/study/sessions/new?branch={world.juvenile.id}",
        data={
            "held_on": HELD.isoformat(),
            "topic": "集中学习党章",
            "hours": "2",
            "attendees": [world.juvenile_member.id],
        },
    )
    assert response.status_code == 302
    [session] = sessions()
    assert session.source == "" and session.source_key is None and hours_of(world.juvenile_member) == 120
    assert client.get("/zy/archives/").status_code == 404
