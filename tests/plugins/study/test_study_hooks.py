"""Nav, dashboard, profile panel, microsite section, settings, demo data, disabling."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_study.models import StudyCheckin, StudyMaterial

from .conftest import REFLECTION, make_checkin, make_material


def test_nav_item_and_member_widget(study, client, login_as):
    make_material(study.zy, "学习党章", due_on=date(2030, 1, 1))
    login_as(study.member_user)
    home = client.get("/zy/").get_data(as_text=True)
    assert "/zy/study/" in home and "学习打卡" in home
    assert "我的学习" in home and "学习党章" in home


def test_secretary_widget_shows_branch_participation(study, client, login_as):
    from tests.factories import make_member, make_user

    secretary_member = make_member(study.juvenile, "书记甲", party_post="党支部书记")
    user = make_user("sj2", member=secretary_member, roles=[("branch_secretary", study.zy, study.juvenile)])
    db.session.commit()
    login_as(user)
    home = client.get("/zy/").get_data(as_text=True)
    assert "本支部本月学习参与" in home and "我的学习" in home and "/ 56 小时" in home


def test_disabled_module_answers_404_and_disappears_but_keeps_data(study, client, login_as):
    material = make_material(study.zy, "学习党章")
    make_checkin(study.juvenile_member, date(2025, 3, 2), material=material, reflection=REFLECTION)
    modules.set_enabled(study.zy, "study", False)
    db.session.commit()
    login_as(study.member_user)
    for url in ("/zy/study/", "/zy/study/materials", f"/zy/study/materials/{material.id}", "/zy/study/checkin"):
        assert client.get(url).status_code == 404, url
    home = client.get("/zy/").get_data(as_text=True)
    assert "/zy/study/" not in home and "我的学习" not in home
    profile = client.get("/zy/manage/members/me").get_data(as_text=True)
    assert "学习情况" not in profile
    assert db.session.scalar(select(func.count(StudyCheckin.id))) == 1
    assert db.session.scalar(select(func.count(StudyMaterial.id))) == 1
    modules.set_enabled(study.zy, "study", True)
    db.session.commit()
    assert client.get(f"/zy/study/materials/{material.id}").status_code == 200


def test_profile_panel_respects_who_may_see(study, client, login_as):
    make_checkin(study.juvenile_member, date(2025, 3, 2), topic="学习党史", reflection=REFLECTION)
    login_as(study.member_user)
    assert "学习情况" in client.get("/zy/manage/members/me").get_data(as_text=True)
    login_as(study.juvenile_secretary)
    page = client.get(f"/zy/manage/members/{study.juvenile_member.id}").get_data(as_text=True)
    assert "学习情况" in page and "学习党史" in page
    login_as(study.zy_admin)
    assert "学习情况" in client.get(f"/zy/manage/members/{study.juvenile_member.id}").get_data(as_text=True)

    from dangjian_study import hooks
    from tests.factories import make_user

    editor = make_user("bj3", roles=[("branch_editor", study.zy, study.juvenile)])
    db.session.commit()
    with client.application.test_request_context():
        from flask import g

        g.court = study.zy
        assert hooks.member_panels(study.zy, study.juvenile_member, editor) == []
        assert hooks.member_panels(study.zy, study.juvenile_member, study.office_editor) == []


def test_site_section_shows_rate_and_only_chosen_reflections(study, client, login_as):
    chosen = make_checkin(
        study.juvenile_member, date(2025, 3, 2), topic="学习党章", reflection="选中的心得：" + REFLECTION
    )
    make_checkin(study.juvenile_member, date(2025, 3, 3), topic="学习党史", reflection="未选的心得：" + REFLECTION)
    login_as(study.juvenile_editor)
    response = client.post(f"/zy/study/reflections/{chosen.id}/site", data={"show": "1"})
    assert response.status_code == 302
    from dangjian.api import court_hooks

    with client.application.test_request_context():
        sections = court_hooks(study.zy, "dangjian_site_sections", branch=study.juvenile)
    section = next(s for s in sections if s.key == "study")
    assert section.title == "学习风采"
    assert "选中的心得" in section.body and "未选的心得" not in section.body
    assert "林晓彤" not in section.body  # no names on the public site
    assert "%" in section.body


def test_editor_of_another_branch_cannot_choose_reflections(study, client, login_as):
    checkin = make_checkin(study.juvenile_member, date(2025, 3, 2), reflection=REFLECTION)
    login_as(study.office_editor)
    assert client.post(f"/zy/study/reflections/{checkin.id}/site", data={"show": "1"}).status_code == 404
    assert REFLECTION not in client.get("/zy/study/reflections").get_data(as_text=True)


def test_settings_form_saves_targets_and_points(study, client, login_as):
    login_as(study.zy_admin)
    page = client.get("/zy/manage/modules/study/settings").get_data(as_text=True)
    assert "党员年度学时目标" in page and "启用学习积分和排行" in page
    response = client.post(
        "/zy/manage/modules/study/settings",
        data={
            "member_hours": "32",
            "leader_hours": "60",
            "reflection_min_length": "10",
            "points_enabled": "y",
            "points_per_checkin": "2",
            "points_per_reflection": "1",
            "points_daily_cap": "5",
        },
    )
    assert response.status_code == 302
    values = modules.module_settings("study", study.zy)
    assert values["leader_hours"] == 60 and values["points_enabled"] is True
    assert modules.module_settings("study", study.wf)["points_enabled"] is False  # per court


def test_demo_data(app, study):
    from dangjian_study.demo import add_demo_data
    from tests.factories import make_member

    for number in range(6):
        make_member(study.juvenile, f"演示党员{number}")
    add_demo_data(study.zy)
    db.session.commit()
    assert db.session.scalar(select(func.count(StudyMaterial.id)).where(StudyMaterial.court_id == study.zy.id)) >= 4
    assert db.session.scalar(select(func.count(StudyCheckin.id))) > 5
