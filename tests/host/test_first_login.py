"""Passwords set by an administrator are replaced by their owner at first login."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.auth.models import User
from dangjian.db import db

from ..factories import DEFAULT_PASSWORD

INITIAL = "春风又绿江南岸明月何时照我还"
OWN = "我自己想的一句很长的话二零二六"


def reload(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def log_in(client, username, password):
    return client.post("/auth/login", data={"username": username, "password": password})


def create_account(client, username="newbie"):
    return client.post(
        "/zy/manage/users/new",
        data={"username": username, "display_name": "新同志", "member_id": "", "password": INITIAL, "confirm": INITIAL},
    )


def test_account_created_by_admin_must_change_password_first(app, client, world, login_as):
    login_as(world.zy_admin)
    assert create_account(client).status_code == 302
    user = db.session.scalar(select(User).where(User.username == "newbie"))
    assert user.must_change_password
    client.post("/auth/logout")

    response = log_in(client, "newbie", INITIAL)
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/password")
    # Every other page sends them back there; POSTs change nothing.
    for path in ("/", "/zy/", "/zy/manage/users/"):
        page = client.get(path)
        assert page.status_code == 302 and page.headers["Location"].endswith("/auth/password"), path
    form = client.get("/auth/password").get_data(as_text=True)
    assert "首次登录" in form and ">取消<" not in form
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get("/favicon.ico").status_code == 200

    done = client.post("/auth/password", data={"current_password": INITIAL, "new_password": OWN, "confirm": OWN})
    assert done.status_code == 302
    assert not reload(user.id).must_change_password
    assert client.get("/").status_code == 200


def test_flagged_account_can_still_sign_out(client, world, login_as):
    world.member_user.must_change_password = True
    db.session.commit()
    login_as(world.member_user)
    response = client.post("/auth/logout")
    assert response.status_code == 302 and "/auth/password" not in response.headers["Location"]


def test_password_reset_by_admin_forces_a_change(client, world, login_as):
    login_as(world.zy_admin)
    response = client.post(
        f"/zy/manage/users/{world.member_user.id}/password", data={"password": INITIAL, "confirm": INITIAL}
    )
    assert response.status_code == 302
    assert reload(world.member_user.id).must_change_password


def test_own_accounts_and_demo_passwords_are_not_forced(client, world):
    # Accounts made outside the admin screens (factories, demo, CLI) are not flagged.
    response = log_in(client, "lxt", DEFAULT_PASSWORD)
    assert response.status_code == 302 and "/auth/password" not in response.headers["Location"]


def test_admin_sees_accounts_awaiting_first_change(client, world, login_as):
    login_as(world.zy_admin)
    create_account(client, "waiting1")
    create_account(client, "waiting2")
    home = client.get("/zy/").get_data(as_text=True)
    assert "需要关注" in home
    assert "2</span> 个账号尚未完成首次登录改密" in home
    assert "/zy/manage/users/?status=first_change" in home
    listed = client.get("/zy/manage/users/?status=first_change").get_data(as_text=True)
    assert "waiting1" in listed and "waiting2" in listed and "sntsj" not in listed
    assert "待首次改密" in listed
    # Another court's admin does not count them.
    login_as(world.wf_admin)
    assert "个账号尚未完成首次登录改密" not in client.get("/wf/").get_data(as_text=True)


def test_the_change_is_audited(client, world, login_as):
    world.member_user.must_change_password = True
    db.session.commit()
    login_as(world.member_user)
    client.post("/auth/password", data={"current_password": DEFAULT_PASSWORD, "new_password": OWN, "confirm": OWN})
    assert "auth.password_changed" in db.session.scalars(select(AuditEntry.action)).all()
    assert not reload(world.member_user.id).must_change_password
