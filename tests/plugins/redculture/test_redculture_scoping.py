"""Courts, oversight, the microsite section, disabling the module."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_redculture.models import Activity, Participant

from .conftest import add_photo, enable, make_activity, make_base


def test_other_courts_objects_are_not_found(red, client, login_as):
    base = make_base(red.zy)
    activity = make_activity(red.zy, branches=[red.juvenile], base=base, attended=[red.juvenile_member])
    photo = add_photo(activity, on_site=True)
    login_as(red.wf_admin)
    for url in (
        f"/wf/redculture/activities/{activity.id}",
        f"/wf/redculture/bases/{base.id}",
        f"/wf/redculture/photos/{photo.id}",
        f"/wf/redculture/site-photos/{photo.id}",
        f"/wf/redculture/activities/{activity.id}/attendance",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/zy/redculture/activities/{activity.id}").status_code == 403
    assert "参观红旗渠" not in client.get("/wf/redculture/activities").get_data(as_text=True)


def test_intermediate_court_sees_courts_below_but_not_their_pages(red, client, login_as):
    make_activity(red.wf, "文峰参观青年洞", branches=[red.wf_branch], attended=[red.wf_member])
    login_as(red.zy_admin)
    page = client.get("/zy/redculture/stats/courts?year=2025").get_data(as_text=True)
    assert "安阳市文峰区人民法院" in page and "100.0%" in page
    assert client.get("/wf/redculture/stats?year=2025").status_code == 200  # oversight: figures only
    assert client.get("/wf/redculture/activities").status_code == 403
    enable(red.wf, "redculture", False)
    assert "安阳市文峰区人民法院" not in client.get("/zy/redculture/stats/courts?year=2025").get_data(as_text=True)
    login_as(red.wf_admin)
    assert client.get("/zy/redculture/stats/courts").status_code == 403


def test_site_section_shows_titles_dates_and_only_chosen_photos(red, client, login_as):
    activity = make_activity(red.zy, "少年庭重走红旗渠", branches=[red.juvenile], attended=[red.juvenile_member])
    chosen = add_photo(activity, on_site=True)
    hidden = add_photo(activity, on_site=False)
    from dangjian_redculture import hooks_ui

    with client.application.test_request_context():
        from flask import g

        g.court = red.zy
        section = hooks_ui.site_sections(red.zy, red.juvenile)[0]
    assert section.title == "红色足迹" and "少年庭重走红旗渠" in section.body and "2025年05月08日" in section.body
    assert f"/site-photos/{chosen.id}" in section.body and f"/site-photos/{hidden.id}" not in section.body
    assert "林晓彤" not in section.body
    anonymous = client.application.test_client()
    assert anonymous.get(f"/zy/redculture/site-photos/{chosen.id}").status_code == 200
    assert anonymous.get(f"/zy/redculture/site-photos/{hidden.id}").status_code == 404


def test_editor_chooses_site_photos_of_own_branch_only(red, client, login_as):
    mine = add_photo(make_activity(red.zy, branches=[red.juvenile]))
    theirs = add_photo(make_activity(red.zy, "办公室活动", branches=[red.office]))
    login_as(red.juvenile_editor)
    client.post(f"/zy/redculture/photos/{mine.id}/site", data={"on_site": "1"})
    assert client.post(f"/zy/redculture/photos/{theirs.id}/site", data={"on_site": "1"}).status_code == 404
    db.session.expire_all()
    assert mine.on_site and not theirs.on_site


def test_disabled_module_answers_404_and_disappears_but_keeps_data(red, client, login_as):
    activity = make_activity(red.zy, "重走红旗渠", branches=[red.juvenile], attended=[red.juvenile_member])
    enable(red.zy, "redculture", False)
    login_as(red.member_user)
    for url in ("/zy/redculture/", "/zy/redculture/resources", f"/zy/redculture/activities/{activity.id}"):
        assert client.get(url).status_code == 404, url
    home = client.get("/zy/").get_data(as_text=True)
    assert "/zy/redculture/" not in home and "红色教育活动" not in home
    assert "重走红旗渠" not in client.get("/zy/manage/members/me").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Activity.id))) == 1
    assert db.session.scalar(select(func.count(Participant.id))) == 1
    enable(red.zy, "redculture", True)
    assert client.get(f"/zy/redculture/activities/{activity.id}").status_code == 200


def test_demo_data_fills_a_court(red, app):
    from dangjian_redculture.demo import add_demo_data
    from dangjian_redculture.models import Base, Resource

    add_demo_data(red.zy)
    db.session.commit()
    names = set(db.session.scalars(select(Base.name)))
    assert {"汤阴精忠报国教育基地", "红旗渠纪念馆", "青年洞"} <= names
    assert db.session.scalar(select(func.count(Resource.id))) >= 4
    titles = set(db.session.scalars(select(Activity.title)))
    assert any("红旗渠精神学习日" in t for t in titles)
