"""The red-culture module in the inbox: sign-ups about to close, and held
activities whose attendance is not recorded yet."""

from __future__ import annotations

from datetime import timedelta

from dangjian.db import db, utcnow
from dangjian_redculture.models import Activity, ActivityBranch
from tests.inbox_checks import todo_statements, todos_for

from .conftest import enable, make_activity


def kinds(app, user, court, kind):
    return [t for t in todos_for(app, user, court) if t.kind == kind]


def test_an_open_sign_up_waits_for_the_member_until_they_sign_up(app, client, login_as, red):
    deadline = utcnow() + timedelta(days=2)
    day = make_activity(
        red.zy, "红旗渠精神学习日", kind="study_day", deadline=deadline, held_on=(utcnow() + timedelta(days=5)).date()
    )
    closed = make_activity(
        red.zy, "已截止的参观", deadline=utcnow() - timedelta(hours=1), held_on=(utcnow() + timedelta(days=5)).date()
    )
    items = kinds(app, red.member_user, red.zy, "redculture.signup")
    assert [t.title for t in items] == ["红旗渠精神学习日"]
    assert items[0].due is not None and items[0].url == f"/zy/redculture/activities/{day.id}"
    assert closed.title not in [t.title for t in todos_for(app, red.member_user, red.zy)]

    login_as(red.member_user)
    client.post(f"/zy/redculture/activities/{day.id}/signup")
    assert kinds(app, red.member_user, red.zy, "redculture.signup") == []


def test_an_activity_of_another_branch_is_not_offered(app, red):
    make_activity(
        red.zy,
        "办公室支部参观",
        branches=[red.office],
        deadline=utcnow() + timedelta(days=2),
        held_on=(utcnow() + timedelta(days=5)).date(),
    )
    assert kinds(app, red.member_user, red.zy, "redculture.signup") == []


def test_held_activity_awaits_attendance_for_its_organisers_only(app, client, login_as, red):
    held = make_activity(
        red.zy, "参观汤阴精忠报国教育基地", branches=[red.juvenile], held_on=(utcnow() - timedelta(days=3)).date()
    )
    make_activity(red.zy, "三年前的参观", branches=[red.juvenile], held_on=(utcnow() - timedelta(days=1000)).date())
    items = kinds(app, red.juvenile_secretary, red.zy, "redculture.attendance")
    assert [t.title for t in items] == ["参观汤阴精忠报国教育基地"]
    assert items[0].url == f"/zy/redculture/activities/{held.id}/attendance"
    assert [t.title for t in kinds(app, red.zy_admin, red.zy, "redculture.attendance")] == ["参观汤阴精忠报国教育基地"]
    assert kinds(app, red.wf_admin, red.wf, "redculture.attendance") == []
    assert kinds(app, red.member_user, red.zy, "redculture.attendance") == []

    login_as(red.juvenile_secretary)
    response = client.post(
        f"/zy/redculture/activities/{held.id}/attendance", data={"member_ids": [str(red.juvenile_member.id)]}
    )
    assert response.status_code == 302
    assert kinds(app, red.juvenile_secretary, red.zy, "redculture.attendance") == []


def test_a_disabled_module_adds_nothing(app, red):
    make_activity(
        red.zy,
        "学习日",
        kind="study_day",
        deadline=utcnow() + timedelta(days=2),
        held_on=(utcnow() + timedelta(days=5)).date(),
    )
    enable(red.zy, "redculture", False)
    assert todos_for(app, red.member_user, red.zy) == []


def test_statements_do_not_grow_with_the_activities(app, red):
    soon = (utcnow() + timedelta(days=5)).date()
    make_activity(red.zy, "学习日", deadline=utcnow() + timedelta(days=2), held_on=soon)
    make_activity(red.zy, "参观", held_on=(utcnow() - timedelta(days=2)).date())
    few = todo_statements(app, red.zy_admin, red.zy), todo_statements(app, red.member_user, red.zy)
    db.session.add_all(
        Activity(
            court_id=red.zy.id,
            title=f"活动{i}",
            held_on=soon if i % 2 else (utcnow() - timedelta(days=1 + i % 50)).date(),
            archive_links={},
            signup_deadline=utcnow() + timedelta(days=1) if i % 2 else None,
            organisers=[ActivityBranch(branch_id=red.juvenile.id)],
        )
        for i in range(1000)
    )
    db.session.commit()
    assert len(kinds(app, red.zy_admin, red.zy, "redculture.attendance")) == 501
    assert (todo_statements(app, red.zy_admin, red.zy), todo_statements(app, red.member_user, red.zy)) == few
