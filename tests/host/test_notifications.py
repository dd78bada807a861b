"""通知: the page, reading, opening (no open redirects), settings, retention."""

import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from dangjian.api import notify
from dangjian.auth.models import User
from dangjian.db import db, utcnow
from dangjian.inbox.models import Notification

BELL = re.compile(r'aria-label="通知 (\d+) 条未读"')


def bell(text: str) -> int:
    return int(BELL.search(text).group(1))


def tell(user, court, title="您的会议记录已审核通过", url="/zy/", **extra):
    rows = notify([user], court=court, kind="archives.approved", title=title, url=url, **extra)
    db.session.commit()
    return rows[0]


def test_role_change_notifies_the_account_holder(client, world, login_as):
    login_as(world.zy_admin)
    user_id = world.office_editor.id
    assert (
        client.post(
            f"/zy/manage/users/{user_id}/roles", data={"role": "branch_secretary", "branch_id": str(world.office.id)}
        ).status_code
        == 302
    )
    row = db.session.scalar(select(Notification).where(Notification.user_id == user_id))
    assert row.kind == "account.role_changed" and row.court_id == world.zy.id
    assert row.title == "您已被授予安阳市中级人民法院的支部书记（办公室党支部）角色"
    assert db.session.scalar(select(func.count(Notification.id))) == 1  # the admin is not told
    assignment = next(a for a in db.session.get(User, user_id).roles if a.role == "branch_secretary")
    client.post(f"/zy/manage/users/{user_id}/roles/{assignment.id}/revoke")
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == user_id)).all()
    assert "您在安阳市中级人民法院的支部书记（办公室党支部）角色已被撤销" in titles
    login_as(world.office_editor)
    text = client.get("/zy/inbox/notifications/").get_data(as_text=True)
    assert bell(text) == 2 and "已被撤销" in text and "未读" in text


def test_a_refused_grant_notifies_nobody(client, world, login_as):
    login_as(world.zy_admin)
    client.post(
        f"/zy/manage/users/{world.office_editor.id}/roles",
        data={"role": "branch_editor", "branch_id": str(world.office.id)},
    )
    assert db.session.scalar(select(func.count(Notification.id))) == 0  # already held: refused, rolled back


def test_list_read_one_read_all_and_the_bell(client, world, login_as):
    first = tell(world.member_user, world.zy, "第一条通知")
    tell(world.member_user, world.zy, "第二条通知", body="退回原因：缺少签到表")
    tell(world.juvenile_editor, world.zy, "别人的通知")
    login_as(world.member_user)
    text = client.get("/zy/inbox/notifications/").get_data(as_text=True)
    assert bell(text) == 2 and "第一条通知" in text and "退回原因：缺少签到表" in text and "别人的通知" not in text
    assert "全部标为已读（2 条）" in text
    assert text.count("dj-unread") == 2
    assert client.post(f"/zy/inbox/notifications/{first.id}/read").status_code == 302
    text = client.get("/zy/inbox/notifications/?show=unread").get_data(as_text=True)
    assert bell(text) == 1 and "第一条通知" not in text and "第二条通知" in text
    assert client.post("/zy/inbox/notifications/read-all").status_code == 302
    text = client.get("/zy/inbox/notifications/").get_data(as_text=True)
    assert bell(text) == 0 and "dj-unread" not in text
    assert "全部标为已读" not in text  # nothing left to mark
    assert (
        db.session.scalar(select(func.count(Notification.id)).where(Notification.read_at.is_(None))) == 1
    )  # the other's


def test_another_users_notification_is_not_found(client, world, login_as):
    theirs = tell(world.juvenile_editor, world.zy)
    login_as(world.member_user)
    assert client.get(f"/zy/inbox/notifications/{theirs.id}/open").status_code == 404
    assert client.post(f"/zy/inbox/notifications/{theirs.id}/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None
    login_as(world.wf_admin)
    assert client.get("/zy/inbox/notifications/").status_code == 403


def test_opening_marks_read_and_goes_only_to_local_paths(client, world, login_as):
    local = tell(world.member_user, world.zy, url="/zy/manage/org/?x=1")
    login_as(world.member_user)
    page = client.get(f"/zy/inbox/notifications/{local.id}/open")
    assert page.status_code == 302 and page.headers["Location"] == "/zy/manage/org/?x=1"
    db.session.expire_all()
    assert db.session.get(Notification, local.id).read_at is not None
    for url in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "/zy/\r\nSet-Cookie: a",
    ):
        bad = tell(world.member_user, world.zy, url=url)
        page = client.get(f"/zy/inbox/notifications/{bad.id}/open")
        assert page.status_code == 302 and page.headers["Location"] == "/zy/inbox/notifications/", url
    assert "不是本平台的地址" in client.get("/zy/inbox/notifications/").get_data(as_text=True)


def test_notifications_are_paginated(client, world, login_as):
    notify([world.member_user] * 1, court=world.zy, kind="x.y", title="单条")
    for number in range(24):
        notify([world.member_user], court=world.zy, kind="x.y", title=f"通知{number:02d}")
    db.session.commit()
    login_as(world.member_user)
    first = client.get("/zy/inbox/notifications/").get_data(as_text=True)
    second = client.get("/zy/inbox/notifications/?page=2").get_data(as_text=True)
    assert "共 25 条" in first and "通知23" in first and "单条" not in first
    assert "单条" in second and "通知23" not in second
    assert client.get("/zy/inbox/notifications/?page=abc").status_code == 404


def test_empty_notifications_say_what_comes_here(client, world, login_as):
    login_as(world.member_user)
    text = client.get("/zy/inbox/notifications/").get_data(as_text=True)
    assert "还没有通知" in text and "通知设置" in text


def test_settings_save_and_validate(client, world, login_as):
    login_as(world.member_user)
    page = client.get("/zy/inbox/settings")
    assert page.status_code == 200 and "尚未配置邮件服务器" in page.get_data(as_text=True)
    bad = client.post("/zy/inbox/settings", data={"email": "不是邮箱", "notify_email": "daily"})
    assert bad.status_code == 400 and "请填写有效的电子邮箱地址" in bad.get_data(as_text=True)
    missing = client.post("/zy/inbox/settings", data={"email": "", "notify_email": "immediate"})
    assert missing.status_code == 400 and "请先填写电子邮箱地址" in missing.get_data(as_text=True)
    odd = client.post("/zy/inbox/settings", data={"email": "a@b.cn", "notify_email": "hourly"})
    assert odd.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, world.member_user.id).notify_email == "none"
    good = client.post("/zy/inbox/settings", data={"email": " lin@fy.ay ", "notify_email": "daily"})
    assert good.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, world.member_user.id)
    assert (user.email, user.notify_email) == ("lin@fy.ay", "daily")


def test_purge_deletes_only_old_notifications(app, runner, world):
    old = tell(world.member_user, world.zy, "旧通知")
    tell(world.member_user, world.zy, "新通知")
    old.created_at = utcnow() - timedelta(days=200)
    db.session.commit()
    result = runner.invoke(args=["notifications", "purge", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"deleted": 1, "keep_days": 180}
    assert db.session.scalars(select(Notification.title)).all() == ["新通知"]
    result = runner.invoke(args=["notifications", "purge", "--days", "1"])
    assert result.exit_code == 0 and "已删除 0 条超过 1 天的通知" in result.output
    assert runner.invoke(args=["notifications", "purge", "--days", "0"]).exit_code != 0


def test_digest_without_mail_server_does_nothing(runner, world):
    tell(world.member_user, world.zy)
    result = runner.invoke(args=["notifications", "send-digest"])
    assert result.exit_code == 0 and "未配置邮件服务器" in result.output
    result = runner.invoke(args=["notifications", "send-digest", "--json"])
    assert json.loads(result.output)["mail"] is False
