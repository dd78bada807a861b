"""Publishing materials and who they are assigned to (court, branches, group)."""

from __future__ import annotations

import io

from sqlalchemy import select

from dangjian.db import db
from dangjian_study.models import StudyMaterial
from tests.factories import make_member, make_org, make_user

from .conftest import make_material


def titles(client, url="/zy/study/materials"):
    return client.get(url).get_data(as_text=True)


def test_assignment_scopes_court_branch_and_group(study, client, login_as):
    world = study
    group = make_org(world.zy, "第一审判团队党小组", kind="group", parent=world.juvenile)
    world.juvenile_member.group_id = group.id
    other_in_branch = make_member(world.juvenile, "宋雨桐")
    other_user = make_user("syt", member=other_in_branch)
    db.session.commit()
    make_material(world.zy, "全院：学习党章")
    make_material(world.zy, "少年庭：审判规范", scope="branches", branches=[world.juvenile])
    make_material(world.zy, "办公室：公文处理", scope="branches", branches=[world.office])
    make_material(world.zy, "党小组：案例研讨", scope="group", group=group)
    make_material(world.wf, "文峰：本院资料")

    login_as(world.member_user)
    page = titles(client)
    assert "全院：学习党章" in page and "少年庭：审判规范" in page and "党小组：案例研讨" in page
    assert "办公室：公文处理" not in page and "文峰：本院资料" not in page

    login_as(other_user)  # same branch, not in the group
    page = titles(client)
    assert "少年庭：审判规范" in page and "党小组：案例研讨" not in page

    login_as(world.member_user)
    home = client.get("/zy/study/").get_data(as_text=True)
    assert "待学资料" in home and "党小组：案例研讨" in home and "办公室：公文处理" not in home


def test_material_of_another_branch_is_not_found(study, client, login_as):
    office_only = make_material(study.zy, "办公室：公文处理", scope="branches", branches=[study.office])
    login_as(study.member_user)
    assert client.get(f"/zy/study/materials/{office_only.id}").status_code == 404
    assert client.post(f"/zy/study/materials/{office_only.id}/checkin", data={}).status_code == 404


def test_court_admin_publishes_sanitised_article_to_the_court(study, client, login_as):
    login_as(study.zy_admin)
    response = client.post(
        "/zy/study/materials/new",
        data={
            "title": "学习新修订的纪律处分条例",
            "kind": "article",
            "scope": "court",
            "hours": "1.5",
            "body_html": "<p>重点条款</p><script>alert(1)</script><img src=x onerror=alert(1)>",
            "due_on": "2030-06-30",
        },
    )
    assert response.status_code == 302
    material = db.session.scalar(select(StudyMaterial))
    assert material.minutes == 90 and material.branch_id is None and material.due_on.isoformat() == "2030-06-30"
    assert "<script" not in material.body_html and "onerror" not in material.body_html
    login_as(study.member_user)
    assert "学习新修订的纪律处分条例" in titles(client, "/zy/study/")


def test_secretary_publishes_only_to_own_branch(study, client, login_as):
    login_as(study.juvenile_secretary)
    form = client.get("/zy/study/materials/new").get_data(as_text=True)
    assert 'value="court"' not in form  # the whole court is the committee's to address
    refused = client.post(
        "/zy/study/materials/new",
        data={
            "title": "越权发布",
            "kind": "article",
            "scope": "branches",
            "branch_ids": [study.office.id],
            "hours": "1",
        },
    )
    assert refused.status_code == 200 and "只能选择您负责的党支部" in refused.get_data(as_text=True)
    refused = client.post(
        "/zy/study/materials/new", data={"title": "越权发布", "kind": "article", "scope": "court", "hours": "1"}
    )
    assert "只能发布给您负责的党组织" in refused.get_data(as_text=True)
    ok = client.post(
        "/zy/study/materials/new",
        data={
            "title": "支部学习",
            "kind": "article",
            "scope": "branches",
            "branch_ids": [study.juvenile.id],
            "hours": "1",
        },
    )
    assert ok.status_code == 302
    material = db.session.scalar(select(StudyMaterial))
    assert material.branch_id == study.juvenile.id
    court_material = make_material(study.zy, "机关党委发布")
    assert client.get(f"/zy/study/materials/{court_material.id}/edit").status_code == 404
    assert client.get(f"/zy/study/materials/{material.id}/edit").status_code == 200


def test_link_material_needs_a_url(study, client, login_as):
    login_as(study.zy_admin)
    response = client.post(
        "/zy/study/materials/new", data={"title": "专题片", "kind": "link", "scope": "court", "hours": "1"}
    )
    assert "外部链接类资料请填写链接地址" in response.get_data(as_text=True)
    assert db.session.scalar(select(StudyMaterial)) is None


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4096


def test_video_upload_is_served_inline_and_seeks(study, client, login_as):
    login_as(study.zy_admin)
    response = client.post(
        "/zy/study/materials/new",
        content_type="multipart/form-data",
        data={
            "title": "专题视频",
            "kind": "video",
            "scope": "court",
            "hours": "0.5",
            "upload": (io.BytesIO(MP4), "专题片.mp4"),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    material = db.session.scalar(select(StudyMaterial))
    login_as(study.member_user)
    assert "<video" in client.get(f"/zy/study/materials/{material.id}").get_data(as_text=True)
    part = client.get(f"/zy/study/materials/{material.id}/file", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    assert part.headers["Content-Disposition"].startswith("inline")
    assert part.headers["X-Content-Type-Options"] == "nosniff"


def test_document_upload_is_checked_by_content(study, client, login_as):
    login_as(study.zy_admin)
    response = client.post(
        "/zy/study/materials/new",
        content_type="multipart/form-data",
        data={
            "title": "学习文件",
            "kind": "document",
            "scope": "court",
            "hours": "1",
            "upload": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "文件.pdf"),
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(select(StudyMaterial)) is None
    response = client.post(
        "/zy/study/materials/new",
        content_type="multipart/form-data",
        data={
            "title": "学习文件",
            "kind": "document",
            "scope": "court",
            "hours": "1",
            "upload": (io.BytesIO(b"%PDF-1.4\n%test\n" + b"0" * 100), "学习文件.pdf"),
        },
    )
    assert response.status_code == 302
    material = db.session.scalar(select(StudyMaterial))
    download = client.get(f"/zy/study/materials/{material.id}/file")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment")


def test_deleting_a_material_keeps_check_ins(study, client, login_as):
    from datetime import date

    from .conftest import REFLECTION, make_checkin

    material = make_material(study.zy, "将被删除的资料")
    make_checkin(study.juvenile_member, date(2025, 3, 1), material=material, reflection=REFLECTION)
    login_as(study.zy_admin)
    assert client.post(f"/zy/study/materials/{material.id}/delete").status_code == 302
    login_as(study.member_user)
    home = client.get("/zy/study/").get_data(as_text=True)
    assert "将被删除的资料" in home  # the record keeps the title it was studied under


def _statements(client, query_counter, url):
    with query_counter() as statements:
        assert client.get(url).status_code == 200
    return len([s for s in statements if not s.startswith("BEGIN")])


def test_list_pages_do_not_grow_with_rows(study, client, login_as, query_counter):
    from datetime import date

    from .conftest import REFLECTION, make_checkin

    def add(count, offset):
        for number in range(count):
            owner = study.juvenile if number % 2 else study.office
            material = make_material(
                study.zy, f"资料{offset + number}", scope="branches", branches=[owner], owner=owner
            )
            member = make_member(owner, f"党员{offset + number}")
            make_checkin(member, date(2025, 3, 1), material=material, reflection=REFLECTION)

    add(3, 0)
    login_as(study.zy_admin)
    urls = ("/zy/study/materials", "/zy/study/reflections", "/zy/study/sessions", "/zy/study/plans")
    small = [_statements(client, query_counter, url) for url in urls]
    add(15, 100)
    assert [_statements(client, query_counter, url) for url in urls] == small
