"""Changing one's password, and confirming identity before sensitive pages."""

from __future__ import annotations

import re
import time

import pytest

from ..factories import DEFAULT_PASSWORD
from .test_auth import NEW_PASSWORD, build_site, drop_session_cookie, login, signed_in


@pytest.fixture
def site(bare_app):
    return build_site(bare_app)


def change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/auth/password",
        data={"current_password": current, "new_password": new, "confirm": new if confirm is None else confirm},
    )


def error_beside(text: str, field: str) -> str:
    """The invalid-feedback text rendered right after ``field``'s input."""
    match = re.search(rf'id="{field}"[^>]*>\s*<div class="invalid-feedback[^"]*">\s*([^<]+)', text)
    assert match, f"no error beside {field}"
    return match.group(1).strip()


def test_change_password_page_asks_for_current_new_and_confirm(site):
    client = site.client()
    login(client, "zyadmin")
    text = client.get("/auth/password").get_data(as_text=True)
    for label in ("当前密码", "新密码", "再次输入新密码"):
        assert label in text


def test_anonymous_is_sent_to_login(site):
    response = site.client().get("/auth/password")
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_wrong_current_password_is_refused_beside_the_field(site):
    client = site.client()
    login(client, "zyadmin")
    text = change(client, current="not my password").get_data(as_text=True)
    assert error_beside(text, "current_password") == "当前密码不正确。"
    assert login(site.client(), "zyadmin").status_code == 302  # old password still works


def test_common_password_is_refused_beside_the_field(site):
    client = site.client()
    login(client, "zyadmin")
    text = change(client, new="12345678").get_data(as_text=True)
    assert "太常见" in error_beside(text, "new_password")


def test_short_password_is_refused_beside_the_field(site):
    client = site.client()
    login(client, "zyadmin")
    text = change(client, new="abc12").get_data(as_text=True)
    assert "至少需要 8 个字符" in error_beside(text, "new_password")


def test_mismatched_confirmation_is_refused(site):
    client = site.client()
    login(client, "zyadmin")
    text = change(client, confirm=NEW_PASSWORD + "!").get_data(as_text=True)
    assert error_beside(text, "confirm") == "两次输入的新密码不一致。"
    assert login(site.client(), "zyadmin").status_code == 302


def test_same_password_again_is_refused(site):
    client = site.client()
    login(client, "zyadmin")
    text = change(client, new=DEFAULT_PASSWORD).get_data(as_text=True)
    assert "不能与当前密码相同" in error_beside(text, "new_password")


def test_password_change_keeps_this_browser_and_ends_the_others(site):
    here, elsewhere, remembered = site.client(), site.client(), site.client()
    login(here, "zyadmin")
    login(elsewhere, "zyadmin")
    login(remembered, "zyadmin", remember=True)
    before = site.user("zyadmin")

    response = change(here)
    assert response.status_code == 302 and response.headers["Location"] == "/zy/"
    assert "密码已修改" in here.get("/").get_data(as_text=True)
    assert signed_in(here)
    assert not signed_in(elsewhere)
    drop_session_cookie(remembered)
    assert not signed_in(remembered)

    after = site.user("zyadmin")
    assert after.session_version == before.session_version + 1
    assert after.password_changed_at is not None
    assert [e.username for e in site.audit("auth.password_changed")] == ["zyadmin"]
    assert "用户名或密码不正确" in login(site.client(), "zyadmin").get_data(as_text=True)
    assert login(site.client(), "zyadmin", NEW_PASSWORD).status_code == 302


def test_password_change_renews_the_remember_me_cookie(site):
    client = site.client()
    login(client, "zyadmin", remember=True)
    change(client)
    drop_session_cookie(client)
    assert signed_in(client)  # this browser's own remember-me follows the new version


def _stale_session(site, client, username="zyadmin"):
    """Signed in, but the password was not typed in this session (no auth_at)."""
    user = site.user(username)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_stale_session_must_reauthenticate_before_changing_password(site):
    client = site.client()
    _stale_session(site, client)
    response = client.get("/auth/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/reauth?next=")

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "请再次输入密码" in page and "zyadmin" in page
    wrong = client.post(response.headers["Location"], data={"password": "wrong-guess"})
    assert "用户名或密码不正确" in wrong.get_data(as_text=True)
    assert client.get("/auth/password").headers["Location"].startswith("/auth/reauth")

    confirmed = client.post(response.headers["Location"], data={"password": DEFAULT_PASSWORD})
    assert confirmed.headers["Location"] == "/auth/password"
    assert client.get("/auth/password").status_code == 200
    purposes = [(e.action, e.detail["purpose"]) for e in site.audit("auth.login", "auth.login_failed")]
    assert purposes == [("auth.login_failed", "reauth"), ("auth.login", "reauth")]


def test_old_password_entry_is_stale(site):
    client = site.client()
    login(client, "zyadmin")
    with client.session_transaction() as session:
        session["auth_at"] = time.time() - 31 * 60
    assert client.get("/auth/password").headers["Location"].startswith("/auth/reauth")


def test_session_restored_from_remember_me_must_reauthenticate(site):
    client = site.client()
    login(client, "zyadmin", remember=True)
    drop_session_cookie(client)
    response = client.get("/auth/password")
    assert response.headers["Location"].startswith("/auth/reauth")
    confirmed = client.post(response.headers["Location"], data={"password": DEFAULT_PASSWORD})
    assert confirmed.headers["Location"] == "/auth/password"
    assert client.get("/auth/password").status_code == 200


def test_reauth_ignores_offsite_next(site):
    client = site.client()
    _stale_session(site, client)
    response = client.post("/auth/reauth?next=https://evil.example/", data={"password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/zy/"


def test_reauth_failures_count_towards_the_lock(site):
    client = site.client()
    _stale_session(site, client)
    for _ in range(5):
        client.post("/auth/reauth", data={"password": "wrong-guess"})
    text = client.post("/auth/reauth", data={"password": DEFAULT_PASSWORD}).get_data(as_text=True)
    assert "已临时锁定" in text
    assert client.get("/auth/password").headers["Location"].startswith("/auth/reauth")
