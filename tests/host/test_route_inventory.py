"""Walk every rule of the URL map: each view declares its permission, and
anonymous visitors, members, another branch's editor and another court's
admin get exactly what their roles allow — never a server error, never an
object of another court.

JSON API rules (/api/v1/…) are asked with the user's access token instead of
the session (the API reads no cookie): anonymous means no token, 401."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from flask import current_app

from dangjian.access import PUBLIC, has_permission, view_permission
from dangjian.auth.models import User
from dangjian.db import db
from tests.api_checks import bearer, issue_token
from tests.conftest import sign_in as sign_in_session

TESTS = Path(__file__).resolve().parents[1]
STATIC_ENDPOINTS = {"static", "bootstrap.static"}
# Route parameters that are names, not objects of a court.
VALUE_PARAMS = {"name": "example", "token": "not-a-valid-token", "branch_slug": "snt", "page_slug": "about"}
# Route parameters that name objects, and the object of the 中院 each takes.
OBJECT_PARAMS = {
    "member_id": lambda w: w.juvenile_member.id,
    "org_id": lambda w: w.juvenile.id,
    "user_id": lambda w: w.juvenile_editor.id,
    "assignment_id": lambda w: w.juvenile_editor.roles[0].id,
    "batch_id": lambda w: 1,
    "court_id": lambda w: w.wf.id,
}


@pytest.fixture(autouse=True)
def modules_enabled_in_zy(app, world):
    """Every installed module is switched on in 中院 so its routes are
    checked against their permissions, not just the disabled-module 404."""
    from dangjian.modules import services
    from dangjian.plugins import plugin_host

    for record in plugin_host().modules():
        if record.usable:
            services.set_enabled(world.zy, record.name, True)
    db.session.commit()
    world.module_objects = module_objects(world)


def module_objects(world) -> dict[str, int]:
    """Real 中院 objects for route parameters of features and modules: their
    tests may offer them in tests/{host,plugins}/<feature>/inventory.py
    (a function ``route_objects(world)``)."""
    objects: dict[str, int] = {}
    for path in sorted(TESTS.glob("*/*/inventory.py")):
        package = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        objects.update(importlib.import_module(package).route_objects(world))
    return objects


def view_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in STATIC_ENDPOINTS]


def build_url(rule, world, court_slug="zy"):
    values = {}
    for name in rule.arguments:
        if name == "court_slug":
            values[name] = court_slug
        elif name in VALUE_PARAMS:
            values[name] = VALUE_PARAMS[name]
        elif name in OBJECT_PARAMS:
            values[name] = OBJECT_PARAMS[name](world)
        elif name in getattr(world, "module_objects", {}):
            values[name] = world.module_objects[name]
        elif name.endswith("_id"):
            # A module's own object (meeting_id, post_id, ...): the world has
            # none, so every role must meet a 404 or a 403, never a 500.
            values[name] = 1
        else:
            values[name] = "x"  # slugs, tokens, sizes that name nothing
    return rule.build(values, append_unknown=False)[1]


def methods_of(rule):
    return sorted(set(rule.methods) & {"GET", "POST"})


def sign_in(client, user_id):
    # Fresh from the database: an earlier request may have ended its sessions.
    db.session.expire_all()
    user = db.session.get(User, user_id)
    return sign_in_session(current_app, client, user)


def request(client, method, url, headers=None):
    return client.open(url, method=method, data={}, headers=headers or {})


def is_api(rule) -> bool:
    return rule.rule.startswith("/api/v1/")


_tokens: dict[int, str] = {}


def api_headers(rule, user_id):
    """The user's (write) token for an API rule; nothing for a page."""
    if not is_api(rule):
        return None
    if user_id not in _tokens:
        _tokens[user_id] = issue_token(db.session.get(User, user_id))
    return bearer(_tokens[user_id])


@pytest.fixture(autouse=True)
def _fresh_tokens():
    _tokens.clear()
    yield
    _tokens.clear()


def test_every_view_declares_a_permission(app):
    missing = [rule.endpoint for rule in view_rules(app) if view_permission(app.view_functions[rule.endpoint]) is None]
    assert not missing, f"views without @requires(...): {missing}"


def test_declared_permissions_exist(app):
    from dangjian.access.registry import registry

    unknown = {
        view_permission(app.view_functions[rule.endpoint])
        for rule in view_rules(app)
        if view_permission(app.view_functions[rule.endpoint]) not in ("public", "authenticated")
        and view_permission(app.view_functions[rule.endpoint]) not in registry()
    }
    assert not unknown, f"views require undeclared permissions: {unknown}"


def test_anonymous_visitor(app, world):
    client = app.test_client()
    for rule in view_rules(app):
        permission = view_permission(app.view_functions[rule.endpoint])
        for method in methods_of(rule):
            response = request(client, method, build_url(rule, world))
            assert response.status_code < 500, f"{method} {rule.rule} → {response.status_code}"
            if permission != PUBLIC and is_api(rule):
                assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized", (
                    f"anonymous {method} {rule.rule} → {response.status_code}"
                )
            elif permission != PUBLIC:
                assert response.status_code == 302 and "/auth/login" in response.location, (
                    f"anonymous {method} {rule.rule} → {response.status_code}"
                )


@pytest.mark.parametrize("who", ["member_user", "office_editor", "wf_admin"])
def test_signed_in_users_get_only_what_their_roles_allow(app, world, who):
    client = app.test_client()
    user_id = getattr(world, who).id
    for rule in view_rules(app):
        permission = view_permission(app.view_functions[rule.endpoint])
        court = world.zy if "court_slug" in rule.arguments else None
        for method in methods_of(rule):
            user = sign_in(client, user_id)
            allowed = has_permission(user, permission, court)
            response = request(client, method, build_url(rule, world), api_headers(rule, user_id))
            assert response.status_code < 500, f"{who} {method} {rule.rule} → {response.status_code}"
            if not allowed:
                assert response.status_code == 403, f"{who} {method} {rule.rule} → {response.status_code}"


def test_other_courts_objects_are_not_found(app, world):
    """wf's admin asks for 中院 objects under their own court's URLs."""
    client = app.test_client()
    checked = 0
    for rule in view_rules(app):
        if "court_slug" not in rule.arguments or not any(name.endswith("_id") for name in rule.arguments):
            continue
        for method in methods_of(rule):
            sign_in(client, world.wf_admin.id)
            response = request(
                client, method, build_url(rule, world, court_slug="wf"), api_headers(rule, world.wf_admin.id)
            )
            assert response.status_code in (403, 404), f"{method} {rule.rule} with 中院 ids → {response.status_code}"
            checked += 1
    assert checked or not any("court_slug" in r.arguments and len(r.arguments) > 1 for r in view_rules(app))


def test_every_post_needs_a_csrf_token(make_app, world):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    posts = [rule for rule in view_rules(app) if "POST" in rule.methods]
    assert posts
    for rule in posts:
        with app.app_context():
            sign_in(client, world.platform_admin.id)
        response = client.post(build_url(rule, world), data={})
        if is_api(rule):
            # The API reads no session: a signed-in browser's POST carries no
            # credential at all, so there is nothing for a forged form to use.
            assert response.status_code == 401, f"POST {rule.rule} without a token → {response.status_code}"
            continue
        assert response.status_code == 400, f"POST {rule.rule} without CSRF token → {response.status_code}"


API_ROUTES = {
    "/api/v1/openapi.json": "public",
    "/api/v1/docs": "public",
    "/api/v1/me": "authenticated",
    "/api/v1/<court_slug>/todos": "inbox.view",
    "/api/v1/<court_slug>/notifications": "inbox.view",
    "/api/v1/<court_slug>/notifications/<int:notification_id>/read": "inbox.view",
    "/api/v1/<court_slug>/notifications/read-all": "inbox.view",
    "/api/v1/<court_slug>/announcements": "announcements.view",
    "/api/v1/<court_slug>/study/materials": "study.view",
    "/api/v1/<court_slug>/study/checkins": "study.view",
}


def test_the_json_api_routes_and_their_permissions(app):
    """Every /api/v1 route is listed here with its permission (the walks
    above then ask each with every role's token)."""
    found = {
        rule.rule: view_permission(app.view_functions[rule.endpoint])
        for rule in view_rules(app)
        if rule.rule.startswith("/api/v1/")
    }
    assert found == API_ROUTES
