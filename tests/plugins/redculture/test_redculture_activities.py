"""Activities, attendance, participation statistics and the court's pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_redculture import stats
from dangjian_redculture.models import Activity, Participant
from tests.factories import make_member, make_user

from .conftest import make_activity, make_base


def test_joint_activity_counts_participants_for_each_branch(red, client, login_as):
    extra = make_member(red.office, "顾南星")
    activity = make_activity(
        red.zy,
        "联合参观红旗渠",
        branches=[red.juvenile, red.office],
        attended=[red.juvenile_member, red.office_member, extra],
    )
    rows, total = stats.branch_rows(red.zy, 2025, None)
    by_label = {r.label: r for r in rows}
    assert by_label["少年庭党支部"].organised == 1 and by_label["办公室党支部"].organised == 1
    assert by_label["少年庭党支部"].participations == 1 and by_label["办公室党支部"].participations == 2
    assert total.participations == 3 and total.people == 3
    login_as(red.zy_admin)
    page = client.get("/zy/redculture/stats?year=2025").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" in page and "<svg" in page
    assert client.get(f"/zy/redculture/activities/{activity.id}").status_code == 200


def test_participation_stays_with_the_branch_at_the_time(red):
    make_activity(red.zy, branches=[red.juvenile], attended=[red.juvenile_member])
    red.juvenile_member.branch_id = red.office.id
    db.session.commit()
    rows, _ = stats.branch_rows(red.zy, 2025, None)
    assert {r.label: r.participations for r in rows} == {"少年庭党支部": 1, "办公室党支部": 0}


def test_secretary_records_activity_and_attendance_from_the_roster(red, client, login_as):
    base = make_base(red.zy)
    login_as(red.juvenile_secretary)
    form = client.get("/zy/redculture/activities/new").get_data(as_text=True)
    assert "办公室党支部" not in form and "学习日" not in form.split("活动类型")[1].split("</select>")[0]
    response = client.post(
        "/zy/redculture/activities/new",
        data={
            "kind": "visit",
            "title": "少年庭参观红旗渠",
            "held_on": "2025-05-08",
            "base_id": base.id,
            "branch_ids": [red.juvenile.id],
            "place": "",
            "description": "",
            "summary": "",
        },
    )
    assert response.status_code == 302
    activity = db.session.scalar(select(Activity))
    assert activity.branch_ids == [red.juvenile.id] and activity.base_id == base.id
    # Members of another branch or court are not on the roster and are ignored.
    response = client.post(
        f"/zy/redculture/activities/{activity.id}/attendance",
        data={"member_ids": [red.juvenile_member.id, red.office_member.id, red.wf_member.id], "summary": "收获很大"},
    )
    assert response.status_code == 302
    rows = db.session.scalars(select(Participant)).all()
    assert [(p.member_id, p.attended, p.branch_id) for p in rows] == [(red.juvenile_member.id, True, red.juvenile.id)]
    page = client.get(f"/zy/redculture/activities/{activity.id}").get_data(as_text=True)
    assert "林晓彤" in page and "收获很大" in page


def test_secretary_may_not_organise_for_another_branch(red, client, login_as):
    other = make_activity(red.zy, "办公室活动", branches=[red.office])
    login_as(red.juvenile_secretary)
    assert client.get(f"/zy/redculture/activities/{other.id}/edit").status_code == 404
    assert client.post(f"/zy/redculture/activities/{other.id}/attendance", data={}).status_code == 404
    response = client.post(
        "/zy/redculture/activities/new",
        data={
            "kind": "visit",
            "title": "冒名",
            "held_on": "2025-05-08",
            "base_id": 0,
            "place": "林州",
            "branch_ids": [red.office.id],
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Activity.id))) == 1


def test_form_errors_are_in_chinese_and_keep_input(red, client, login_as):
    login_as(red.zy_admin)
    response = client.post(
        "/zy/redculture/activities/new",
        data={"kind": "visit", "title": "参观青年洞", "held_on": "", "base_id": 0, "place": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请选择活动日期" in page and "请选择教育基地或填写活动地点" in page and "参观青年洞" in page


def test_participant_writes_a_reflection(red, client, login_as):
    activity = make_activity(red.zy, branches=[red.juvenile], attended=[red.juvenile_member])
    login_as(red.member_user)
    client.post(
        f"/zy/redculture/activities/{activity.id}/reflection",
        data={"reflection": "重温入党誓词，深受教育，今后更要扎实工作。"},
    )
    assert "深受教育" in client.get(f"/zy/redculture/activities/{activity.id}").get_data(as_text=True)
    not_there = make_activity(red.zy, "另一场", branches=[red.juvenile])
    assert (
        client.post(f"/zy/redculture/activities/{not_there.id}/reflection", data={"reflection": "x" * 20}).status_code
        == 403
    )


def test_court_page_lists_bases_and_upcoming_activities(red, client, login_as):
    make_base(red.zy, "青年洞")
    make_activity(red.zy, "明年的学习日", held_on=date(2099, 4, 1))
    login_as(red.member_user)
    page = client.get("/zy/redculture/").get_data(as_text=True)
    assert "青年洞" in page and "明年的学习日" in page


def test_activity_list_filters_and_no_n_plus_one(red, client, login_as, query_counter):
    for i in range(3):
        make_activity(red.zy, f"活动{i}", branches=[red.juvenile, red.office], base=make_base(red.zy, f"基地{i}"))
    login_as(red.zy_admin)
    with query_counter() as few:
        client.get(f"/zy/redculture/activities?branch_id={red.office.id}&year=2025")
    for i in range(3, 9):
        make_activity(red.zy, f"活动{i}", branches=[red.juvenile, red.office], base=make_base(red.zy, f"基地{i}"))
    with query_counter() as many:
        page = client.get(f"/zy/redculture/activities?branch_id={red.office.id}&year=2025").get_data(as_text=True)
    assert "活动8" in page

    def statements(qs):
        return [q for q in qs if q.strip().upper() not in ("BEGIN", "BEGIN IMMEDIATE")]

    assert len(statements(many)) == len(statements(few))


def test_member_panel_and_dashboard_widget(red, client, login_as):
    make_activity(red.zy, "重走红旗渠", branches=[red.juvenile], attended=[red.juvenile_member])
    make_activity(red.zy, "即将开展的学习日", held_on=date(2099, 4, 1))
    login_as(red.member_user)
    assert "重走红旗渠" in client.get("/zy/manage/members/me").get_data(as_text=True)
    home = client.get("/zy/").get_data(as_text=True)
    assert "红色教育活动" in home and "即将开展的学习日" in home and "/zy/redculture/" in home
    login_as(red.office_editor)
    from dangjian_redculture import hooks_ui

    with client.application.test_request_context():
        from flask import g

        g.court = red.zy
        assert hooks_ui.member_panels(red.zy, red.juvenile_member, red.office_editor) == []


def test_secretary_sees_only_own_branch_in_statistics(red, client, login_as):
    make_activity(red.zy, branches=[red.juvenile, red.office], attended=[red.juvenile_member, red.office_member])
    secretary = make_user("bgssj", roles=[("branch_secretary", red.zy, red.office)], court=red.zy)
    db.session.commit()
    login_as(secretary)
    page = client.get("/zy/redculture/stats?year=2025").get_data(as_text=True)
    assert "办公室党支部" in page and "少年庭党支部" not in page
