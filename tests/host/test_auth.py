"""Login, lockout, logout everywhere, password change and re-authentication.

These tests drive the app through HTTP only.  They use an app with no
application context left pushed while requests run (``bare_app``): a pushed context is
shared by every test-client request, and so is ``g`` — where Flask-Login
caches the current user — which would let one client's user leak into
another client's request.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.auth import services
from dangjian.auth.models import User
from dangjian.db import db, utcnow

from ..factories import DEFAULT_PASSWORD, build_world

NEW_PASSWORD = "太行山上红旗渠水长流"


class Site:
    """An app plus small helpers that read and write rows in a short context."""

    def __init__(self, app):
        self.app = app

    def client(self):
        return self.app.test_client()

    def user(self, username: str) -> User:
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.username == username))
            db.session.expunge(user)
            return user

    def update_user(self, username: str, **values) -> None:
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.username == username))
            for name, value in values.items():
                setattr(user, name, value)
            db.session.commit()

    def audit(self, *actions: str) -> list[AuditEntry]:
        with self.app.app_context():
            query = select(AuditEntry).order_by(AuditEntry.id)
            if actions:
                query = query.where(AuditEntry.action.in_(actions))
            entries = list(db.session.scalars(query))
            db.session.expunge_all()
            return entries


def build_site(app) -> Site:
    with app.app_context():
        build_world()
    return Site(app)


@pytest.fixture
def site(bare_app):
    return build_site(bare_app)


def login(client, username, password=DEFAULT_PASSWORD, remember=False, next=None):
    data = {"username": username, "password": password}
    if remember:
        data["remember"] = "y"
    url = "/auth/login" + (f"?next={next}" if next is not None else "")
    return client.post(url, data=data)


def signed_in(client) -> bool:
    return "退出登录" in client.get("/").get_data(as_text=True)


def drop_session_cookie(client) -> None:
    """What a closed browser does: forget the session, keep remember-me."""
    client.delete_cookie("session")


# --- login -----------------------------------------------------------------


def test_login_page_is_public_and_offers_remember_me(site):
    page = site.client().get("/auth/login")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "用户名" in text and "密码" in text
    assert "记住我（14天）" in text


def test_successful_login_goes_to_court_home_and_is_audited(site):
    client = site.client()
    response = login(client, "zyadmin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/zy/"
    assert signed_in(client)
    user = site.user("zyadmin")
    assert user.last_login_at is not None
    [entry] = site.audit("auth.login")
    assert (entry.username, entry.user_id, entry.ip) == ("zyadmin", user.id, "127.0.0.1")
    with client.session_transaction() as session:
        assert isinstance(session.get("auth_at"), float)


def test_landing_follows_member_record_then_portal(site):
    member_client, admin_client = site.client(), site.client()
    assert login(member_client, "lxt").headers["Location"] == "/zy/"  # court of the member record
    assert login(admin_client, "platform").headers["Location"] == "/"  # no court of their own


def test_wrong_password_and_unknown_user_get_the_same_message(site):
    client = site.client()
    wrong = login(client, "zyadmin", "not the password").get_data(as_text=True)
    unknown = login(client, "nobody", "not the password").get_data(as_text=True)
    assert "用户名或密码不正确" in wrong and "用户名或密码不正确" in unknown
    assert not signed_in(client)
    failures = site.audit("auth.login_failed")
    assert [(e.username, e.detail["reason"], e.ip) for e in failures] == [
        ("zyadmin", "bad_password", "127.0.0.1"),
        ("nobody", "unknown_user", "127.0.0.1"),
    ]
    assert failures[1].user_id is None
    assert 'value="nobody"' in unknown  # the typed username is kept


def test_failed_login_keeps_username_and_clears_password(site):
    text = login(site.client(), "zyadmin", "not the password").get_data(as_text=True)
    assert 'value="zyadmin"' in text
    assert "not the password" not in text


def test_lockout_after_five_failures_then_unlock(site):
    client = site.client()
    for _ in range(5):
        text = login(client, "zyadmin", "wrong-guess").get_data(as_text=True)
        assert "用户名或密码不正确" in text
    user = site.user("zyadmin")
    assert user.failed_logins == 5
    assert user.locked_until > utcnow() + timedelta(minutes=14)
    [locked] = site.audit("auth.locked")
    assert locked.username == "zyadmin"

    refused = login(client, "zyadmin")  # the correct password
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "已临时锁定" in text and "15 分钟后自动解锁" in text
    assert not signed_in(client)
    # A wrong guess during the lock gives nothing away.
    assert "已临时锁定" not in login(client, "zyadmin", "wrong-guess").get_data(as_text=True)
    reasons = [e.detail["reason"] for e in site.audit("auth.login_failed")]
    assert reasons == ["bad_password"] * 5 + ["locked", "locked"]

    site.update_user("zyadmin", locked_until=utcnow() - timedelta(seconds=1))
    assert login(client, "zyadmin").status_code == 302
    assert signed_in(client)
    user = site.user("zyadmin")
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_unlocked_account_gets_a_fresh_set_of_attempts(site):
    site.update_user("zyadmin", failed_logins=5, locked_until=utcnow() - timedelta(minutes=1))
    login(site.client(), "zyadmin", "wrong-guess")
    user = site.user("zyadmin")
    assert (user.failed_logins, user.locked_until) == (1, None)


def test_unknown_username_never_looks_locked(site):
    client = site.client()
    for _ in range(7):
        text = login(client, "ghost", "whatever").get_data(as_text=True)
        assert "用户名或密码不正确" in text and "已临时锁定" not in text
    assert site.audit("auth.locked") == []


def test_success_resets_the_failure_counter(site):
    client = site.client()
    for _ in range(3):
        login(client, "zyadmin", "wrong-guess")
    assert site.user("zyadmin").failed_logins == 3
    login(client, "zyadmin")
    assert site.user("zyadmin").failed_logins == 0


def test_disabled_account_cannot_log_in(site):
    site.update_user("zyadmin", is_enabled=False)
    client = site.client()
    assert "已停用" not in login(client, "zyadmin", "wrong-guess").get_data(as_text=True)
    text = login(client, "zyadmin").get_data(as_text=True)
    assert "该账号已停用" in text
    assert not signed_in(client)
    assert site.audit("auth.login_failed")[-1].detail["reason"] == "disabled"


def test_login_rehashes_outdated_hash(site):
    from argon2 import PasswordHasher

    old_hash = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(DEFAULT_PASSWORD)
    site.update_user("zyadmin", password_hash=old_hash)
    assert login(site.client(), "zyadmin").status_code == 302
    new_hash = site.user("zyadmin").password_hash
    assert new_hash != old_hash and new_hash.startswith("$argon2id$")
    assert login(site.client(), "zyadmin").status_code == 302


def test_signed_in_user_visiting_login_is_sent_on(site):
    client = site.client()
    login(client, "zyadmin")
    assert client.get("/auth/login").headers["Location"] == "/zy/"


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/wf/", "/wf/"),
        ("/zy/?page=2", "/zy/?page=2"),
        ("http://localhost/wf/", "/wf/"),  # same host, as Flask-Login builds it
        ("https://evil.example", "/zy/"),
        ("https://evil.example/zy/", "/zy/"),
        ("//evil.example/", "/zy/"),
        ("/\\evil.example", "/zy/"),
        ("javascript:alert(1)", "/zy/"),
        ("wf/", "/zy/"),
    ],
)
def test_next_only_follows_same_site_paths(site, next_url, expected):
    from urllib.parse import quote

    response = login(site.client(), "zyadmin", next=quote(next_url, safe=""))
    assert response.headers["Location"] == expected


def test_next_survives_a_failed_attempt(site):
    client = site.client()
    page = client.get("/auth/login?next=/wf/").get_data(as_text=True)
    assert 'value="/wf/"' in page
    client.post("/auth/login", data={"username": "zyadmin", "password": "wrong", "next": "/wf/"})
    response = client.post("/auth/login", data={"username": "zyadmin", "password": DEFAULT_PASSWORD, "next": "/wf/"})
    assert response.headers["Location"] == "/wf/"


def test_login_starts_a_new_session(site):
    client = site.client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "zyadmin")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_rate_limit_on_login_posts(make_app):
    site = build_site(make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute"))
    client = site.client()
    for _ in range(3):
        assert login(client, "zyadmin", "wrong-guess").status_code == 200
    blocked = login(client, "zyadmin")
    assert blocked.status_code == 429
    assert "操作过于频繁" in blocked.get_data(as_text=True)
    assert client.get("/auth/login").status_code == 200  # reading the page is not limited


def test_login_post_without_csrf_token_is_refused(make_app):
    site = build_site(make_app(WTF_CSRF_ENABLED=True))
    response = login(site.client(), "zyadmin")
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    assert site.audit("auth.login") == []


# --- logout and ending sessions -------------------------------------------------


def test_logout_ends_every_session_of_the_user(site):
    laptop, phone = site.client(), site.client()
    login(laptop, "zyadmin")
    login(phone, "zyadmin")
    assert signed_in(laptop) and signed_in(phone)

    response = laptop.post("/auth/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "您已安全退出" in laptop.get("/").get_data(as_text=True)
    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert phone.get("/auth/password").headers["Location"].startswith("/auth/login")
    assert [e.username for e in site.audit("auth.logout")] == ["zyadmin"]


def test_logout_needs_post(site):
    client = site.client()
    login(client, "zyadmin")
    assert client.get("/auth/logout").status_code == 405
    assert signed_in(client)


def test_remember_me_keeps_a_browser_signed_in(site):
    client = site.client()
    login(client, "zyadmin", remember=True)
    assert client.get_cookie("remember_token") is not None
    drop_session_cookie(client)
    assert signed_in(client)


def test_without_remember_me_a_closed_browser_is_signed_out(site):
    client = site.client()
    login(client, "zyadmin")
    assert client.get_cookie("remember_token") is None
    drop_session_cookie(client)
    assert not signed_in(client)


def test_remember_me_cookie_stops_working_after_logout_elsewhere(site):
    home, office = site.client(), site.client()
    login(home, "zyadmin", remember=True)
    login(office, "zyadmin")
    office.post("/auth/logout")
    drop_session_cookie(home)  # only the remember-me cookie is left
    assert home.get_cookie("remember_token") is not None
    assert not signed_in(home)


def test_disabling_an_account_ends_its_sessions(site):
    client = site.client()
    login(client, "zyadmin", remember=True)
    site.update_user("zyadmin", is_enabled=False)
    assert not signed_in(client)
    drop_session_cookie(client)
    assert not signed_in(client)


def test_end_all_sessions_service(site):
    first, second = site.client(), site.client()
    login(first, "zyadmin")
    login(second, "zyadmin", remember=True)
    before = site.user("zyadmin").session_version
    with site.app.app_context():
        user = db.session.scalar(select(User).where(User.username == "zyadmin"))
        services.end_all_sessions(user)
        db.session.commit()
    assert site.user("zyadmin").session_version == before + 1
    assert not signed_in(first)
    assert not signed_in(second)
    drop_session_cookie(second)
    assert not signed_in(second)
    # Other accounts are untouched.
    other = site.client()
    login(other, "wfadmin")
    assert signed_in(other)
