"""The JSON API's conventions: the OpenAPI document, the local reference
page, JSON errors with stable codes and Chinese messages, the page envelope
with Link headers, ETags, court scoping, and a plugin's routes through the
``dangjian_api_blueprints`` hook (404 where the module is off)."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from dangjian.access.roles import COURT_ADMIN, MEMBER, Permission
from dangjian.api import (
    ApiBlueprint,
    ApiSchema,
    Refused,
    Todo,
    api_fields,
    current_user,
    hookimpl,
    requires,
)
from dangjian.db import db
from dangjian.inbox.notify import notify
from dangjian.modules import services as modules
from tests.api_checks import assert_error, bearer, issue_token
from tests.host.announcements.helpers import publish

notes_api = ApiBlueprint("notes_api", __name__, description="留言（测试模块）")


class NoteArgs(ApiSchema):
    name = api_fields.String(required=True)


@notes_api.route("/secret")
@requires("notes.manage")
def notes_secret():
    return {"secret": True}


@notes_api.route("/notes", methods=["POST"])
@requires("notes.view")
@notes_api.arguments(NoteArgs)
def notes_create(args):
    if args["name"] == "重复":
        raise Refused("这个名称已经用过了。", field="name")
    return {"name": args["name"], "by": current_user.username}, 201


class NotesPlugin:
    @hookimpl
    def dangjian_permissions(self):
        return [
            Permission("notes.view", "查看留言", frozenset({MEMBER, COURT_ADMIN})),
            Permission("notes.manage", "管理留言", frozenset({COURT_ADMIN})),
        ]

    @hookimpl
    def dangjian_api_blueprints(self):
        return [notes_api]

    @hookimpl
    def dangjian_todos(self, court, user):
        return [Todo("notes.reply", "待回复的留言", "回复张三的留言", "/zy/", detail="测试")]


@pytest.fixture
def notes_app(make_app, world):
    app = make_app(EXTRA_PLUGINS={"notes": NotesPlugin()})
    with app.app_context():
        modules.set_enabled(world.zy, "notes", True)
        db.session.commit()
    return app


# --- the document and the reference page -------------------------------------------


def test_the_openapi_document_validates_and_lists_the_plugins_routes(notes_app):
    response = notes_app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    for path in (
        "/api/v1/me",
        "/api/v1/{court_slug}/todos",
        "/api/v1/{court_slug}/notifications",
        "/api/v1/{court_slug}/announcements",
        "/api/v1/{court_slug}/study/materials",
        "/api/v1/{court_slug}/study/checkins",
        "/api/v1/{court_slug}/notes/notes",
    ):
        assert path in paths, path
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    notifications = paths["/api/v1/{court_slug}/notifications"]
    page_params = {p["name"] for p in notifications["get"]["parameters"] + notifications.get("parameters", [])}
    assert {"page", "per_page", "unread", "court_slug"} <= page_params
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["$ref"].endswith("/ErrorBody")


def test_the_reference_page_is_served_locally(client):
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "接口文档" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assert "<script>" not in html and "onload" not in html  # CSP: only files
    assets = re.findall(r"(?:src|href)=\"([^\"]+\.(?:js|css)(?:\?[^\"]*)?)\"", html)
    assert any("swagger-ui-bundle.js" in a for a in assets) and any("api_docs.js" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    ours = client.get(next(a for a in assets if "api_docs.js" in a)).get_data(as_text=True)
    assert "http" not in ours and "validatorUrl: null" in ours and "data-spec-url" in ours


# --- errors ---------------------------------------------------------------------------


def test_errors_are_json_with_stable_codes_and_chinese_messages(app, world):
    api = app.test_client()
    secret = issue_token(world.member_user)
    assert_error(api.get("/api/v1/nothing"), 404, "not_found")
    assert_error(api.get("/api/v1/zy/nothing", headers=bearer(secret)), 404, "not_found")
    assert_error(api.get("/api/v1/nocourt/todos", headers=bearer(secret)), 404, "not_found")
    response = api.delete("/api/v1/me", headers=bearer(secret))
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]
    assert_error(api.get("/api/v1/me"), 401, "unauthorized")


def test_rate_limit_per_token_answers_429_json(make_app, world):
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    api = app.test_client()
    with app.app_context():
        secret, other = issue_token(world.member_user), issue_token(world.office_editor)
    assert api.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    assert api.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    limited = api.get("/api/v1/me", headers=bearer(secret))
    assert_error(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1
    assert api.get("/api/v1/me", headers=bearer(other)).status_code == 200  # per token, not per address


def test_refusals_and_bad_json_become_422_and_400(notes_app, world):
    api = notes_app.test_client()
    with notes_app.app_context():
        secret = issue_token(world.member_user)
    ok = api.post("/api/v1/zy/notes/notes", headers=bearer(secret), json={"name": "新留言"})
    assert ok.status_code == 201 and ok.get_json()["by"] == world.member_user.username
    error = assert_error(
        api.post("/api/v1/zy/notes/notes", headers=bearer(secret), json={"name": "重复"}), 422, "validation_error"
    )
    assert error["details"] == {"name": ["这个名称已经用过了。"]}
    error = assert_error(api.post("/api/v1/zy/notes/notes", headers=bearer(secret), json={}), 422, "validation_error")
    assert error["details"]["name"] == ["必须填写。"]
    error = assert_error(
        api.post("/api/v1/zy/notes/notes", headers=bearer(secret), json={"name": "x", "extra": 1}),
        422,
        "validation_error",
    )
    assert error["details"]["extra"] == ["不认识的字段。"]
    bad = api.post("/api/v1/zy/notes/notes", headers=bearer(secret), data="{not json", content_type="application/json")
    assert bad.status_code in (400, 422) and bad.is_json and "error" in bad.get_json()


# --- scoping and permissions -------------------------------------------------------------


def test_plugin_routes_follow_permissions_and_the_module_switch(notes_app, world):
    api = notes_app.test_client()
    with notes_app.app_context():
        member, admin, wf_admin = (
            issue_token(world.member_user),
            issue_token(world.zy_admin),
            issue_token(world.wf_admin),
        )
    assert api.get("/api/v1/zy/notes/secret", headers=bearer(admin)).get_json() == {"secret": True}
    assert_error(api.get("/api/v1/zy/notes/secret", headers=bearer(member)), 403, "forbidden")
    # The module is off in 文峰 (and another court's admin holds nothing in 中院).
    assert_error(api.get("/api/v1/wf/notes/secret", headers=bearer(wf_admin)), 404, "not_found")
    assert_error(api.get("/api/v1/zy/notes/secret", headers=bearer(wf_admin)), 403, "forbidden")


def test_another_courts_objects_are_not_found(app, world):
    api = app.test_client()
    (row,) = notify([world.member_user], court=world.zy, kind="test.x", title="中院的通知")
    db.session.commit()
    mine, other = issue_token(world.member_user), issue_token(world.wf_admin)
    assert_error(api.post(f"/api/v1/wf/notifications/{row.id}/read", headers=bearer(other)), 404, "not_found")
    assert_error(api.post(f"/api/v1/zy/notifications/{row.id}/read", headers=bearer(other)), 403, "forbidden")
    read = api.post(f"/api/v1/zy/notifications/{row.id}/read", headers=bearer(mine))
    assert read.status_code == 200 and read.get_json()["read_at"] is not None
    assert_error(api.post("/api/v1/zy/notifications/999999/read", headers=bearer(mine)), 404, "not_found")


# --- resources ----------------------------------------------------------------------------


def test_me_lists_profile_roles_and_courts(app, world):
    api = app.test_client()
    me = api.get("/api/v1/me", headers=bearer(issue_token(world.juvenile_secretary, scope="read"))).get_json()
    assert me["username"] == world.juvenile_secretary.username and me["token_scope"] == "read"
    assert [(r["role"], r["court"], r["organisation"]) for r in me["roles"]] == [
        ("branch_secretary", "zy", "少年庭党支部")
    ]
    assert [c["slug"] for c in me["courts"]] == ["zy"]
    member = api.get("/api/v1/me", headers=bearer(issue_token(world.member_user))).get_json()
    assert member["member"]["name"] == "林晓彤" and member["member"]["branch"] == "少年庭党支部"
    assert [c["slug"] for c in member["courts"]] == ["zy"]


def test_todos_are_the_inboxs(notes_app, world):
    api = notes_app.test_client()
    with notes_app.app_context():
        secret = issue_token(world.member_user)
    body = api.get("/api/v1/zy/todos", headers=bearer(secret)).get_json()
    assert {
        "kind": "notes.reply",
        "kind_label": "待回复的留言",
        "title": "回复张三的留言",
        "url": "/zy/",
        "due": None,
        "detail": "测试",
    } in body["items"]
    assert api.get("/api/v1/zy/todos?kind=other", headers=bearer(secret)).get_json()["total"] == 0


def test_announcements_addressed_to_me(client, app, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="关于开展主题党日活动的通知")
    api = app.test_client()
    secret = issue_token(world.member_user)
    body = api.get("/api/v1/zy/announcements", headers=bearer(secret)).get_json()
    assert [item["title"] for item in body["items"]] == ["关于开展主题党日活动的通知"]
    assert body["items"][0]["id"] == announcement.id and body["items"][0]["read_at"] is None
    assert api.get("/api/v1/zy/announcements?q=无此标题", headers=bearer(secret)).get_json()["total"] == 0
    assert api.get("/api/v1/zy/announcements?show=unread", headers=bearer(secret)).get_json()["total"] == 1
    assert_error(api.get("/api/v1/zy/announcements?show=bogus", headers=bearer(secret)), 422, "validation_error")


# --- pagination and ETags -----------------------------------------------------------------------


def test_pagination_envelope_and_link_headers(app, world):
    for number in range(25):
        notify([world.member_user], court=world.zy, kind="test.x", title=f"通知 {number}")
    db.session.commit()
    api = app.test_client()
    headers = bearer(issue_token(world.member_user))
    response = api.get("/api/v1/zy/notifications?per_page=10&page=2&unread=true", headers=headers)
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (2, 10, 25, 10)
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"]))
    assert set(links) == {"first", "prev", "next", "last"}
    assert "page=3" in links["next"] and "page=1" in links["prev"] and "unread=true" in links["next"]
    assert "page=3" in links["last"]
    last = api.get("/api/v1/zy/notifications?per_page=10&page=3", headers=headers)
    assert len(last.get_json()["items"]) == 5 and 'rel="next"' not in last.headers["Link"]
    beyond = api.get("/api/v1/zy/notifications?page=99", headers=headers).get_json()
    assert beyond["items"] == [] and beyond["total"] == 25
    assert api.get("/api/v1/zy/notifications", headers=headers).get_json()["per_page"] == 20


@pytest.mark.parametrize(
    "query, field",
    [
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("per_page=1.5", "per_page"),
        ("page=99999999999999999999999", "page"),
        ("unread=maybe", "unread"),
    ],
)
def test_bad_query_arguments_are_422_with_field_details(app, world, query, field):
    api = app.test_client()
    response = api.get(f"/api/v1/zy/notifications?{query}", headers=bearer(issue_token(world.member_user)))
    error = assert_error(response, 422, "validation_error")
    assert field in error["details"] and re.search(r"[\u4e00-\u9fff]", error["details"][field][0])


def test_etag_and_if_none_match(app, world):
    (row,) = notify([world.member_user], court=world.zy, kind="test.x", title="一条通知")
    db.session.commit()
    api = app.test_client()
    headers = bearer(issue_token(world.member_user))
    first = api.get("/api/v1/zy/notifications", headers=headers)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    again = api.get("/api/v1/zy/notifications", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    api.post(f"/api/v1/zy/notifications/{row.id}/read", headers=headers)
    changed = api.get("/api/v1/zy/notifications", headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
