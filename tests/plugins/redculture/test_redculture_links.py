"""Record once: a 主题党日 reaches the archives module; a resource becomes a
study material.  Either module off, the other works alone."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_redculture.models import Activity, Resource
from tests.factories import make_member

from .conftest import MP4, enable


def _theme_day(client, world, **extra):
    data = {
        "kind": "theme_day",
        "title": "重走红旗渠主题党日",
        "held_on": "2025-05-08",
        "base_id": 0,
        "place": "红旗渠纪念馆",
        "branch_ids": [world.juvenile.id, world.office.id],
    }
    data.update(extra)
    return client.post("/zy/redculture/activities/new", data=data)


def test_theme_day_is_recorded_once_in_archives(red, client, login_as):
    from dangjian_archives.models import Meeting

    enable(red.zy, "archives")
    absent = make_member(red.juvenile, "缺席者")
    login_as(red.zy_admin)
    _theme_day(client, red)
    activity = db.session.scalar(select(Activity))
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.branch_id)).all()
    assert {m.branch_id for m in meetings} == {red.juvenile.id, red.office.id}
    assert all(m.source == "redculture" and m.status == "draft" and m.type.code == "theme_day" for m in meetings)
    # Attendance and edits update the same drafts: still one record per branch.
    client.post(
        f"/zy/redculture/activities/{activity.id}/attendance",
        data={"member_ids": [red.juvenile_member.id, red.office_member.id], "summary": "重温入党誓词"},
    )
    client.post(
        f"/zy/redculture/activities/{activity.id}/edit",
        data={
            "kind": "theme_day",
            "title": "重走红旗渠（改）",
            "held_on": "2025-05-09",
            "base_id": 0,
            "place": "青年洞",
            "branch_ids": [red.juvenile.id, red.office.id],
        },
    )
    db.session.expire_all()
    meetings = db.session.scalars(select(Meeting)).all()
    assert len(meetings) == 2 and {m.title for m in meetings} == {"重走红旗渠（改）"}
    juvenile = next(m for m in meetings if m.branch_id == red.juvenile.id)
    present = {a.member_id for a in juvenile.attendance if a.status == "present"}
    assert present == {red.juvenile_member.id} and absent.id in {a.member_id for a in juvenile.attendance}
    page = client.get(f"/zy/redculture/activities/{activity.id}").get_data(as_text=True)
    juvenile_url = f"/zy/archives/meetings/{juvenile.id}/"
    assert "已登记为主题党日" in page and juvenile_url in page
    assert "重走红旗渠（改）" in client.get(juvenile_url).get_data(as_text=True)


def test_without_archives_the_activity_is_kept_alone(red, client, login_as):
    login_as(red.zy_admin)
    assert _theme_day(client, red).status_code == 302
    activity = db.session.scalar(select(Activity))
    assert activity.archive_links == {}
    assert "已登记为主题党日" not in client.get(f"/zy/redculture/activities/{activity.id}").get_data(as_text=True)
    # Switched on later, the next save records it.
    enable(red.zy, "archives")
    client.post(f"/zy/redculture/activities/{activity.id}/attendance", data={"member_ids": [red.juvenile_member.id]})
    from dangjian_archives.models import Meeting

    assert db.session.scalar(select(func.count(Meeting.id))) == 2


def test_archives_works_without_redculture(red, client, login_as):
    enable(red.zy, "archives")
    enable(red.zy, "redculture", False)
    login_as(red.zy_admin)
    assert client.get("/zy/archives/").status_code == 200
    assert client.get("/zy/redculture/").status_code == 404


def test_resource_becomes_a_study_material_once(red, client, login_as):
    from dangjian_study.models import StudyMaterial

    login_as(red.zy_admin)
    client.post(
        "/zy/redculture/resources/new",
        data={
            "title": "红旗渠专题片",
            "kind": "video",
            "themes": "红旗渠精神",
            "summary": "纪录片",
            "base_id": 0,
            "body_html": "",
            "link_url": "",
            "upload": (io.BytesIO(MP4), "专题片.mp4"),
        },
        content_type="multipart/form-data",
    )
    resource = db.session.scalar(select(Resource))
    page = client.get(f"/zy/redculture/resources/{resource.id}").get_data(as_text=True)
    assert "布置为学习资料" not in page  # the study module is off here
    assert "未启用" in client.post(f"/zy/redculture/resources/{resource.id}/study", follow_redirects=True).get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count(StudyMaterial.id))) == 0

    enable(red.zy, "study")
    assert "布置为学习资料" in client.get(f"/zy/redculture/resources/{resource.id}").get_data(as_text=True)
    client.post(f"/zy/redculture/resources/{resource.id}/study")
    client.post(f"/zy/redculture/resources/{resource.id}/study")
    materials = db.session.scalars(select(StudyMaterial)).all()
    assert len(materials) == 1
    material = materials[0]
    assert material.kind == "video" and material.scope == "court" and material.file_id != resource.file_id
    assert db.session.get(Resource, resource.id).study_url.endswith(f"/zy/study/materials/{material.id}")
    login_as(red.member_user)
    assert client.get(f"/zy/study/materials/{material.id}/file", headers={"Range": "bytes=0-9"}).status_code == 206
