"""The study module's API: my assigned materials, and a check-in through the
API being the very record the page makes (and the other way round)."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_study.models import StudyCheckin
from tests.api_checks import assert_error, bearer, issue_token

from .conftest import REFLECTION, make_material


def checkins():
    db.session.expire_all()
    return list(db.session.scalars(select(StudyCheckin)))


def test_materials_assigned_to_me(study, app):
    mine = make_material(study.zy, "学习党章", scope="branches", branches=[study.juvenile])
    court_wide = make_material(study.zy, "学习新修订的纪律处分条例")
    make_material(study.zy, "办公室专题", scope="branches", branches=[study.office])
    make_material(study.wf, "文峰的资料")
    api = app.test_client()
    headers = bearer(issue_token(study.member_user, scope="read"))
    body = api.get("/api/v1/zy/study/materials", headers=headers).get_json()
    assert {item["id"] for item in body["items"]} == {mine.id, court_wide.id} and body["total"] == 2
    assert all(item["done"] is False for item in body["items"])
    assert api.get("/api/v1/zy/study/materials?q=党章", headers=headers).get_json()["total"] == 1
    # An account without a member record here has nothing assigned.
    empty = api.get("/api/v1/zy/study/materials", headers=bearer(issue_token(study.zy_admin))).get_json()
    assert empty["items"] == [] and empty["total"] == 0


def test_check_in_through_the_api_then_the_page_is_one_record(study, app, client, login_as):
    material = make_material(study.zy, "学习党章", minutes=90)
    api = app.test_client()
    headers = bearer(issue_token(study.member_user))
    first = api.post(
        "/api/v1/zy/study/checkins",
        headers=headers,
        json={"material_id": material.id, "studied_on": "2025-03-02", "reflection": REFLECTION},
    )
    assert first.status_code == 201, first.get_json()
    created = first.get_json()
    assert created["created"] is True and created["minutes"] == 90 and created["material_id"] == material.id
    again = api.post(
        "/api/v1/zy/study/checkins", headers=headers, json={"material_id": material.id, "reflection": REFLECTION}
    )
    assert again.status_code == 200 and again.get_json()["id"] == created["id"] and again.get_json()["created"] is False

    login_as(study.member_user)
    page = client.post(
        f"/zy/study/materials/{material.id}/checkin",
        data={"studied_on": "2025-03-05", "hours": "1", "reflection": REFLECTION},
        follow_redirects=True,
    )
    assert "已经打过卡" in page.get_data(as_text=True)
    (row,) = checkins()
    assert row.id == created["id"] and str(row.studied_on) == "2025-03-02"
    listed = api.get("/api/v1/zy/study/materials", headers=headers).get_json()["items"]
    assert [item["done"] for item in listed] == [True]


def test_check_in_through_the_page_then_the_api_is_one_record(study, app, client, login_as):
    material = make_material(study.zy, "学习党史")
    login_as(study.member_user)
    client.post(
        f"/zy/study/materials/{material.id}/checkin",
        data={"studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION},
    )
    (row,) = checkins()
    response = app.test_client().post(
        "/api/v1/zy/study/checkins",
        headers=bearer(issue_token(study.member_user)),
        json={"material_id": material.id, "hours": 2, "reflection": REFLECTION},
    )
    assert response.status_code == 200 and response.get_json()["id"] == row.id
    assert len(checkins()) == 1 and checkins()[0].minutes == 60


def test_refusals_scoping_and_bad_input(study, app):
    material = make_material(study.zy, "学习党章")
    office_only = make_material(study.zy, "办公室专题", scope="branches", branches=[study.office])
    wf_material = make_material(study.wf, "文峰的资料")
    api = app.test_client()
    headers = bearer(issue_token(study.member_user))

    def post(payload):
        return api.post("/api/v1/zy/study/checkins", headers=headers, json=payload)

    error = assert_error(post({"material_id": material.id, "reflection": "太短"}), 422, "validation_error")
    assert "reflection" in error["details"] and "至少写" in error["details"]["reflection"][0]
    error = assert_error(
        post({"material_id": material.id, "studied_on": "2999-01-01", "reflection": REFLECTION}),
        422,
        "validation_error",
    )
    assert "studied_on" in error["details"]
    for payload, field in [
        ({"material_id": "abc", "reflection": REFLECTION}, "material_id"),
        ({"material_id": "1", "reflection": REFLECTION}, "material_id"),  # strict: a number, not text
        ({"material_id": 10**30, "reflection": REFLECTION}, "material_id"),
        ({"material_id": material.id, "hours": "lots", "reflection": REFLECTION}, "hours"),
        ({"material_id": material.id, "hours": 100, "reflection": REFLECTION}, "hours"),
        ({"material_id": material.id, "studied_on": "03/02/2025", "reflection": REFLECTION}, "studied_on"),
        ({"reflection": REFLECTION}, "material_id"),
    ]:
        error = assert_error(post(payload), 422, "validation_error")
        assert field in error["details"], (payload, error)
    assert (
        api.post("/api/v1/zy/study/checkins", headers=headers, data="[1,2", content_type="application/json").status_code
        == 400
    )
    assert_error(post({"material_id": office_only.id, "reflection": REFLECTION}), 404, "not_found")
    assert_error(post({"material_id": wf_material.id, "reflection": REFLECTION}), 404, "not_found")
    # Another court's token and URL: the 中院 material does not exist there.
    wf = bearer(issue_token(study.wf_admin))
    assert_error(
        api.post("/api/v1/wf/study/checkins", headers=wf, json={"material_id": material.id, "reflection": REFLECTION}),
        404,
        "not_found",
    )
    # A read token cannot check in.
    read = bearer(issue_token(study.member_user, scope="read"))
    assert_error(
        api.post(
            "/api/v1/zy/study/checkins", headers=read, json={"material_id": material.id, "reflection": REFLECTION}
        ),
        403,
        "forbidden",
    )
    assert db.session.scalar(select(func.count(StudyCheckin.id))) == 0


def test_the_module_switched_off_answers_404(study, app):
    from dangjian.modules import services as modules

    modules.set_enabled(study.zy, "study", False)
    db.session.commit()
    response = app.test_client().get("/api/v1/zy/study/materials", headers=bearer(issue_token(study.member_user)))
    assert_error(response, 404, "not_found")
