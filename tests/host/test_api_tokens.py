"""访问令牌: created on the account page and shown once, stored hashed, used
as a bearer token (last use recorded), revoked, expiring; read tokens cannot
write; a session cookie alone is no API credential."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from dangjian.api_tokens.models import ApiToken
from dangjian.api_tokens.services import hash_secret
from dangjian.audit.models import AuditEntry
from dangjian.db import db, utcnow
from tests.api_checks import assert_error, bearer, issue_token

SECRET = re.compile(r"dj_[A-Za-z0-9_-]{40,}")


def tokens_of(user):
    db.session.expire_all()
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)))


def test_token_lifecycle_through_the_account_page(app, world, client, login_as):
    login_as(world.member_user)
    page = client.get("/auth/tokens/")
    assert page.status_code == 200 and "访问令牌" in page.get_data(as_text=True)
    assert "/auth/tokens/" in client.get("/auth/password").get_data(as_text=True)  # the user menu links it

    created = client.post("/auth/tokens/", data={"name": "手机 APP", "scope": "write", "days": "90"})
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(created.get_data(as_text=True)).group(0)
    (token,) = tokens_of(world.member_user)
    assert token.token_hash == hash_secret(secret) and secret not in (token.hint, token.token_hash)
    assert token.name == "手机 APP" and token.scope == "write"
    assert timedelta(days=89) < token.expires_at - utcnow() <= timedelta(days=90)
    # Shown once: the list never shows it again.
    assert secret not in client.get("/auth/tokens/").get_data(as_text=True)

    api = app.test_client()  # no cookie: the token alone
    me = api.get("/api/v1/me", headers=bearer(secret), environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert me.status_code == 200 and me.get_json()["username"] == world.member_user.username
    (token,) = tokens_of(world.member_user)
    assert token.last_used_at is not None and token.last_used_ip == "10.1.2.3"
    assert "Set-Cookie" not in me.headers
    assert "10.1.2.3" in client.get("/auth/tokens/").get_data(as_text=True)

    assert client.post(f"/auth/tokens/{token.id}/revoke").status_code == 302
    assert_error(api.get("/api/v1/me", headers=bearer(secret)), 401, "unauthorized")
    assert "已撤销" in client.get("/auth/tokens/").get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == world.member_user.id)))
    assert {"api_token.created", "api_token.revoked"} <= actions


def test_the_form_refuses_bad_input_in_chinese(world, client, login_as):
    login_as(world.member_user)
    for data, message in [
        ({"name": "", "scope": "read", "days": "30"}, "请填写令牌名称"),
        ({"name": "x" * 61, "scope": "read", "days": "30"}, "最多 60 个字"),
        ({"name": "a", "scope": "admin", "days": "30"}, ""),
        ({"name": "a", "scope": "read", "days": "999"}, ""),
        ({"name": "a", "scope": "read", "days": "abc"}, ""),
    ]:
        response = client.post("/auth/tokens/", data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True)
    assert tokens_of(world.member_user) == []


def test_only_the_owner_revokes(world, client, login_as):
    issue_token(world.member_user)
    (token,) = tokens_of(world.member_user)
    login_as(world.office_editor)
    assert client.post(f"/auth/tokens/{token.id}/revoke").status_code == 404
    assert tokens_of(world.member_user)[0].revoked_at is None


def test_expired_disabled_and_malformed_tokens_are_refused(app, world):
    api = app.test_client()
    secret = issue_token(world.member_user)
    assert api.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    (token,) = tokens_of(world.member_user)
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert_error(api.get("/api/v1/me", headers=bearer(secret)), 401, "unauthorized")

    other = issue_token(world.office_editor)
    world.office_editor.is_enabled = False
    db.session.commit()
    assert_error(api.get("/api/v1/me", headers=bearer(other)), 401, "unauthorized")

    for header in ["Bearer", "Bearer dj_nope", "Basic dj_x", "Bearer " + "dj_" + "x" * 500, secret]:
        response = api.get("/api/v1/me", headers={"Authorization": header})
        assert_error(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_is_not_an_api_credential(world, client, login_as):
    login_as(world.member_user)
    assert_error(client.get("/api/v1/me"), 401, "unauthorized")
    assert_error(client.post("/api/v1/zy/notifications/read-all"), 401, "unauthorized")


def test_a_read_token_cannot_write(app, world):
    api = app.test_client()
    read = issue_token(world.member_user, scope="read")
    assert api.get("/api/v1/zy/notifications", headers=bearer(read)).status_code == 200
    error = assert_error(api.post("/api/v1/zy/notifications/read-all", headers=bearer(read)), 403, "forbidden")
    assert "只读" in error["message"]
    write = issue_token(world.member_user, scope="write")
    assert api.post("/api/v1/zy/notifications/read-all", headers=bearer(write)).get_json() == {"marked": 0}


def test_a_token_of_an_account_awaiting_its_first_password_is_refused(app, world):
    secret = issue_token(world.member_user)
    world.member_user.must_change_password = True
    db.session.commit()
    assert_error(app.test_client().get("/api/v1/me", headers=bearer(secret)), 403, "forbidden")
