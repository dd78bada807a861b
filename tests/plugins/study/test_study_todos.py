"""The study module in the inbox: assigned materials not yet studied."""

from datetime import date, timedelta

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_study.models import StudyMaterial
from tests.inbox_checks import todo_statements, todos_for

from .conftest import REFLECTION, make_material


def titles(app, user, court, kind=None):
    return [t.title for t in todos_for(app, user, court) if kind is None or t.kind == kind]


def test_a_material_due_tomorrow_is_in_the_members_inbox_until_checked_in(app, client, login_as, study):
    tomorrow = date.today() + timedelta(days=1)
    material = make_material(study.zy, "学习新修订的纪律处分条例", due_on=tomorrow)
    items = [t for t in todos_for(app, study.member_user, study.zy) if t.kind == "study.due"]
    assert [(t.title, t.due) for t in items] == [("学习新修订的纪律处分条例", tomorrow)]
    assert items[0].url == f"/zy/study/materials/{material.id}"

    login_as(study.member_user)
    response = client.post(
        f"/zy/study/materials/{material.id}/checkin",
        data={"studied_on": date.today().isoformat(), "hours": "1", "reflection": REFLECTION},
    )
    assert response.status_code == 302
    assert titles(app, study.member_user, study.zy, "study.due") == []


def test_only_the_members_it_is_assigned_to_see_it(app, study):
    make_material(study.zy, "少年庭专题学习", scope="branches", branches=[study.juvenile], due_on=date.today())
    assert titles(app, study.member_user, study.zy, "study.due") == ["少年庭专题学习"]
    office_user = _user_for(study.office_member, "zly")
    assert titles(app, office_user, study.zy, "study.due") == []
    wf_user = _user_for(study.wf_member, "hmy")
    assert titles(app, wf_user, study.wf, "study.due") == []


def test_undated_materials_are_one_line(app, study):
    make_material(study.zy, "党章第一章")
    make_material(study.zy, "党章第二章")
    items = todos_for(app, study.member_user, study.zy)
    assert [(t.kind, t.title, t.due) for t in items] == [("study.undated", "2 份学习资料尚未学习（无截止日期）", None)]


def test_a_disabled_module_adds_nothing(app, study):
    make_material(study.zy, "学习党章", due_on=date.today())
    modules.set_enabled(study.zy, "study", False)
    db.session.commit()
    assert todos_for(app, study.member_user, study.zy) == []


def test_statements_do_not_grow_with_the_materials(app, study):
    make_material(study.zy, "第一份", due_on=date.today())
    few = todo_statements(app, study.member_user, study.zy)
    db.session.add_all(
        StudyMaterial(
            court_id=study.zy.id,
            title=f"资料{i}",
            kind="article",
            scope="court",
            due_on=date.today() + timedelta(days=i % 30),
        )
        for i in range(1000)
    )
    db.session.commit()
    assert len(todos_for(app, study.member_user, study.zy)) == 1001
    assert todo_statements(app, study.member_user, study.zy) == few


def _user_for(member, username):
    from tests.factories import make_user

    user = make_user(username, member=member)
    db.session.commit()
    return user
